package rules

import (
	"encoding/json"
	"reflect"
	"testing"
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
	b, err := encodeSaved(toSaved(want))
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
