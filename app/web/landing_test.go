package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"maillage/app/accounts"
)

// After a real login (demo provider, authorization-code flow) with no page asked for, each role lands where
// its work starts; someone with several places lands on the home page that lists them.
func TestLandingPerRole(t *testing.T) {
	t.Parallel()
	cases := []struct {
		hint     string
		tenant   string // the body granted a tenant role; "" for platform roles
		viaLogin string
		want     string
	}{
		{"official", "alpha", "/login", "/t/alpha/progress"},
		{"buyer", "alpha", "/login", "/t/alpha"},
		{"tenant_admin", "alpha", "/login", "/t/alpha"},
		{"enterprise", "", "/login", "/entreprise/candidatures"},
		{"catalogue_steward", "", "/login", "/catalogue/requests"},
		{"provincial_analyst", "", "/login", "/province"},
		{"platform_admin", "", "/login", "/admin/legal"},
		{"official", "alpha", "/t/alpha/login", "/t/alpha/progress"},
	}
	for _, c := range cases {
		t.Run(c.hint+" via "+c.viaLogin, func(t *testing.T) {
			e := newAuthEnv(t)
			tn := e.tenant("alpha")
			email := c.hint + "@demo.maillage.test"
			acc := accounts.NewStore(e.DB.App)
			var err error
			if c.tenant != "" {
				_, err = acc.GrantTenantRole(context.Background(), tn.ID, email, c.hint)
			} else {
				_, err = acc.GrantPlatformRole(context.Background(), email, c.hint, nil)
			}
			if err != nil {
				t.Fatal(err)
			}
			cl := e.anon()
			r := login(t, cl, c.viaLogin, c.hint, "/")
			if r.Status != http.StatusSeeOther || r.Header.Get("Location") != c.want {
				t.Fatalf("landed on %d %q, want %q", r.Status, r.Header.Get("Location"), c.want)
			}
			if page := cl.get(c.want); page.Status != http.StatusOK {
				t.Fatalf("landing page %s: %d", c.want, page.Status)
			}
		})
	}
	t.Run("a page asked for wins", func(t *testing.T) {
		e := newAuthEnv(t)
		tn := e.tenant("alpha")
		if _, err := accounts.NewStore(e.DB.App).GrantTenantRole(context.Background(), tn.ID, "official@demo.maillage.test", "official"); err != nil {
			t.Fatal(err)
		}
		if r := login(t, e.anon(), "/login", "official", "/t/alpha/declarations"); r.Header.Get("Location") != "/t/alpha/declarations" {
			t.Fatalf("landed on %q", r.Header.Get("Location"))
		}
	})
	t.Run("two bodies and a platform role: the home page lists the three places", func(t *testing.T) {
		e := newAuthEnv(t)
		a, b := e.tenant("alpha"), e.tenant("beta")
		acc := accounts.NewStore(e.DB.App)
		for _, g := range []struct {
			tn   *[16]byte
			role string
		}{{(*[16]byte)(&a.ID), "buyer"}, {(*[16]byte)(&a.ID), "official"}, {(*[16]byte)(&b.ID), "official"}} {
			if _, err := acc.GrantTenantRole(context.Background(), *g.tn, "buyer@demo.maillage.test", g.role); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := acc.GrantPlatformRole(context.Background(), "buyer@demo.maillage.test", "catalogue_steward", nil); err != nil {
			t.Fatal(err)
		}
		cl := e.anon()
		if r := login(t, cl, "/login", "buyer", "/"); r.Header.Get("Location") != "/" {
			t.Fatalf("landed on %q, want the chooser", r.Header.Get("Location"))
		}
		home := cl.get("/")
		for _, want := range []string{`href="/t/alpha"`, `href="/t/beta/progress"`, `href="/catalogue/requests"`, "Approvisionnement", "Responsable du catalogue"} {
			if !strings.Contains(home.Body, want) {
				t.Errorf("home page lacks %s", want)
			}
		}
		if n := strings.Count(home.Body, `<h3><a href="/t/alpha`); n != 1 {
			t.Errorf("body alpha listed %d times, want once (its strongest role)", n)
		}
	})
}
