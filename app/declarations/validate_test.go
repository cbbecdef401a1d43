package declarations

import (
	"slices"
	"testing"

	"maillage/app/errs"
)

func TestValidate(t *testing.T) {
	t.Parallel()
	ok := func() Declaration {
		return yearDeclaration(t, "2025",
			Target{Key: "a", Kind: EESAmount, Value: 100_000_00},
			Target{Key: "s", Kind: EESShare, Value: 10_000},
			Target{Key: "g", Kind: SegmentEESShare, Segment: "90", Value: 0},
			Target{Key: "l", Kind: LocalShare, Territory: Territory{Level: LevelRegion, Code: "17"}, Value: 5_000},
		)
	}
	tests := []struct {
		name   string
		change func(*Declaration)
		fields []string // field → first key expected
		keys   []string
	}{
		{"valid", func(*Declaration) {}, nil, nil},
		{"draft needs no resolution", func(d *Declaration) { d.Status = Draft; d.ResolutionNumber = "" }, nil, nil},
		{"one-day period", func(d *Declaration) { d.PeriodEnd = d.PeriodStart }, nil, nil},
		{"period ending before it starts", func(d *Declaration) { d.PeriodEnd = date(t, "2024-12-31") },
			[]string{"period_end"}, []string{"declarations.period_end_before_start"}},
		{"period without end", func(d *Declaration) { d.PeriodEnd = zeroTime() },
			[]string{"period_end"}, []string{"declarations.period_end_required"}},
		{"period over ten years", func(d *Declaration) { d.PeriodEnd = date(t, "2036-01-02") },
			[]string{"period_end"}, []string{"declarations.period_too_long"}},
		{"adopted without resolution", func(d *Declaration) { d.ResolutionNumber = " "; d.ResolutionDate = zeroTime() },
			[]string{"resolution_number", "resolution_date"},
			[]string{"declarations.resolution_number_required", "declarations.resolution_date_required"}},
		{"no French text", func(d *Declaration) { d.TextFR = "  " }, []string{"text_fr"}, []string{"declarations.text_fr_required"}},
		{"negative amount", func(d *Declaration) { d.Targets[0].Value = -1 },
			[]string{"targets[0].value"}, []string{"declarations.target_negative"}},
		{"share over 100 %", func(d *Declaration) { d.Targets[1].Value = 10_001 },
			[]string{"targets[1].value"}, []string{"declarations.target_share_over_100"}},
		{"local share over 100 %", func(d *Declaration) { d.Targets[3].Value = 25_000 },
			[]string{"targets[3].value"}, []string{"declarations.target_share_over_100"}},
		{"absurd amount", func(d *Declaration) { d.Targets[0].Value = maxAmountCents + 1 },
			[]string{"targets[0].value"}, []string{"declarations.target_amount_too_large"}},
		{"absurd count", func(d *Declaration) {
			d.Targets = append(d.Targets, Target{Key: "n", Kind: DistinctEES, Value: maxCount + 1})
		}, []string{"targets[4].value"}, []string{"declarations.target_count_too_large"}},
		{"unknown kind", func(d *Declaration) { d.Targets[0].Kind = "happiness" },
			[]string{"targets[0].kind"}, []string{"declarations.target_kind_unknown"}},
		{"bad segment", func(d *Declaration) { d.Targets[2].Segment = "9" },
			[]string{"targets[2].segment"}, []string{"declarations.target_segment_invalid"}},
		{"region 18 does not exist", func(d *Declaration) { d.Targets[3].Territory.Code = "18" },
			[]string{"targets[3].territory"}, []string{"declarations.target_territory_invalid"}},
		{"MRC code with a region level", func(d *Declaration) { d.Targets[3].Territory = Territory{Level: LevelRegion, Code: "660"} },
			[]string{"targets[3].territory"}, []string{"declarations.target_territory_invalid"}},
		{"same target twice", func(d *Declaration) {
			d.Targets = append(d.Targets, Target{Key: "a2", Kind: EESAmount, Value: 1})
		}, []string{"targets[4].kind"}, []string{"declarations.target_duplicate"}},
		{"same key twice", func(d *Declaration) {
			d.Targets = append(d.Targets, Target{Key: "a", Kind: DistinctEES, Value: 1})
		}, []string{"targets[4].key"}, []string{"declarations.target_key_invalid"}},
		{"custom eligibility without its stated definition", func(d *Declaration) {
			d.Eligibility = Eligibility{Rule: Custom, MaxAmountCents: -5, ExcludedSegments: []string{"x"}}
		}, []string{"eligibility.description_fr", "eligibility.max_amount", "eligibility.excluded_segments"},
			[]string{"declarations.eligibility_description_required", "declarations.eligibility_ceiling_negative", "declarations.target_segment_invalid"}},
		{"unknown eligibility rule", func(d *Declaration) { d.Eligibility.Rule = "" },
			[]string{"eligibility.rule"}, []string{"declarations.eligibility_rule_unknown"}},
		{"commitment without text or status", func(d *Declaration) {
			d.Commitments = []Commitment{{Key: "c1", Status: "maybe"}}
		}, []string{"commitments[0].text_fr", "commitments[0].status"},
			[]string{"declarations.commitment_text_required", "declarations.commitment_status_unknown"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := ok()
			tc.change(&d)
			err := Validate(d)
			if tc.fields == nil {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			e := errs.As(err)
			if e == nil || e.Kind != errs.Invalid || e.Key != "declarations.invalid" {
				t.Fatalf("want an invalid declarations error, got %v", err)
			}
			var fields, keys []string
			for _, f := range e.Fields {
				fields = append(fields, f.Field)
				keys = append(keys, f.Key)
			}
			if !slices.Equal(fields, tc.fields) || !slices.Equal(keys, tc.keys) {
				t.Errorf("fields = %v %v, want %v %v", fields, keys, tc.fields, tc.keys)
			}
		})
	}
}

func TestCheckOverlap(t *testing.T) {
	t.Parallel()
	existing := []Declaration{yearDeclaration(t, "2024"), yearDeclaration(t, "2026")}
	tests := []struct {
		name       string
		start, end string
		id         string
		conflict   bool
	}{
		{"the year between", "2025-01-01", "2025-12-31", "new", false},
		{"sharing the last day of 2024", "2024-12-31", "2025-06-30", "new", true},
		{"sharing the first day of 2026", "2025-07-01", "2026-01-01", "new", true},
		{"covering everything", "2020-01-01", "2030-12-31", "new", true},
		{"inside 2024", "2024-03-01", "2024-03-31", "new", true},
		{"editing 2024 itself", "2024-01-01", "2024-11-30", "d2024", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := Declaration{ID: tc.id, PeriodStart: date(t, tc.start), PeriodEnd: date(t, tc.end)}
			err := CheckOverlap(d, existing)
			if tc.conflict != (err != nil) {
				t.Fatalf("conflict = %v, want %v", err, tc.conflict)
			}
			if err != nil && (errs.KindOf(err) != errs.Conflict || errs.As(err).Key != "declarations.period_overlap") {
				t.Errorf("wrong error: %v", err)
			}
		})
	}
}
