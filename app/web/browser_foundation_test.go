package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The public pages in both languages, in a real browser, with axe-core: no serious or critical violation.
func TestBrowserPublicPagesBothLanguages(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.tenant("alpha")
	base := e.liveServer()
	ctx := newBrowser(t)
	steps := []struct {
		name, path, wantH1, wantLang string
	}{
		{"landing (fr)", "/", "entreprises collectives", "fr"},
		{"tenant (fr)", "/t/alpha", "Ville alpha", "fr"},
		{"404 (fr)", "/t/nowhere", "Page introuvable", "fr"},
		{"switch to English", "/lang/en?next=/", "collective enterprises", "en"},
		{"tenant (en)", "/t/alpha", "Ville alpha", "en"},
		{"404 (en)", "/t/nowhere", "Page not found", "en"},
	}
	t.Run("axe reports a known violation (the check can fail)", func(t *testing.T) {
		browse(t, ctx, chromedp.Navigate(`data:text/html,<html><body><img src="x.png"><input type="text"></body></html>`))
		if vs := axeViolations(t, ctx, "broken page"); len(vs) == 0 {
			t.Fatal("axe found nothing on a page with an image without alt and an unlabeled input")
		}
	})
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			browse(t, ctx, chromedp.Navigate(base+s.path), chromedp.WaitVisible(chromedp.CSS("h1")))
			if h1 := text(t, ctx, "h1"); !strings.Contains(h1, s.wantH1) {
				t.Fatalf("h1 %q lacks %q", h1, s.wantH1)
			}
			lang, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.lang`))
			if err != nil || lang != s.wantLang {
				t.Fatalf("lang %q (%v), want %q", lang, err, s.wantLang)
			}
			checkAxe(t, ctx, s.path)
		})
	}
}
