package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"maillage/app/accounts"
	"maillage/app/audit"
	"maillage/app/catalogue"
	"maillage/app/errs"
	"maillage/app/tabular"
	"maillage/app/web"
	"maillage/tenants"
)

// setSession puts a real session cookie in the browser (as after an OIDC login).
func setSession(base, raw string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		yes := true
		_, err := cdp.Call(ctx, t, network.SetCookie, network.SetCookieParams{Name: web.SessionCookie, Value: raw, URL: base + "/",
			Path: "/", Secure: &yes, HTTPOnly: &yes, SameSite: network.CookieSameSiteLax})
		return chromedp.Void{}, err
	}
}

// A buyer searches the catalogue as typed (no accents, a typo), picks an enterprise, adds it to
// the register, and sees it there; every page is axe-clean.
func TestBrowserCatalogueSearchPullRegister(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	refs := seedCatalogue(t, e, 300)
	tn := e.tenant("longueuil")
	u, err := accounts.NewStore(e.DB.App).GrantTenantRole(context.Background(), tn.ID, "acheteuse@longueuil.test", "buyer")
	if err != nil {
		t.Fatal(err)
	}
	raw, _, err := accounts.NewSessions(e.DB.App, accounts.SessionPolicy{}, nil).Create(context.Background(), u.ID, "test", "chromium", "127.0.0.1", "")
	if err != nil {
		t.Fatal(err)
	}
	base := e.liveServer()
	ctx := newBrowser(t)
	marmite := refs["A03"]
	browse(t, ctx, setSession(base, raw), chromedp.Navigate(base+"/t/longueuil/catalogue?q=marmitte+solidaire"), chromedp.WaitVisible(chromedp.CSS("h1")))
	if got := text(t, ctx, "tbody tr:first-child td:nth-child(2)"); !strings.Contains(got, "Traiteur La Marmite solidaire") {
		t.Fatalf("first result %q", got)
	}
	checkAxe(t, ctx, "catalogue search")
	browse(t, ctx, chromedp.Click(chromedp.CSS("#pick-"+marmite.ID)), chromedp.Click(chromedp.CSS("#pull-submit")),
		chromedp.WaitVisible(chromedp.CSS(".notice")))
	if h1 := text(t, ctx, "h1"); !strings.Contains(h1, "Fournisseurs liés au catalogue") {
		t.Fatalf("after pull: h1 %q", h1)
	}
	if body := text(t, ctx, "main"); !strings.Contains(body, "Traiteur La Marmite solidaire") || !strings.Contains(body, "Entreprises ajoutées au registre des fournisseurs\u00a0: 1") {
		t.Fatalf("links page: %q", body)
	}
	checkAxe(t, ctx, "linked suppliers")
	var name string
	err = tenants.ReadTx(context.Background(), e.DB.App, tn.ID, func(tx *gormDB) error {
		return tx.Raw(`SELECT legal_name FROM suppliers WHERE tenant_id = ? AND catalogue_entry_id = ?`, tn.ID, marmite.ID).Scan(&name).Error
	})
	if err != nil || name != "Traiteur La Marmite solidaire" {
		t.Fatalf("register row %q %v", name, err)
	}
	t.Run("the supplier is in the register", func(t *testing.T) {
		browse(t, ctx, chromedp.Navigate(base+"/t/longueuil/fournisseurs"), chromedp.WaitVisible(chromedp.CSS("h1")))
		if body := text(t, ctx, "main"); !strings.Contains(body, "Traiteur La Marmite solidaire") {
			t.Fatalf("register page: %q", body)
		}
	})
	for _, p := range []string{"/catalogue/" + marmite.ID, "/catalogue?q=deneigement&region=08", "/repertoire/16"} {
		t.Run("axe "+p, func(t *testing.T) {
			browse(t, ctx, chromedp.Navigate(base+p), chromedp.WaitVisible(chromedp.CSS("h1")))
			checkAxe(t, ctx, p)
		})
	}
}

// The steward's pages (entry form, import form, an import's mapping and report, an entry with
// its actions and history) pass axe-core too.
func TestBrowserCatalogueStewardPages(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	refs := seedCatalogue(t, e, 40)
	u, err := accounts.NewStore(e.DB.App).GrantPlatformRole(context.Background(), "pole@agglo.test", accounts.RoleCatalogueSteward, nil)
	if err != nil {
		t.Fatal(err)
	}
	raw, _, err := accounts.NewSessions(e.DB.App, accounts.SessionPolicy{}, nil).Create(context.Background(), u.ID, "test", "chromium", "127.0.0.1", "")
	if err != nil {
		t.Fatal(err)
	}
	// The same person also holds the claim of A03, to walk the page where an enterprise proposes changes.
	if _, err := accounts.NewStore(e.DB.App).GrantPlatformRole(context.Background(), "pole@agglo.test", accounts.RoleEnterprise, nil); err != nil {
		t.Fatal(err)
	}
	actx := audit.WithActor(context.Background(), audit.Actor{Label: "test"})
	cat := catalogue.NewService(e.DB.App, nil)
	cl, err := cat.Claim(actx, u.ID.String(), refs["A03"].ID, refs["A03"].NEQ, "", refs["A03"].NEQ)
	if err != nil {
		t.Fatal(err)
	}
	if cl.Status != "approved" {
		if _, err := cat.DecideClaim(actx, catalogue.Steward{}, cl.ID, true, ""); err != nil {
			t.Fatal(err)
		}
	}
	var v errs.Validation
	tab, err := tabular.Read(strings.NewReader("Nom;Ville;Forme\nTraiteur La Marmite solidaire;Longueuil;OBNL\nCoop Nouvelle;Nulle-Part;\n"), tabular.Options{}, &v)
	if err != nil {
		t.Fatal(err)
	}
	imp, err := catalogue.NewService(e.DB.App, nil).PlanTable(context.Background(), catalogue.Steward{UserID: u.ID.String()},
		catalogue.ImportRequest{Source: "Pôle Agglo", FileName: "pole.csv", Table: tab})
	if err != nil {
		t.Fatal(err)
	}
	base := e.liveServer()
	ctx := newBrowser(t)
	browse(t, ctx, setSession(base, raw))
	for _, p := range []string{"/catalogue", "/catalogue/entries/new", "/catalogue/" + refs["A03"].ID, "/catalogue/" + refs["A03"].ID + "/edit",
		"/catalogue/imports/new", "/catalogue/imports/" + imp.ID, "/catalogue/secteurs", "/catalogue/secteurs?modifier=transport",
		"/catalogue/doublons", "/catalogue/" + refs["A03"].ID + "?fusion=Traiteur", "/catalogue/" + refs["A03"].ID + "/proposer"} {
		t.Run(p, func(t *testing.T) {
			browse(t, ctx, chromedp.Navigate(base+p), chromedp.WaitVisible(chromedp.CSS("h1")))
			checkAxe(t, ctx, p)
		})
	}
}
