package web_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"gorm.io/gorm"

	"maillage/app/declarations"
	"maillage/tenants"
)

// BenchmarkDashboard is the benchmark: the elected officials' dashboard of a tenant with
// 20,000 contracts over 5 years (2021–2025, a declaration per year, read on 2025-12-31 so the whole
// year's 4,000 contracts and the previous year's count). Each iteration serves the page through the
// real server (session, tenant, authorization, queries, computation, SVG, template) and, side by
// side, runs the same SQL alone (the store's one read-only transaction the page makes: declarations,
// the period's contracts, prior suppliers, the previous period, the contact log, buyers, register) and
// reports both p95s and their ratio:
//
//	go test -run '^$' -bench Dashboard -benchtime 200x ./app/web/
func BenchmarkDashboard(b *testing.B) {
	e := newEnv(b)
	e.Now = time.Date(2025, 12, 31, 16, 0, 0, 0, time.UTC)
	tn := e.tenant("bench")
	official := e.member("elu@bench.test", &tn, "official")
	seedBenchmark(b, e, tn)
	store := declarations.NewStore(e.DB.App, func() time.Time { return e.Now })
	ctx := context.Background()
	sqlAlone := func() {
		d, err := store.Dashboard(ctx, tn.ID, "", e.Now)
		if err != nil || !d.Found || d.Previous == nil || len(d.Contracts) < 3_500 {
			b.Fatalf("dashboard data: %v %v", d.Found, err)
		}
	}
	page := func() {
		r := official.get("/t/bench/progress")
		if r.Status != 200 {
			b.Fatalf("status %d: %.300s", r.Status, r.Body)
		}
	}
	page() // warm the template and the pools
	sqlAlone()
	var pages, sqls []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		page()
		t1 := time.Now()
		sqlAlone()
		pages, sqls = append(pages, t1.Sub(t0)), append(sqls, time.Since(t1))
	}
	b.StopTimer()
	pp, sp := p95(pages), p95(sqls)
	b.ReportMetric(ms(pp), "page-p95-ms")
	b.ReportMetric(ms(p50(pages)), "page-p50-ms")
	b.ReportMetric(ms(sp), "sql-p95-ms")
	b.ReportMetric(ms(p50(sqls)), "sql-p50-ms")
	b.ReportMetric(float64(pp)/float64(sp), "page/sql-p95")
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func quantile(ds []time.Duration, q float64) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	return s[min(len(s)-1, int(float64(len(s))*q))]
}

func p95(ds []time.Duration) time.Duration { return quantile(ds, 0.95) }
func p50(ds []time.Duration) time.Duration { return quantile(ds, 0.50) }

// seedBenchmark writes five yearly declarations and 20,000 contracts (400 suppliers, about 40 %
// collective, one contract in ten amended) with generate_series, as the app role.
func seedBenchmark(b *testing.B, e *env, tn tenants.Tenant) {
	b.Helper()
	store := declarations.NewStore(e.DB.App, func() time.Time { return e.Now })
	for y := 2021; y <= 2025; y++ {
		d, err := store.Create(context.Background(), tn.ID, declarations.Declaration{
			PeriodStart: time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), PeriodEnd: time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC),
			TextFR: "Déclaration " + fmt.Sprint(y), Eligibility: declarations.Eligibility{Rule: declarations.BelowThreshold},
			Targets: []declarations.Target{
				{Key: "amount", Kind: declarations.EESAmount, Value: 2_000_000_00},
				{Key: "share", Kind: declarations.EESShare, Value: 2_500},
				{Key: "n", Kind: declarations.DistinctEES, Value: 120},
				{Key: "new", Kind: declarations.NewRelationships, Value: 20},
				{Key: "food", Kind: declarations.SegmentEESAmount, Segment: "90", Value: 300_000_00},
				{Key: "local", Kind: declarations.LocalShare, Territory: declarations.Territory{Level: declarations.LevelPolicy}, Value: 4_000},
			},
			Commitments: []declarations.Commitment{{Key: "c1", TextFR: "Former deux acheteurs", Status: declarations.Done}},
		})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := store.Adopt(context.Background(), tn.ID, d.ID, fmt.Sprintf("CM-%d-001", y), time.Date(y, 1, 15, 0, 0, 0, 0, time.UTC)); err != nil {
			b.Fatal(err)
		}
	}
	err := tenants.Tx(context.Background(), e.DB.App, tn.ID, func(tx *gorm.DB) error {
		if err := tx.Exec(`
			INSERT INTO contracts (tenant_id, supplier_name, supplier_neq, supplier_ees, supplier_local, object, category, nature,
			                       procedure, awarded_cents, final_cents, awarded_on, source)
			SELECT ?, 'Fournisseur ' || (g % 400), lpad((1140000000 + g % 400)::text, 10, '0'), (g % 400) < 160, (g % 3) = 0,
			       'Contrat ' || g, (ARRAY['90101500','76111500','72101500','82121500','43211500','80111600'])[1 + g % 6], 'services',
			       (ARRAY['gre_a_gre','gre_a_gre','invitation','public_call'])[1 + g % 4],
			       1000000 + (g * 7919) % 15000000, CASE WHEN g % 10 = 0 THEN 1000000 + (g * 7919) % 15000000 + 50000 END,
			       DATE '2021-01-01' + (g % 1826), 'typed'
			  FROM generate_series(1, 20000) AS g`, tn.ID).Error; err != nil {
			return err
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	// Statistics as autovacuum would keep them (ANALYZE needs the table's owner).
	if err := e.DB.Owner.Exec(`ANALYZE contracts`).Error; err != nil {
		b.Fatal(err)
	}
	var n int64
	_ = tenants.ReadTx(context.Background(), e.DB.App, tn.ID, func(tx *gorm.DB) error {
		return tx.Raw(`SELECT count(*) FROM contracts`).Scan(&n).Error
	})
	if n != 20_000 {
		b.Fatalf("%d contracts seeded", n)
	}
}

var _ = httptest.NewRequest
