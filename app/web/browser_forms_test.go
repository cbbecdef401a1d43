package web_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The error pattern in a real browser, on a desk and on a phone: the form comes back with the summary
// focused, each link of the summary leads to its field, the values are there, and axe-core is clean.
func TestBrowserFormErrors(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.tenant("levis")
	buyer := e.member("acheteuse@levis.example", &a, "buyer")
	if r := buyer.postForm("/t/levis/fournisseurs", url.Values{"neq": {"1143456789"}, "legal_name": {"Coop Neige"},
		"legal_form": {"cooperative"}, "municipality": {"levis"}}); r.Status != 303 {
		t.Fatalf("create: %d", r.Status)
	}
	base := e.liveServer()
	ctx := newBrowser(t)
	browse(t, ctx, chromedp.Navigate(base+"/"), signIn(base, buyer))
	forms := []struct {
		name, path string
		fill       []chromedp.Action[chromedp.Void]
		submit     string
		field      string // the field the summary's first link leads to
		keptID     string
		keptValue  string
	}{
		{"supplier form", "/t/levis/fournisseurs/nouveau", []chromedp.Action[chromedp.Void]{
			chromedp.SendKeys(chromedp.CSS("#legal_name"), "Coop Glace"),
			chromedp.SendKeys(chromedp.CSS("#municipality"), "Gotham"),
		}, `form[action="/t/levis/fournisseurs"] button[type=submit]`, "neq", "legal_name", "Coop Glace"},
		{"register bulk action", "/t/levis/fournisseurs", []chromedp.Action[chromedp.Void]{
			chromedp.SendKeys(chromedp.CSS("#reason"), "dossier incomplet"),
		}, `fieldset.bulk button[type=submit]`, "ids", "reason", "dossier incomplet"},
	}
	for _, v := range sizes {
		for _, f := range forms {
			t.Run(v.name+" "+f.name, func(t *testing.T) {
				steps := append([]chromedp.Action[chromedp.Void]{resize(v), chromedp.Navigate(base + f.path), chromedp.WaitVisible(chromedp.CSS("h1"))}, f.fill...)
				steps = append(steps, chromedp.Click(chromedp.CSS(f.submit)), chromedp.WaitVisible(chromedp.CSS("#error-summary")))
				browse(t, ctx, steps...)
				if got := evalString(t, ctx, `document.activeElement.id`); got != "error-summary" {
					t.Errorf("focus on %q, want the error summary", got)
				}
				if got := evalString(t, ctx, `document.getElementById("`+f.keptID+`").value`); got != f.keptValue {
					t.Errorf("%s keeps %q, want %q", f.keptID, got, f.keptValue)
				}
				if inv := evalString(t, ctx, `document.getElementById("`+f.field+`").getAttribute("aria-invalid") || ""`); inv != "true" {
					t.Errorf("#%s not marked invalid", f.field)
				}
				checkAxe(t, ctx, f.name+" with errors")
				shoot(t, ctx, "form-error-"+f.name+"-"+v.name)
				browse(t, ctx, chromedp.Click(chromedp.CSS(`#error-summary a[href="#`+f.field+`"]`)))
				if got := evalString(t, ctx, `document.activeElement.id`); !strings.HasPrefix(got, f.field) {
					t.Errorf("the summary's link leads to %q, want #%s", got, f.field)
				}
			})
		}
	}
}
