package declarations

import (
	"fmt"
	"testing"
	"time"
)

// BenchmarkCompute measures the pure computation of the dashboard's numbers for a year of 4,000
// contracts (the database is not involved; BenchmarkDashboard in app/web measures the whole page):
//
//	go test ./app/declarations -run '^$' -bench Compute -benchmem
func BenchmarkCompute(b *testing.B) {
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	var cs []Contract
	for i := range 4_000 {
		cs = append(cs, Contract{ID: fmt.Sprint("c", i), SupplierID: fmt.Sprint("s", i%400), SupplierName: fmt.Sprint("Fournisseur ", i%400),
			AwardDate: start.AddDate(0, 0, i*365/4_000), // sorted by day, as the store reads them AwardedCents: int64(1_000_000 + i*7919%15_000_000), EES: i%400 < 160, Local: i%3 == 0,
			UNSPSC:    []string{"90101500", "76111500", "72101500"}[i%3], Procedure: []string{"gre_a_gre", "invitation", "public_call"}[i%3]})
	}
	d := Declaration{ID: "d", PeriodStart: start, PeriodEnd: start.AddDate(0, 0, 364), Eligibility: Eligibility{Rule: BelowThreshold},
		Targets: []Target{{Key: "a", Kind: EESAmount, Value: 1}, {Key: "s", Kind: EESShare, Value: 1}, {Key: "n", Kind: DistinctEES, Value: 1},
			{Key: "r", Kind: NewRelationships, Value: 1}, {Key: "g", Kind: SegmentEESAmount, Segment: "90", Value: 1},
			{Key: "l", Kind: LocalShare, Territory: Territory{Level: LevelPolicy}, Value: 1}}}
	th := []Threshold{{From: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), AmountCents: 133_800_00}}
	prior := []string{"s1", "s2", "s3"}
	b.ReportAllocs()
	for b.Loop() {
		p := Compute(Input{Declaration: d, Contracts: cs, PriorSuppliers: prior, Thresholds: th, AsOf: start.AddDate(1, 0, 0)})
		_ = p.TopSuppliers(10)
		_ = p.BySegment()
		_ = p.ByProcedure()
	}
}
