package rules

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

// ConcentrationSetting is the tenant's concentration alert setting, kept with each policy version.
type ConcentrationSetting struct {
	Limit Percent `json:"limit"`
	Level int     `json:"level"`
}

// PolicyVersion is a stored policy version with its concentration setting.
type PolicyVersion struct {
	Policy
	Concentration ConcentrationSetting `json:"concentration"`
}

type policyRow struct {
	ID                   uuid.UUID
	LawFamily            string
	ValidFrom            time.Time
	ValidTo              *time.Time
	ResolutionNumber     string
	ResolutionDate       time.Time
	GreAGreCeilingCents  int64
	CategoryCeilings     string
	RotationMonths       int
	LocalScope           string
	LocalCodes           string
	LocalMechanism       string
	LocalPremiumBp       int64
	EesPreference        bool
	RequiredDocs         string
	ConcentrationLimitBp int64
	ConcentrationLevel   int
	SplitWindowMonths    int
	Body                 string
}

const policyColumns = `id, law_family, valid_from, valid_to, resolution_number, resolution_date, gre_a_gre_ceiling_cents,
	category_ceilings::text AS category_ceilings, rotation_months, local_scope, array_to_json(local_codes)::text AS local_codes,
	local_mechanism, local_premium_bp, ees_preference, required_docs::text AS required_docs, concentration_limit_bp, concentration_level,
	split_window_months, body`

func (r policyRow) version() (PolicyVersion, error) {
	p := Policy{VersionID: r.ID.String(), LawFamily: LawFamily(r.LawFamily), From: Truncate(r.ValidFrom),
		ResolutionNumber: r.ResolutionNumber, ResolutionDate: Truncate(r.ResolutionDate), GreAGreCeiling: Cents(r.GreAGreCeilingCents),
		RotationMonths: r.RotationMonths, LocalScope: TerritoryScope(r.LocalScope), LocalMechanism: Mechanism(r.LocalMechanism),
		LocalPremium: Percent(r.LocalPremiumBp), EESPreference: r.EesPreference, SplitWindowMonths: r.SplitWindowMonths, Body: Body(r.Body)}
	if r.ValidTo != nil {
		p.To = Truncate(*r.ValidTo)
	}
	for field, dst := range map[string]any{r.CategoryCeilings: &p.CategoryCeilings, r.LocalCodes: &p.LocalCodes, r.RequiredDocs: &p.RequiredDocs} {
		if err := json.Unmarshal([]byte(field), dst); err != nil {
			return PolicyVersion{}, fmt.Errorf("decode policy %s: %w", r.ID, err)
		}
	}
	return PolicyVersion{Policy: p, Concentration: ConcentrationSetting{Limit: Percent(r.ConcentrationLimitBp), Level: r.ConcentrationLevel}}, nil
}

func scanPolicies(tx *gorm.DB, tenantID uuid.UUID, where string, args ...any) ([]PolicyVersion, error) {
	var rows []policyRow
	q := `SELECT ` + policyColumns + ` FROM policy_versions WHERE tenant_id = ? ` + where + ` ORDER BY valid_from DESC`
	if err := tx.Raw(q, append([]any{tenantID}, args...)...).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("load policy versions: %w", err)
	}
	out := make([]PolicyVersion, 0, len(rows))
	for _, r := range rows {
		v, err := r.version()
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// Policies lists the tenant's policy versions, latest first.
func (s *Store) Policies(ctx context.Context, tenantID uuid.UUID) ([]PolicyVersion, error) {
	var out []PolicyVersion
	err := tenants.ReadTx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		var err error
		out, err = scanPolicies(tx, tenantID, "")
		return err
	})
	return out, err
}

// PolicyInForce returns the version the body entered that is in force on day d; NotFound when it has none
// for that day (the sign-up's placeholder counts as none).
func (s *Store) PolicyInForce(ctx context.Context, tenantID uuid.UUID, d time.Time) (PolicyVersion, error) {
	var out *PolicyVersion
	err := tenants.ReadTx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		var err error
		out, err = enteredInForce(tx, tenantID, d)
		return err
	})
	if err != nil {
		return PolicyVersion{}, err
	}
	if out == nil {
		return PolicyVersion{}, errs.E(errs.NotFound, "rules.err.no_policy").With(map[string]any{"Date": Truncate(d).Format(time.DateOnly)})
	}
	return *out, nil
}

// enteredInForce is the version in force on day d that the body entered itself, or nil: the sign-up's
// placeholder is not a policy the council adopted.
func enteredInForce(tx *gorm.DB, tenantID uuid.UUID, d time.Time) (*PolicyVersion, error) {
	pols, err := scanPolicies(tx, tenantID, `AND valid_from <= ? AND (valid_to IS NULL OR valid_to >= ?)`, Truncate(d), Truncate(d))
	if err != nil {
		return nil, err
	}
	for i := range pols {
		if !pols[i].Placeholder() {
			return &pols[i], nil
		}
	}
	return nil, nil
}

// CreatePolicy stores a new version. With closeCurrent, an open-ended version that began before the
// new one is ended the day before it (the usual case: a new resolution replaces the by-law); any other
// overlap is a Conflict and nothing changes.
func (s *Store) CreatePolicy(ctx context.Context, tenantID uuid.UUID, v PolicyVersion, closeCurrent bool) (PolicyVersion, error) {
	if err := ValidatePolicyVersion(v); err != nil {
		return PolicyVersion{}, err
	}
	err := tenants.Tx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		var err error
		v, err = s.CreatePolicyTx(ctx, tx, tenantID, v, closeCurrent)
		return err
	})
	if err != nil {
		return PolicyVersion{}, fmt.Errorf("create policy version: %w", err)
	}
	return v, nil
}

// CreatePolicyTx is CreatePolicy inside the caller's tenant transaction of tenantID (the sign-up approval
// flow gives a new body its default policy this way).
func (s *Store) CreatePolicyTx(ctx context.Context, tx *gorm.DB, tenantID uuid.UUID, v PolicyVersion, closeCurrent bool) (PolicyVersion, error) {
	if err := ValidatePolicyVersion(v); err != nil {
		return PolicyVersion{}, err
	}
	err := func() error {
		if err := tx.Exec(`SELECT pg_advisory_xact_lock(hashtext('policy_versions'), hashtext(?))`, tenantID.String()).Error; err != nil {
			return fmt.Errorf("lock policy versions: %w", err)
		}
		existing, err := scanPolicies(tx, tenantID, "")
		if err != nil {
			return err
		}
		closing, replaced, err := planPolicy(existing, v, closeCurrent)
		if err != nil {
			return err
		}
		for _, r := range replaced {
			// No answer rests on a placeholder (the law alone answered), so nothing references it.
			if err := tx.Exec(`DELETE FROM policy_versions WHERE tenant_id = ? AND id = ?`, tenantID, r.VersionID).Error; err != nil {
				return fmt.Errorf("replace the default policy: %w", err)
			}
			if err := audit.Tenant(ctx, tx, tenantID, audit.Entry{Action: "policy.replace_default", ObjectType: "policy_version", ObjectID: r.VersionID, Before: r}); err != nil {
				return err
			}
		}
		if closing != nil {
			closed := *closing
			closed.To = v.From.AddDate(0, 0, -1)
			if err := tx.Exec(`UPDATE policy_versions SET valid_to = ? WHERE tenant_id = ? AND id = ?`, closed.To, tenantID, closed.VersionID).Error; err != nil {
				return fmt.Errorf("close policy version: %w", err)
			}
			if err := audit.Tenant(ctx, tx, tenantID, audit.Entry{Action: "policy.close", ObjectType: "policy_version", ObjectID: closed.VersionID, Before: *closing, After: closed}); err != nil {
				return err
			}
		}
		id := uuid.New()
		v.VersionID = id.String()
		cc, _ := json.Marshal(nonNil(v.CategoryCeilings))
		codes, _ := json.Marshal(nonNil(v.LocalCodes))
		docs, _ := json.Marshal(nonNil(v.RequiredDocs))
		a := audit.ActorFrom(ctx)
		err = tx.Exec(`INSERT INTO policy_versions (tenant_id, id, law_family, valid_from, valid_to, resolution_number, resolution_date,
			gre_a_gre_ceiling_cents, category_ceilings, rotation_months, local_scope, local_codes, local_mechanism, local_premium_bp,
			ees_preference, required_docs, concentration_limit_bp, concentration_level, split_window_months, body, created_by)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ARRAY(SELECT jsonb_array_elements_text(?::jsonb)), ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?)`,
			tenantID, id, string(v.LawFamily), v.From, nullDate(v.To), v.ResolutionNumber, v.ResolutionDate, int64(v.GreAGreCeiling),
			string(cc), v.RotationMonths, string(v.LocalScope), string(codes), string(v.LocalMechanism), int64(v.LocalPremium),
			v.EESPreference, string(docs), int64(v.Concentration.Limit), v.Concentration.Level, v.SplitWindowMonths, string(v.Body), a.UserID).Error
		if err != nil {
			return mapConstraint(err, "create policy version")
		}
		return audit.Tenant(ctx, tx, tenantID, audit.Entry{Action: "policy.create", ObjectType: "policy_version", ObjectID: v.VersionID, After: v})
	}()
	if err != nil {
		return PolicyVersion{}, err
	}
	return v, nil
}

// planPolicy decides how a new version fits among the existing ones: with closeCurrent, the open-ended
// version that began before it is ended the day before (closing); any remaining overlap is a Conflict.
// The sign-up's placeholder is no policy: the body's own version replaces every placeholder it overlaps
// (replaced, to delete), even one that starts later — a by-law adopted years before the sign-up.
func planPolicy(existing []PolicyVersion, v PolicyVersion, closeCurrent bool) (closing *PolicyVersion, replaced []PolicyVersion, err error) {
	all := []Policy{v.Policy}
	for _, e := range existing {
		if e.Placeholder() && !v.Placeholder() && overlap(e.Policy, v.Policy) {
			replaced = append(replaced, e)
			continue
		}
		if closeCurrent && e.To.IsZero() && e.From.Before(v.From) {
			c := e
			closing = &c
			e.To = v.From.AddDate(0, 0, -1)
		}
		all = append(all, e.Policy)
	}
	return closing, replaced, CheckNoOverlap(all)
}

// overlap reports whether two versions share a day.
func overlap(a, b Policy) bool {
	return (a.To.IsZero() || !b.From.After(a.To)) && (b.To.IsZero() || !a.From.After(b.To))
}

// CheckPolicy tells, without saving, whether CreatePolicy would accept the version: the same checks
// (validation, periods) so a preview can say so before the buyer confirms.
func (s *Store) CheckPolicy(ctx context.Context, tenantID uuid.UUID, v PolicyVersion, closeCurrent bool) error {
	if err := ValidatePolicyVersion(v); err != nil {
		return err
	}
	existing, err := s.Policies(ctx, tenantID)
	if err != nil {
		return err
	}
	_, _, err = planPolicy(existing, v, closeCurrent)
	return err
}

// ValidatePolicyVersion checks a version as the page, the API and the store all do: the policy itself
// and its concentration setting.
func ValidatePolicyVersion(v PolicyVersion) error {
	err := v.Policy.Validate()
	var fields errs.Validation
	if e := errs.As(err); e != nil {
		if e.Kind != errs.Invalid {
			return err
		}
		fields.Fields = e.Fields
	}
	if v.Concentration.Limit <= 0 || v.Concentration.Limit >= 10000 {
		fields.Add("concentration_limit", "rules.err.share_invalid", nil)
	}
	switch v.Concentration.Level {
	case 2, 4, 6, 8:
	default:
		fields.Add("concentration_level", "rules.err.level_invalid", nil)
	}
	fields.Key = "rules.err.invalid_policy"
	return fields.Err()
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
