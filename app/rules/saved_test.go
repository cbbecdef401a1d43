package rules

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

// TestSavedRoundTrip: an answer comes back from its saved form as it was, whatever the suppliers' names hold;
// answers saved in the first format (lines inline) still read.
func TestSavedRoundTrip(t *testing.T) {
	t.Parallel()
	ref := mustDefaults(t)
	pol := basePolicy()
	pol.LocalScope, pol.LocalMechanism, pol.LocalCodes, pol.EESPreference, pol.RotationMonths = TerritoryRegion, MechanismInvite, []string{"04"}, true, 12
	sups := register()
	sups[0].Name = `Coop "Les Deux Rives" \ inc.`
	sups[1].Name = "Bravo\tTab\u2028 <b>&</b> é"
	in := Input{Purchase: basePurchase(), Policy: &pol, Reference: ref, Suppliers: sups}
	in.Purchase.Options = 100_000
	want, err := Advise(in)
	if err != nil {
		t.Fatal(err)
	}
	want.Uncategorized, want.UncategorizedCount, want.OutOfCategory = []NamedSupplier{{SupplierID: "Z", Name: "Zèbre"}}, 1, 3
	b, err := encodeSaved(toSaved(want), nil)
	if err != nil {
		t.Fatal(err)
	}
	s, err := decodeSaved(b)
	if err != nil {
		t.Fatal(err)
	}
	got := s.advice()
	// Arguments come back from JSON as JSON types: compare their JSON.
	wj, _ := json.Marshal(want)
	gj, _ := json.Marshal(got)
	if string(wj) != string(gj) {
		t.Fatalf("round trip differs:\n%s\n%s", wj, gj)
	}
	if got.Ranked[0].Name != want.Ranked[0].Name || len(s.Lines) >= len(allLines(want)) {
		t.Fatalf("names or interning: %q, %d distinct lines of %d", got.Ranked[0].Name, len(s.Lines), len(allLines(want)))
	}
	t.Run("invalid UTF-8 in a name is kept readable", func(t *testing.T) {
		b := appendJSONString(nil, "a\xffb")
		var back string
		if err := json.Unmarshal(b, &back); err != nil || back != "a\ufffdb" {
			t.Fatalf("%q → %q, %v", b, back, err)
		}
	})
	t.Run("format 1", func(t *testing.T) {
		old := `{"date":"2025-03-01T00:00:00Z","amount":1000000,"band":"small","procedure":"gre_a_gre","policy":"p1",
			"rules":[{"key":"register.category","version":"","citation":"","confirmed":true,"source":"policy"}],
			"why":[{"m":"rules.proc.gre_a_gre_under_floor","a":{"Amount":1000000},"r":0}],
			"ranked":[{"i":"A","n":"Alpha","k":1,"l":[{"m":"rules.rank.category","a":{"Category":"76110000"},"r":0}]}]}`
		s, err := decodeSaved([]byte(old))
		if err != nil {
			t.Fatal(err)
		}
		a := s.advice()
		if a.Procedure != GreAGre || a.Expense != 1_000_000 || len(a.Ranked) != 1 || a.Ranked[0].Reasons[0].MsgID != "rules.rank.category" ||
			!reflect.DeepEqual(a.LaunchDate, day("2025-03-01")) {
			t.Fatalf("%+v", a)
		}
	})
}

// TestSavedEncoderWritesWhatEncodingJSONWrites: the hand-written encoder of the saved answer writes byte for
// byte what encoding/json writes for the same value, whatever the strings, argument types and empty parts.
func TestSavedEncoderWritesWhatEncodingJSONWrites(t *testing.T) {
	t.Parallel()
	ref := mustDefaults(t)
	pol := basePolicy()
	pol.LocalScope, pol.LocalMechanism, pol.LocalCodes, pol.EESPreference, pol.RotationMonths = TerritoryRegion, MechanismInvite, []string{"04"}, true, 12
	in := Input{Purchase: basePurchase(), Policy: &pol, Reference: ref, Suppliers: register()}
	adv, err := Advise(in)
	if err != nil {
		t.Fatal(err)
	}
	tricky := "Coop \"Deux Rives\" \\ <b>&</b>\n\r\t\b\f\x01\x1f é \u2028\u2029 ☃ \xff fin"
	montreal := time.FixedZone("EST", -5*3600)
	args := map[string]any{"S": tricky, "I": 3, "I64": int64(-7), "C": Cents(123_456), "P": Percent(500), "B": true,
		"T": Day(2025, 3, 1), "TN": time.Date(2025, 3, 1, 10, 4, 5, 120, montreal), "L": []string{"04", "<06>"}, "R": RegimeLCVCM, "N": nil}
	cases := []struct {
		name string
		s    savedAdvice
	}{
		{"an engine answer", toSaved(adv)},
		{"empty", savedAdvice{}},
		{"every part, tricky values", savedAdvice{V: savedFormat, Date: Day(2025, 1, 2), Award: time.Date(2026, 4, 1, 0, 0, 0, 1, time.UTC), Amount: -5,
			Options: 7, Expense: 9, Regime: RegimeLCVCM, Body: BodyMunicipal, LawOnly: true, Band: BandMiddle, Procedure: Invitation, Policy: tricky,
			Rules: []RuleRef{{Key: "k", Version: tricky, Citation: "LCV, art. 573", Confirmed: true, Source: SourceLaw, URL: "https://x.test/?a=1&b=<2>"}, {}},
			Lines: []savedLine{{M: "m", A: args, R: 1}, {M: tricky}, {A: map[string]any{}}},
			Basis: []savedLine{}, Why: nil, Pref: []savedLine{{M: "p"}}, Exempt: []savedLine{{M: "e", A: map[string]any{"X": 1.5}}},
			Docs:     []savedDoc{{T: "insurance", L: savedLine{M: "d", A: map[string]any{"Doc": "insurance"}}}},
			Warn:     []savedLine{{M: "w", R: 2}},
			Ranked:   []savedSupplier{{I: "a", N: tricky, K: 1, X: []int{0, 2}}, {I: "b", N: "", X: []int{}}},
			Excluded: []savedSupplier{{I: "c", N: "Zèbre", L: []savedLine{{M: "old", A: map[string]any{"Category": "72000000"}}}}},
			Others:   4, Uncat: []NamedSupplier{{SupplierID: "u", Name: tricky}}, UncatN: 12}},
		{"empty lists rather than none", savedAdvice{Rules: []RuleRef{}, Why: []savedLine{}, Lines: []savedLine{}, Ranked: []savedSupplier{}, Uncat: []NamedSupplier{}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			want, err := json.Marshal(tc.s)
			if err != nil {
				t.Fatal(err)
			}
			got, err := tc.s.appendJSON(nil)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != string(want) {
				t.Fatalf("hand-written:\n%s\nencoding/json:\n%s", got, want)
			}
		})
	}
	t.Run("a year encoding/json refuses is refused", func(t *testing.T) {
		if _, err := (savedAdvice{Date: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}).appendJSON(nil); err == nil {
			t.Fatal("no error")
		}
	})
}
