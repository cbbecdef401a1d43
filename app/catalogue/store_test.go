package catalogue

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"maillage/app/audit"
	"maillage/app/errs"
	"maillage/app/quebec"
	"maillage/app/testdb"
)

// dbEnv is a fresh migrated database with the demo catalogue loaded, as the app role.
type dbEnv struct {
	db  *testdb.DB
	svc *Service
	ctx context.Context
	all []Entry
}

func newDBEnv(t *testing.T, n int) *dbEnv {
	t.Helper()
	d := testdb.New(t)
	svc := NewService(d.App, func() time.Time { return genDay.Add(10 * time.Hour) })
	ctx := audit.WithActor(context.Background(), audit.Actor{Label: "test"})
	ms, err := quebec.LoadMunicipalities(ctx, d.App)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 1285 {
		t.Fatalf("%d municipalities in the reference table", len(ms))
	}
	es, err := Generate(1, n, ms, genDay)
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.Store().BulkInsert(ctx, es); err != nil {
		t.Fatal(err)
	}
	places := quebec.NewPlaces(ms)
	for i := range es { // what the store derives, for the expectations
		m, _ := places.Municipality(es[i].Address.MunicipalityCode)
		es[i].Address.RegionCode, es[i].Address.MRCCode = m.RegionCode, m.MRCCode
	}
	return &dbEnv{db: d, svc: svc, ctx: ctx, all: es}
}

func (e *dbEnv) byRef(t *testing.T, ref string) Entry {
	t.Helper()
	for _, x := range e.all {
		if x.Source.Ref == ref {
			got, err := e.svc.Store().Get(e.ctx, x.ID)
			if err != nil {
				t.Fatal(err)
			}
			return got
		}
	}
	t.Fatalf("no entry %s", ref)
	return Entry{}
}

func TestStoreRoundTrip(t *testing.T) {
	t.Parallel()
	e := newDBEnv(t, 60)
	for _, want := range e.all[:60] {
		got, err := e.svc.Store().Get(e.ctx, want.ID)
		if err != nil {
			t.Fatal(err)
		}
		if d := Diff(want, got); len(d) != 0 {
			t.Errorf("%s: stored entry differs: %+v", want.Name, d)
		}
		m, _ := quebec.NewPlaces(testMunicipalities(t)).Municipality(want.Address.MunicipalityCode)
		if got.Address.RegionCode != m.RegionCode || got.Address.MRCCode != m.MRCCode || got.Address.MunicipalityName != m.Name {
			t.Errorf("%s: derived place %+v, want %+v", want.Name, got.Address, m)
		}
		if got.EES.Trust != want.EES.Trust || got.LastVerified != want.LastVerified || got.Version != 1 {
			t.Errorf("%s: ees %+v last %v version %d", want.Name, got.EES, got.LastVerified, got.Version)
		}
	}
	t.Run("unknown and malformed ids are not found", func(t *testing.T) {
		for _, id := range []string{uuid.NewString(), "nope"} {
			if _, err := e.svc.Store().Get(e.ctx, id); !errs.Is(err, errs.NotFound) {
				t.Errorf("%s: %v", id, err)
			}
		}
	})
}

func TestSearchFacetsAndFilters(t *testing.T) {
	t.Parallel()
	e := newDBEnv(t, SizeDemo)
	s := e.svc.Store()
	all, err := s.Search(e.ctx, SearchParams{PerPage: 50})
	if err != nil {
		t.Fatal(err)
	}
	if all.Total != SizeDemo || len(all.Hits) != 50 {
		t.Fatalf("total %d, page %d", all.Total, len(all.Hits))
	}
	if n := len(all.Facets[FacetRegion]); n != 17 {
		t.Errorf("%d regions in the facet", n)
	}
	sum := 0
	for _, f := range all.Facets[FacetLegalForm] {
		sum += f.Count
	}
	if sum != SizeDemo {
		t.Errorf("legal form counts add up to %d", sum)
	}
	yes := true
	cases := []struct {
		name  string
		p     SearchParams
		check func(Entry) bool
	}{
		{"region", SearchParams{Regions: []string{"16"}}, func(x Entry) bool { return x.Address.RegionCode == "16" }},
		{"two regions", SearchParams{Regions: []string{"16", "06"}}, func(x Entry) bool { return x.Address.RegionCode == "16" || x.Address.RegionCode == "06" }},
		{"sector", SearchParams{Sectors: []string{"alimentation"}}, func(x Entry) bool { return contains(x.Sectors, "alimentation") }},
		{"adapted", SearchParams{Adapted: &yes}, func(x Entry) bool { return x.Adapted }},
		{"segment", SearchParams{Segments: []string{"76000000"}}, func(x Entry) bool { return hasSegment(x.UNSPSC, "76") }},
		{"text and two facets", SearchParams{Q: "entretien", Regions: []string{"13"}, LegalForms: []string{"nonprofit"}},
			func(x Entry) bool { return x.Address.RegionCode == "13" && x.LegalForm == quebec.CollectiveNonProfit }},
		{"municipality", SearchParams{Municipality: []string{"43027"}}, func(x Entry) bool { return x.Address.MunicipalityCode == "43027" }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.p.PerPage = 50
			res, err := s.Search(e.ctx, c.p)
			if err != nil {
				t.Fatal(err)
			}
			if res.Total == 0 {
				t.Fatal("nothing found")
			}
			want := 0
			for _, x := range e.all {
				if c.p.Q == "" && c.check(x) {
					want++
				}
			}
			if c.p.Q == "" && res.Total != want {
				t.Errorf("total %d, want %d", res.Total, want)
			}
			for _, h := range res.Hits {
				if !c.check(h.Entry) {
					t.Errorf("%s does not satisfy the filter", h.Name)
				}
			}
		})
	}
	t.Run("retired entries are not found", func(t *testing.T) {
		a := e.byRef(t, "A03")
		if _, err := e.svc.Retire(e.ctx, Steward{UserID: "s"}, a.ID); err != nil {
			t.Fatal(err)
		}
		res, _ := s.Search(e.ctx, SearchParams{Q: "marmite solidaire"})
		for _, h := range res.Hits {
			if h.ID == a.ID {
				t.Error("retired entry found")
			}
		}
	})
	t.Run("pages do not overlap", func(t *testing.T) {
		p1, _ := s.Search(e.ctx, SearchParams{Q: "services", PerPage: 5, Page: 1})
		p2, _ := s.Search(e.ctx, SearchParams{Q: "services", PerPage: 5, Page: 2})
		for _, a := range p1.Hits {
			for _, b := range p2.Hits {
				if a.ID == b.ID {
					t.Errorf("%s on both pages", a.Name)
				}
			}
		}
	})
}

// A typo in what an enterprise sells finds what the word spelled right finds (issue 13 item 7):
// the second phase compares the query with the names, products, sectors and descriptions.
func TestSearchToleratesTyposInProducts(t *testing.T) {
	t.Parallel()
	e := newDBEnv(t, SizeDemo)
	s := e.svc.Store()
	cases := []struct{ right, typo string }{
		{"deneigement", "deneigment"},
		{"deneigement", "déneigemnt"},
		{"conciergerie", "concergerie"},
		{"reliure", "relliure"},
	}
	for _, c := range cases {
		t.Run(c.typo, func(t *testing.T) {
			want, err := s.Search(e.ctx, SearchParams{Q: c.right, PerPage: 50})
			if err != nil || want.Total == 0 {
				t.Fatalf("%q finds %d: %v", c.right, want.Total, err)
			}
			got, err := s.Search(e.ctx, SearchParams{Q: c.typo, PerPage: 50})
			if err != nil {
				t.Fatal(err)
			}
			found := map[string]bool{}
			for _, h := range got.Hits {
				found[h.ID] = true
			}
			missing := 0
			for _, h := range want.Hits {
				if !found[h.ID] {
					missing++
				}
			}
			if missing > 0 {
				t.Errorf("%q finds %d, %q %d; %d of the right ones missing", c.right, want.Total, c.typo, got.Total, missing)
			}
		})
	}
}

func contains(v []string, s string) bool {
	for _, x := range v {
		if x == s {
			return true
		}
	}
	return false
}

func hasSegment(codes []string, seg string) bool {
	for _, c := range codes {
		if c[:2] == seg {
			return true
		}
	}
	return false
}

// The labelled set: recall@10 on the demo catalogue (300 entries), reported; at least 0.95.
func TestSearchRelevanceRecallAt10(t *testing.T) {
	t.Parallel()
	e := newDBEnv(t, SizeDemo)
	per, mean := evalRelevance(t, e.svc.Store())
	for q, r := range per {
		if r < 1 {
			t.Logf("recall@10 %.2f for %q", r, q)
		}
	}
	t.Logf("recall@10 over %d queries on %d entries: %.3f", len(per), SizeDemo, mean)
	if mean < 0.95 {
		t.Errorf("recall@10 %.3f below 0.95", mean)
	}
}

// The same labelled set at 11,000 entries: at least 0.95 (the goal). Names of the kinds
// real directories hold (friperie, coop santé, centre d'action bénévole…) must be found there.
// What may still miss are queries several hundred generated entries answer exactly as well as
// the labelled one ("boites a lunch": every caterer of the province sells them): the order among
// equals follows what we know of the entries, not the label.
func TestSearchRelevanceRecallAt10Medium(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("seeds 11,000 entries")
	}
	e := newDBEnv(t, SizeMedium)
	per, mean := evalRelevance(t, e.svc.Store())
	missed := 0
	for q, r := range per {
		if r < 1 {
			missed++
			t.Logf("recall@10 %.2f for %q", r, q)
		}
	}
	t.Logf("recall@10 over %d queries on %d entries: %.3f (%d queries below 1)", len(per), SizeMedium, mean, missed)
	if mean < 0.95 {
		t.Errorf("recall@10 %.3f below 0.95", mean)
	}
}
