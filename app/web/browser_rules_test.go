package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"maillage/app/web"
)

// A buyer plans a purchase, reads the procedure and the ranked suppliers, records the contract with the
// first one, and finds it in the public yearly list; every page is axe-clean.
func TestBrowserAdvisorToPublishedList(t *testing.T) {
	t.Parallel()
	f := newRulesFixture(t)
	base := f.e.liveServer()
	ctx := newBrowser(t)
	year := f.e.Now.Format("2006")
	browse(t, ctx, setSession(base, f.buyer.cookies[web.SessionCookie]), chromedp.Navigate(base+"/t/alpha/advisor"), chromedp.WaitVisible(chromedp.CSS("h1")))
	checkAxe(t, ctx, "advisor form")
	browse(t, ctx,
		chromedp.SetValue(chromedp.CSS("#object"), "Entretien des parcs"),
		chromedp.SetValue(chromedp.CSS("#category"), "72102900"),
		chromedp.SetValue(chromedp.CSS("#nature"), "services"),
		chromedp.SetValue(chromedp.CSS("#amount"), "30 000,00"),
		chromedp.Click(chromedp.CSS("main form button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("#procedure")))
	if got := text(t, ctx, "#procedure"); got != "Gré à gré" {
		t.Fatalf("procedure %q", got)
	}
	if got := text(t, ctx, ".ranked > li:first-child .supplier-name"); got != "Coop de solidarité Mauricie" {
		t.Fatalf("first ranked %q", got)
	}
	if got := text(t, ctx, "main"); !strings.Contains(got, "Béton Montréal") || !strings.Contains(got, "Entretien Trois-Rivières") {
		t.Fatalf("ranked list lacks suppliers: %q", got)
	}
	checkAxe(t, ctx, "advice")
	browse(t, ctx, chromedp.Click(chromedp.CSS(".ranked > li:first-child a.button")), chromedp.WaitVisible(chromedp.CSS("#awarded")))
	checkAxe(t, ctx, "contract form")
	browse(t, ctx, chromedp.Click(chromedp.CSS("main form button[type=submit]")), chromedp.WaitVisible(chromedp.CSS("dl.facts")))
	if got := text(t, ctx, "h1"); got != "Entretien des parcs" {
		t.Fatalf("contract page h1 %q", got)
	}
	checkAxe(t, ctx, "contract")
	browse(t, ctx, chromedp.Navigate(base+"/t/alpha/contracts/published?year="+year), chromedp.WaitVisible(chromedp.CSS("h1")))
	if got := text(t, ctx, "main"); !strings.Contains(got, "Coop de solidarité Mauricie") || !strings.Contains(got, "Entretien des parcs") {
		t.Fatalf("published list: %q", got)
	}
	checkAxe(t, ctx, "published list")
	for _, p := range []string{"/t/alpha/contracts", "/t/alpha/policy", "/t/alpha/contracts/seao", "/t/alpha/contracts/import", "/t/alpha/contracts/new"} {
		t.Run("axe "+p, func(t *testing.T) {
			browse(t, ctx, chromedp.Navigate(base+p), chromedp.WaitVisible(chromedp.CSS("h1")))
			checkAxe(t, ctx, p)
		})
	}
}
