package quebec

import (
	"encoding/csv"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
)

var (
	placesOnce sync.Once
	testPl     *Places
	placesErr  error
)

// testPlaces indexes the MAMH copy of testdata (see testdata/README.md).
func testPlaces(t *testing.T) *Places {
	t.Helper()
	placesOnce.Do(func() {
		f, err := os.Open("testdata/municipalites_mamh_2025.csv")
		if err != nil {
			placesErr = err
			return
		}
		defer f.Close()
		recs, err := csv.NewReader(f).ReadAll()
		if err != nil {
			placesErr = err
			return
		}
		var ms []Municipality
		for _, r := range recs[1:] {
			pop, _ := strconv.Atoi(r[7])
			ms = append(ms, Municipality{Code: r[0], Name: r[1], Designation: r[2], RegionCode: r[3], RegionName: r[4],
				MRCCode: r[5], MRCName: r[6], Population: pop, PostalCode: r[8]})
		}
		testPl = NewPlaces(ms)
	})
	if placesErr != nil {
		t.Fatal(placesErr)
	}
	return testPl
}

func TestCleanPlace(t *testing.T) {
	tests := map[string]string{
		"Trois-Rivières (Québec)":        "Trois-Rivières",
		"TROIS-RIVIÈRES (QUÉBEC)":        "TROIS-RIVIÈRES",
		"Shawinigan, QC":                 "Shawinigan",
		"Shawinigan QC G9N 1A1":          "Shawinigan",
		"C.P. 245, Shawinigan":           "Shawinigan",
		"Shawinigan C.P. 1020":           "Shawinigan",
		"CP 12 Succ. Bureau-Chef, Laval": "Laval",
		"Case postale 7, Lévis (Québec)": "Lévis",
		"St-Boniface":                    "Saint-Boniface",
		"Ste-Thècle":                     "Sainte-Thècle",
		"ST. BONIFACE":                   "Saint-BONIFACE",
		"Lac-St-Jean":                    "Lac-Saint-Jean",
		"Québec":                         "Québec",
		"Québec (Québec)":                "Québec",
		"Ville de Québec":                "Ville de Québec",
		"Notre-Dame-du-Mont-Carmel (QC)": "Notre-Dame-du-Mont-Carmel",
	}
	for in, want := range tests {
		t.Run(in, func(t *testing.T) {
			if got := CleanPlace(in); got != want {
				t.Errorf("CleanPlace(%q) = %q, want %q", in, got, want)
			}
		})
	}
}

func TestResolvePlace(t *testing.T) {
	p := testPlaces(t)
	tests := []struct {
		name  string
		cell  string
		hints PlaceHints
		want  string // code, "" when not found
		via   string
		cands int // candidates when not found (at least)
	}{
		{"code", "37067", PlaceHints{}, "37067", "code", 0},
		{"REQ suffix and capitals", "TROIS-RIVIÈRES (QUÉBEC)", PlaceHints{}, "37067", "name", 0},
		{"no accents, no hyphen", "trois rivieres", PlaceHints{}, "37067", "name", 0},
		{"a P.O. box in the cell", "C.P. 245, Shawinigan (Québec)", PlaceHints{}, "36033", "name", 0},
		{"St- abbreviation", "St-Boniface", PlaceHints{}, "51085", "name", 0},
		{"Ste- abbreviation", "STE-THÈCLE", PlaceHints{}, "35050", "name", 0},
		{"a merged municipality", "Cap-de-la-Madeleine", PlaceHints{}, "37067", "former", 0},
		{"a merged municipality, REQ style", "GRAND-MÈRE (QUÉBEC)", PlaceHints{}, "36033", "former", 0},
		{"a former name", "Saint-Boniface-de-Shawinigan", PlaceHints{}, "51085", "former", 0},
		{"a Montréal borough", "Rosemont–La Petite-Patrie", PlaceHints{}, "66023", "former", 0},
		{"homonyms without a hint", "Saint-Lambert", PlaceHints{}, "", "", 2},
		{"homonyms told apart by the postal code's FSA", "Saint-Lambert", PlaceHints{PostalCode: "J4P 3N7"}, "58012", "hint", 0},
		{"homonyms told apart by the FSA's region", "Saint-Donat", PlaceHints{PostalCode: "J0T 2C0"}, "62060", "hint", 0},
		{"homonyms told apart by the row's region", "Saint-Donat", PlaceHints{Region: "Bas-Saint-Laurent"}, "09030", "hint", 0},
		{"homonyms told apart by the territory (an MRC)", "Saint-Donat", PlaceHints{Territory: "MRC de la Matawinie"}, "62060", "hint", 0},
		{"homonyms told apart by the body's region", "Saint-Lambert", PlaceHints{BodyRegion: "16"}, "58012", "hint", 0},
		{"a hint that fits none keeps the ambiguity", "Saint-Lambert", PlaceHints{Region: "04"}, "", "", 2},
		{"designation in brackets", "Hatley (Canton)", PlaceHints{}, "45055", "name", 0},
		{"a misspelling suggests the near names", "Trois-Rivère", PlaceHints{}, "", "", 1},
		{"nothing like it", "Springfield", PlaceHints{}, "", "", 0},
		{"empty", "  ", PlaceHints{}, "", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := p.ResolvePlace(tt.cell, tt.hints)
			if got.Municipality.Code != tt.want || got.Found != (tt.want != "") {
				t.Fatalf("ResolvePlace(%q) = %s %v (candidates %v)", tt.cell, got.Municipality.Code, got.Found, names(got.Candidates))
			}
			if tt.want != "" && got.Via != tt.via {
				t.Errorf("via %q, want %q", got.Via, tt.via)
			}
			if tt.want == "" && len(got.Candidates) < tt.cands {
				t.Errorf("candidates %v, want at least %d", names(got.Candidates), tt.cands)
			}
			if tt.via == "former" && (got.Former == nil || got.Former.CurrentCode != tt.want) {
				t.Errorf("former %+v", got.Former)
			}
		})
	}
	t.Run("the misspelling's suggestions include the right one", func(t *testing.T) {
		if c := p.ResolvePlace("Trois-Rivère", PlaceHints{}).Candidates; !strings.Contains(names(c), "37067") {
			t.Errorf("candidates %v", names(c))
		}
	})
}

func names(ms []Municipality) string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Name+" "+m.Code)
	}
	return strings.Join(out, ", ")
}

// Every row of the history table names today's municipality by a code the MAMH list has, and no
// former name shadows a municipality that exists today.
func TestFormerMunicipalitiesFile(t *testing.T) {
	p := testPlaces(t)
	f := p.FormerNames()
	if len(f) < 150 {
		t.Fatalf("only %d former municipalities read from the embedded file", len(f))
	}
	for _, x := range f {
		t.Run(x.Name, func(t *testing.T) {
			if _, ok := p.Municipality(x.CurrentCode); !ok {
				t.Errorf("today's code %s is not a municipality", x.CurrentCode)
			}
			if len(p.byName[Fold(x.Name)]) > 0 {
				t.Errorf("%q is also the name of a municipality today", x.Name)
			}
		})
	}
}

func TestREQForms(t *testing.T) {
	tests := []struct {
		cell string
		form CollectiveForm
		from FormSource
		ok   bool
	}{
		{"APE", CollectiveNonProfit, FromREQ, true},
		{"ape", CollectiveNonProfit, FromREQ, true},
		{"ASS", CollectiveNonProfit, FromREQ, true},
		{"COP", CollectiveCoop, FromREQ, true},
		{"PMSBL", CollectiveNonProfit, FromREQ, true},
		{"SMU", CollectiveMutual, FromREQ, true},
		{"Personne morale sans but lucratif", CollectiveNonProfit, FromREQ, true},
		{"SENC", "", FromREQ, true},
		{"Société par actions", "", FromWords, true},
		{"Coopérative de travail", CollectiveCoopWorker, FromWords, true},
		{"OBNL", CollectiveNonProfit, FromWords, true},
		{"XYZ", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.cell, func(t *testing.T) {
			f, from, ok := ParseFormCell(tt.cell)
			if f != tt.form || from != tt.from || ok != tt.ok {
				t.Errorf("ParseFormCell(%q) = %q %q %v", tt.cell, f, from, ok)
			}
		})
	}
	for _, r := range REQForms() {
		if r.Confirmed && !r.Collective.Valid() {
			t.Errorf("%s: confirmed codes are the collective forms", r.Code)
		}
		if !r.Legal.Valid() {
			t.Errorf("%s: legal form %q", r.Code, r.Legal)
		}
	}
}
