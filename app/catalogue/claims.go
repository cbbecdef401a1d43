package catalogue

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/errs"
	"maillage/app/quebec"
)

// Claim is an enterprise user's request to be recognised as the holder of an entry.
type Claim struct {
	ID        string    `json:"id"`
	EntryID   string    `json:"entry_id"`
	UserID    string    `json:"user_id"`
	NEQ       string    `json:"neq,omitempty"`
	Message   string    `json:"message,omitempty"`
	Status    string    `json:"status"` // pending, approved, refused
	Reason    string    `json:"reason,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

// Claim records a claim. An entry with a NEQ can only be claimed with that NEQ; a claim is
// then decided by a steward (ApproveClaim), or at once when verifiedNEQ — the NEQ of the
// user's approved enterprise profile, checked by the caller — is the entry's.
func (s *Service) Claim(ctx context.Context, userID, entryID, neq, message, verifiedNEQ string) (Claim, error) {
	neq = quebec.NormalizeNEQ(neq)
	if neq != "" && !quebec.ValidNEQ(neq) {
		return Claim{}, (&errs.Validation{Key: "catalogue.invalid"}).ErrWith("neq", "catalogue.import.bad_neq", map[string]any{"Value": neq})
	}
	if len(message) > 2000 {
		return Claim{}, (&errs.Validation{Key: "catalogue.invalid"}).ErrWith("message", "catalogue.claim.too_long", nil)
	}
	var out Claim
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		e, err := getTx(ctx, tx, entryID)
		if err != nil {
			return err
		}
		if e.Status == StatusRetired {
			return errs.E(errs.Conflict, "catalogue.retired_badge")
		}
		if e.ClaimedBy != "" {
			return errs.E(errs.Conflict, "catalogue.claim.already")
		}
		// An entry with a NEQ is claimed with that NEQ: a missing or other number is the person's to correct.
		if e.NEQ != "" && neq == "" {
			return (&errs.Validation{Key: "catalogue.claim.not_sent"}).ErrWith("neq", "catalogue.claim.neq_required", nil)
		}
		if e.NEQ != "" && neq != e.NEQ {
			return (&errs.Validation{Key: "catalogue.claim.not_sent"}).ErrWith("neq", "catalogue.claim.neq_mismatch", nil)
		}
		out = Claim{ID: uuid.NewString(), EntryID: e.ID, UserID: userID, NEQ: neq, Message: message, Status: "pending", CreatedAt: s.now().UTC()}
		auto := e.NEQ != "" && verifiedNEQ == e.NEQ
		if auto {
			out.Status, out.Reason = "approved", "neq_profile"
		}
		err = tx.Exec(`INSERT INTO catalogue_claims (id, entry_id, user_id, neq, message, status, reason, created_at, decided_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, CASE WHEN ? THEN now() END)`,
			out.ID, out.EntryID, userID, ptr(neq), message, out.Status, out.Reason, out.CreatedAt, auto).Error
		if err != nil {
			return mapClaimError(err)
		}
		if auto {
			return s.setClaimedTx(ctx, tx, e, userID)
		}
		return platformAudit(ctx, tx, "catalogue_entry.claim", e.ID, nil, out)
	})
	if err != nil {
		return Claim{}, fmt.Errorf("claim catalogue entry %s: %w", entryID, err)
	}
	return out, nil
}

func mapClaimError(err error) error {
	if e := mapWriteError(err); e != err {
		return e
	}
	if pgCode(err) == "23505" {
		return errs.E(errs.Conflict, "catalogue.claim.pending")
	}
	return err
}

func (s *Service) setClaimedTx(ctx context.Context, tx *gorm.DB, e Entry, userID string) error {
	after := e
	after.ClaimedBy = userID
	_, err := updateTx(ctx, tx, e, after, "claim", s.now())
	return err
}

// DecideClaim approves or refuses a pending claim.
func (s *Service) DecideClaim(ctx context.Context, st Steward, claimID string, approve bool, reason string) (Claim, error) {
	var c Claim
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Raw(`SELECT id, entry_id, user_id, coalesce(neq, '') AS neq, message, status, reason, created_at FROM catalogue_claims
			WHERE id = ? AND status = 'pending' FOR UPDATE`, claimID).Scan(&c)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return errs.E(errs.NotFound, "catalogue.claim.not_found")
		}
		e, err := getTx(ctx, tx, c.EntryID)
		if err != nil {
			return err
		}
		if !st.Covers(e.Address.RegionCode) {
			return errs.E(errs.Forbidden, "catalogue.steward.region_forbidden")
		}
		c.Status, c.Reason = "refused", reason
		if approve {
			c.Status = "approved"
			if e.ClaimedBy != "" {
				return errs.E(errs.Conflict, "catalogue.claim.already")
			}
			if err := s.setClaimedTx(ctx, tx, e, c.UserID); err != nil {
				return err
			}
		}
		if err := tx.Exec(`UPDATE catalogue_claims SET status = ?, reason = ?, decided_by = ?, decided_at = now() WHERE id = ?`,
			c.Status, reason, nullUUID(st.UserID), c.ID).Error; err != nil {
			return err
		}
		return platformAudit(ctx, tx, "catalogue_entry.claim_"+c.Status, e.ID, nil, c)
	})
	if err != nil {
		return Claim{}, fmt.Errorf("decide claim %s: %w", claimID, err)
	}
	return c, nil
}

// Proposal is a change an enterprise proposes to its claimed entry.
type Proposal struct {
	ID          string    `json:"id"`
	EntryID     string    `json:"entry_id"`
	UserID      string    `json:"user_id"`
	BaseVersion int       `json:"base_version"`
	Proposed    Entry     `json:"proposed"`
	Changes     []Change  `json:"changes"`
	Status      string    `json:"status"`
	Reason      string    `json:"reason,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
}

// proposable are the fields an enterprise may propose to change (not its EES evidence or
// legal identity, which a steward verifies).
var proposable = []Field{FieldOtherNames, FieldStreet, FieldMunicipality, FieldPostalCode, FieldRegionsServed, FieldSectors,
	FieldUNSPSC, FieldProducts, FieldDescription, FieldWebsite, FieldEmail, FieldPhone}

// Propose records changes proposed by the user who holds the entry's approved claim.
func (s *Service) Propose(ctx context.Context, userID, entryID string, proposed Entry) (Proposal, error) {
	var p Proposal
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		e, err := getTx(ctx, tx, entryID)
		if err != nil {
			return err
		}
		if e.ClaimedBy != userID {
			return errs.E(errs.Forbidden, "catalogue.proposal.not_claimed")
		}
		after := Apply(e, proposed, proposable)
		if after, err = s.check(ctx, Steward{}, after); err != nil {
			return err
		}
		changes := DiffFields(e, after, proposable)
		if len(changes) == 0 {
			return errs.E(errs.Invalid, "catalogue.sync.none")
		}
		p = Proposal{ID: uuid.NewString(), EntryID: e.ID, UserID: userID, BaseVersion: e.Version, Proposed: after, Changes: changes,
			Status: "pending", CreatedAt: s.now().UTC()}
		pj, _ := json.Marshal(after)
		cj, _ := json.Marshal(changes)
		if err := tx.Exec(`INSERT INTO catalogue_proposals (id, entry_id, user_id, base_version, proposed, changes, created_at)
			VALUES (?, ?, ?, ?, ?::jsonb, ?::jsonb, ?)`, p.ID, p.EntryID, userID, p.BaseVersion, string(pj), string(cj), p.CreatedAt).Error; err != nil {
			return err
		}
		return platformAudit(ctx, tx, "catalogue_entry.propose", e.ID, nil, p)
	})
	if err != nil {
		return Proposal{}, fmt.Errorf("propose changes to %s: %w", entryID, err)
	}
	return p, nil
}

// DecideProposal approves (applies) or refuses a pending proposal. A proposal made on an
// older version than the entry's is refused with Conflict: the enterprise proposes again.
func (s *Service) DecideProposal(ctx context.Context, st Steward, proposalID string, approve bool, reason string) (Proposal, error) {
	var p Proposal
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var row struct {
			ID, EntryID, UserID string
			BaseVersion         int
			Proposed, Changes   []byte
		}
		res := tx.Raw(`SELECT id, entry_id, user_id, base_version, proposed, changes FROM catalogue_proposals WHERE id = ? AND status = 'pending' FOR UPDATE`, proposalID).Scan(&row)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return errs.E(errs.NotFound, "catalogue.proposal.not_found")
		}
		p = Proposal{ID: row.ID, EntryID: row.EntryID, UserID: row.UserID, BaseVersion: row.BaseVersion, Status: "refused", Reason: reason}
		if err := json.Unmarshal(row.Proposed, &p.Proposed); err != nil {
			return err
		}
		if err := json.Unmarshal(row.Changes, &p.Changes); err != nil {
			return err
		}
		e, err := getTx(ctx, tx, p.EntryID)
		if err != nil {
			return err
		}
		if !st.Covers(e.Address.RegionCode) {
			return errs.E(errs.Forbidden, "catalogue.steward.region_forbidden")
		}
		if approve {
			if e.Version != p.BaseVersion {
				return errs.E(errs.Conflict, "catalogue.stale")
			}
			after := Apply(e, p.Proposed, proposable)
			if after, err = s.check(ctx, st, after); err != nil {
				return err
			}
			after.LastVerified = s.today()
			if _, err := updateTx(ctx, tx, e, after, "proposal", s.now()); err != nil {
				return err
			}
			p.Status = "approved"
		}
		return tx.Exec(`UPDATE catalogue_proposals SET status = ?, reason = ?, decided_by = ?, decided_at = now() WHERE id = ?`,
			p.Status, reason, nullUUID(st.UserID), p.ID).Error
	})
	if err != nil {
		return Proposal{}, fmt.Errorf("decide proposal %s: %w", proposalID, err)
	}
	return p, nil
}
