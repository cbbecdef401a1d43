package web_test

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"maillage/app/accounts"
	"maillage/app/auth/demoidp"
	"maillage/app/testdb"
)

// liveAuthServer serves a server whose BaseURL is its own loopback address (the provider
// redirects the browser there), logging in through a running demo provider.
func liveAuthServer(t *testing.T) (*authEnv, string) {
	t.Helper()
	idp, err := demoidp.Start(func(string) string { return "test" }, demoidp.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = idp.Shutdown(context.Background()) })
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://localhost:" + strings.TrimPrefix(ln.Addr().String(), "127.0.0.1:")
	e := &env{t: t, DB: testdb.New(t), Now: time.Now()}
	e.Srv = newAuthServerAt(t, e, idp, base)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { _ = e.Srv.Serve(ctx, ln, 5*time.Second); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return &authEnv{env: e, IdP: idp}, base
}

// The demo buyer logs in through the real flow in headless Chromium, lands on the tenant home,
// and logs out; every page on the way, and the admin's pages, are axe-clean.
func TestBrowserLoginLogout(t *testing.T) {
	t.Parallel()
	e, base := liveAuthServer(t)
	tn := e.tenant("ville")
	acc := accounts.NewStore(e.DB.App)
	for email, role := range map[string]string{"buyer@demo.maillage.test": "buyer", "tenant_admin@demo.maillage.test": "tenant_admin"} {
		if _, err := acc.GrantTenantRole(context.Background(), tn.ID, email, role); err != nil {
			t.Fatal(err)
		}
	}
	ctx := newBrowser(t)
	location := func(t *testing.T) string {
		t.Helper()
		loc, err := chromedp.Run(ctx, chromedp.Location())
		if err != nil {
			t.Fatal(err)
		}
		return loc
	}
	t.Run("login page", func(t *testing.T) {
		browse(t, ctx, chromedp.Navigate(base+"/t/ville/login"), chromedp.WaitVisible(chromedp.CSS(`button[data-demo="buyer"]`)))
		checkAxe(t, ctx, "login")
	})
	t.Run("log in as the demo buyer through the provider", func(t *testing.T) {
		browse(t, ctx, chromedp.Click(chromedp.CSS(`button[data-demo="buyer"]`)), chromedp.WaitVisible(chromedp.CSS(`form[action="/logout"]`)))
		if loc := location(t); loc != base+"/t/ville" {
			t.Fatalf("landed on %s", loc)
		}
		if h1 := text(t, ctx, "h1"); !strings.Contains(h1, "Ville ville") {
			t.Fatalf("h1 = %q", h1)
		}
		if who := text(t, ctx, ".utility"); !strings.Contains(who, "buyer@demo.maillage.test") {
			t.Fatalf("header = %q", who)
		}
		checkAxe(t, ctx, "tenant home (member)")
	})
	for _, p := range []string{"/me", "/me/sessions"} {
		t.Run("page "+p, func(t *testing.T) {
			browse(t, ctx, chromedp.Navigate(base+p), chromedp.WaitVisible(chromedp.CSS("h1")))
			checkAxe(t, ctx, p)
		})
	}
	t.Run("log out", func(t *testing.T) {
		browse(t, ctx, chromedp.Navigate(base+"/t/ville"), chromedp.WaitVisible(chromedp.CSS(`form[action="/logout"] button`)),
			chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)), chromedp.WaitVisible(chromedp.CSS(`a[href^="/login"]`)))
		browse(t, ctx, chromedp.Navigate(base+"/me"), chromedp.WaitVisible(chromedp.CSS("h1")))
		if loc := location(t); !strings.HasPrefix(loc, base+"/login") {
			t.Fatalf("after logout /me went to %s", loc)
		}
		if n := e.sessionCount(); n != 0 {
			t.Fatalf("%d sessions after logout", n)
		}
	})
	t.Run("tenant admin pages", func(t *testing.T) {
		browse(t, ctx, chromedp.Navigate(base+"/t/ville/login"), chromedp.WaitVisible(chromedp.CSS(`button[data-demo="tenant_admin"]`)),
			chromedp.Click(chromedp.CSS(`button[data-demo="tenant_admin"]`)), chromedp.WaitVisible(chromedp.CSS(`form[action="/logout"]`)))
		for _, p := range []string{"/t/ville/admin/members", "/t/ville/admin/idp", "/t/ville/admin/audit"} {
			browse(t, ctx, chromedp.Navigate(base+p), chromedp.WaitVisible(chromedp.CSS("h1")))
			if loc := location(t); loc != base+p {
				t.Fatalf("%s went to %s", p, loc)
			}
			checkAxe(t, ctx, p)
		}
	})
}
