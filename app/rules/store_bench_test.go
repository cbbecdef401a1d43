package rules_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"gorm.io/gorm"

	"maillage/app/rules"
	"maillage/app/testdb"
	"maillage/tenants"
)

// BenchmarkAdviseAndSave2000 answers through the store (policy in force, register of 2,000 suppliers
// with documents and past awards, saved answer) as the advisor page and API do. Reports the p95.
// Run: go test ./app/rules -run '^$' -bench AdviseAndSave2000 -benchtime 200x
func BenchmarkAdviseAndSave2000(b *testing.B) {
	db := testdb.New(b)
	ctx := context.Background()
	tn, err := tenants.NewStore(db.App).Create(ctx, tenants.NewTenant{Slug: "grande", Name: "Grande ville", Kind: "municipality"})
	if err != nil {
		b.Fatal(err)
	}
	st := rules.NewStore(db.App, nil)
	if _, err := st.CreatePolicy(ctx, tn.ID, policy("2022-01-01"), true); err != nil {
		b.Fatal(err)
	}
	err = tenants.Tx(ctx, db.App, tn.ID, func(tx *gorm.DB) error {
		if err := tx.Exec(`INSERT INTO suppliers (tenant_id, neq, legal_name, ees, adapted, quebec_establishment, region_code, unspsc, legal_form, status)
			SELECT ?, lpad((1000000000 + g)::text, 10, '0'), 'Fournisseur ' || g, g % 4 = 0, g % 20 = 0, g % 7 <> 0,
			       lpad((1 + g % 17)::text, 2, '0'), ARRAY[(ARRAY['72100000','72102900','76110000','43210000','80101500'])[1 + g % 5]],
			       (ARRAY['nonprofit','cooperative','corporation'])[1 + g % 3], CASE WHEN g % 10 = 0 THEN 'applied' ELSE 'approved' END
			FROM generate_series(1, 2000) g`, tn.ID).Error; err != nil {
			return err
		}
		if err := tx.Exec(`INSERT INTO supplier_documents (tenant_id, supplier_id, type, issued_on, expires_on)
			SELECT tenant_id, id, 'insurance', DATE '2025-01-01', DATE '2025-01-01' + (random() * 700)::int FROM suppliers WHERE tenant_id = ?`, tn.ID).Error; err != nil {
			return err
		}
		return tx.Exec(`INSERT INTO contracts (tenant_id, supplier_id, supplier_name, object, category, nature, procedure, awarded_cents, awarded_on, source)
			SELECT tenant_id, id, legal_name, 'Contrat antérieur', '72102900', 'services', 'gre_a_gre', 1000000, DATE '2024-01-01' + (random() * 400)::int, 'typed'
			FROM suppliers WHERE tenant_id = ? AND random() < 0.3`, tn.ID).Error
	})
	if err != nil {
		b.Fatal(err)
	}
	p := rules.Purchase{Object: "Entretien", Category: "72102900", Nature: rules.Services, Amount: 4_000_000, LaunchDate: rules.Day(2025, 6, 1)}
	var durs []time.Duration
	ranked := 0
	for b.Loop() {
		t0 := time.Now()
		sa, err := st.AdviseAndSave(ctx, tn.ID, rules.BodyMunicipal, p)
		durs = append(durs, time.Since(t0))
		if err != nil {
			b.Fatal(err)
		}
		ranked = len(sa.Advice.Ranked) + len(sa.Advice.Excluded)
		if ranked+sa.Advice.OutOfCategory != 2000 {
			b.Fatalf("%d + %d suppliers", ranked, sa.Advice.OutOfCategory)
		}
	}
	if ranked == 0 || ranked >= 2000 {
		b.Fatalf("%d suppliers assessed", ranked)
	}
	slices.Sort(durs)
	b.ReportMetric(float64(durs[len(durs)*95/100].Microseconds())/1000, "p95-ms")
	b.ReportMetric(float64(durs[len(durs)/2].Microseconds())/1000, "p50-ms")
}

var _ = testdb.New
