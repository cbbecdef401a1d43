package rules

import (
	"math/rand/v2"
	"reflect"
	"testing"

	"maillage/app/errs"
)

func TestDefaultReferenceKeys(t *testing.T) {
	t.Parallel()
	ref := mustDefaults(t)
	for _, tc := range []struct {
		key       string
		on        string
		want      Cents
		confirmed bool
	}{
		{"muni_invitation_floor", "2025-01-01", 2_500_000, true},
		{"muni_invitation_floor", "2026-04-01", 2_500_000, false},
		{"muni_tender_threshold", "2018-02-15", 10_000_000, true},
		{"muni_tender_threshold", "2018-04-18", 10_000_000, true},
		{"muni_tender_threshold", "2018-04-19", 10_110_000, true},
		{"muni_tender_threshold", "2019-12-31", 10_110_000, true},
		{"muni_tender_threshold", "2020-01-01", 10_570_000, false},
		{"muni_tender_threshold", "2022-10-06", 10_570_000, false},
		{"muni_tender_threshold", "2022-10-07", 12_120_000, true},
		{"muni_tender_threshold", "2023-12-31", 12_120_000, true},
		{"muni_tender_threshold", "2024-01-01", 13_380_000, true},
		{"muni_tender_threshold", "2026-01-01", 13_900_000, false},
		{"muni_tender_threshold", "2026-06-01", 13_900_000, false},
		{"lcop_tender_threshold_ministry_goods", "2025-01-01", 3_340_000, false},
		{"lcop_tender_threshold_health_construction", "2018-06-01", 10_000_000, true},
		{"lcop_tender_threshold_health_construction", "2019-06-01", 10_000_000, false},
		{"rq_attestation_threshold", "2025-01-01", 2_500_000, true},
		{"amp_threshold_construction", "2025-01-01", 500_000_000, true},
		{"amp_threshold_services", "2025-01-01", 100_000_000, true},
		{"muni_yearly_list_contract_floor", "2025-01-01", 200_000, true},
		{"muni_yearly_list_supplier_total", "2025-01-01", 2_500_000, true},
	} {
		t.Run(tc.key+" "+tc.on, func(t *testing.T) {
			v, ok := ref.At(tc.key, day(tc.on))
			if !ok {
				t.Fatalf("no %s on %s", tc.key, tc.on)
			}
			if v.Cents != tc.want || v.Confirmed != tc.confirmed || v.Citation == "" || v.Source == "" || v.Confidence == "" {
				t.Fatalf("got %+v", v)
			}
		})
	}
	for _, tc := range []struct {
		key string
		on  string
		in  bool
	}{
		{"loi67_window", "2021-06-24", false}, {"loi67_window", "2021-06-25", true},
		{"loi67_window", "2024-06-24", true}, {"loi67_window", "2024-06-25", false},
		{"lcom_in_force", "2026-03-31", false}, {"lcom_in_force", "2026-04-01", true},
		{"lcop_14_1_measures", "2022-12-01", false}, {"lcop_14_1_measures", "2022-12-02", true},
		{"lcv_573_3_nonprofit", "2025-01-01", true}, {"lcv_573_3_solidarity_coop", "2018-04-18", false},
		{"lcv_573_3_solidarity_coop", "2018-04-19", true}, {"lcv_573_3_listed_services", "2025-01-01", true},
		{"lcop_14_11_ees_margin", "2023-02-05", false}, {"lcop_14_11_ees_margin", "2023-02-06", true},
		{"muni_rgc_band", "2018-04-18", false}, {"muni_rgc_band", "2018-04-19", true},
	} {
		t.Run(tc.key+" in force "+tc.on, func(t *testing.T) {
			if _, ok := ref.At(tc.key, day(tc.on)); ok != tc.in {
				t.Fatalf("in force = %v, want %v", ok, tc.in)
			}
		})
	}
	t.Run("municipal net taxes", func(t *testing.T) {
		v, ok := ref.At("muni_amount_basis", day("2025-01-01"))
		if !ok || v.Kind != KindRate || v.Number != 49_875 || !v.Confirmed {
			t.Fatalf("got %+v", v)
		}
	})
}

func TestReferenceValidate(t *testing.T) {
	t.Parallel()
	base := func() LegalValue {
		return LegalValue{Key: "k", Version: "k/1", Kind: KindCents, Cents: 1, From: day("2020-01-01"), To: day("2020-12-31"), Citation: "c"}
	}
	for _, tc := range []struct {
		name string
		vals func() []LegalValue
		want string
	}{
		{"valid", func() []LegalValue {
			b := base()
			n := base()
			n.Version, n.From, n.To = "k/2", day("2021-01-01"), day("2021-12-31")
			return []LegalValue{b, n}
		}, ""},
		{"overlap by one day", func() []LegalValue {
			b := base()
			n := base()
			n.Version, n.From, n.To = "k/2", day("2020-12-31"), day("2021-12-31")
			return []LegalValue{b, n}
		}, "rules.err.legal_overlap"},
		{"open end overlaps later", func() []LegalValue {
			b := base()
			b.To = day("0001-01-01")
			n := base()
			n.Version, n.From = "k/2", day("2030-01-01")
			return []LegalValue{b, n}
		}, "rules.err.legal_overlap"},
		{"duplicate version", func() []LegalValue {
			b := base()
			n := base()
			n.From, n.To = day("2021-01-01"), day("2021-12-31")
			return []LegalValue{b, n}
		}, "rules.err.version_invalid"},
		{"no citation", func() []LegalValue { b := base(); b.Citation = ""; return []LegalValue{b} }, "rules.err.citation_required"},
		{"to before from", func() []LegalValue { b := base(); b.To = day("2019-01-01"); return []LegalValue{b} }, "rules.err.period_invalid"},
		{"negative value", func() []LegalValue { b := base(); b.Cents = -5; return []LegalValue{b} }, "rules.err.value_negative"},
		{"unknown kind", func() []LegalValue { b := base(); b.Kind = "float"; return []LegalValue{b} }, "rules.err.kind_invalid"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := Reference{Values: tc.vals()}.Validate()
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			assertErr(t, err, tc.want)
		})
	}
}

func TestPolicyOverlap(t *testing.T) {
	t.Parallel()
	v := func(id, from, to string) Policy {
		p := basePolicy()
		p.VersionID, p.ResolutionNumber, p.From = id, id, day(from)
		if to != "" {
			p.To = day(to)
		}
		return p
	}
	for _, tc := range []struct {
		name     string
		versions []Policy
		conflict bool
	}{
		{"adjacent", []Policy{v("a", "2020-01-01", "2021-12-31"), v("b", "2022-01-01", "")}, false},
		{"same day", []Policy{v("a", "2020-01-01", "2021-12-31"), v("b", "2021-12-31", "")}, true},
		{"open version before a new one", []Policy{v("b", "2022-01-01", ""), v("a", "2020-01-01", "")}, true},
		{"single", []Policy{v("a", "2020-01-01", "")}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckNoOverlap(tc.versions)
			if got := errs.Is(err, errs.Conflict); got != tc.conflict {
				t.Fatalf("conflict = %v (%v)", got, err)
			}
		})
	}
	vs := []Policy{v("a", "2020-01-01", "2021-12-31"), v("b", "2022-01-01", "")}
	for _, tc := range []struct{ on, want string }{{"2021-12-31", "a"}, {"2022-01-01", "b"}, {"2019-12-31", ""}} {
		t.Run("in force "+tc.on, func(t *testing.T) {
			p, _ := InForce(vs, day(tc.on))
			if p.VersionID != tc.want {
				t.Fatalf("got %q", p.VersionID)
			}
		})
	}
}

// TestDeterministic: the same register in any order gives the same answer.
func TestDeterministic(t *testing.T) {
	t.Parallel()
	ref := mustDefaults(t)
	pol := basePolicy()
	pol.LocalScope, pol.LocalMechanism, pol.LocalCodes, pol.EESPreference, pol.RotationMonths = TerritoryRegion, MechanismInvite, []string{"04"}, true, 6
	in := Input{Purchase: basePurchase(), Policy: &pol, Reference: ref, Suppliers: register()}
	want, err := Advise(in)
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 20 {
		s := register()
		r.Shuffle(len(s), func(i, j int) { s[i], s[j] = s[j], s[i] })
		in.Suppliers = s
		got, err := Advise(in)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("shuffle %d: answer differs (%v)", i, err)
		}
	}
}
