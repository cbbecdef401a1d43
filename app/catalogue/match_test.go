package catalogue

import (
	"math"
	"testing"
)

func TestSimilarityMatchesPgTrgm(t *testing.T) {
	t.Parallel()
	// Values computed by PostgreSQL 15 pg_trgm similarity() (the first is the example of its manual).
	cases := []struct {
		a, b string
		want float64
	}{
		{"word", "two words", 4.0 / 11.0},
		{"deneigement", "deneigement", 1},
		{"abc", "xyz", 0},
		{"", "abc", 0},
	}
	for _, c := range cases {
		t.Run(c.a+"~"+c.b, func(t *testing.T) {
			if got := Similarity(c.a, c.b); math.Abs(got-c.want) > 1e-9 {
				t.Errorf("Similarity(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
			}
		})
	}
	t.Run("accents and case do not count", func(t *testing.T) {
		if Similarity("Déneigement", "DENEIGEMENT") != 1 {
			t.Error("folded strings should be identical")
		}
	})
	t.Run("a typo stays close", func(t *testing.T) {
		if s := Similarity("marmite solidaire", "marmitte solidaire"); s < 0.6 {
			t.Errorf("similarity %v too low", s)
		}
	})
}

func TestMatcherSimilar(t *testing.T) {
	t.Parallel()
	existing := []Entry{
		{ID: "e1", Name: "Coopérative de solidarité Le Grenier", Address: Address{MunicipalityCode: "43027"}, Status: StatusActive},
		{ID: "e2", Name: "Ressourcerie du Grand Portage", OtherNames: []string{"RGP"}, Address: Address{MunicipalityCode: "12072"}, Status: StatusActive},
		{ID: "e3", Name: "Le Grenier", Address: Address{MunicipalityCode: "23027"}, Status: StatusActive},
		{ID: "e4", Name: "Jardins du Sillon", Address: Address{MunicipalityCode: "43027"}, Status: StatusRetired},
	}
	m := NewMatcher(existing)
	cases := []struct {
		name, muni string
		wantFirst  string
		wantSame   bool
		wantNone   bool
		minScore   float64
	}{
		{name: "LE GRENIER, COOP DE SOLIDARITÉ", muni: "43027", wantFirst: "e1", wantSame: true, minScore: 0.99},
		{name: "Le Grenier", muni: "23027", wantFirst: "e3", wantSame: true, minScore: 0.99},
		{name: "Ressourcerie Grand-Portage", muni: "12072", wantFirst: "e2", wantSame: true, minScore: 0.9},
		{name: "Ressourcerie du Grand Portage", muni: "23027", wantFirst: "e2", wantSame: false, minScore: 0.6},
		{name: "rgp", muni: "12072", wantFirst: "e2", wantSame: true, minScore: 0.99},
		{name: "Jardins du Sillon", muni: "43027", wantNone: true},
		{name: "Vélo Cargo", muni: "66023", wantNone: true},
	}
	for _, c := range cases {
		t.Run(c.name+"@"+c.muni, func(t *testing.T) {
			got := m.Similar(c.name, c.muni, PossibleScore, 5)
			if c.wantNone {
				if len(got) != 0 {
					t.Fatalf("want no match, got %+v", got)
				}
				return
			}
			if len(got) == 0 {
				t.Fatal("no match")
			}
			if got[0].EntryID != c.wantFirst || got[0].SameMunicipality != c.wantSame || got[0].Score < c.minScore {
				t.Errorf("first match %+v, want %s same=%v score≥%v", got[0], c.wantFirst, c.wantSame, c.minScore)
			}
			for i := 1; i < len(got); i++ {
				if got[i].Score > got[i-1].Score {
					t.Errorf("not sorted: %+v", got)
				}
			}
		})
	}
	t.Run("by NEQ and source ref", func(t *testing.T) {
		m := NewMatcher([]Entry{{ID: "x", NEQ: "1164123456", Source: Source{Name: "Pôle", Ref: "17"}}})
		if e, ok := m.ByNEQ("1164123456"); !ok || e.ID != "x" {
			t.Error("NEQ not found")
		}
		if _, ok := m.BySourceRef("Pôle", "17"); !ok {
			t.Error("ref not found")
		}
		if _, ok := m.BySourceRef("Autre", "17"); ok {
			t.Error("ref of another source found")
		}
		if _, ok := m.BySourceRef("Pôle", ""); ok {
			t.Error("empty ref found")
		}
	})
}
