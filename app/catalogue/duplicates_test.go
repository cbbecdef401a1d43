package catalogue

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"maillage/app/errs"
	"maillage/app/quebec"
)

func TestDuplicateFinder(t *testing.T) {
	t.Parallel()
	e := newDBEnv(t, 60)
	st := e.steward(t)
	a := e.byRef(t, "A07")
	twin := a
	twin.NEQ, twin.Name, twin.Products = "", a.Name+" (succursale)", []string{"Lavage de vitres"}
	created, err := e.svc.Create(e.ctx, st, twin)
	if err != nil {
		t.Fatal(err)
	}
	has := func(ps []DuplicatePair) bool {
		return slices.ContainsFunc(ps, func(p DuplicatePair) bool { return pairKey(p.A.ID, p.B.ID) == pairKey(a.ID, created.ID) })
	}
	cases := []struct {
		name   string
		st     Steward
		region string
		want   bool
		kind   errs.Kind
	}{
		{"every region", st, "", true, ""},
		{"the entries' region", st, a.Address.RegionCode, true, ""},
		{"another region", st, otherRegion(a.Address.RegionCode), false, ""},
		{"a steward of another region sees none of it", Steward{UserID: st.UserID, Regions: []string{otherRegion(a.Address.RegionCode)}}, "", false, ""},
		{"a steward asking for a region not theirs", Steward{UserID: st.UserID, Regions: []string{otherRegion(a.Address.RegionCode)}}, a.Address.RegionCode, false, errs.Forbidden},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ps, err := e.svc.Duplicates(e.ctx, tc.st, tc.region, 0)
			if tc.kind != "" {
				if !errs.Is(err, tc.kind) {
					t.Fatalf("got %v, want %s", err, tc.kind)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if has(ps) != tc.want {
				t.Errorf("pair listed = %v, want %v (%d pairs)", has(ps), tc.want, len(ps))
			}
			for _, p := range ps {
				if p.A.ID >= p.B.ID || p.Score < PossibleScore || (p.A.NEQ != "" && p.B.NEQ != "" && p.A.NEQ != p.B.NEQ) {
					t.Errorf("bad pair %s / %s (%.2f)", p.A.Name, p.B.Name, p.Score)
				}
			}
		})
	}
	t.Run("declared distinct, the pair is no longer proposed", func(t *testing.T) {
		if err := e.svc.MarkDistinct(e.ctx, Steward{UserID: st.UserID, Regions: []string{otherRegion(a.Address.RegionCode)}}, a.ID, created.ID); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("another region's steward: %v", err)
		}
		if err := e.svc.MarkDistinct(e.ctx, st, created.ID, a.ID); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.MarkDistinct(e.ctx, st, a.ID, created.ID); err != nil { // twice: no error
			t.Fatal(err)
		}
		ps, err := e.svc.Duplicates(e.ctx, st, "", 0)
		if err != nil || has(ps) {
			t.Fatalf("still proposed: %v", err)
		}
		if err := e.svc.MarkDistinct(e.ctx, st, a.ID, "nope"); !errs.Is(err, errs.NotFound) {
			t.Fatalf("bad id: %v", err)
		}
	})
}

// otherRegion is a region other than r.
func otherRegion(r string) string {
	if r == "06" {
		return "03"
	}
	return "06"
}

func TestSectorList(t *testing.T) {
	t.Parallel()
	e := newDBEnv(t, 60)
	st := e.steward(t)
	regional := e.steward(t, "04")
	t.Run("regional stewards cannot change the province's list", func(t *testing.T) {
		if _, err := e.svc.SaveSector(e.ctx, regional, Sector{NameFR: "Économie circulaire", NameEN: "Circular economy"}); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("got %v", err)
		}
		if err := e.svc.RetireSector(e.ctx, regional, "transport", ""); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("got %v", err)
		}
	})
	added, err := e.svc.SaveSector(e.ctx, st, Sector{NameFR: "  Économie   circulaire ", NameEN: "Circular economy"})
	if err != nil || added.Code != "economie_circulaire" || added.NameFR != "Économie circulaire" {
		t.Fatalf("add: %+v %v", added, err)
	}
	for _, tc := range []struct {
		name  string
		sec   Sector
		field string
		kind  errs.Kind
	}{
		{"the same name twice", Sector{NameFR: "economie CIRCULAIRE", NameEN: "Other"}, "name_fr", errs.Invalid},
		{"a name too short", Sector{NameFR: "É", NameEN: "Circular"}, "name_fr", errs.Invalid},
		{"no English name", Sector{NameFR: "Agriculture", NameEN: " "}, "name_en", errs.Invalid},
		{"an unknown sector", Sector{Code: "nope", NameFR: "Agriculture", NameEN: "Farming"}, "", errs.NotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := e.svc.SaveSector(e.ctx, st, tc.sec)
			if !errs.Is(err, tc.kind) {
				t.Fatalf("got %v", err)
			}
			if tc.field != "" && (len(errs.As(err).Fields) != 1 || errs.As(err).Fields[0].Field != tc.field) {
				t.Fatalf("fields %+v", errs.As(err).Fields)
			}
		})
	}
	list, _, err := e.svc.SectorList(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	var transport SectorUse
	for _, s := range list {
		if s.Code == "transport" {
			transport = s
		}
	}
	if transport.Entries == 0 || list[len(list)-1].Code != "economie_circulaire" {
		t.Fatalf("list: transport %+v, last %+v", transport, list[len(list)-1])
	}
	t.Run("a sector in use is retired only by moving its entries", func(t *testing.T) {
		err := e.svc.RetireSector(e.ctx, st, "transport", "")
		if !errs.Is(err, errs.Invalid) || errs.As(err).Fields[0].Args["Count"] != transport.Entries {
			t.Fatalf("got %v", err)
		}
		if err := e.svc.RetireSector(e.ctx, st, "transport", "transport"); !errs.Is(err, errs.Invalid) {
			t.Fatalf("into itself: %v", err)
		}
		if err := e.svc.RetireSector(e.ctx, st, "transport", "economie_circulaire"); err != nil {
			t.Fatal(err)
		}
		active, err := e.svc.Store().Sectors(e.ctx)
		if err != nil || slices.ContainsFunc(active, func(s Sector) bool { return s.Code == "transport" }) {
			t.Fatalf("still listed: %v", err)
		}
		list, _, err := e.svc.SectorList(e.ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range list {
			if s.Code == "economie_circulaire" && s.Entries != transport.Entries {
				t.Errorf("%d entries moved, want %d", s.Entries, transport.Entries)
			}
			if s.Code == "transport" && (!s.Retired || s.Entries != 0) {
				t.Errorf("retired sector %+v", s)
			}
		}
	})
	t.Run("a renamed sector is found by its new name", func(t *testing.T) {
		if _, err := e.svc.SaveSector(e.ctx, st, Sector{Code: "economie_circulaire", NameFR: "Logistique solidaire", NameEN: "Solidarity logistics"}); err != nil {
			t.Fatal(err)
		}
		res, err := e.svc.Store().Search(e.ctx, SearchParams{Q: "logistique solidaire"})
		if err != nil || res.Total < transport.Entries {
			t.Fatalf("search: %d hits, want ≥ %d, %v", res.Total, transport.Entries, err)
		}
	})
	t.Run("a directory value mapped to a sector can be forgotten", func(t *testing.T) {
		if _, err := e.svc.MapSectorValues(e.ctx, st, "", []SectorAlias{{Value: "Déménagement", Code: "economie_circulaire"}, {Value: "Associations", Code: ""}}); err != nil {
			t.Fatal(err)
		}
		list, ignored, err := e.svc.SectorList(e.ctx)
		if err != nil || !slices.Contains(ignored, "Associations") || !slices.ContainsFunc(list, func(s SectorUse) bool { return slices.Contains(s.Aliases, "Déménagement") }) {
			t.Fatalf("aliases: %v %v", ignored, err)
		}
		if err := e.svc.ForgetSectorValue(e.ctx, st, "déménagement"); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.ForgetSectorValue(e.ctx, st, "déménagement"); !errs.Is(err, errs.NotFound) {
			t.Fatalf("twice: %v", err)
		}
	})
}

func TestFindDuplicatesBlocks(t *testing.T) {
	t.Parallel()
	places := quebec.NewPlaces(testMunicipalities(t))
	n := 0
	entry := func(name, town, neq string) Entry {
		n++
		return Entry{ID: fmt.Sprintf("00000000-0000-0000-0000-%012d", n), Name: name, NEQ: neq, Status: StatusActive,
			Address: Address{MunicipalityCode: town}}
	}
	const shawinigan, troisRivieres = "36033", "37067"
	coopA := entry("Coop de solidarité santé de Saint-Narcisse", troisRivieres, "")
	coopB := entry("Coop Solidarité Santé Saint-Narcisse", troisRivieres, "")
	twinA := entry("Ressourcerie Le Grenier", shawinigan, "")
	twinB := entry("Ressourcerie Le Grenier", troisRivieres, "")
	neqA := entry("Atelier du Bois", shawinigan, "1143456789")
	neqB := entry("Les Ateliers du bois inc.", troisRivieres, "1143456789")
	twoNEQsA := entry("Friperie Mode Vie", shawinigan, "1111111111")
	twoNEQsB := entry("Friperie Mode Vie", shawinigan, "2222222222")
	typoA := entry("Ressourcerie du Grand Portage", shawinigan, "")
	typoB := entry("Resourcerie du Grand-Portage", troisRivieres, "")
	swapA := entry("Coop de solidarité Le Tournesol", shawinigan, "")
	swapB := entry("Coop Le Tuornesol", troisRivieres, "")
	otherWordA := entry("Atelier Le Semoir vert", shawinigan, "")
	otherWordB := entry("Atelier Le Sentier vert", troisRivieres, "")
	shortA := entry("Écho", shawinigan, "")
	shortB := entry("Échos", troisRivieres, "")
	wordA := entry("Aide à domicile La Ruche", shawinigan, "")
	wordB := entry("Aide à domicile Le Rucher", troisRivieres, "")
	numberA := entry("Atelier Le Sillon 2", shawinigan, "")
	numberB := entry("Atelier Le Sillon 3", troisRivieres, "")
	typoNEQsA := entry("Cuisine collective La Marmite", shawinigan, "3333333333")
	typoNEQsB := entry("Cuisine collective La Marmitte", troisRivieres, "4444444444")
	es := []Entry{coopA, coopB, twinA, twinB, neqA, neqB, twoNEQsA, twoNEQsB, typoA, typoB, swapA, swapB, otherWordA, otherWordB,
		shortA, shortB, wordA, wordB, numberA, numberB, typoNEQsA, typoNEQsB} // in the order of their ids (idx)
	for i := 0; i < 12; i++ { // a name a dozen towns share
		es = append(es, entry("Maison des jeunes", []string{shawinigan, troisRivieres}[i%2], ""))
	}
	for i, town := range []string{shawinigan, troisRivieres, shawinigan, troisRivieres, shawinigan, troisRivieres} { // "Ruche" and "Rucher" are words of many names
		es = append(es, entry([]string{"Traiteur La Ruche", "Boulangerie Le Rucher"}[i%2]+" "+strconv.Itoa(i), town, ""))
	}
	firstMaison := es[len(es)-18]
	genericTypo := entry("Maison des jeune", troisRivieres, "")
	es = append(es, genericTypo)
	got := map[[2]string]bool{}
	for _, p := range findDuplicates(es, places, nil, 0) {
		got[pairKey(p.A.ID, p.B.ID)] = true
	}
	for _, c := range []struct {
		name string
		a, b Entry
		want bool
	}{
		{"two spellings in one town", coopA, coopB, true},
		{"the same name in two towns", twinA, twinB, true},
		{"the same NEQ", neqA, neqB, true},
		{"two NEQs are two enterprises", twoNEQsA, twoNEQsB, false},
		{"one letter dropped in another town", typoA, typoB, true},
		{"two letters swapped in another town", swapA, swapB, true},
		{"another word in another town", otherWordA, otherWordB, false},
		{"a short name one letter apart in another town", shortA, shortB, false},
		{"one typo apart but two NEQs", typoNEQsA, typoNEQsB, false},
		{"numbered names in two towns", numberA, numberB, false},
		{"two words many names use, one letter apart", wordA, wordB, false},
		{"a typo of a generic name", genericTypo, firstMaison, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got[pairKey(c.a.ID, c.b.ID)] != c.want {
				t.Errorf("paired = %v, want %v", !c.want, c.want)
			}
		})
	}
	t.Run("a generic name shared by many towns is not paired across towns", func(t *testing.T) {
		for k := range got {
			if k[0] > fmt.Sprintf("00000000-0000-0000-0000-%012d", 8) && k[1] > fmt.Sprintf("00000000-0000-0000-0000-%012d", 8) &&
				strings.HasPrefix(es[idx(k[0])].Name, "Maison") && strings.HasPrefix(es[idx(k[1])].Name, "Maison") {
				a, b := es[idx(k[0])], es[idx(k[1])]
				if a.Address.MunicipalityCode != b.Address.MunicipalityCode {
					t.Fatalf("%s / %s paired across towns", a.Name, b.Name)
				}
			}
		}
	})
}

func idx(id string) int {
	var n int
	fmt.Sscanf(id[len(id)-12:], "%d", &n)
	return n - 1
}

func TestOneEditApart(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"grenier ressourcerie", "grenier resourcerie", true},  // dropped
		{"grenier resourcerie", "grenier ressourcerie", true},  // added
		{"grenier ressourcerie", "grenier ressourcerio", true}, // replaced
		{"grenier ressourcerie", "grenier ressourcreie", true}, // swapped
		{"grenier ressourcerie", "grenier ressourcerie", false},
		{"grenier ressourcerie", "grenier resourceri", false}, // two dropped
		{"grenier ressourcerie", "grenier ressourcrei", false},
		{"semoir", "sentier", false},
		{"eclat", "éclat", true}, // letters, not bytes
	} {
		if got := oneEditApart([]rune(c.a), []rune(c.b)); got != c.want {
			t.Errorf("oneEditApart(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}
