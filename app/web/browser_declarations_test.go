package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"maillage/app/web"
)

// signIn gives the browser the session cookie of a test client (a real server-side session).
func signIn(base string, cl *client) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		secure, httpOnly := true, true
		_, err := cdp.Call(ctx, t, network.SetCookie, network.SetCookieParams{Name: web.SessionCookie,
			Value: cl.cookies[web.SessionCookie], URL: base + "/", Path: "/", Secure: &secure, HTTPOnly: &httpOnly,
			SameSite: network.CookieSameSiteLax})
		return err
	})
}

func emulateMedia(media string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: media})
		return err
	})
}

// screenshot keeps a picture of the page when DECLARATIONS_SCREENSHOTS names a folder (to look at it).
func screenshot(t *testing.T, ctx context.Context, name string) {
	dir := os.Getenv("DECLARATIONS_SCREENSHOTS")
	if dir == "" {
		return
	}
	buf, err := chromedp.Run(ctx, func(ctx context.Context, tg *chromedp.Target) ([]byte, error) {
		res, err := cdp.Call(ctx, tg, page.CaptureScreenshot, page.CaptureScreenshotParams{CaptureBeyondViewport: ptr(true)})
		if err != nil {
			return nil, err
		}
		return res.Data, nil
	})
	if err == nil {
		_ = os.WriteFile(filepath.Join(dir, name+".png"), buf, 0o644)
	}
}

func ptr[T any](v T) *T { return &v }

func evalString(t *testing.T, ctx context.Context, js string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
	if err != nil {
		t.Fatalf("evaluate %s: %v", js, err)
	}
	return s
}

// An elected official reads the dashboard, drills into a target and prints the report, in a real
// browser, with axe-core clean on each page.
func TestBrowserOfficialDashboard(t *testing.T) {
	t.Parallel()
	f := newDeclarationFixture(t)
	base := f.e.liveServer()
	ctx := newBrowser(t)
	browse(t, ctx, chromedp.EmulateViewport(1280, 900), signIn(base, f.official))

	t.Run("dashboard", func(t *testing.T) {
		browse(t, ctx, chromedp.Navigate(base+"/t/rimouski/progress"), chromedp.WaitVisible(chromedp.CSS("h1")))
		if h1 := text(t, ctx, "h1"); !strings.Contains(h1, "Progrès de la déclaration") {
			t.Fatalf("h1 = %q", h1)
		}
		if n := evalString(t, ctx, `String(document.querySelectorAll('svg[role="img"] > title').length)`); n != "5" {
			t.Errorf("%s labelled charts, want 5", n)
		}
		body := text(t, ctx, "main")
		for _, w := range []string{"108 500 $", "200 000 $", "Coopérative Entretien Plus", "Former deux acheteurs"} {
			if !strings.Contains(strings.ReplaceAll(body, "\u00a0", " "), w) {
				t.Errorf("dashboard lacks %q", w)
			}
		}
		checkAxe(t, ctx, "dashboard")
		screenshot(t, ctx, "dashboard")
	})
	t.Run("drill-down", func(t *testing.T) {
		browse(t, ctx, chromedp.Click(chromedp.CSS(`a[href*="/progress/targets/amount"]`)), chromedp.WaitVisible(chromedp.CSS("table tbody tr")))
		if h1 := text(t, ctx, "h1"); !strings.Contains(h1, "Montant accordé") {
			t.Fatalf("h1 = %q", h1)
		}
		if n := evalString(t, ctx, `String(document.querySelectorAll('main table tbody tr').length)`); n != "2" {
			t.Errorf("%s contracts listed, want 2", n)
		}
		checkAxe(t, ctx, "drill-down")
		screenshot(t, ctx, "drill")
	})
	t.Run("print view", func(t *testing.T) {
		browse(t, ctx, chromedp.Navigate(base+"/t/rimouski/progress/report"), chromedp.WaitVisible(chromedp.CSS("h1")), emulateMedia("print"))
		if d := evalString(t, ctx, `getComputedStyle(document.querySelector('.site-header')).display`); d != "none" {
			t.Errorf("site header printed (display %q)", d)
		}
		if d := evalString(t, ctx, `getComputedStyle(document.querySelector('.actions')).display`); d != "none" {
			t.Errorf("buttons printed (display %q)", d)
		}
		if n := evalString(t, ctx, `String(document.querySelectorAll('svg[role="img"]').length)`); n != "5" {
			t.Errorf("%s charts in the printed report", n)
		}
		checkAxe(t, ctx, "report (print)")
		screenshot(t, ctx, "report-print")
		browse(t, ctx, emulateMedia(""))
	})
}

// The tenant admin's and the buyer's pages of this area pass axe-core too, in both languages.
func TestBrowserDeclarationAdminPages(t *testing.T) {
	t.Parallel()
	f := newDeclarationFixture(t)
	base := f.e.liveServer()
	ctx := newBrowser(t)
	browse(t, ctx, chromedp.EmulateViewport(1280, 900), signIn(base, f.admin))
	pages := []struct{ name, path, h1 string }{
		{"declarations", "/t/rimouski/declarations", "Déclarations d'engagement"},
		{"declaration", "/t/rimouski/declarations/" + f.decl.ID, "Déclaration d'engagement"},
		{"edit form", "/t/rimouski/declarations/" + f.decl.ID + "/edit", "Modifier la déclaration"},
		{"new form", "/t/rimouski/declarations/new", "Nouvelle déclaration"},
		{"contact log", "/t/rimouski/contacts", "Journal de maillage"},
		{"English dashboard", "/lang/en?next=/t/rimouski/progress", "Progress of the declaration"},
		{"English form", "/t/rimouski/declarations/new", "New declaration"},
	}
	for _, p := range pages {
		t.Run(p.name, func(t *testing.T) {
			browse(t, ctx, chromedp.Navigate(base+p.path), chromedp.WaitVisible(chromedp.CSS("h1")))
			if h1 := text(t, ctx, "h1"); !strings.Contains(h1, p.h1) {
				t.Fatalf("h1 = %q, want %q", h1, p.h1)
			}
			checkAxe(t, ctx, p.name)
			screenshot(t, ctx, strings.ReplaceAll(p.name, " ", "-"))
		})
	}
}
