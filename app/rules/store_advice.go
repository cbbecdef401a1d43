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
}

type docRow struct {
	SupplierID uuid.UUID
	Type       string
	IssuedOn   *time.Time
	ExpiresOn  *time.Time
	RenaResult string
}

type awardRow struct {
	SupplierID uuid.UUID
	Category   string
	AwardedOn  time.Time
}

// candidates reads the register and the past gré-à-gré awards, as the engine sees them.
func candidates(tx *gorm.DB, tenantID uuid.UUID) ([]Supplier, error) {
	var rows []supplierRow
	if err := tx.Raw(`SELECT id, legal_name, status, ees, adapted, legal_form, coalesce(coop_kind, '') AS coop_kind,
		coalesce(municipality_code, '') AS municipality_code, coalesce(mrc_code, '') AS mrc_code, coalesce(region_code, '') AS region_code,
		quebec_establishment, array_to_json(unspsc)::text AS unspsc
		FROM suppliers WHERE tenant_id = ? ORDER BY id`, tenantID).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("load register: %w", err)
	}
	var awards []awardRow
	if err := tx.Raw(`SELECT supplier_id, category, awarded_on FROM contracts
		WHERE tenant_id = ? AND procedure = 'gre_a_gre' AND supplier_id IS NOT NULL AND category IS NOT NULL`, tenantID).Scan(&awards).Error; err != nil {
		return nil, fmt.Errorf("load past awards: %w", err)
	}
	var docs []docRow
	if err := tx.Raw(`SELECT supplier_id, type, issued_on, expires_on, rena_result FROM supplier_documents
		WHERE tenant_id = ? ORDER BY supplier_id, coalesce(issued_on, created_at::date), created_at`, tenantID).Scan(&docs).Error; err != nil {
		return nil, fmt.Errorf("load supplier documents: %w", err)
	}
	byID := make(map[uuid.UUID]int, len(rows))
	out := make([]Supplier, len(rows))
	for i, r := range rows {
		s := Supplier{ID: r.ID.String(), Name: r.LegalName, Status: r.Status, EES: r.Ees, Adapted: r.Adapted,
			LegalForm: legalFormOf(r.LegalForm, r.CoopKind), Municipality: r.MunicipalityCode, MRC: r.MrcCode}
		if r.QuebecEstablishment {
			s.Region = r.RegionCode
		}
		if err := json.Unmarshal([]byte(r.Unspsc), &s.Categories); err != nil {
			return nil, fmt.Errorf("decode categories of %s: %w", r.ID, err)
		}
		out[i] = s
		byID[r.ID] = i
	}
	for _, d := range docs {
		i, ok := byID[d.SupplierID]
		if !ok {
			continue
		}
		if d.Type == DocRENA {
			// The latest RENA consultation decides (documents come oldest first).
			out[i].RENAListed = d.RenaResult == "listed"
			continue
		}
		doc := Document{Type: d.Type}
		if d.IssuedOn != nil {
			doc.Issued = Truncate(*d.IssuedOn)
		}
		if d.ExpiresOn != nil {
			doc.Expires = Truncate(*d.ExpiresOn)
		}
		out[i].Documents = append(out[i].Documents, doc)
	}
	for _, a := range awards {
		if i, ok := byID[a.SupplierID]; ok {
			out[i].Awards = append(out[i].Awards, Award{Category: a.Category, Date: Truncate(a.AwardedOn)})
		}
	}
	return out, nil
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
		sups, err := candidates(tx, tenantID)
		if err != nil {
			return err
		}
		adv, err := Advise(Input{Purchase: p, Policy: pols[0].Policy, Reference: ref, Suppliers: sups})
		if err != nil {
			return err
		}
		answer, err := json.Marshal(adv)
		if err != nil {
			return fmt.Errorf("encode advice: %w", err)
		}
		saved = SavedAdvice{ID: uuid.New(), Purchase: p, Advice: adv, CreatedAt: s.now().UTC()}
		a := audit.ActorFrom(ctx)
		if err := tx.Exec(`INSERT INTO purchase_advice (tenant_id, id, object, category, nature, amount_cents, planned_on, procedure,
			policy_version_id, answer, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)`,
			tenantID, saved.ID, p.Object, p.Category, string(p.Nature), int64(p.Amount), day, string(adv.Procedure),
			pols[0].VersionID, string(answer), saved.CreatedAt, a.UserID).Error; err != nil {
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
	Answer      string
	CreatedAt   time.Time
}

// SavedAdvices lists the tenant's saved answers, latest first (at most limit), or one when id is set.
func (s *Store) SavedAdvices(ctx context.Context, tenantID uuid.UUID, id *uuid.UUID, limit int) ([]SavedAdvice, error) {
	var rows []adviceRow
	err := tenants.ReadTx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		q := tx.Table("purchase_advice").Select("id, object, category, nature, amount_cents, planned_on, answer::text AS answer, created_at").
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
		if err := json.Unmarshal([]byte(r.Answer), &sa.Advice); err != nil {
			return nil, fmt.Errorf("decode advice %s: %w", r.ID, err)
		}
		out = append(out, sa)
	}
	if id != nil && len(out) == 0 {
		return nil, errs.E(errs.NotFound, "errors.not_found")
	}
	return out, nil
}
