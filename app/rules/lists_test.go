package rules

import (
	"slices"
	"testing"
)

func TestBuildYearlyList(t *testing.T) {
	t.Parallel()
	ref := mustDefaults(t)
	c := func(id, sup, date string, amt Cents) ListedContract {
		return ListedContract{ID: id, SupplierKey: sup, SupplierName: "Name " + sup, Date: day(date), Amount: amt}
	}
	for _, tc := range []struct {
		name      string
		contracts []ListedContract
		want      map[string][]string // supplier → listed contract ids
	}{
		{"total exactly 25k is not listed", []ListedContract{c("1", "S", "2025-02-01", 2_000_000), c("2", "S", "2025-03-01", 500_000)}, map[string][]string{}},
		{"total 25k+1c is listed", []ListedContract{c("1", "S", "2025-02-01", 2_000_000), c("2", "S", "2025-03-01", 500_001)}, map[string][]string{"S": {"1", "2"}}},
		{"contract of exactly 2k is neither listed nor counted", []ListedContract{c("1", "S", "2025-02-01", 2_400_000), c("2", "S", "2025-03-01", 200_000)}, map[string][]string{}},
		{"contracts over 2k that exceed 25k are listed", []ListedContract{c("1", "S", "2025-02-01", 2_400_000), c("2", "S", "2025-03-01", 200_000), c("3", "S", "2025-03-02", 200_001)},
			map[string][]string{"S": {"1", "3"}}},
		{"contract of 2k+1c is listed", []ListedContract{c("1", "S", "2025-02-01", 2_400_000), c("2", "S", "2025-03-01", 200_001)}, map[string][]string{"S": {"1", "2"}}},
		{"contracts of 2k or less do not add up to the total", []ListedContract{c("1", "S", "2025-01-01", 150_000), c("2", "S", "2025-01-02", 150_000), c("3", "S", "2025-01-03", 2_300_000)}, map[string][]string{}},
		{"many small contracts only: nothing to list", []ListedContract{c("1", "S", "2025-01-01", 200_000), c("2", "S", "2025-01-02", 200_000), c("3", "S", "2025-01-03", 200_000),
			c("4", "S", "2025-01-04", 200_000), c("5", "S", "2025-01-05", 200_000), c("6", "S", "2025-01-06", 200_000), c("7", "S", "2025-01-07", 200_000),
			c("8", "S", "2025-01-08", 200_000), c("9", "S", "2025-01-09", 200_000), c("10", "S", "2025-01-10", 200_000), c("11", "S", "2025-01-11", 200_000),
			c("12", "S", "2025-01-12", 200_000), c("13", "S", "2025-01-13", 200_000)}, map[string][]string{}},
		{"other years do not count", []ListedContract{c("1", "S", "2024-12-31", 3_000_000), c("2", "S", "2025-01-01", 2_000_000), c("3", "S", "2026-01-01", 3_000_000)}, map[string][]string{}},
		{"suppliers are kept apart", []ListedContract{c("1", "S", "2025-05-01", 2_000_000), c("2", "T", "2025-05-01", 2_000_000), c("3", "T", "2025-04-01", 600_000)}, map[string][]string{"T": {"3", "2"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := BuildYearlyList(ref, 2025, tc.contracts)
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Entries) != len(tc.want) || len(got.Rules) != 3 || got.Deadline == "" {
				t.Fatalf("entries = %+v, want %v", got.Entries, tc.want)
			}
			for _, e := range got.Entries {
				var ids []string
				for _, x := range e.Contracts {
					ids = append(ids, x.ID)
				}
				if !slices.Equal(ids, tc.want[e.SupplierKey]) {
					t.Errorf("%s: listed %v, want %v", e.SupplierKey, ids, tc.want[e.SupplierKey])
				}
			}
		})
	}
	t.Run("totals count only the listed contracts", func(t *testing.T) {
		got, err := BuildYearlyList(ref, 2025, []ListedContract{c("1", "S", "2025-02-01", 2_600_000), c("2", "S", "2025-03-01", 150_000)})
		if err != nil || len(got.Entries) != 1 || got.Entries[0].Total != 2_600_000 {
			t.Fatalf("got %+v, %v", got.Entries, err)
		}
	})
	t.Run("contractors in French alphabetical order", func(t *testing.T) {
		var in []ListedContract
		for i, n := range []string{"Zoo solidaire", "Érablière du Nord", "Eau vive", "Foyer", "Œuvre", "Oasis"} {
			in = append(in, ListedContract{ID: n, SupplierKey: string(rune('A' + i)), SupplierName: n, Date: day("2025-03-01"), Amount: 3_000_000})
		}
		got, err := BuildYearlyList(ref, 2025, in)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, e := range got.Entries {
			names = append(names, e.SupplierName)
		}
		if want := []string{"Eau vive", "Érablière du Nord", "Foyer", "Oasis", "Œuvre", "Zoo solidaire"}; !slices.Equal(names, want) {
			t.Fatalf("order %q, want %q", names, want)
		}
	})
	t.Run("values carried under the LCOM for 2026 and later", func(t *testing.T) {
		got, err := BuildYearlyList(ref, 2027, nil)
		if err != nil || got.ContractFloor != 200_000 || got.SupplierTotal != 2_500_000 || got.Rules[0].Confirmed {
			t.Fatalf("got %+v, %v", got, err)
		}
	})
	t.Run("bad year", func(t *testing.T) {
		_, err := BuildYearlyList(ref, 1800, nil)
		assertErr(t, err, "rules.err.year_invalid")
	})
}

func TestConcentration(t *testing.T) {
	t.Parallel()
	l := func(sup, cat string, proc Procedure, amt Cents, date string) SpendLine {
		return SpendLine{SupplierKey: sup, SupplierName: "Name " + sup, Category: cat, Procedure: proc, Amount: amt, Date: day(date)}
	}
	rule := ConcentrationRule{Limit: 5000, Level: 4, From: day("2025-01-01"), To: day("2025-12-31"), Ref: RuleRef{Key: "policy.concentration", Version: "p1", Citation: "R-1", Source: SourcePolicy}}
	for _, tc := range []struct {
		name  string
		rule  func(ConcentrationRule) ConcentrationRule
		lines []SpendLine
		want  []string // category/supplier
		err   string
	}{
		{"exactly at the limit: no alert", nil, []SpendLine{l("A", "76111500", GreAGre, 500, "2025-02-01"), l("B", "76111501", GreAGre, 500, "2025-02-01")}, nil, ""},
		{"one cent over the limit", nil, []SpendLine{l("A", "76111500", GreAGre, 501, "2025-02-01"), l("B", "76111501", GreAGre, 500, "2025-02-01")}, []string{"7611/A"}, ""},
		{"invitations do not count", nil, []SpendLine{l("A", "76111500", GreAGre, 100, "2025-02-01"), l("B", "76111500", Invitation, 5000, "2025-02-01"), l("B", "76111500", GreAGre, 200, "2025-02-01")}, []string{"7611/B"}, ""},
		{"period bounds", nil, []SpendLine{l("A", "76111500", GreAGre, 900, "2024-12-31"), l("B", "76111500", GreAGre, 100, "2025-01-01"), l("C", "76111500", GreAGre, 100, "2025-12-31")}, nil, ""},
		{"categories at family level", nil, []SpendLine{l("A", "76111500", GreAGre, 900, "2025-03-01"), l("B", "76120000", GreAGre, 100, "2025-03-01")}, []string{"7611/A", "7612/B"}, ""},
		{"class level splits them", func(r ConcentrationRule) ConcentrationRule { r.Level = 8; return r },
			[]SpendLine{l("A", "76111500", GreAGre, 600, "2025-03-01"), l("B", "76111501", GreAGre, 400, "2025-03-01")}, []string{"76111500/A", "76111501/B"}, ""},
		{"minimum spend", func(r ConcentrationRule) ConcentrationRule { r.MinSpend = 2000; return r }, []SpendLine{l("A", "76111500", GreAGre, 900, "2025-03-01")}, nil, ""},
		{"bad limit", func(r ConcentrationRule) ConcentrationRule { r.Limit = 0; return r }, nil, nil, "rules.err.share_invalid"},
		{"bad level", func(r ConcentrationRule) ConcentrationRule { r.Level = 3; return r }, nil, nil, "rules.err.level_invalid"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := rule
			if tc.rule != nil {
				r = tc.rule(r)
			}
			got, err := Concentration(r, tc.lines)
			if tc.err != "" {
				assertErr(t, err, tc.err)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var keys []string
			for _, a := range got {
				keys = append(keys, a.Category+"/"+a.SupplierKey)
				if a.Line.MsgID != "rules.concentration.alert" || a.Line.Rule.Version != "p1" || int64(a.Share)*int64(a.Total)/10000 > int64(a.Spend) {
					t.Errorf("bad alert %+v", a)
				}
			}
			if !slices.Equal(keys, tc.want) {
				t.Fatalf("alerts = %v, want %v", keys, tc.want)
			}
		})
	}
}
