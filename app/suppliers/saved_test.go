package suppliers

import (
	"net/url"
	"testing"

	"maillage/app/accounts"
	"maillage/app/errs"
)

// Saved searches belong to one person in one body: the same name replaces; another person, or the same
// person in another body, sees and deletes nothing.
func TestSavedSearchesAreOnesOwn(t *testing.T) {
	e := newStoreEnv(t)
	acc := accounts.NewStore(e.db.App)
	me, _ := acc.GrantTenantRole(e.ctx, e.a.ID, "moi@alpha.example", "buyer")
	colleague, _ := acc.GrantTenantRole(e.ctx, e.a.ID, "collegue@alpha.example", "buyer")
	if _, err := acc.GrantTenantRole(e.ctx, e.b.ID, "moi@alpha.example", "buyer"); err != nil {
		t.Fatal(err)
	}
	q := url.Values{"q": {"déneigement"}, "region": {"12"}, "offset": {"50"}, "format": {"csv"}}
	cases := []struct {
		name  string
		sname string
		q     url.Values
		field string
	}{
		{"no name", " ", q, "search_name"},
		{"no filter", "Tout", url.Values{"offset": {"50"}}, "search_name"},
	}
	for _, c := range cases {
		t.Run("refused: "+c.name, func(t *testing.T) {
			_, err := e.st.SaveSearch(e.ctx, e.a.ID, me.ID, c.sname, c.q)
			if ee := errs.As(err); ee == nil || ee.Kind != errs.Invalid || ee.Fields[0].Field != c.field {
				t.Fatalf("err = %v", err)
			}
		})
	}
	s1, err := e.st.SaveSearch(e.ctx, e.a.ID, me.ID, "Déneigement Chaudière", q)
	if err != nil {
		t.Fatal(err)
	}
	if s1.Query != "q=d%C3%A9neigement&region=12" {
		t.Fatalf("kept query %q (paging and format are no filter)", s1.Query)
	}
	if _, err := e.st.SaveSearch(e.ctx, e.a.ID, me.ID, "déneigement chaudière", url.Values{"q": {"neige"}}); err != nil {
		t.Fatal(err)
	}
	mine, err := e.st.SavedSearches(e.ctx, e.a.ID, me.ID)
	if err != nil || len(mine) != 1 || mine[0].Query != "q=neige" {
		t.Fatalf("same name replaces: %+v %v", mine, err)
	}
	t.Run("another person of the body", func(t *testing.T) {
		if l, err := e.st.SavedSearches(e.ctx, e.a.ID, colleague.ID); err != nil || len(l) != 0 {
			t.Fatalf("sees %d (%v)", len(l), err)
		}
		if err := e.st.DeleteSearch(e.ctx, e.a.ID, colleague.ID, mine[0].ID); !errs.Is(err, errs.NotFound) {
			t.Fatalf("deletes: %v", err)
		}
	})
	t.Run("the same person in another body", func(t *testing.T) {
		if l, err := e.st.SavedSearches(e.ctx, e.b.ID, me.ID); err != nil || len(l) != 0 {
			t.Fatalf("sees %d (%v)", len(l), err)
		}
		if err := e.st.DeleteSearch(e.ctx, e.b.ID, me.ID, mine[0].ID); !errs.Is(err, errs.NotFound) {
			t.Fatalf("deletes: %v", err)
		}
	})
	if err := e.st.DeleteSearch(e.ctx, e.a.ID, me.ID, mine[0].ID); err != nil {
		t.Fatal(err)
	}
	if l, err := e.st.SavedSearches(e.ctx, e.a.ID, me.ID); err != nil || len(l) != 0 {
		t.Fatalf("not deleted: %d (%v)", len(l), err)
	}
	// Listed in French order: É with the E's, case aside.
	for _, n := range []string{"Zoo", "École", "avril"} {
		if _, err := e.st.SaveSearch(e.ctx, e.a.ID, me.ID, n, url.Values{"q": {n}}); err != nil {
			t.Fatal(err)
		}
	}
	l, err := e.st.SavedSearches(e.ctx, e.a.ID, me.ID)
	if err != nil || len(l) != 3 || l[0].Name != "avril" || l[1].Name != "École" || l[2].Name != "Zoo" {
		t.Fatalf("order: %+v (%v)", l, err)
	}
}
