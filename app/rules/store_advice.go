package rules

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgtype"
	"gorm.io/gorm"

	"maillage/app/audit"
	"maillage/app/database"
	"maillage/tenants"
)

// branchCodes are the parameters of the purchase's branch condition (on suppliers' or contracts' categories):
// the category and its ancestors (padded codes, so the GIN index on suppliers.unspsc serves) as an array
// literal, and the LIKE pattern of the codes under it. Codes are validated digits, so the literal is safe; as one
// parameter it stays a constant the planner can use with the index.
func branchCodes(c string) (ancestors, under string) {
	sig := significant(c)
	var codes []string
	for n := 2; n <= len(sig); n += 2 {
		codes = append(codes, (sig[:n] + "00000000")[:8])
	}
	return "{" + strings.Join(codes, ",") + "}", sig + "%"
}

// registerView is what the advisor reads of the register for one purchase.
type registerView struct {
	suppliers          []Supplier // those selling in the purchase's branch, with documents and past awards
	others             int        // every other register supplier
	uncategorized      []NamedSupplier
	uncategorizedCount int
	history            []PastContract // contracts the splitting check may count
}

// maxUncategorizedNames bounds the names an answer lists of suppliers without any category.
const maxUncategorizedNames = 50

// readRegister reads the register suppliers that sell in the purchase's category with their documents (one
// query: a row per supplier and document; Overlaps(supplier category, purchase category) is the category or one
// of its ancestors, or one under it), their past gré-à-gré awards in the branch, counts the others (naming those
// with no category at all), and reads the contracts the splitting check may count. Rows are scanned straight
// into fields (database.EachRow): with thousands of suppliers, conversions per value are most of the cost.
func readRegister(tx *gorm.DB, tenantID uuid.UUID, p Purchase, windowMonths int) (registerView, error) {
	var out registerView
	ctx := tx.Statement.Context
	ancestors, under := branchCodes(p.Category)
	byID := map[string]int{}
	docs := documentReader{latestRENA: map[int]consultation{}}
	total := int64(-1)
	var uncategorized int64
	var s Supplier
	var form, coopKind, region, cats string
	var quebec bool
	var docType, rena pgtype.Text
	var issued, expires pgtype.Date
	var created pgtype.Timestamptz
	err := database.EachRow(ctx, tx, `SELECT s.id::text, s.legal_name, s.status, s.ees, s.adapted, s.legal_form, coalesce(s.coop_kind, ''),
		coalesce(s.municipality_code, ''), coalesce(s.mrc_code, ''), coalesce(s.region_code, ''), s.quebec_establishment,
		array_to_string(s.unspsc, ' '),
		d.type, d.issued_on, d.expires_on, d.rena_result, d.created_at,
		t.total, t.uncategorized
		FROM suppliers s
		LEFT JOIN supplier_documents d ON d.tenant_id = s.tenant_id AND d.supplier_id = s.id,
		(SELECT count(*) AS total, count(*) FILTER (WHERE cardinality(unspsc) = 0) AS uncategorized
		 FROM suppliers WHERE tenant_id = $1) t
		WHERE s.tenant_id = $1 AND (s.unspsc && $2::text[] OR EXISTS (SELECT 1 FROM unnest(s.unspsc) u WHERE u LIKE $3))`,
		[]any{tenantID, ancestors, under}, func(scan func(...any) error) error {
			s = Supplier{}
			if err := scan(&s.ID, &s.Name, &s.Status, &s.EES, &s.Adapted, &form, &coopKind, &s.Municipality, &s.MRC, &region, &quebec,
				&cats, &docType, &issued, &expires, &rena, &created, &total, &uncategorized); err != nil {
				return err
			}
			i, seen := byID[s.ID]
			if !seen {
				s.LegalForm = legalFormOf(form, coopKind)
				if quebec {
					s.Region = region
				}
				s.Categories = strings.Fields(cats)
				i = len(out.suppliers)
				byID[s.ID] = i
				out.suppliers = append(out.suppliers, s)
			}
			if docType.Valid {
				docs.add(&out.suppliers[i], i, docType.String, issued, expires, rena.String, created.Time)
			}
			return nil
		})
	if err != nil {
		return out, fmt.Errorf("read register: %w", err)
	}
	if total < 0 { // no supplier in the category: count the register on its own
		if err := tx.Raw(`SELECT count(*), count(*) FILTER (WHERE cardinality(unspsc) = 0) FROM suppliers WHERE tenant_id = ?`, tenantID).
			Row().Scan(&total, &uncategorized); err != nil {
			return out, fmt.Errorf("count register: %w", err)
		}
	}
	out.others, out.uncategorizedCount = int(total)-len(out.suppliers), int(uncategorized)
	if err := readContracts(tx, tenantID, p, windowMonths, ancestors, under, &out, byID); err != nil {
		return out, err
	}
	if out.uncategorizedCount > 0 {
		if err := tx.Raw(`SELECT id::text AS supplier_id, legal_name AS name FROM suppliers WHERE tenant_id = ? AND cardinality(unspsc) = 0
			ORDER BY legal_name, id LIMIT ?`, tenantID, maxUncategorizedNames).Scan(&out.uncategorized).Error; err != nil {
			return out, fmt.Errorf("load suppliers without category: %w", err)
		}
	}
	return out, nil
}

// documentReader attaches documents to the suppliers as their rows come (in no particular order); the latest
// RENA consultation (by issue date, else by entry) decides whether a supplier is listed.
type documentReader struct {
	latestRENA map[int]consultation
}

type consultation struct{ issued, created time.Time }

func (r documentReader) add(s *Supplier, i int, typ string, issued, expires pgtype.Date, rena string, created time.Time) {
	if typ != DocRENA {
		s.Documents = append(s.Documents, Document{Type: typ, Issued: dayOf(issued), Expires: dayOf(expires)})
		return
	}
	c := consultation{issued: dayOf(issued), created: created}
	if c.issued.IsZero() {
		c.issued = Truncate(created)
	}
	if last, seen := r.latestRENA[i]; !seen || c.issued.After(last.issued) || (c.issued.Equal(last.issued) && c.created.After(last.created)) {
		r.latestRENA[i] = c
		s.RENAListed = rena == "listed"
	}
}

// readContracts reads the past gré-à-gré awards in the purchase's branch (rotation: the others cannot
// affect it, read by category so the (tenant_id, category, procedure) index serves) and the contracts of
// the splitting window in the purchase's segment or with the supplier the buyer has in mind.
func readContracts(tx *gorm.DB, tenantID uuid.UUID, p Purchase, windowMonths int, ancestors, under string, out *registerView, byID map[string]int) error {
	day := Truncate(p.LaunchDate)
	from := day.AddDate(0, -windowMonths, 0)
	var sup, name, cat, proc string
	var amount int64
	var on time.Time
	var rotation, recent bool
	err := database.EachRow(tx.Statement.Context, tx, `SELECT coalesce(supplier_id::text, ''), supplier_name, coalesce(category, ''), procedure,
		awarded_cents, awarded_on,
		procedure = 'gre_a_gre' AND supplier_id IS NOT NULL AND (category = ANY($2::text[]) OR category LIKE $3) AS rotation,
		awarded_on BETWEEN $4 AND $5 AS recent
		FROM contracts WHERE tenant_id = $1 AND (
		  (procedure = 'gre_a_gre' AND supplier_id IS NOT NULL AND (category = ANY($2::text[]) OR category LIKE $3))
		  OR (awarded_on BETWEEN $4 AND $5 AND (category LIKE $6 OR supplier_id::text = $7)))`,
		[]any{tenantID, ancestors, under, from, day, p.Category[:2] + "%", p.SupplierID}, func(scan func(...any) error) error {
			if err := scan(&sup, &name, &cat, &proc, &amount, &on, &rotation, &recent); err != nil {
				return err
			}
			if i, ok := byID[sup]; ok && rotation {
				out.suppliers[i].Awards = append(out.suppliers[i].Awards, Award{Category: cat, Date: Truncate(on)})
			}
			if recent {
				out.history = append(out.history, PastContract{SupplierID: sup, SupplierName: name, Category: cat, Amount: Cents(amount), Date: Truncate(on)})
			}
			return nil
		})
	if err != nil {
		return fmt.Errorf("read past contracts: %w", err)
	}
	return nil
}

func dayOf(d pgtype.Date) time.Time {
	if !d.Valid {
		return time.Time{}
	}
	return Truncate(d.Time)
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

// AdviseAndSave answers for a purchase with the policy in force on its launch date (or, when the body
// has entered none for that date, from the law alone), the legal reference and the register, then
// saves the answer. body is the kind of body the tenant is (BodyOfKind). Invalid on bad input;
// nothing is saved then.
func (s *Store) AdviseAndSave(ctx context.Context, tenantID uuid.UUID, body Body, p Purchase) (SavedAdvice, error) {
	if err := p.Validate(); err != nil {
		return SavedAdvice{}, err
	}
	day := Truncate(p.LaunchDate)
	var saved SavedAdvice
	err := tenants.Tx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		ref, err := s.cachedReference(ctx, tx)
		if err != nil {
			return err
		}
		pol, err := enteredInForce(tx, tenantID, day)
		if err != nil {
			return err
		}
		in := Input{Purchase: p, Body: body, Reference: ref}
		window := DefaultSplitWindowMonths
		var policyID *string
		if pol != nil {
			in.Policy = &pol.Policy
			policyID = &pol.VersionID
			if pol.SplitWindowMonths > 0 {
				window = pol.SplitWindowMonths
			}
		}
		reg, err := readRegister(tx, tenantID, p, window)
		if err != nil {
			return err
		}
		in.Suppliers, in.History = reg.suppliers, reg.history
		adv, err := Advise(in)
		if err != nil {
			return err
		}
		adv.OutOfCategory, adv.Uncategorized, adv.UncategorizedCount = reg.others, reg.uncategorized, reg.uncategorizedCount
		answer, err := encodeSaved(toSaved(adv), s.encoders)
		if err != nil {
			return fmt.Errorf("encode advice: %w", err)
		}
		// An answer can be asked again; waiting for its WAL to reach the disk would be most of a request's time
		// on a busy server. The transaction stays atomic: after a crash it is there whole or not at all.
		if err := tx.Exec(`SET LOCAL synchronous_commit = off`).Error; err != nil {
			return fmt.Errorf("advice commit mode: %w", err)
		}
		saved = SavedAdvice{ID: uuid.New(), Purchase: p, Advice: adv, CreatedAt: s.now().UTC()}
		saved.Purchase.LaunchDate = day
		a := audit.ActorFrom(ctx)
		if err := tx.Exec(`INSERT INTO purchase_advice (tenant_id, id, object, category, nature, amount_cents, options_cents, expense_cents,
			planned_on, award_on, procedure, policy_version_id, law_only, answer, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			tenantID, saved.ID, p.Object, p.Category, string(p.Nature), int64(p.Amount), int64(p.Options), int64(adv.Expense), day,
			nullDate(adv.AwardDate), string(adv.Procedure), policyID, adv.LawOnly, answer, saved.CreatedAt, a.UserID).Error; err != nil {
			return mapConstraint(err, "save advice")
		}
		saved.CreatedBy = a.UserID
		return audit.Tenant(ctx, tx, tenantID, audit.Entry{Action: "advice.create", ObjectType: "purchase_advice", ObjectID: saved.ID.String(),
			After: map[string]any{"purchase": p, "procedure": adv.Procedure, "expense_cents": adv.Expense, "law_only": adv.LawOnly,
				"policy_version": adv.PolicyVersion, "ranked": len(adv.Ranked)}})
	})
	if err != nil {
		return SavedAdvice{}, fmt.Errorf("advise: %w", err)
	}
	return saved, nil
}
