package provincial_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"gorm.io/gorm"

	"maillage/app/errs"
	"maillage/app/provincial"
	"maillage/app/testdb"
	"maillage/tenants"
)

type contract struct {
	neq     string
	ees     bool
	cents   int64
	awarded string
}

func day(s string) time.Time { t, _ := time.Parse("2006-01-02", s); return t }

// body creates one body of a region with its contracts and one contact per contract date.
func body(t *testing.T, db *testdb.DB, region, slug string, cs []contract, declared bool) {
	t.Helper()
	ctx := context.Background()
	tn, err := tenants.NewStore(db.App).Create(ctx, tenants.NewTenant{Slug: slug, Name: "Ville " + slug, Kind: "municipality", RegionCode: region})
	if err != nil {
		t.Fatal(err)
	}
	err = tenants.Tx(ctx, db.App, tn.ID, func(tx *gorm.DB) error {
		for _, c := range cs {
			if err := tx.Exec(`INSERT INTO contracts (tenant_id, supplier_name, supplier_neq, supplier_ees, object, nature, procedure, awarded_cents, awarded_on, source)
				VALUES (?, 'Coop', ?, ?, 'Entretien', 'services', 'gre_a_gre', ?, ?, 'typed')`, tn.ID, c.neq, c.ees, c.cents, c.awarded).Error; err != nil {
				return err
			}
			if err := tx.Exec(`INSERT INTO contact_log (tenant_id, contact_date, kind, buyer_id, enterprise_name)
				SELECT ?, ?::date, 'meeting', id, 'Coop' FROM users LIMIT 1`, tn.ID, c.awarded).Error; err != nil {
				return err
			}
		}
		if declared {
			return tx.Exec(`INSERT INTO declarations (tenant_id, status, resolution_number, resolution_date, period_start, period_end, text_fr)
				VALUES (?, 'adopted', 'CM-2026-01', DATE '2026-01-10', DATE '2026-01-01', DATE '2026-12-31', 'Nous nous engageons.')`, tn.ID).Error
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// quarterly gives a body the same contracts in each quarter of 2026 (cents scaled by k): one with its own
// EES (NEQ ees), one with a non-EES supplier.
func quarterly(k int64, ees string) []contract {
	var cs []contract
	for _, m := range []string{"02", "05", "08", "11"} {
		cs = append(cs, contract{ees, true, 10_000_00 * k, "2026-" + m + "-10"}, contract{"2222222222", false, 30_000_00 * k, "2026-" + m + "-20"})
	}
	return cs
}

// fixture: regions shaped to trip each rule.
//
//	03 Capitale-Nationale: 4 balanced bodies, every quarter of 2026 — everything published
//	16 Montérégie: 2 bodies — every figure withheld (few bodies)
//	05 Estrie: 1 body — every figure withheld (few bodies)
//	06 Montréal: 4 bodies, one spending 20× the others — spend withheld (dominance), counts published
//	12 Chaudière-Appalaches: 3 bodies in Q1 only, one of them alone in Q2 — Q1 published, H1 withheld (quarter)
func fixture(t *testing.T) *testdb.DB {
	db := testdb.New(t)
	if err := db.App.Exec(`INSERT INTO users (email) VALUES ('buyer@x.example')`).Error; err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 4; i++ {
		body(t, db, "03", fmt.Sprintf("qc-%d", i), quarterly(1, fmt.Sprintf("11111111%02d", i)), i == 0)
	}
	for i := 0; i < 2; i++ {
		body(t, db, "16", fmt.Sprintf("mt-%d", i), quarterly(1, fmt.Sprintf("33333333%02d", i)), false)
	}
	body(t, db, "05", "estrie", []contract{{"1111111111", true, 1_234_500, "2026-03-01"}}, false)
	for i := 0; i < 4; i++ {
		k := int64(1)
		if i == 0 {
			k = 20
		}
		body(t, db, "06", fmt.Sprintf("mtl-%d", i), quarterly(k, fmt.Sprintf("55555555%02d", i)), false)
	}
	for i := 0; i < 3; i++ {
		cs := []contract{{"1111111111", true, 10_000_00, "2026-02-10"}}
		if i == 0 {
			cs = append(cs, contract{"4444444444", true, 5_000_00, "2026-05-05"}) // alone in Q2
		}
		body(t, db, "12", fmt.Sprintf("ca-%d", i), cs, false)
	}
	return db
}

func summarize(t *testing.T, db *testdb.DB, from, to string) map[string]provincial.Region {
	t.Helper()
	sum, err := provincial.NewService(db.App).Summarize(context.Background(), day(from), day(to))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]provincial.Region{"": sum.Totals}
	for _, r := range sum.Regions {
		out[r.RegionCode] = r
	}
	return out
}

func value(f provincial.Figure) any {
	if f.Value == nil {
		return "n/a:" + f.Reason
	}
	return *f.Value
}

func TestProvincialDisclosureRules(t *testing.T) {
	t.Parallel()
	db := fixture(t)
	year := summarize(t, db, "2026-01-01", "2026-12-31")
	q1 := summarize(t, db, "2026-01-01", "2026-03-31")
	h1 := summarize(t, db, "2026-01-01", "2026-06-30")
	checks := []struct {
		name      string
		got, want any
	}{
		{"balanced region: bodies", year["03"].Bodies, 4},
		{"balanced region: bodies with an adopted declaration", year["03"].BodiesWithDeclaration, 1},
		{"balanced region: contracts", value(year["03"].Contracts), int64(32)},
		{"balanced region: spend", value(year["03"].SpendCents), int64(4 * 4 * 40_000_00)},
		{"balanced region: EES spend", value(year["03"].EESSpendCents), int64(4 * 4 * 10_000_00)},
		{"balanced region: distinct EES suppliers", value(year["03"].EESSuppliers), int64(4)},
		{"balanced region: new EES relationships in the quarter they began", value(q1["03"].NewEESRelationships), int64(4)},
		{"new relationships over the year: later quarters have none, so withheld", value(year["03"].NewEESRelationships), "n/a:quarter"},
		{"balanced region: contacts", value(year["03"].Contacts), int64(32)},
		{"region of 2 bodies: contracts withheld", value(year["16"].Contracts), "n/a:few_bodies"},
		{"region of 2 bodies: spend withheld", value(year["16"].SpendCents), "n/a:few_bodies"},
		{"region of 2 bodies: contacts withheld", value(year["16"].Contacts), "n/a:few_bodies"},
		{"region of 2 bodies still counts its bodies", year["16"].Bodies, 2},
		{"region of 1 body: spend withheld", value(q1["05"].SpendCents), "n/a:few_bodies"},
		{"region of 1 body: EES suppliers withheld", value(q1["05"].EESSuppliers), "n/a:few_bodies"},
		{"dominant body: spend withheld", value(year["06"].SpendCents), "n/a:dominance"},
		{"dominant body: EES spend withheld", value(year["06"].EESSpendCents), "n/a:dominance"},
		{"dominant body: contract count published (balanced)", value(year["06"].Contracts), int64(32)},
		{"3 bodies in a quarter: published", value(q1["12"].Contracts), int64(3)},
		{"a quarter with 1 body withholds the half-year", value(h1["12"].Contracts), "n/a:quarter"},
		{"and its spend", value(h1["12"].SpendCents), "n/a:quarter"},
		{"totals add up published regions only", value(year[""].SpendCents), int64(4 * 4 * 40_000_00)},
		{"totals say how many regions they add up", year[""].SpendCents.Regions, 1},
		{"totals count every body", year[""].Bodies, 4 + 2 + 1 + 4 + 3},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if c.got != c.want {
				t.Fatalf("got %v, want %v", c.got, c.want)
			}
		})
	}
}

// TestProvincialDifferencing plays the analyst trying to rebuild one body's figures: the reported one-day
// query, shifted overlapping periods, and subtracting any two allowed periods. Allowed periods are whole
// quarters, and a published period has every one of its quarters publishable, so any difference of two
// published periods is a sum of quarters that are published on their own: nothing new is learnt.
func TestProvincialDifferencing(t *testing.T) {
	t.Parallel()
	db := fixture(t)
	svc := provincial.NewService(db.App)
	for _, p := range []struct{ name, from, to string }{
		{"the reported one-day query", "2026-03-01", "2026-03-01"},
		{"one day at a quarter's start", "2026-01-01", "2026-01-01"},
		{"a month", "2026-01-01", "2026-01-31"},
		{"a quarter shifted by one day", "2026-01-02", "2026-04-01"},
		{"a quarter ending one day early", "2026-01-01", "2026-03-30"},
		{"a year shifted by one day", "2025-12-31", "2026-12-30"},
	} {
		t.Run("refused: "+p.name, func(t *testing.T) {
			_, err := svc.Summarize(context.Background(), day(p.from), day(p.to))
			if !errs.Is(err, errs.Invalid) {
				t.Fatalf("period %s..%s: %v", p.from, p.to, err)
			}
			// The database refuses it too, whoever calls the function.
			var n int
			err = db.App.Raw(`SELECT count(*) FROM provincial_summary(?, ?)`, p.from, p.to).Scan(&n).Error
			if !errs.Is(err, errs.Invalid) {
				t.Fatalf("provincial_summary(%s, %s) answered (%v)", p.from, p.to, err)
			}
		})
	}
	// Every allowed period of 2026 (a start quarter, an end quarter).
	starts := []string{"2026-01-01", "2026-04-01", "2026-07-01", "2026-10-01"}
	ends := []string{"2026-03-31", "2026-06-30", "2026-09-30", "2026-12-31"}
	quarters := map[string]map[string]provincial.Region{}
	for i := range starts {
		quarters[starts[i]] = summarize(t, db, starts[i], ends[i])
	}
	figures := func(r provincial.Region) map[string]provincial.Figure {
		return map[string]provincial.Figure{"contracts": r.Contracts, "spend": r.SpendCents, "ees_spend": r.EESSpendCents,
			"ees_suppliers": r.EESSuppliers, "new_relationships": r.NewEESRelationships, "contacts": r.Contacts}
	}
	for i := range starts {
		for j := i; j < len(ends); j++ {
			period := summarize(t, db, starts[i], ends[j])
			for code, r := range period {
				if code == "" {
					continue
				}
				for name, f := range figures(r) {
					if !f.Available() {
						continue
					}
					for k := i; k <= j; k++ {
						if q := figures(quarters[starts[k]][code])[name]; !q.Available() {
							t.Errorf("region %s %s published for %s..%s although quarter %s is withheld (%s): subtracting periods reveals it",
								code, name, starts[i], ends[j], starts[k], q.Reason)
						}
					}
				}
			}
		}
	}
	t.Run("the lone Q2 contract of region 12 cannot be rebuilt", func(t *testing.T) {
		h1, q1 := summarize(t, db, "2026-01-01", "2026-06-30"), summarize(t, db, "2026-01-01", "2026-03-31")
		if h1["12"].SpendCents.Available() && q1["12"].SpendCents.Available() {
			t.Fatalf("H1 %d − Q1 %d = the body's Q2 contract", *h1["12"].SpendCents.Value, *q1["12"].SpendCents.Value)
		}
	})
}

// TestProvincialNoFalseZeros: a figure that cannot be published is "not available" with its reason, in the
// regions and in the totals, never 0.
func TestProvincialNoFalseZeros(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	if err := db.App.Exec(`INSERT INTO users (email) VALUES ('buyer@x.example')`).Error; err != nil {
		t.Fatal(err)
	}
	body(t, db, "05", "seule", []contract{{"1111111111", true, 1_234_500, "2026-03-01"}}, false)
	r := summarize(t, db, "2026-01-01", "2026-03-31")
	for name, f := range map[string]provincial.Figure{"region spend": r["05"].SpendCents, "total spend": r[""].SpendCents,
		"total contracts": r[""].Contracts, "total contacts": r[""].Contacts} {
		if f.Available() || f.Reason == "" {
			t.Errorf("%s: %v (reason %q), want not available with a reason", name, value(f), f.Reason)
		}
	}
	if r[""].SpendCents.Reason != provincial.ReasonNoRegion {
		t.Errorf("total's reason %q", r[""].SpendCents.Reason)
	}
}

// The app role reaches contracts only through the aggregate function: a direct read without a tenant sees
// nothing, and the function's owner cannot be borrowed.
func TestProvincialReadsNoTenantRows(t *testing.T) {
	t.Parallel()
	db := fixture(t)
	var n int
	if err := db.App.Raw(`SELECT count(*) FROM contracts`).Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatalf("the app role read %d contracts without a tenant", n)
	}
	if err := db.App.Exec(`SET ROLE maillage_aggregates`).Error; err == nil {
		t.Fatal("the app role could become the aggregates role")
	}
}
