package provincial_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"gorm.io/gorm"

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

// seed creates bodies in a region with contracts; returns the tenants.
func seed(t *testing.T, db *testdb.DB, region string, n int, cs []contract, declared bool) {
	t.Helper()
	ctx := context.Background()
	for i := 0; i < n; i++ {
		tn, err := tenants.NewStore(db.App).Create(ctx, tenants.NewTenant{Slug: fmt.Sprintf("r%s-%d", region, i), Name: fmt.Sprintf("Ville %s %d", region, i), Kind: "municipality", RegionCode: region})
		if err != nil {
			t.Fatal(err)
		}
		err = tenants.Tx(ctx, db.App, tn.ID, func(tx *gorm.DB) error {
			for _, c := range cs {
				if err := tx.Exec(`INSERT INTO contracts (tenant_id, supplier_name, supplier_neq, supplier_ees, object, nature, procedure, awarded_cents, awarded_on, source)
					VALUES (?, 'Coop', ?, ?, 'Entretien', 'services', 'gre_a_gre', ?, ?, 'typed')`, tn.ID, c.neq, c.ees, c.cents, c.awarded).Error; err != nil {
					return err
				}
			}
			if err := tx.Exec(`INSERT INTO contact_log (tenant_id, contact_date, kind, buyer_id, enterprise_name)
				SELECT ?, DATE '2026-03-01', 'meeting', id, 'Coop' FROM users LIMIT 1`, tn.ID).Error; err != nil {
				return err
			}
			if declared && i == 0 {
				return tx.Exec(`INSERT INTO declarations (tenant_id, status, resolution_number, resolution_date, period_start, period_end, text_fr)
					VALUES (?, 'adopted', 'CM-2026-01', DATE '2026-01-10', DATE '2026-01-01', DATE '2026-12-31', 'Nous nous engageons.')`, tn.ID).Error
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestProvincialSummary(t *testing.T) {
	db := testdb.New(t)
	if err := db.App.Exec(`INSERT INTO users (email) VALUES ('buyer@x.example')`).Error; err != nil {
		t.Fatal(err)
	}
	// Montérégie: 3 bodies, each with an EES contract in 2026 (a new relationship), a non-EES one, and an
	// EES contract with the same enterprise in 2025 for the first body only... (same for all: kept simple).
	seed(t, db, "16", 3, []contract{
		{"1111111111", true, 10_000_00, "2026-02-01"},
		{"2222222222", false, 30_000_00, "2026-05-01"},
		{"3333333333", true, 5_000_00, "2025-06-01"}, // outside the period, and an older relationship
		{"3333333333", true, 1_000_00, "2026-06-01"}, // inside, but not new
	}, true)
	// Estrie: 1 body only — suppressed.
	seed(t, db, "05", 1, []contract{{"1111111111", true, 99_999_00, "2026-02-01"}}, false)

	sum, err := provincial.NewService(db.App).Summarize(context.Background(), day("2026-01-01"), day("2026-12-31"))
	if err != nil {
		t.Fatal(err)
	}
	byRegion := map[string]provincial.Region{}
	for _, r := range sum.Regions {
		byRegion[r.RegionCode] = r
	}
	m := byRegion["16"]
	checks := []struct {
		name      string
		got, want any
	}{
		{"bodies", m.Bodies, 3},
		{"bodies with an adopted declaration", m.BodiesWithDeclaration, 1},
		{"contracts in the period", *m.Contracts, 9},
		{"spend", *m.SpendCents, int64(3 * 41_000_00)},
		{"EES spend", *m.EESSpendCents, int64(3 * 11_000_00)},
		{"distinct EES suppliers", *m.EESSuppliers, 2},
		{"new EES relationships (first award in the period)", *m.NewEESRelationships, 3},
		{"contacts", *m.Contacts, 3},
		{"not suppressed", m.Suppressed, false},
		{"small region suppressed", byRegion["05"].Suppressed, true},
		{"small region's spend hidden", byRegion["05"].SpendCents == nil, true},
		{"small region still counts its bodies", byRegion["05"].Bodies, 1},
		{"totals leave suppressed regions out", *sum.Totals.SpendCents, int64(3 * 41_000_00)},
		{"totals count every body", sum.Totals.Bodies, 4},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if c.got != c.want {
				t.Fatalf("got %v, want %v", c.got, c.want)
			}
		})
	}
}

func TestProvincialSummaryBadPeriod(t *testing.T) {
	db := testdb.New(t)
	cases := []struct {
		name     string
		from, to string
	}{
		{"end before start", "2026-12-31", "2026-01-01"},
		{"over ten years", "2000-01-01", "2026-01-01"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, err := provincial.NewService(db.App).Summarize(context.Background(), day(c.from), day(c.to)); err == nil {
				t.Fatal("accepted")
			}
		})
	}
}

// The app role reaches contracts only through the aggregate function: a direct read without a tenant sees
// nothing, and the function's owner cannot be borrowed.
func TestProvincialReadsNoTenantRows(t *testing.T) {
	db := testdb.New(t)
	if err := db.App.Exec(`INSERT INTO users (email) VALUES ('buyer@x.example')`).Error; err != nil {
		t.Fatal(err)
	}
	seed(t, db, "16", 3, []contract{{"1111111111", true, 10_000_00, "2026-02-01"}}, false)
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
