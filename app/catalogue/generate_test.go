package catalogue

import (
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"maillage/app/quebec"
)

var genDay = time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)

func TestGenerateDeterministicAndValid(t *testing.T) {
	t.Parallel()
	ms := testMunicipalities(t)
	places := quebec.NewPlaces(ms)
	for _, n := range []int{10, SizeDemo, 3000} {
		t.Run("n="+itoa(n), func(t *testing.T) {
			a, err := Generate(1, n, ms, genDay)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := Generate(1, n, ms, genDay)
			if len(a) != n {
				t.Fatalf("got %d entries", len(a))
			}
			if !reflect.DeepEqual(a, b) {
				t.Fatal("same seed gave different data")
			}
			c, _ := Generate(2, n, ms, genDay)
			if n > 40 && reflect.DeepEqual(a[40:], c[40:]) {
				t.Error("another seed gave the same data")
			}
			ids, neqs, regions := map[string]bool{}, map[string]bool{}, map[string]int{}
			for _, e := range a {
				if err := Validate(e, places, DefaultSectors()); err != nil {
					t.Fatalf("invalid generated entry %+v: %v", e, err)
				}
				if ids[e.ID] {
					t.Fatalf("duplicate id %s", e.ID)
				}
				ids[e.ID] = true
				if e.NEQ != "" {
					if neqs[e.NEQ] {
						t.Fatalf("duplicate NEQ %s", e.NEQ)
					}
					neqs[e.NEQ] = true
				}
				m, _ := places.Municipality(e.Address.MunicipalityCode)
				regions[m.RegionCode]++
				if !e.EES.Meets() || len(e.Products) == 0 || len(e.UNSPSC) == 0 || len(e.Sectors) == 0 {
					t.Fatalf("incomplete entry %+v", e)
				}
			}
			if n >= SizeDemo && len(regions) != 17 {
				t.Errorf("entries in %d regions, want 17: %v", len(regions), regions)
			}
		})
	}
}

func TestGenerateShape(t *testing.T) {
	t.Parallel()
	ms := testMunicipalities(t)
	es, _ := Generate(7, 5000, ms, genDay)
	forms := map[quebec.CollectiveForm]int{}
	adapted := 0
	for _, e := range es {
		forms[e.LegalForm]++
		if e.Adapted {
			adapted++
		}
	}
	share := float64(forms[quebec.CollectiveNonProfit]) / float64(len(es))
	if share < 0.68 || share > 0.82 {
		t.Errorf("non-profit share %.2f, want about 0.75", share)
	}
	if adapted == 0 || adapted > len(es)/10 {
		t.Errorf("%d adapted enterprises", adapted)
	}
	if len(forms) < 6 {
		t.Errorf("legal forms %v", forms)
	}
	if _, err := Generate(1, 10, nil, genDay); err == nil {
		t.Error("no municipalities should be an error")
	}
}

// relevanceCase is one labelled query of testdata/relevance.json, run against PostgreSQL
// search by the store tests (recall@10).
type relevanceCase struct {
	Query    string   `json:"query"`
	Expected []string `json:"expected"`
	Kind     string   `json:"kind"`
}

func TestRelevanceSetIsWellFormed(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile("testdata/relevance.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []relevanceCase
	if err := json.Unmarshal(raw, &cases); err != nil {
		t.Fatal(err)
	}
	if len(cases) < 30 {
		t.Fatalf("%d queries, want at least 30", len(cases))
	}
	es, _ := Generate(1, SizeDemo, testMunicipalities(t), genDay)
	refs := map[string]Entry{}
	for _, e := range es {
		refs[e.Source.Ref] = e
	}
	seen := map[string]bool{}
	for _, c := range cases {
		t.Run(c.Query, func(t *testing.T) {
			if seen[c.Query] {
				t.Error("query twice")
			}
			seen[c.Query] = true
			if c.Query != quebec.Fold(c.Query) {
				t.Errorf("queries are typed as buyers do, without accents or capitals: %q", c.Query)
			}
			if len(c.Expected) == 0 || len(c.Expected) > 10 {
				t.Errorf("%d expected entries", len(c.Expected))
			}
			for _, r := range c.Expected {
				if _, ok := refs[r]; !ok {
					t.Errorf("expected %s is not in the demo data", r)
				}
			}
		})
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func BenchmarkGenerate(b *testing.B) {
	ms := testMunicipalities(b)
	for _, n := range []int{SizeMedium, SizeLarge} {
		b.Run(itoa(n), func(b *testing.B) {
			for b.Loop() {
				if _, err := Generate(1, n, ms, genDay); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkPlanImport400Against100k(b *testing.B) {
	ms := testMunicipalities(b)
	existing, _ := Generate(1, SizeLarge, ms, genDay)
	places := quebec.NewPlaces(ms)
	rows := make([]Row, 400)
	for i := range rows {
		e := existing[i*97]
		rows[i] = Row{Line: i + 1, Values: map[Field]string{FieldName: e.Name, FieldMunicipality: e.Address.MunicipalityCode,
			FieldPhone: e.Contact.Phone}}
	}
	b.ResetTimer()
	for b.Loop() {
		rep := PlanImport(rows, existing, places, newSectorIndex(DefaultSectors()), ImportSettings{Source: Source{Name: "bench"}, Today: genDay}, nil)
		if rep.Counts[OutcomeError] != 0 {
			b.Fatalf("errors: %v", rep.Counts)
		}
	}
}

// A directory re-sends enterprises the catalogue already holds, spelled its own way: each
// must be found again (same id), not created twice.
func TestImportFindsGeneratedEntriesSpelledDifferently(t *testing.T) {
	t.Parallel()
	ms := testMunicipalities(t)
	existing, _ := Generate(3, SizeMedium, ms, genDay)
	places := quebec.NewPlaces(ms)
	spell := []func(string) string{
		strings.ToUpper,
		func(s string) string { return s + " inc." },
		func(s string) string { return strings.ReplaceAll(quebec.Fold(s), " ", "-") },
		func(s string) string {
			return strings.TrimPrefix(strings.TrimPrefix(s, "Coop "), "Coopérative de solidarité ") + " (OBNL)"
		},
	}
	var rows []Row
	var want []string
	seen := map[[2]string]bool{}
	for i := 0; i < len(existing) && len(rows) < 400; i += 23 {
		e := existing[i]
		k := [2]string{NameKey(e.Name), e.Address.MunicipalityCode}
		if e.NEQ != "" || seen[k] {
			continue // matched by NEQ would prove nothing; homonyms in one town are real duplicates
		}
		seen[k] = true
		rows = append(rows, Row{Line: len(rows) + 1, Values: map[Field]string{
			FieldName: spell[len(rows)%len(spell)](e.Name), FieldMunicipality: e.Address.MunicipalityName}})
		want = append(want, e.ID)
	}
	rep := PlanImport(rows, existing, places, newSectorIndex(DefaultSectors()), ImportSettings{Source: Source{Name: "autre pôle"}, Today: genDay}, nil)
	byID := map[string]Entry{}
	for _, e := range existing {
		byID[e.ID] = e
	}
	m := NewMatcher(existing).WithPlaces(places)
	twin := func(a, b string) bool { // the generator's own duplicates: one name in one town ("Solutions La Courtepointe de Québec")
		ea, eb := byID[a], byID[b]
		return ea.Address.MunicipalityCode == eb.Address.MunicipalityCode &&
			m.wordScore(strings.Fields(NameKey(ea.Name)), strings.Fields(NameKey(eb.Name)), m.townWords(ea.Address.MunicipalityCode)) == 1
	}
	found := 0
	for i, r := range rep.Rows {
		if r.MatchID == want[i] || (r.Outcome == OutcomeDuplicate && r.Duplicates[0].EntryID == want[i]) || twin(r.MatchID, want[i]) {
			found++
		} else if r.Outcome != OutcomeError {
			t.Errorf("row %q: %s match %q, want %s", rows[i].Values[FieldName], r.Outcome, r.MatchID, want[i])
		}
	}
	if found < len(rows)*95/100 {
		t.Errorf("found %d of %d", found, len(rows))
	}
}

// The duplicate finder's matching over the whole medium catalogue (a province-wide steward
// choosing "all regions") and over one region's entries (the page's default for a regional
// steward): go test ./app/catalogue -run '^$' -bench FindDuplicates -benchtime 3x
func BenchmarkFindDuplicates(b *testing.B) {
	ms := testMunicipalities(b)
	all, _ := Generate(1, SizeMedium, ms, genDay)
	places := quebec.NewPlaces(ms)
	var region []Entry
	for _, e := range all {
		if m, _ := places.Municipality(e.Address.MunicipalityCode); m.RegionCode == "06" {
			region = append(region, e)
		}
	}
	for _, c := range []struct {
		name    string
		entries []Entry
	}{{"province", all}, {"region06", region}} {
		b.Run(fmt.Sprintf("%s-%d", c.name, len(c.entries)), func(b *testing.B) {
			for b.Loop() {
				if ps := findDuplicates(c.entries, places, nil, 100); len(ps) == 0 {
					b.Fatal("no pair in a generated catalogue")
				}
			}
		})
	}
	// The part of the province-wide run that looks for names one typo apart across towns.
	byKey := map[string][]Entry{}
	for _, e := range all {
		byKey[NameKey(e.Name)] = append(byKey[NameKey(e.Name)], e)
	}
	b.Run(fmt.Sprintf("typos-across-towns-%d", len(all)), func(b *testing.B) {
		for b.Loop() {
			oneTypoApart(byKey, 10)
		}
	})
}
