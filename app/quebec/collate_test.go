package quebec

import (
	"slices"
	"testing"
)

// TestSortNamesInFrench: names sort as a French reader expects, not in byte order (where every accented
// capital follows Z).
func TestSortNamesInFrench(t *testing.T) {
	cases := []struct {
		name string
		in   []string
		want []string
	}{
		{"É with E, before F", []string{"Zoo", "Foyer", "Échevin", "Eau", "Ecole"},
			[]string{"Eau", "Échevin", "Ecole", "Foyer", "Zoo"}},
		{"Saint-Élie next to Saint-Elzéar", []string{"Saint-Eustache", "Saint-Zotique", "Saint-Élie", "Saint-Adolphe", "Saint-Elzéar"},
			[]string{"Saint-Adolphe", "Saint-Élie", "Saint-Elzéar", "Saint-Eustache", "Saint-Zotique"}},
		{"Œ as OE", []string{"Ozias", "Œuvre de Marie", "Oasis", "Oeuf"},
			[]string{"Oasis", "Oeuf", "Œuvre de Marie", "Ozias"}},
		{"Ç with C", []string{"Cyclo", "Çà et là", "Caisse", "Carrefour"},
			[]string{"Çà et là", "Caisse", "Carrefour", "Cyclo"}},
		{"accents only break ties", []string{"côté", "côte", "coté", "cote"},
			[]string{"cote", "coté", "côte", "côté"}},
		{"case does not separate", []string{"bio", "Zèbre", "Abeille", "avoine"},
			[]string{"Abeille", "avoine", "bio", "Zèbre"}},
		{"numbers by value", []string{"Lot 10", "Lot 2", "Lot 1"},
			[]string{"Lot 1", "Lot 2", "Lot 10"}},
		{"regions people know", []string{"Montréal", "Montérégie", "Mauricie", "Côte-Nord", "Chaudière-Appalaches", "Estrie"},
			[]string{"Chaudière-Appalaches", "Côte-Nord", "Estrie", "Mauricie", "Montérégie", "Montréal"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := slices.Clone(c.in)
			SortNames(got, func(s string) string { return s })
			if !slices.Equal(got, c.want) {
				t.Fatalf("SortNames(%q) = %q, want %q", c.in, got, c.want)
			}
			byCompare := slices.Clone(c.in)
			slices.SortStableFunc(byCompare, NameOrder())
			if !slices.Equal(byCompare, c.want) {
				t.Fatalf("NameOrder sorts %q as %q, want %q", c.in, byCompare, c.want)
			}
		})
	}
}

func TestSortNamesIsStableOnEqualNames(t *testing.T) {
	type row struct{ name, id string }
	rows := []row{{"Coop Alpha", "2"}, {"Abeille", "9"}, {"Coop Alpha", "1"}}
	SortNames(rows, func(r row) string { return r.name })
	if got := []string{rows[0].id, rows[1].id, rows[2].id}; !slices.Equal(got, []string{"9", "2", "1"}) {
		t.Fatalf("order %q, want 9 2 1 (equal names keep their order)", got)
	}
}

func TestRegionCodesInNameOrder(t *testing.T) {
	p := NewPlaces([]Municipality{
		{Code: "66023", Name: "Montréal", RegionCode: "06", RegionName: "Montréal"},
		{Code: "58227", Name: "Longueuil", RegionCode: "16", RegionName: "Montérégie"},
		{Code: "43027", Name: "Sherbrooke", RegionCode: "05", RegionName: "Estrie"},
		{Code: "01023", Name: "Rimouski", RegionCode: "01", RegionName: "Bas-Saint-Laurent"},
	})
	if got, want := p.RegionCodes(), []string{"01", "05", "16", "06"}; !slices.Equal(got, want) {
		t.Fatalf("RegionCodes() = %q, want %q (Bas-Saint-Laurent, Estrie, Montérégie, Montréal)", got, want)
	}
}
