package rules

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/audit"
	"maillage/app/errs"
	"maillage/tenants"
)

// SavedAdvice is an answer as it was given, kept so the decision can be shown later.
type SavedAdvice struct {
	ID        uuid.UUID `json:"id"`
	Purchase  Purchase  `json:"purchase"`
	Advice    Advice    `json:"advice"`
	CreatedAt time.Time `json:"created_at"`
}

type supplierRow struct {
	ID                  uuid.UUID
	LegalName           string
	Status              string
	Ees                 bool
	Adapted             bool
	LegalForm           string
	CoopKind            string
	MunicipalityCode    string
	MrcCode             string
	RegionCode          string
	QuebecEstablishment bool
	Unspsc              string
	Docs                string
	Awards              string
}

// categoryFilter is the SQL condition (on suppliers.unspsc) of Overlaps(supplier category, c): a
// supplier category that is c or one of its ancestors (padded codes, so the GIN index serves), or one
// under c.
func categoryFilter(c string) (string, []any) {
	sig := significant(c)
	var ancestors []string
	for n := 2; n <= len(sig); n += 2 {
		ancestors = append(ancestors, (sig[:n] + "00000000")[:8])
	}
	// The codes are validated digits, so the array literal is safe; as one parameter it stays a constant
	// the planner can use with the GIN index.
	return `(unspsc && ?::text[] OR EXISTS (SELECT 1 FROM unnest(unspsc) u WHERE u LIKE ?))`,
		[]any{"{" + strings.Join(ancestors, ",") + "}", sig + "%"}
}

// candidates reads the register suppliers that sell in the purchase's category with their documents
// (one query) and past gré-à-gré awards (a second one), as the engine sees them; it also counts the others, which
// the answer mentions without listing them one by one.
func candidates(tx *gorm.DB, tenantID uuid.UUID, category string) ([]Supplier, int, error) {
	cond, args := categoryFilter(category)
	var rows []supplierRow
	if err := tx.Raw(`SELECT s.id, s.legal_name, s.status, s.ees, s.adapted, s.legal_form, coalesce(s.coop_kind, '') AS coop_kind,
		coalesce(s.municipality_code, '') AS municipality_code, coalesce(s.mrc_code, '') AS mrc_code, coalesce(s.region_code, '') AS region_code,
		s.quebec_establishment, array_to_json(s.unspsc)::text AS unspsc,
		coalesce((SELECT json_agg(json_build_array(d.type, d.issued_on, d.expires_on, d.rena_result)
			ORDER BY coalesce(d.issued_on, d.created_at::date), d.created_at)
			FROM supplier_documents d WHERE d.tenant_id = s.tenant_id AND d.supplier_id = s.id), '[]')::text AS docs,
		'[]' AS awards
		FROM suppliers s WHERE s.tenant_id = ? AND `+cond+` ORDER BY s.id`, append([]any{tenantID}, args...)...).Scan(&rows).Error; err != nil {
		return nil, 0, fmt.Errorf("load register: %w", err)
	}
	var total int
	if err := tx.Raw(`SELECT count(*) FROM suppliers WHERE tenant_id = ?`, tenantID).Scan(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("count register: %w", err)
	}
	// Past gré-à-gré awards in the purchase's branch only (the others cannot affect rotation), read by
	// category so the (tenant_id, category, procedure) index serves whatever the table's statistics say.
	var awards []struct {
		SupplierID uuid.UUID
		Category   string
		AwardedOn  time.Time
	}
	anc, like := args[0], args[1]
	if err := tx.Raw(`SELECT supplier_id, category, awarded_on FROM contracts WHERE tenant_id = ? AND procedure = 'gre_a_gre'
		AND supplier_id IS NOT NULL AND (category = ANY(?::text[]) OR category LIKE ?)`, tenantID, anc, like).Scan(&awards).Error; err != nil {
		return nil, 0, fmt.Errorf("load past awards: %w", err)
	}
	out := make([]Supplier, len(rows))
	byID := make(map[string]int, len(rows))
	for i, r := range rows {
		s, err := r.supplier()
		if err != nil {
			return nil, 0, err
		}
		out[i] = s
		byID[s.ID] = i
	}
	for _, a := range awards {
		if i, ok := byID[a.SupplierID.String()]; ok {
			out[i].Awards = append(out[i].Awards, Award{Category: a.Category, Date: Truncate(a.AwardedOn)})
		}
	}
	return out, total - len(out), nil
}

// supplier decodes one row: documents come oldest first, so the latest RENA consultation decides.
func (r supplierRow) supplier() (Supplier, error) {
	s := Supplier{ID: r.ID.String(), Name: r.LegalName, Status: r.Status, EES: r.Ees, Adapted: r.Adapted,
		LegalForm: legalFormOf(r.LegalForm, r.CoopKind), Municipality: r.MunicipalityCode, MRC: r.MrcCode}
	if r.QuebecEstablishment {
		s.Region = r.RegionCode
	}
	var docs, awards [][]*string
	for src, dst := range map[string]any{r.Unspsc: &s.Categories, r.Docs: &docs, r.Awards: &awards} {
		if err := json.Unmarshal([]byte(src), dst); err != nil {
			return s, fmt.Errorf("decode supplier %s: %w", r.ID, err)
		}
	}
	day := func(p *string) time.Time {
		if p == nil {
			return time.Time{}
		}
		d, _ := ParseDay(*p)
		return d
	}
	for _, d := range docs {
		if len(d) != 4 || d[0] == nil {
			continue
		}
		if *d[0] == DocRENA {
			s.RENAListed = d[3] != nil && *d[3] == "listed"
			continue
		}
		s.Documents = append(s.Documents, Document{Type: *d[0], Issued: day(d[1]), Expires: day(d[2])})
	}
	for _, a := range awards {
		if len(a) == 2 && a[0] != nil {
			s.Awards = append(s.Awards, Award{Category: *a[0], Date: day(a[1])})
		}
	}
	return s, nil
}

// legalFormOf maps the register's legal forms to the ones the exemptions care about.
func legalFormOf(form, coopKind string) LegalForm {
	switch {
	case form == "nonprofit":
		return FormNonProfit
	case form == "cooperative" && coopKind == "solidarity":
		return FormSolidarityCoop
	case form == "cooperative":
		return FormCoop
	}
	return FormOther
}

// AdviseAndSave answers for a planned purchase with the policy in force on its date, the legal
// reference and the register, then saves the answer. It fails with NotFound when the tenant has no
// policy version for that date, Invalid on bad input; nothing is saved then.
func (s *Store) AdviseAndSave(ctx context.Context, tenantID uuid.UUID, p Purchase) (SavedAdvice, error) {
	if err := p.Validate(); err != nil {
		return SavedAdvice{}, err
	}
	ref, err := s.Reference(ctx)
	if err != nil {
		return SavedAdvice{}, err
	}
	day := Truncate(p.PlannedDate)
	var saved SavedAdvice
	err = tenants.Tx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		pols, err := scanPolicies(tx, tenantID, `AND valid_from <= ? AND (valid_to IS NULL OR valid_to >= ?)`, day, day)
		if err != nil {
			return err
		}
		if len(pols) == 0 {
			return errs.E(errs.NotFound, "rules.err.no_policy").With(map[string]any{"Date": day.Format(time.DateOnly)})
		}
		sups, others, err := candidates(tx, tenantID, p.Category)
		if err != nil {
			return err
		}
		adv, err := Advise(Input{Purchase: p, Policy: pols[0].Policy, Reference: ref, Suppliers: sups})
		if err != nil {
			return err
		}
		adv.OutOfCategory = others
		answer, err := encodeSaved(toSaved(adv))
		if err != nil {
			return fmt.Errorf("encode advice: %w", err)
		}
		saved = SavedAdvice{ID: uuid.New(), Purchase: p, Advice: adv, CreatedAt: s.now().UTC()}
		a := audit.ActorFrom(ctx)
		if err := tx.Exec(`INSERT INTO purchase_advice (tenant_id, id, object, category, nature, amount_cents, planned_on, procedure,
			policy_version_id, answer, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			tenantID, saved.ID, p.Object, p.Category, string(p.Nature), int64(p.Amount), day, string(adv.Procedure),
			pols[0].VersionID, answer, saved.CreatedAt, a.UserID).Error; err != nil {
			return mapConstraint(err, "save advice")
		}
		return audit.Tenant(ctx, tx, tenantID, audit.Entry{Action: "advice.create", ObjectType: "purchase_advice", ObjectID: saved.ID.String(),
			After: map[string]any{"purchase": p, "procedure": adv.Procedure, "policy_version": adv.PolicyVersion, "ranked": len(adv.Ranked)}})
	})
	if err != nil {
		return SavedAdvice{}, fmt.Errorf("advise: %w", err)
	}
	return saved, nil
}

type adviceRow struct {
	ID          uuid.UUID
	Object      string
	Category    string
	Nature      string
	AmountCents int64
	PlannedOn   time.Time
	Answer      []byte
	CreatedAt   time.Time
}

// SavedAdvices lists the tenant's saved answers, latest first (at most limit), or one when id is set.
func (s *Store) SavedAdvices(ctx context.Context, tenantID uuid.UUID, id *uuid.UUID, limit int) ([]SavedAdvice, error) {
	var rows []adviceRow
	err := tenants.ReadTx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		q := tx.Table("purchase_advice").Select("id, object, category, nature, amount_cents, planned_on, answer, created_at").
			Where("tenant_id = ?", tenantID)
		if id != nil {
			q = q.Where("id = ?", *id)
		}
		return q.Order("created_at DESC, id").Limit(limit).Scan(&rows).Error
	})
	if err != nil {
		return nil, fmt.Errorf("load saved advice: %w", err)
	}
	out := make([]SavedAdvice, 0, len(rows))
	for _, r := range rows {
		sa := SavedAdvice{ID: r.ID, CreatedAt: r.CreatedAt, Purchase: Purchase{Object: r.Object, Category: r.Category, Nature: Nature(r.Nature),
			Amount: Cents(r.AmountCents), PlannedDate: Truncate(r.PlannedOn)}}
		saved, err := decodeSaved(r.Answer)
		if err != nil {
			return nil, fmt.Errorf("decode advice %s: %w", r.ID, err)
		}
		sa.Advice = saved.advice()
		out = append(out, sa)
	}
	if id != nil && len(out) == 0 {
		return nil, errs.E(errs.NotFound, "errors.not_found")
	}
	return out, nil
}
