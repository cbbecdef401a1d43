package declarations

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/audit"
	"maillage/app/errs"
	"maillage/tenants"
)

// Create saves a new draft declaration (validated, not overlapping another) as version 1.
func (s *Store) Create(ctx context.Context, tenantID uuid.UUID, d Declaration) (Declaration, error) {
	d.ID, d.Version, d.Status = uuid.NewString(), 1, Draft
	d.ResolutionNumber, d.ResolutionDate = "", time.Time{}
	normalise(&d)
	if err := Validate(d); err != nil {
		return Declaration{}, err
	}
	err := tenants.Tx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		others, err := load(tx, tenantID, "")
		if err != nil {
			return err
		}
		if err := CheckOverlap(d, others); err != nil {
			return err
		}
		if err := s.write(ctx, tx, tenantID, d, true); err != nil {
			return err
		}
		return auditDecl(ctx, tx, tenantID, "declaration.create", d.ID, nil, d)
	})
	if err != nil {
		return Declaration{}, fmt.Errorf("create declaration: %w", err)
	}
	return d, nil
}

// Update applies an edit: a draft is replaced; an adopted declaration becomes a new version and its
// target changes are kept in the target history. Commitment status and evidence are kept from the
// edit (see SetCommitment for progress updates that are not a change of the promise).
func (s *Store) Update(ctx context.Context, tenantID uuid.UUID, id string, edit Declaration) (Declaration, error) {
	uid, err := parseID(id)
	if err != nil {
		return Declaration{}, err
	}
	var out Declaration
	err = tenants.Tx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		all, err := load(tx, tenantID, "")
		if err != nil {
			return err
		}
		prev, ok := find(all, uid.String())
		if !ok {
			return notFound
		}
		edit.Status, edit.ResolutionNumber, edit.ResolutionDate = prev.Status, prev.ResolutionNumber, prev.ResolutionDate
		normalise(&edit)
		next, changes, err := Revise(prev, edit, s.now())
		if err != nil {
			return err
		}
		if err := CheckOverlap(next, all); err != nil {
			return err
		}
		if err := s.write(ctx, tx, tenantID, next, false); err != nil {
			return err
		}
		for _, c := range changes {
			if err := tx.Exec(`INSERT INTO declaration_target_history (tenant_id, declaration_id, key, version, kind, old_value, new_value, changed_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, tenantID, uid, c.Key, c.Version, string(c.Kind),
				nullUnless(!c.Added, c.Old), nullUnless(!c.Removed, c.New), c.At).Error; err != nil {
				return fmt.Errorf("target history: %w", err)
			}
		}
		out = next
		return auditDecl(ctx, tx, tenantID, "declaration.update", next.ID, prev, next)
	})
	if err != nil {
		return Declaration{}, fmt.Errorf("update declaration %s: %w", id, err)
	}
	return out, nil
}

// Adopt records the council resolution that adopts a draft.
func (s *Store) Adopt(ctx context.Context, tenantID uuid.UUID, id, number string, date time.Time) (Declaration, error) {
	uid, err := parseID(id)
	if err != nil {
		return Declaration{}, err
	}
	var out Declaration
	err = tenants.Tx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		d, err := loadOne(tx, tenantID, uid)
		if err != nil {
			return err
		}
		next, err := Adopt(d, number, date)
		if err != nil {
			return err
		}
		if err := tx.Exec(`UPDATE declarations SET status = 'adopted', resolution_number = ?, resolution_date = ?, updated_at = now()
			WHERE tenant_id = ? AND id = ?`, next.ResolutionNumber, next.ResolutionDate, tenantID, uid).Error; err != nil {
			return fmt.Errorf("adopt: %w", err)
		}
		if err := s.snapshot(ctx, tx, tenantID, next, true); err != nil {
			return err
		}
		out = next
		return auditDecl(ctx, tx, tenantID, "declaration.adopt", next.ID, d, next)
	})
	if err != nil {
		return Declaration{}, fmt.Errorf("adopt declaration %s: %w", id, err)
	}
	return out, nil
}

// SetCommitment updates a qualitative commitment's status and evidence (progress, not a change of
// the promise: no new version, but audited).
func (s *Store) SetCommitment(ctx context.Context, tenantID uuid.UUID, id, key string, status CommitmentStatus, evidence string) (Commitment, error) {
	uid, err := parseID(id)
	if err != nil {
		return Commitment{}, err
	}
	v := errs.Validation{Key: "declarations.invalid"}
	if !containsStatus(status) {
		v.Add("status", "declarations.commitment_status_unknown", nil)
	}
	if len(evidence) > 4000 {
		v.Add("evidence", "declarations.evidence_too_long", map[string]any{"Max": 4000})
	}
	if err := v.Err(); err != nil {
		return Commitment{}, err
	}
	var out Commitment
	err = tenants.Tx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		d, err := loadOne(tx, tenantID, uid)
		if err != nil {
			return err
		}
		for _, c := range d.Commitments {
			if c.Key != key {
				continue
			}
			out = c
			out.Status, out.Evidence, out.UpdatedAt = status, evidence, s.now()
			if err := tx.Exec(`UPDATE declaration_commitments SET status = ?, evidence = ?, updated_at = ?
				WHERE tenant_id = ? AND declaration_id = ? AND key = ?`, string(status), evidence, out.UpdatedAt, tenantID, uid, key).Error; err != nil {
				return fmt.Errorf("commitment: %w", err)
			}
			return auditDecl(ctx, tx, tenantID, "declaration.commitment", id+"/"+key, c, out)
		}
		return errs.E(errs.NotFound, "declarations.commitment_not_found")
	})
	return out, err
}

// Delete removes a draft; an adopted declaration is a council decision and stays.
func (s *Store) Delete(ctx context.Context, tenantID uuid.UUID, id string) error {
	uid, err := parseID(id)
	if err != nil {
		return err
	}
	return tenants.Tx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		d, err := loadOne(tx, tenantID, uid)
		if err != nil {
			return err
		}
		if d.Status == Adopted {
			return errs.E(errs.Conflict, "declarations.adopted_cannot_delete")
		}
		if err := tx.Exec(`DELETE FROM declarations WHERE tenant_id = ? AND id = ?`, tenantID, uid).Error; err != nil {
			return fmt.Errorf("delete declaration: %w", err)
		}
		return auditDecl(ctx, tx, tenantID, "declaration.delete", id, d, nil)
	})
}

// write inserts (create) or replaces a declaration's row, targets and commitments, and stores the
// version snapshot of an adopted declaration.
func (s *Store) write(ctx context.Context, tx *gorm.DB, tenantID uuid.UUID, d Declaration, create bool) error {
	elig, err := json.Marshal(d.Eligibility)
	if err != nil {
		return err
	}
	var resDate any
	if !d.ResolutionDate.IsZero() {
		resDate = d.ResolutionDate
	}
	if create {
		err = tx.Exec(`INSERT INTO declarations (tenant_id, id, version, status, resolution_number, resolution_date,
			period_start, period_end, text_fr, text_en, eligibility) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)`,
			tenantID, d.ID, d.Version, string(d.Status), d.ResolutionNumber, resDate, d.PeriodStart, d.PeriodEnd,
			d.TextFR, d.TextEN, string(elig)).Error
	} else {
		err = tx.Exec(`UPDATE declarations SET version = ?, period_start = ?, period_end = ?, text_fr = ?, text_en = ?,
			eligibility = ?::jsonb, updated_at = now() WHERE tenant_id = ? AND id = ?`,
			d.Version, d.PeriodStart, d.PeriodEnd, d.TextFR, d.TextEN, string(elig), tenantID, d.ID).Error
	}
	if isExclusion(err) {
		return overlapError(err)
	}
	if err != nil {
		return fmt.Errorf("write declaration: %w", err)
	}
	if err := tx.Exec(`DELETE FROM declaration_targets WHERE tenant_id = ? AND declaration_id = ?`, tenantID, d.ID).Error; err != nil {
		return err
	}
	for i, t := range d.Targets {
		if err := tx.Exec(`INSERT INTO declaration_targets (tenant_id, declaration_id, key, position, kind, value, segment, territory_level, territory_code)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, tenantID, d.ID, t.Key, i, string(t.Kind), t.Value, t.Segment,
			t.Territory.Level, t.Territory.Code).Error; err != nil {
			return fmt.Errorf("write target %s: %w", t.Key, err)
		}
	}
	if err := tx.Exec(`DELETE FROM declaration_commitments WHERE tenant_id = ? AND declaration_id = ?`, tenantID, d.ID).Error; err != nil {
		return err
	}
	for i, c := range d.Commitments {
		if c.UpdatedAt.IsZero() {
			c.UpdatedAt = s.now()
		}
		if err := tx.Exec(`INSERT INTO declaration_commitments (tenant_id, declaration_id, key, position, text_fr, text_en, status, evidence, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, tenantID, d.ID, c.Key, i, c.TextFR, c.TextEN, string(c.Status), c.Evidence, c.UpdatedAt).Error; err != nil {
			return fmt.Errorf("write commitment %s: %w", c.Key, err)
		}
	}
	return s.snapshot(ctx, tx, tenantID, d, false)
}

// snapshot appends the declaration as it stands to declaration_versions (append-only for the app).
// A draft keeps no snapshot: nothing was promised yet; adoption writes version 1.
func (s *Store) snapshot(ctx context.Context, tx *gorm.DB, tenantID uuid.UUID, d Declaration, adopting bool) error {
	if d.Status != Adopted && !adopting {
		return nil
	}
	b, err := json.Marshal(d)
	if err != nil {
		return err
	}
	var by any
	if a := audit.ActorFrom(ctx).UserID; a != nil {
		by = *a
	}
	return tx.Exec(`INSERT INTO declaration_versions (tenant_id, declaration_id, version, snapshot, changed_at, changed_by)
		VALUES (?, ?, ?, ?::jsonb, ?, ?)`, tenantID, d.ID, d.Version, string(b), s.now(), by).Error
}

func find(ds []Declaration, id string) (Declaration, bool) {
	for _, d := range ds {
		if d.ID == id {
			return d, true
		}
	}
	return Declaration{}, false
}

func nullUnless(ok bool, v int64) any {
	if !ok {
		return nil
	}
	return v
}

func containsStatus(s CommitmentStatus) bool {
	for _, c := range CommitmentStatuses {
		if c == s {
			return true
		}
	}
	return false
}

// normalise puts dates at UTC midnight and fills missing keys so forms need not invent them.
func normalise(d *Declaration) {
	d.PeriodStart, d.PeriodEnd = dayOrZero(d.PeriodStart), dayOrZero(d.PeriodEnd)
	for i := range d.Targets {
		if d.Targets[i].Key == "" {
			d.Targets[i].Key = "t" + uuid.NewString()[:8]
		}
	}
	for i := range d.Commitments {
		if d.Commitments[i].Key == "" {
			d.Commitments[i].Key = "c" + uuid.NewString()[:8]
		}
		if d.Commitments[i].Status == "" {
			d.Commitments[i].Status = Planned
		}
	}
	if d.Eligibility.Rule == "" {
		d.Eligibility.Rule = BelowThreshold
	}
}

func dayOrZero(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return Day(t)
}
