package declarations

import (
	"slices"
	"testing"
	"time"
)

func TestComputeTargets(t *testing.T) {
	t.Parallel()
	amount := Target{Key: "a", Kind: EESAmount, Value: 100_000_00}
	share := Target{Key: "s", Kind: EESShare, Value: 2_000}
	distinct := Target{Key: "n", Kind: DistinctEES, Value: 5}
	fresh := Target{Key: "r", Kind: NewRelationships, Value: 3}
	tests := []struct {
		name      string
		target    Target
		elig      Eligibility
		contracts []Contract
		asOf      string
		want      int64
		wantIDs   []string
		wantShare Ratio
	}{
		{
			name:   "boundary dates: first and last day count, the days around do not",
			target: amount,
			contracts: []Contract{
				contract(t, "before", "s1", "2024-12-31", 1_00, true),
				contract(t, "first", "s1", "2025-01-01", 10_00, true),
				contract(t, "last", "s2", "2025-12-31", 20_00, true),
				contract(t, "after", "s2", "2026-01-01", 40_00, true),
			},
			asOf: "2026-06-30", want: 30_00, wantIDs: []string{"first", "last"},
		},
		{
			name:   "contracts after the as-of day are ignored, the as-of day itself counts",
			target: amount,
			contracts: []Contract{
				contract(t, "on", "s1", "2025-06-30", 10_00, true),
				contract(t, "later", "s1", "2025-07-01", 20_00, true),
			},
			asOf: "2025-06-30", want: 10_00, wantIDs: []string{"on"},
		},
		{
			name:   "an amended contract counts for its final amount",
			target: amount,
			contracts: []Contract{
				amended(contract(t, "c1", "s1", "2025-03-01", 50_000_00, true), 62_500_00),
				amended(contract(t, "c2", "s2", "2025-04-01", 10_000_00, true), 8_000_00),
			},
			asOf: "2025-12-31", want: 70_500_00, wantIDs: []string{"c1", "c2"},
		},
		{
			name:   "EES status captured at award counts, not the supplier's later status",
			target: amount,
			contracts: []Contract{
				// s1 became an EES in June: its March contract does not count, its July one does.
				contract(t, "march", "s1", "2025-03-01", 10_00, false),
				contract(t, "july", "s1", "2025-07-01", 20_00, true),
				// s2 lost its status in May (it is not an EES today): its April contract still counts.
				contract(t, "april", "s2", "2025-04-01", 40_00, true),
			},
			asOf: "2025-12-31", want: 60_00, wantIDs: []string{"april", "july"},
		},
		{
			name:   "share below the threshold in force at award: 2022 threshold change",
			target: share,
			contracts: []Contract{
				// $110,000 is above the $105,700 threshold on 2022-10-06 and below $121,200 the next day.
				contract(t, "old-rule", "s1", "2022-10-06", 110_000_00, true),
				contract(t, "new-rule", "s2", "2022-10-07", 110_000_00, true),
				contract(t, "other", "s3", "2022-11-01", 440_000_00, false),
				contract(t, "exact", "s4", "2022-11-02", 121_200_00, true), // at the threshold: public call
				contract(t, "cent-under", "s5", "2022-11-03", 121_199_99, false),
			},
			asOf:      "2022-12-31",
			wantShare: Ratio{Num: 110_000_00, Den: 110_000_00 + 121_199_99},
			want:      4_758, wantIDs: []string{"new-rule"},
		},
		{
			name:   "eligibility is decided on the award amount, the share on the final amount",
			target: share,
			contracts: []Contract{
				amended(contract(t, "grew", "s1", "2025-02-01", 130_000_00, true), 150_000_00),
				contract(t, "plain", "s2", "2025-02-02", 50_000_00, false),
			},
			asOf:      "2025-12-31",
			wantShare: Ratio{Num: 150_000_00, Den: 200_000_00}, want: 7_500, wantIDs: []string{"grew"},
		},
		{
			name:   "all spend is eligible when the body says so",
			target: share,
			elig:   Eligibility{Rule: AllSpend},
			contracts: []Contract{
				contract(t, "big", "s1", "2025-02-01", 900_000_00, false),
				contract(t, "small", "s2", "2025-02-02", 100_000_00, true),
			},
			asOf:      "2025-12-31",
			wantShare: Ratio{Num: 100_000_00, Den: 1_000_000_00}, want: 1_000, wantIDs: []string{"small"},
		},
		{
			name:   "custom definition: ceiling, procedures and excluded segments",
			target: share,
			elig: Eligibility{Rule: Custom, MaxAmountCents: 25_000_00, Procedures: []string{"gre_a_gre"},
				ExcludedSegments: []string{"83"}, DescriptionFR: "Gré à gré sous 25 000 $, hors services publics"},
			contracts: []Contract{
				contract(t, "in", "s1", "2025-02-01", 10_000_00, true),
				contract(t, "in-other", "s2", "2025-02-01", 30_000_00-20_000_00, false),
				contract(t, "ceiling", "s3", "2025-02-02", 25_000_00, true),
				with(contract(t, "invited", "s4", "2025-02-03", 5_000_00, true), func(c *Contract) { c.Procedure = "invitation" }),
				with(contract(t, "utility", "s5", "2025-02-04", 5_000_00, true), func(c *Contract) { c.UNSPSC = "83101500" }),
			},
			asOf:      "2025-12-31",
			wantShare: Ratio{Num: 10_000_00, Den: 20_000_00}, want: 5_000, wantIDs: []string{"in"},
		},
		{
			name:      "no eligible spend gives a share of zero",
			target:    share,
			contracts: []Contract{contract(t, "huge", "s1", "2025-02-01", 500_000_00, true)},
			asOf:      "2025-12-31", want: 0, wantShare: Ratio{Num: 0, Den: 0},
		},
		{
			name:   "distinct EES count each supplier once, through its first contract",
			target: distinct,
			contracts: []Contract{
				contract(t, "a1", "a", "2025-01-10", 1_00, true),
				contract(t, "a2", "a", "2025-01-05", 1_00, true),
				contract(t, "b1", "b", "2025-03-01", 1_00, true),
				contract(t, "c1", "c", "2025-03-01", 1_00, false),
			},
			asOf: "2025-12-31", want: 2, wantIDs: []string{"a2", "b1"},
		},
		{
			name:   "new relationships: a supplier contracted before the period is not new, whatever that contract was",
			target: fresh,
			contracts: []Contract{
				contract(t, "old", "a", "2024-06-01", 1_00, false),
				contract(t, "a-again", "a", "2025-02-01", 1_00, true),
				contract(t, "b-first", "b", "2025-02-01", 1_00, true),
				contract(t, "b-second", "b", "2025-05-01", 1_00, true),
				contract(t, "c-after", "c", "2026-02-01", 1_00, true),
			},
			asOf: "2026-12-31", want: 1, wantIDs: []string{"b-first"},
		},
		{
			name:   "segment amount counts EES spend in that segment only",
			target: Target{Key: "g", Kind: SegmentEESAmount, Segment: "90", Value: 1_000_00},
			contracts: []Contract{
				with(contract(t, "food", "a", "2025-02-01", 300_00, true), func(c *Contract) { c.UNSPSC = "90101501" }),
				with(contract(t, "food-corp", "b", "2025-02-01", 900_00, false), func(c *Contract) { c.UNSPSC = "90101502" }),
				contract(t, "it", "c", "2025-02-01", 500_00, true),
			},
			asOf: "2025-12-31", want: 300_00, wantIDs: []string{"food"},
		},
		{
			name:   "segment share divides by that segment's eligible spend",
			target: Target{Key: "g", Kind: SegmentEESShare, Segment: "90", Value: 5_000},
			contracts: []Contract{
				with(contract(t, "food", "a", "2025-02-01", 300_00, true), func(c *Contract) { c.UNSPSC = "90101501" }),
				with(contract(t, "food-corp", "b", "2025-02-01", 900_00, false), func(c *Contract) { c.UNSPSC = "90101502" }),
				contract(t, "it", "c", "2025-02-01", 500_00, true),
			},
			asOf: "2025-12-31", want: 2_500, wantShare: Ratio{Num: 300_00, Den: 1_200_00}, wantIDs: []string{"food"},
		},
		{
			name:   "local share by MRC uses the establishment captured at award",
			target: Target{Key: "l", Kind: LocalShare, Territory: Territory{Level: LevelMRC, Code: "660"}, Value: 3_000},
			contracts: []Contract{
				contract(t, "local", "a", "2025-02-01", 600_00, false),
				with(contract(t, "away", "b", "2025-02-01", 400_00, true), func(c *Contract) { c.MRC = "580"; c.Region = "16" }),
				with(contract(t, "unknown", "c", "2025-02-01", 1_000_00, true), func(c *Contract) { c.MRC = ""; c.Region = "" }),
			},
			asOf: "2025-12-31", want: 3_000, wantShare: Ratio{Num: 600_00, Den: 2_000_00}, wantIDs: []string{"local"},
		},
		{
			name:   "local share as the body's policy defined it at award",
			target: Target{Key: "l", Kind: LocalShare, Territory: Territory{Level: LevelPolicy}, Value: 3_000},
			contracts: []Contract{
				with(contract(t, "local", "a", "2025-02-01", 250_00, false), func(c *Contract) { c.Local = true }),
				contract(t, "not", "b", "2025-02-01", 750_00, true),
			},
			asOf: "2025-12-31", want: 2_500, wantShare: Ratio{Num: 250_00, Den: 1_000_00}, wantIDs: []string{"local"},
		},
		{
			name:   "local share by region",
			target: Target{Key: "l", Kind: LocalShare, Territory: Territory{Level: LevelRegion, Code: "16"}, Value: 3_000},
			contracts: []Contract{
				contract(t, "mtl", "a", "2025-02-01", 600_00, false),
				with(contract(t, "monteregie", "b", "2025-02-01", 400_00, true), func(c *Contract) { c.MRC = "580"; c.Region = "16" }),
			},
			asOf: "2025-12-31", want: 4_000, wantShare: Ratio{Num: 400_00, Den: 1_000_00}, wantIDs: []string{"monteregie"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			y := "2025"
			if tc.asOf < "2024" {
				y = "2022"
			}
			d := yearDeclaration(t, y, tc.target)
			if tc.elig.Rule != "" {
				d.Eligibility = tc.elig
			}
			if err := Validate(d); err != nil {
				t.Fatalf("fixture declaration invalid: %v", err)
			}
			p := Compute(Input{Declaration: d, Contracts: tc.contracts, Thresholds: thresholds(t), AsOf: date(t, tc.asOf)})
			if len(p.Targets) != 1 {
				t.Fatalf("got %d targets, want 1", len(p.Targets))
			}
			got := p.Targets[0]
			if got.Current != tc.want {
				t.Errorf("current = %d, want %d", got.Current, tc.want)
			}
			if !slices.Equal(got.ContractIDs, tc.wantIDs) {
				t.Errorf("contracts = %v, want %v", got.ContractIDs, tc.wantIDs)
			}
			if tc.target.Kind.Unit() == BasisPoints && got.Share != tc.wantShare {
				t.Errorf("share = %+v, want %+v", got.Share, tc.wantShare)
			}
			if want := float64(tc.want) / float64(tc.target.Value); got.Reached != want {
				t.Errorf("reached = %v, want %v", got.Reached, want)
			}
		})
	}
}

func TestNewRelationshipsAcrossPeriods(t *testing.T) {
	t.Parallel()
	fresh := Target{Key: "r", Kind: NewRelationships, Value: 2}
	history := []Contract{
		contract(t, "a23", "a", "2023-05-01", 1_00, true),
		contract(t, "a24", "a", "2024-05-01", 1_00, true),
		contract(t, "b24", "b", "2024-06-01", 1_00, true),
		contract(t, "c24", "c", "2024-07-01", 1_00, false), // c was not an EES then
		contract(t, "c25", "c", "2025-02-01", 1_00, true),  // c is an EES now, but not new
		contract(t, "d25", "d", "2025-03-01", 1_00, true),
	}
	want := map[string][]string{
		"2023": {"a"},
		"2024": {"b"},
		"2025": {"d"},
	}
	for y, suppliers := range want {
		t.Run(y, func(t *testing.T) {
			p := Compute(Input{Declaration: yearDeclaration(t, y, fresh), Contracts: history,
				Thresholds: thresholds(t), AsOf: date(t, "2026-01-31")})
			if got := p.Targets[0].SupplierIDs; !slices.Equal(got, suppliers) {
				t.Errorf("new relationships in %s = %v, want %v", y, got, suppliers)
			}
		})
	}
}

func TestPriorSuppliersCountAsBefore(t *testing.T) {
	t.Parallel()
	fresh := Target{Key: "r", Kind: NewRelationships, Value: 2}
	period := []Contract{contract(t, "a25", "a", "2025-02-01", 1_00, true), contract(t, "b25", "b", "2025-03-01", 1_00, true)}
	p := Compute(Input{Declaration: yearDeclaration(t, "2025", fresh), Contracts: period, PriorSuppliers: []string{"a"},
		Thresholds: thresholds(t), AsOf: date(t, "2025-12-31")})
	if got := p.Targets[0].SupplierIDs; !slices.Equal(got, []string{"b"}) {
		t.Errorf("new relationships = %v, want [b]", got)
	}
}

func TestExpectedProRata(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		target   Target
		asOf     string
		expected int64
		elapsed  float64
	}{
		{"before the period", Target{Key: "a", Kind: EESAmount, Value: 366_00}, "2023-12-31", 0, 0},
		{"first day", Target{Key: "a", Kind: EESAmount, Value: 366_00}, "2024-01-01", 1_00, 1.0 / 366},
		{"half of a leap year", Target{Key: "a", Kind: EESAmount, Value: 1_000_000_00}, "2024-07-01", 500_000_00, 0.5},
		{"last day", Target{Key: "n", Kind: DistinctEES, Value: 12}, "2024-12-31", 12, 1},
		{"after the period", Target{Key: "n", Kind: DistinctEES, Value: 12}, "2025-03-01", 12, 1},
		{"a count is not pro-rated: the target itself", Target{Key: "n", Kind: DistinctEES, Value: 3}, "2024-07-01", 3, 0.5},
		{"share: expected is the target itself", Target{Key: "s", Kind: EESShare, Value: 1_500}, "2024-02-01", 1_500, 32.0 / 366},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := Compute(Input{Declaration: yearDeclaration(t, "2024", tc.target), Thresholds: thresholds(t), AsOf: date(t, tc.asOf)})
			if got := p.Targets[0].Expected; got != tc.expected {
				t.Errorf("expected = %d, want %d", got, tc.expected)
			}
			if p.Elapsed != tc.elapsed {
				t.Errorf("elapsed = %v, want %v", p.Elapsed, tc.elapsed)
			}
			if p.Targets[0].OnTrack != (tc.expected == 0) {
				t.Errorf("on track = %v with nothing spent and %d expected", p.Targets[0].OnTrack, tc.expected)
			}
		})
	}
}

func TestComputeTotalsCumulativeAndBreakdowns(t *testing.T) {
	t.Parallel()
	d := yearDeclaration(t, "2025", Target{Key: "a", Kind: EESAmount, Value: 1_000_00})
	cs := []Contract{
		contract(t, "x1", "a", "2025-03-01", 100_00, true),
		contract(t, "x2", "b", "2025-03-01", 50_00, true),
		with(contract(t, "x3", "a", "2025-05-01", 200_00, true), func(c *Contract) { c.Procedure = "invitation"; c.UNSPSC = "90101501" }),
		contract(t, "x4", "c", "2025-06-01", 999_00, false),
		contract(t, "big", "d", "2025-07-01", 200_000_00, true), // above the threshold: not eligible
	}
	p := Compute(Input{Declaration: d, Contracts: cs, Thresholds: thresholds(t), AsOf: date(t, "2025-12-31")})
	wantTotals := Totals{Contracts: 5, EESContracts: 4, Spend: 201_349_00, EligibleSpend: 1_349_00,
		EESSpend: 200_350_00, EESEligibleSpend: 350_00}
	if p.Totals != wantTotals {
		t.Errorf("totals = %+v, want %+v", p.Totals, wantTotals)
	}
	wantLine := []Point{
		{date(t, "2025-01-01"), 0}, {date(t, "2025-03-01"), 150_00},
		{date(t, "2025-05-01"), 350_00}, {date(t, "2025-07-01"), 200_350_00},
	}
	if !slices.Equal(p.Cumulative, wantLine) {
		t.Errorf("cumulative = %v, want %v", p.Cumulative, wantLine)
	}
	top := p.TopSuppliers(2)
	if len(top) != 2 || top[0].Key != "d" || top[1].Key != "a" || top[1].Cents != 300_00 || top[1].Contracts != 2 {
		t.Errorf("top suppliers = %+v", top)
	}
	if top[1].Label != "Fournisseur a" {
		t.Errorf("top supplier label = %q", top[1].Label)
	}
	proc := p.ByProcedure()
	if len(proc) != 2 || proc[0].Key != "gre_a_gre" || proc[0].Cents != 200_150_00 || proc[1].Cents != 200_00 {
		t.Errorf("by procedure = %+v", proc)
	}
	seg := p.BySegment()
	if len(seg) != 2 || seg[0].Key != "72" || seg[1].Key != "90" || !slices.Equal(seg[1].ContractIDs, []string{"x3"}) {
		t.Errorf("by segment = %+v", seg)
	}
}

func TestUnknownThresholdIsReported(t *testing.T) {
	t.Parallel()
	d := yearDeclaration(t, "2019", Target{Key: "s", Kind: EESShare, Value: 1_000})
	cs := []Contract{
		contract(t, "uncovered", "a", "2019-03-01", 10_00, true), // before the first threshold in the fixture
		contract(t, "covered", "b", "2019-09-01", 10_00, true),
	}
	p := Compute(Input{Declaration: d, Contracts: cs, Thresholds: thresholds(t), AsOf: date(t, "2019-12-31")})
	if !slices.Equal(p.UnknownThreshold, []string{"uncovered"}) {
		t.Errorf("unknown threshold = %v", p.UnknownThreshold)
	}
	if p.Totals.EligibleSpend != 10_00 {
		t.Errorf("eligible spend = %d, want only the covered contract", p.Totals.EligibleSpend)
	}
}

func TestDayIsUTCMidnight(t *testing.T) {
	t.Parallel()
	montreal := time.FixedZone("EST", -5*3600)
	tests := []struct {
		in   time.Time
		want string
	}{
		{time.Date(2025, 3, 9, 23, 59, 59, 0, time.UTC), "2025-03-09"},
		{time.Date(2025, 3, 9, 0, 0, 0, 0, time.UTC), "2025-03-09"},
		{time.Date(2025, 3, 9, 21, 0, 0, 0, montreal), "2025-03-10"}, // 02:00 UTC the next day
		{time.Date(1999, 12, 31, 12, 0, 0, 0, time.UTC), "1999-12-31"},
	}
	for _, tc := range tests {
		t.Run(tc.want, func(t *testing.T) {
			got := Day(tc.in)
			if got.Format("2006-01-02") != tc.want || got.Hour() != 0 || got.Location() != time.UTC {
				t.Errorf("Day(%v) = %v", tc.in, got)
			}
		})
	}
}
