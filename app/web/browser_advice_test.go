package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// An advice page a buyer reads and prints: no UUID or rule key in what it shows, the print button prints,
// the print layout keeps the answer and drops the buttons, and every advisor page is axe-clean (the
// form, an answer from the law alone with its warnings, "Mes avis", the policy page with its preview,
// the legal values).
func TestBrowserAdvicePrints(t *testing.T) {
	t.Parallel()
	f := newRulesFixture(t)
	base := f.e.liveServer()
	ctx := newBrowser(t)
	// An answer dated before the body's first policy version: from the law alone, with warnings.
	r := f.buyer.postForm("/t/alpha/advisor", url.Values{"object": {"Réfection du chalet"}, "category": {"72102900"}, "nature": {"construction"},
		"amount": {"90 000"}, "options": {"10 000"}, "launch_date": {"2023-03-01"}})
	if r.Status != 303 {
		t.Fatalf("advise: %d", r.Status)
	}
	browse(t, ctx, signIn(base, f.buyer), chromedp.Navigate(base+r.Header.Get("Location")), chromedp.WaitVisible(chromedp.CSS("#procedure")))
	if got := text(t, ctx, "#procedure"); got != "Invitation écrite (au moins 2 fournisseurs)" {
		t.Fatalf("procedure %q", got)
	}
	shown := evalString(t, ctx, `document.body.innerText`)
	if id := uuidRE.FindString(shown); id != "" {
		t.Errorf("the advice page shows a UUID: %s", id)
	}
	for _, code := range []string{"muni_", "rules.", "loi67_window", "lcv_cm"} {
		if strings.Contains(shown, code) {
			t.Errorf("the advice page shows %q", code)
		}
	}
	if !strings.Contains(shown, "Loi 67") || !strings.Contains(shown, "la loi seule") {
		t.Errorf("the law-only answer lacks its warnings: %q", shown)
	}
	checkAxe(t, ctx, "advice")
	// The print button calls the browser's print; the print layout hides the buttons, keeps the answer.
	printed := evalString(t, ctx, `window.__printed = "no"; window.print = () => { window.__printed = "yes" }; `+
		`document.querySelector("[data-print]").click(); window.__printed`)
	if printed != "yes" {
		t.Fatalf("the print button did not print")
	}
	browse(t, ctx, emulateMedia("print"))
	if d := evalString(t, ctx, `getComputedStyle(document.querySelector(".actions")).display`); d != "none" {
		t.Errorf("buttons printed: display %s", d)
	}
	if d := evalString(t, ctx, `getComputedStyle(document.querySelector(".notice.warning")).display`); d == "none" {
		t.Errorf("warnings not printed")
	}
	pdf, err := chromedp.Run(ctx, func(ctx context.Context, tg *chromedp.Target) ([]byte, error) {
		res, err := cdp.Call(ctx, tg, page.PrintToPDF, page.PrintToPDFParams{})
		if err != nil {
			return nil, err
		}
		return res.Data, nil
	})
	if err != nil || len(pdf) < 5_000 || !strings.HasPrefix(string(pdf), "%PDF") {
		t.Fatalf("print to PDF: %d bytes, %v", len(pdf), err)
	}
	browse(t, ctx, emulateMedia(""))
	for _, p := range []string{"/t/alpha/advisor", "/t/alpha/advice", "/t/alpha/advice?all=1"} {
		browse(t, ctx, chromedp.Navigate(base+p), chromedp.WaitVisible(chromedp.CSS("h1")))
		checkAxe(t, ctx, p)
	}
	// The policy page's preview of a new version.
	browse(t, ctx, signIn(base, f.admin), chromedp.Navigate(base+"/t/alpha/policy"), chromedp.WaitVisible(chromedp.CSS("#resolution_number")),
		chromedp.SetValue(chromedp.CSS("#resolution_number"), "CM-2026-12"),
		chromedp.SetValue(chromedp.CSS("#resolution_date"), "2026-05-01"),
		chromedp.SetValue(chromedp.CSS("#rotation_months"), "18"),
		chromedp.Click(chromedp.CSS("main form button[type=submit]")), chromedp.WaitVisible(chromedp.CSS("#preview-title")))
	if got := text(t, ctx, "table.diff"); !strings.Contains(got, "Rotation (mois)") || !strings.Contains(got, "18") {
		t.Fatalf("preview: %q", got)
	}
	checkAxe(t, ctx, "policy preview")
	platform := f.e.member("root@maillage.example", nil, "platform_admin")
	browse(t, ctx, signIn(base, platform), chromedp.Navigate(base+"/admin/legal"), chromedp.WaitVisible(chromedp.CSS("h1")))
	if shown := evalString(t, ctx, `document.querySelector("main").innerText`); strings.Contains(shown, "muni_tender_threshold") ||
		!strings.Contains(shown, "Seuil d'appel d'offres public (municipal)") || !strings.Contains(shown, "Lire la source") {
		t.Errorf("legal values page: %q", shown[:min(len(shown), 400)])
	}
	checkAxe(t, ctx, "legal values")
}
