package opportunities

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/audit"
	"maillage/app/errs"
	"maillage/tenants"
)

// Interest is an enterprise's answer to an opportunity: interested, or not for us (with a reason). It
// never filters who may bid: it tells the buyer who intends to.
type Interest struct {
	ID           uuid.UUID  `json:"id"`
	EnterpriseID *uuid.UUID `json:"enterprise_id,omitempty"`
	Name         string     `json:"name"`
	Decision     string     `json:"decision"` // interested, declined
	Reason       string     `json:"reason"`
	UpdatedAt    time.Time  `json:"updated_at"`
}

// InterestInput is what the enterprise says.
type InterestInput struct {
	Decision string `json:"decision"`
	Reason   string `json:"reason"`
}

// Target is the item an interest is about, as the flow needs it: a body's opportunity with its body
// and the buyer who published it (the contact log credits that buyer), or a SEAO notice with the body on
// Maillage that is its buyer, when there is one.
type Target struct {
	TenantID  uuid.UUID // the body; for a notice, uuid.Nil when its buyer is not on Maillage
	ID        uuid.UUID
	Title     string
	CreatedBy uuid.UUID
	Notice    bool // a SEAO notice, not a body's opportunity
	// InvitationID is set when the viewer holds an invitation link (no account).
	InvitationID *uuid.UUID
	InviteeName  string
}

// InterestTarget checks that the viewer may see the item (a body's opportunity, or a SEAO notice: public)
// and says whose it is. An opportunity the viewer cannot see is NotFound; only an enterprise (its
// account) answers a notice.
func (s *Service) InterestTarget(ctx context.Context, v Viewer, id uuid.UUID) (Target, error) {
	var notices []struct {
		Title  string
		BodyID *uuid.UUID
	}
	if err := s.db.WithContext(ctx).Raw(`SELECT title, body_id FROM seao_notices WHERE id = ?`, id).Scan(&notices).Error; err != nil {
		return Target{}, fmt.Errorf("interest target: %w", err)
	}
	if len(notices) > 0 {
		if v.EnterpriseID == uuid.Nil {
			return Target{}, errs.E(errs.Forbidden, "opportunities.err.interest_needs_enterprise")
		}
		t := Target{ID: id, Title: notices[0].Title, Notice: true}
		if notices[0].BodyID != nil {
			t.TenantID = *notices[0].BodyID
		}
		return t, nil
	}
	var rows []struct {
		TenantID  uuid.UUID
		Title     string
		CreatedBy *uuid.UUID
		Status    string
	}
	var inv []struct {
		ID   uuid.UUID
		Name string
	}
	err := s.readAs(ctx, v, func(tx *gorm.DB) error {
		if err := tx.Raw(`SELECT tenant_id, title, created_by, status FROM opportunities WHERE id = ? AND status <> 'draft'`, id).
			Scan(&rows).Error; err != nil {
			return err
		}
		if v.InviteToken == "" || len(rows) == 0 {
			return nil
		}
		return tx.Raw(`SELECT id, name FROM opportunity_invitations WHERE tenant_id = ? AND opportunity_id = ? AND token_hash = ?`,
			rows[0].TenantID, id, hashToken(v.InviteToken)).Scan(&inv).Error
	})
	if err != nil {
		return Target{}, fmt.Errorf("interest target: %w", err)
	}
	if len(rows) == 0 {
		return Target{}, errs.E(errs.NotFound, "opportunities.err.not_found")
	}
	t := Target{TenantID: rows[0].TenantID, ID: id, Title: rows[0].Title}
	if rows[0].CreatedBy != nil {
		t.CreatedBy = *rows[0].CreatedBy
	}
	if len(inv) > 0 {
		t.InvitationID, t.InviteeName = &inv[0].ID, inv[0].Name
	} else if v.EnterpriseID == uuid.Nil {
		return Target{}, errs.E(errs.Forbidden, "opportunities.err.interest_needs_enterprise")
	}
	return t, nil
}

// SetInterestTx records (or changes) the viewer's interest in the target, inside the transaction opened
// by the flow (the target's tenant transaction, or a plain one for a notice whose buyer is not on
// Maillage). It returns the interest and the enterprise's name (for the contact
// log).
func SetInterestTx(ctx context.Context, tx *gorm.DB, t Target, v Viewer, in InterestInput) (Interest, error) {
	in.Reason = strings.TrimSpace(in.Reason)
	var val errs.Validation
	val.Key = "opportunities.err.interest_invalid"
	if in.Decision != "interested" && in.Decision != "declined" {
		val.Add("decision", "opportunities.err.decision", map[string]any{"Value": in.Decision})
	}
	if in.Decision == "declined" && in.Reason == "" {
		val.Add("reason", "opportunities.err.reason_required", nil)
	}
	if len([]rune(in.Reason)) > 2000 {
		val.Add("reason", "opportunities.err.reason_long", nil)
	}
	if err := val.Err(); err != nil {
		return Interest{}, err
	}
	if t.Notice {
		return setNoticeInterestTx(ctx, tx, t, v, in)
	}
	name := t.InviteeName
	var ent any
	if t.InvitationID == nil {
		if err := tx.Raw(`SELECT coalesce(nullif(profile->>'legal_name', ''), nullif(profile->>'name', ''), neq) FROM enterprises WHERE id = ?`,
			v.EnterpriseID).Scan(&name).Error; err != nil {
			return Interest{}, fmt.Errorf("interest enterprise: %w", err)
		}
		ent = v.EnterpriseID
	}
	var user any
	if v.UserID != uuid.Nil {
		user = v.UserID
	}
	conflict := `(tenant_id, opportunity_id, enterprise_id) WHERE enterprise_id IS NOT NULL`
	if t.InvitationID != nil {
		conflict = `(tenant_id, opportunity_id, invitation_id) WHERE enterprise_id IS NULL`
	}
	var out Interest
	if err := tx.Raw(`INSERT INTO opportunity_interests (tenant_id, opportunity_id, enterprise_id, invitation_id, user_id, name, decision, reason)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT `+conflict+` DO UPDATE SET decision = EXCLUDED.decision, reason = EXCLUDED.reason,
			user_id = EXCLUDED.user_id, updated_at = now()
		RETURNING id, enterprise_id, name, decision, reason, updated_at`,
		t.TenantID, t.ID, ent, t.InvitationID, user, name, in.Decision, in.Reason).Scan(&out).Error; err != nil {
		return Interest{}, fmt.Errorf("interest: %w", err)
	}
	if err := audit.Tenant(ctx, tx, t.TenantID, audit.Entry{Action: "opportunity.interest", ObjectType: "opportunity",
		ObjectID: t.ID.String(), After: out}); err != nil {
		return Interest{}, err
	}
	return out, nil
}

// OpenInvitation records the first time an invitation link is followed (the buyer sees who opened it).
func (s *Service) OpenInvitation(ctx context.Context, token string) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec(`SELECT set_config('app.invite_token', ?, true)`, hashToken(token)).Error; err != nil {
			return err
		}
		var tenant []uuid.UUID
		if err := tx.Raw(`SELECT tenant_id FROM opportunity_invitations WHERE token_hash = ?`, hashToken(token)).Scan(&tenant).Error; err != nil {
			return err
		}
		if len(tenant) == 0 {
			return errs.E(errs.NotFound, "opportunities.err.not_found")
		}
		if err := tx.Exec(`SELECT set_config('app.tenant_id', ?, true)`, tenant[0].String()).Error; err != nil {
			return err
		}
		return tx.Exec(`UPDATE opportunity_invitations SET opened_at = now() WHERE tenant_id = ? AND token_hash = ? AND opened_at IS NULL`,
			tenant[0], hashToken(token)).Error
	})
}

// InvitationItem returns the opportunity an invitation link opens (NotFound for a wrong token).
func (s *Service) InvitationItem(ctx context.Context, token string) (ItemView, error) {
	var ids []uuid.UUID
	err := s.readAs(ctx, Viewer{InviteToken: token}, func(tx *gorm.DB) error {
		return tx.Raw(`SELECT opportunity_id FROM opportunity_invitations WHERE token_hash = ?`, hashToken(token)).Scan(&ids).Error
	})
	if err != nil {
		return ItemView{}, err
	}
	if len(ids) == 0 {
		return ItemView{}, errs.E(errs.NotFound, "opportunities.err.not_found")
	}
	return s.Item(ctx, Viewer{InviteToken: token}, ids[0])
}

func interests(tx *gorm.DB, tenantID, oppID uuid.UUID) ([]Interest, error) {
	var out []Interest
	if err := tx.Raw(`SELECT id, enterprise_id, name, decision, reason, updated_at FROM opportunity_interests
		WHERE tenant_id = ? AND opportunity_id = ? ORDER BY decision DESC, updated_at`, tenantID, oppID).Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("interests: %w", err)
	}
	return out, nil
}

// setNoticeInterestTx records an enterprise's interest in a SEAO notice. The row is the enterprise's own
// (row-level security: its id is set for the rest of the transaction) and the notice's body on Maillage
// reads it; the audit goes to that body's log, else to the platform's.
func setNoticeInterestTx(ctx context.Context, tx *gorm.DB, t Target, v Viewer, in InterestInput) (Interest, error) {
	if err := asEnterprise(tx, v.EnterpriseID); err != nil {
		return Interest{}, err
	}
	var name string
	if err := tx.Raw(`SELECT coalesce(nullif(profile->>'legal_name', ''), nullif(profile->>'name', ''), neq) FROM enterprises WHERE id = ?`,
		v.EnterpriseID).Scan(&name).Error; err != nil {
		return Interest{}, fmt.Errorf("interest enterprise: %w", err)
	}
	var user any
	if v.UserID != uuid.Nil {
		user = v.UserID
	}
	var out Interest
	if err := tx.Raw(`INSERT INTO notice_interests (notice_id, enterprise_id, user_id, name, decision, reason)
		VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (notice_id, enterprise_id) DO UPDATE SET decision = EXCLUDED.decision, reason = EXCLUDED.reason,
			user_id = EXCLUDED.user_id, name = EXCLUDED.name, updated_at = now()
		RETURNING id, enterprise_id, name, decision, reason, updated_at`,
		t.ID, v.EnterpriseID, user, name, in.Decision, in.Reason).Scan(&out).Error; err != nil {
		return Interest{}, fmt.Errorf("notice interest: %w", err)
	}
	e := audit.Entry{Action: "notice.interest", ObjectType: "seao_notice", ObjectID: t.ID.String(), After: out}
	if t.TenantID != uuid.Nil {
		return out, audit.Tenant(ctx, tx, t.TenantID, e)
	}
	return out, audit.Platform(ctx, tx, e)
}

// MyInterest returns the viewer's own answer to an item (a body's opportunity or a SEAO notice), ok false
// when it gave none. Row-level security shows an enterprise its own answers only.
func (s *Service) MyInterest(ctx context.Context, v Viewer, id uuid.UUID) (Interest, bool, error) {
	if v.EnterpriseID == uuid.Nil && v.InviteToken == "" {
		return Interest{}, false, nil
	}
	var out []Interest
	err := s.readAs(ctx, v, func(tx *gorm.DB) error {
		if v.InviteToken != "" {
			return tx.Raw(`SELECT x.id, x.enterprise_id, x.name, x.decision, x.reason, x.updated_at FROM opportunity_interests x
				JOIN opportunity_invitations i ON i.tenant_id = x.tenant_id AND i.id = x.invitation_id
				WHERE x.opportunity_id = ? AND i.token_hash = ?`, id, hashToken(v.InviteToken)).Scan(&out).Error
		}
		return tx.Raw(`SELECT id, enterprise_id, name, decision, reason, updated_at FROM opportunity_interests
				WHERE opportunity_id = ? AND enterprise_id = ?
			UNION ALL
			SELECT id, enterprise_id, name, decision, reason, updated_at FROM notice_interests
				WHERE notice_id = ? AND enterprise_id = ?`, id, v.EnterpriseID, id, v.EnterpriseID).Scan(&out).Error
	})
	if err != nil {
		return Interest{}, false, fmt.Errorf("my interest: %w", err)
	}
	if len(out) == 0 {
		return Interest{}, false, nil
	}
	return out[0], true, nil
}

// NoticeInterest is an answer to one of a body's SEAO notices, as its buyers see it.
type NoticeInterest struct {
	Interest
	NoticeID uuid.UUID `json:"notice_id"`
}

// BodyNotice is a SEAO notice whose buyer is the body, with the enterprises' answers.
type BodyNotice struct {
	ID         uuid.UUID  `json:"id"`
	Title      string     `json:"title"`
	SEAONumber string     `json:"seao_number"`
	Status     string     `json:"status"`
	ClosesAt   *time.Time `json:"closes_at"`
	URL        string     `json:"url"`
	Interests  []Interest `json:"interests" gorm:"-"`
}

// BodyNotices lists the SEAO notices whose buyer is the body (newest closing first, at most limit), each
// with the answers of the enterprises: what the body's buyers see of interest in their public calls. The
// answers are read in the body's tenant transaction, where row-level security shows those of its own
// notices only.
func (s *Service) BodyNotices(ctx context.Context, tenantID uuid.UUID, only uuid.UUID, limit int) ([]BodyNotice, error) {
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	var out []BodyNotice
	err := tenants.ReadTx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		var oneNotice any
		if only != uuid.Nil {
			oneNotice = only
		}
		if err := tx.Raw(`SELECT id, title, seao_number, status, tender_end AS closes_at, url FROM seao_notices
			WHERE body_id = ? AND (?::uuid IS NULL OR id = ?::uuid)
			ORDER BY tender_end DESC NULLS LAST, id LIMIT ?`, tenantID, oneNotice, oneNotice, limit).Scan(&out).Error; err != nil {
			return fmt.Errorf("body notices: %w", err)
		}
		if len(out) == 0 {
			return nil
		}
		ids := make([]uuid.UUID, len(out))
		at := make(map[uuid.UUID]int, len(out))
		for i, n := range out {
			ids[i], at[n.ID] = n.ID, i
			out[i].Interests = []Interest{}
		}
		var rows []NoticeInterest
		if err := tx.Raw(`SELECT notice_id, id, enterprise_id, name, decision, reason, updated_at FROM notice_interests
			WHERE notice_id IN ? ORDER BY decision DESC, updated_at`, ids).Scan(&rows).Error; err != nil {
			return fmt.Errorf("notice interests: %w", err)
		}
		for _, r := range rows {
			i := at[r.NoticeID]
			out[i].Interests = append(out[i].Interests, r.Interest)
		}
		return nil
	})
	return out, err
}
