package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"maillage/app/accounts"
	"maillage/app/audit"
	"maillage/app/catalogue"
)

// TestCatalogueCurationPages: a steward manages the sector list, reviews possible duplicates
// and merges an entry into another found by name, all from pages.
func TestCatalogueCurationPages(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	refs := seedCatalogue(t, e, 60)
	grant := func(email string, regions []string) *client {
		u, err := accounts.NewStore(e.DB.App).GrantPlatformRole(context.Background(), email, accounts.RoleCatalogueSteward, regions)
		if err != nil {
			t.Fatal(err)
		}
		return e.as(u.ID)
	}
	ctx := audit.WithActor(context.Background(), audit.Actor{Label: "test"})
	a, err := catalogue.NewStore(e.DB.App).Get(ctx, refs["A07"].ID) // with the region the store derives
	if err != nil {
		t.Fatal(err)
	}
	other := "06"
	if a.Address.RegionCode == other {
		other = "03"
	}
	all, regional := grant("tous@pole.test", nil), grant("region@pole.test", []string{other})
	tn := e.tenant("longueuil")
	buyer := e.member("acheteur@longueuil.test", &tn, "buyer")
	twin := a
	twin.ID, twin.NEQ, twin.Name, twin.Products = "", "", a.Name+" (succursale)", []string{"Lavage de vitres"}
	created, err := catalogue.NewService(e.DB.App, nil).Create(ctx, catalogue.Steward{}, twin)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("who sees the pages", func(t *testing.T) {
		for _, c := range []struct {
			name   string
			who    *client
			path   string
			status int
			want   string
		}{
			{"sectors, province steward", all, "/catalogue/secteurs", 200, "Ajouter un secteur"},
			{"sectors, regional steward reads only", regional, "/catalogue/secteurs", 200, "Seuls les responsables du catalogue de tout le Québec"},
			{"sectors, buyer", buyer, "/catalogue/secteurs", 403, ""},
			{"duplicates, province steward", all, "/catalogue/doublons?region=" + a.Address.RegionCode, 200, created.Name},
			{"duplicates, buyer", buyer, "/catalogue/doublons", 403, ""},
			{"duplicates of another region", regional, "/catalogue/doublons?region=" + a.Address.RegionCode, 403, ""},
		} {
			t.Run(c.name, func(t *testing.T) {
				r := c.who.get(c.path)
				if r.Status != c.status || !strings.Contains(r.Body, c.want) {
					t.Fatalf("%d, body lacks %q", r.Status, c.want)
				}
				if c.status == 200 && (strings.Contains(r.Body, ">services_personnes<") || strings.Contains(r.Body, ">"+a.ID+"<")) {
					t.Fatal("an internal code shows on the page")
				}
			})
		}
	})

	t.Run("sectors: add, bad input kept, retire by moving the entries", func(t *testing.T) {
		r := all.postForm("/catalogue/secteurs", url.Values{"name_fr": {"Économie circulaire"}, "name_en": {""}})
		if r.Status != 422 || !strings.Contains(r.Body, `value="Économie circulaire"`) || !strings.Contains(r.Body, "aria-invalid") {
			t.Fatalf("bad input: %d", r.Status)
		}
		if r := all.postForm("/catalogue/secteurs", url.Values{"name_fr": {"Économie circulaire"}, "name_en": {"Circular economy"}}); r.Status != 303 {
			t.Fatalf("add: %d %s", r.Status, r.Body)
		}
		if r := regional.postForm("/catalogue/secteurs", url.Values{"name_fr": {"Autre"}, "name_en": {"Other"}}); r.Status != 403 {
			t.Fatalf("regional add: %d", r.Status)
		}
		r = all.postForm("/catalogue/secteurs/transport/retirer", url.Values{"move_to": {""}})
		if r.Status != 422 || !strings.Contains(r.Body, "choisissez le secteur où") {
			t.Fatalf("retire in use: %d", r.Status)
		}
		if r := all.postForm("/catalogue/secteurs/transport/retirer", url.Values{"move_to": {"economie_circulaire"}}); r.Status != 303 {
			t.Fatalf("retire: %d %s", r.Status, r.Body)
		}
		p := all.get("/catalogue/secteurs?fait=retrait")
		if !strings.Contains(p.Body, "Secteur retiré") || !strings.Contains(p.Body, "retiré</span>") {
			t.Fatalf("after retire: %d", p.Status)
		}
	})

	t.Run("duplicates: two enterprises, no longer proposed", func(t *testing.T) {
		r := all.postForm("/catalogue/doublons/distincts", url.Values{"a": {a.ID}, "b": {created.ID}, "region": {a.Address.RegionCode}})
		if r.Status != 303 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		if p := all.get("/catalogue/doublons?region=" + a.Address.RegionCode); strings.Contains(p.Body, created.Name) {
			t.Fatal("pair still proposed")
		}
	})

	t.Run("merge by search from the entry page", func(t *testing.T) {
		p := all.get("/catalogue/" + created.ID + "?fusion=" + url.QueryEscape(a.Name))
		if p.Status != 200 || !strings.Contains(p.Body, `name="into" value="`+a.ID+`"`) || strings.Contains(p.Body, `name="into" value="`+created.ID+`"`) {
			t.Fatalf("search: %d", p.Status)
		}
		r := all.postForm("/catalogue/"+created.ID+"/merge", url.Values{"fusion": {a.Name}})
		if r.Status != 422 || !strings.Contains(r.Body, "Choisissez la fiche à conserver") || !strings.Contains(r.Body, `value="`+a.Name+`"`) {
			t.Fatalf("no choice: %d", r.Status)
		}
		r = all.postForm("/catalogue/"+created.ID+"/merge", url.Values{"into": {a.ID}})
		if r.Status != 303 || r.Header.Get("Location") != "/catalogue/"+a.ID {
			t.Fatalf("merge: %d %s", r.Status, r.Header.Get("Location"))
		}
		if p := all.get("/catalogue/" + a.ID); !strings.Contains(p.Body, "Lavage de vitres") {
			t.Fatal("survivor lacks the duplicate's products")
		}
	})
}
