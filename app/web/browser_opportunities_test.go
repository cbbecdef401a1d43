package web_test

import (
	"bytes"
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/google/uuid"

	"maillage/app/opportunities"
	"maillage/app/web"
)

// A buyer publishes an opportunity from a saved advice (pre-filled, invitees proposed from the advisor's
// ranking) → an enterprise with a matching segment-level alert sees it among its matches, with the reason
// in words → says it is interested → the buyer sees it. Every page on the way, and the other new pages, is
// axe-clean.
func TestBrowserOpportunityJourney(t *testing.T) {
	t.Parallel()
	f := newRulesFixture(t)
	e := f.e
	r := f.buyer.postForm("/t/alpha/advisor", url.Values{"object": {"Entretien des parcs"}, "category": {"72102900"},
		"nature": {"services"}, "amount": {"20 000,00"}, "planned_date": {e.Now.Format("2006-01-02")}})
	m := idRE.FindStringSubmatch(r.Header.Get("Location"))
	if r.Status != 303 || m == nil {
		t.Fatalf("advise: %d %s", r.Status, r.Header.Get("Location"))
	}
	adviceID := m[1]
	coop, _ := e.enterpriseUser(t, "coop@parcs.example", "9999999999", "Coop Verte", "04")
	if r := coop.sendJSON("POST", "/api/v1/me/subscriptions", map[string]any{"name": "Travaux", "unspsc": []string{"72000000"}, "regions": []string{"04"}}); r.Status != 201 {
		t.Fatalf("alert = %d %s", r.Status, r.Body)
	}

	base := e.liveServer()
	ctx := newBrowser(t)
	closes := e.Now.AddDate(0, 0, 14).Format("2006-01-02") + "T14:00"
	// From the saved advice's page, its « Publier comme opportunité » link opens the pre-filled form.
	browse(t, ctx, setSession(base, f.buyer.cookies[web.SessionCookie]),
		chromedp.Navigate(base+"/t/alpha/advisor/"+adviceID), chromedp.WaitVisible(chromedp.CSS("h1")))
	checkAxe(t, ctx, "saved advice")
	browse(t, ctx, chromedp.Click(chromedp.CSS(`main a[href="/t/alpha/opportunites/nouvelle?avis=`+adviceID+`"]`)),
		chromedp.WaitVisible(chromedp.CSS("#f-title")))
	c, cancel := context.WithTimeout(ctx, 30*time.Second)
	title, err := chromedp.Run(c, chromedp.Value(chromedp.CSS("#f-title")))
	loc, lerr := chromedp.Run(c, chromedp.Location())
	cancel()
	err = errors.Join(err, lerr)
	if err != nil || title != "Entretien des parcs" || !strings.HasSuffix(loc, "/t/alpha/opportunites/nouvelle?avis="+adviceID) {
		t.Fatalf("pre-filled title %q at %s (%v)", title, loc, err)
	}
	if got := text(t, ctx, "#f-invitees"); !strings.Contains(got, "Coop de solidarité Mauricie") {
		t.Fatalf("proposed invitees: %q", got)
	}
	checkAxe(t, ctx, "publish form")
	browse(t, ctx,
		chromedp.SetValue(chromedp.CSS("#f-visibility"), "public"),
		chromedp.SetValue(chromedp.CSS("#f-closes_at"), closes),
		chromedp.Click(chromedp.CSS("main form button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("dl.facts")))
	if got := text(t, ctx, "h1"); got != "Entretien des parcs" {
		t.Fatalf("opportunity page h1 %q (%s)", got, text(t, ctx, "main"))
	}
	checkAxe(t, ctx, "buyer's opportunity")

	// The enterprise sees it through its segment-level alert, with the reason in words.
	ectx := newBrowser(t)
	browse(t, ectx, setSession(base, coop.cookies[web.SessionCookie]),
		chromedp.Navigate(base+"/entreprise/opportunites"), chromedp.WaitVisible(chromedp.CSS("h1")))
	main := text(t, ectx, "main")
	if !strings.Contains(main, "Entretien des parcs") || !strings.Contains(main, "catégorie 72102900") ||
		!strings.Contains(main, "sous votre alerte 72000000") || !strings.Contains(main, "région Mauricie desservie") {
		t.Fatalf("enterprise matches: %q", main)
	}
	checkAxe(t, ectx, "my opportunities")
	browse(t, ectx, chromedp.Click(chromedp.CSS(".cards li a")), chromedp.WaitVisible(chromedp.CSS("#d-yes")))
	checkAxe(t, ectx, "opportunity (enterprise)")
	browse(t, ectx, chromedp.Click(chromedp.CSS("#d-yes")), chromedp.Click(chromedp.CSS("#interest-form button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS(".notice")))
	if got := text(t, ectx, ".notice"); !strings.Contains(got, "intéressé") {
		t.Fatalf("confirmation %q", got)
	}

	// The buyer sees who is interested.
	browse(t, ctx, chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("h1")))
	if got := text(t, ctx, "main"); !strings.Contains(got, "Coop Verte") || !strings.Contains(got, "Intéressée") {
		t.Fatalf("buyer's view: %q", got)
	}

	for _, p := range []struct {
		ctxName, path string
	}{{"anon", "/organismes"}, {"anon", "/opportunites"}, {"buyer", "/t/alpha/opportunites"}} {
		t.Run("axe "+p.path, func(t *testing.T) {
			c := ctx
			if p.ctxName == "anon" {
				c = newBrowser(t)
			}
			browse(t, c, chromedp.Navigate(base+p.path), chromedp.WaitVisible(chromedp.CSS("h1")))
			checkAxe(t, c, p.path)
		})
	}
	t.Run("axe invitation link, unsubscribe, pôle pages", func(t *testing.T) {
		var inv struct {
			Invitations []struct {
				Token string `json:"token"`
			} `json:"invitations"`
		}
		r := f.buyer.sendJSON("POST", "/api/v1/t/alpha/opportunities", map[string]any{"kind": "quote_request", "title": "Sur invitation",
			"unspsc": []string{"72102900"}, "closes_at": e.Now.AddDate(0, 0, 9).Format(time.RFC3339), "visibility": "invited",
			"invitees": []map[string]any{{"name": "Coop Invitée", "email": "inv@x.example"}}})
		if r.Status != 201 {
			t.Fatalf("invited = %d %s", r.Status, r.Body)
		}
		r.json(t, &inv)
		var subs struct {
			Items []struct {
				ID uuid.UUID `json:"id"`
			} `json:"items"`
		}
		coop.get("/api/v1/me/subscriptions").json(t, &subs)
		unsub := opportunities.NewService(e.DB.App, nil, bytes.Repeat([]byte("k"), 32)).UnsubscribeToken(subs.Items[0].ID)
		anon := newBrowser(t)
		for _, p := range []string{"/opportunites/invitation/" + inv.Invitations[0].Token, "/alertes/" + subs.Items[0].ID.String() + "/desabonnement?jeton=" + unsub} {
			browse(t, anon, chromedp.Navigate(base+p), chromedp.WaitVisible(chromedp.CSS("h1")))
			checkAxe(t, anon, p)
		}
		steward := e.member("pole@mauricie.example", nil, "catalogue_steward")
		c := newBrowser(t)
		browse(t, c, setSession(base, steward.cookies[web.SessionCookie]))
		for _, p := range []string{"/pole/opportunites", "/pole/rayonnement"} {
			browse(t, c, chromedp.Navigate(base+p), chromedp.WaitVisible(chromedp.CSS("h1")))
			checkAxe(t, c, p)
		}
	})
	t.Run("axe SEAO upload", func(t *testing.T) {
		admin := e.member("admin@platform.example", nil, "platform_admin")
		c := newBrowser(t)
		browse(t, c, setSession(base, admin.cookies[web.SessionCookie]), chromedp.Navigate(base+"/admin/seao"), chromedp.WaitVisible(chromedp.CSS("h1")))
		checkAxe(t, c, "/admin/seao")
	})
}
