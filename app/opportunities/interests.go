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

// Target is the opportunity an interest is about, as the flow needs it: its body and the buyer who
// published it (the contact log credits that buyer).
type Target struct {
	TenantID  uuid.UUID
	ID        uuid.UUID
	Title     string
	CreatedBy uuid.UUID
	// InvitationID is set when the viewer holds an invitation link (no account).
	InvitationID *uuid.UUID
	InviteeName  string
}

// InterestTarget checks that the viewer may see the body's opportunity and says whose it is. A SEAO
// notice or an opportunity the viewer cannot see is NotFound.
func (s *Service) InterestTarget(ctx context.Context, v Viewer, id uuid.UUID) (Target, error) {
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

// SetInterestTx records (or changes) the viewer's interest in the target, inside the target's tenant
// transaction opened by the flow. It returns the interest and the enterprise's name (for the contact
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
