package web_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/google/uuid"

	"maillage/app/accounts"
)

func TestPagesInBothLanguages(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.tenant("alpha")
	cases := []struct {
		name, path, lang, cookieLang string
		status                       int
		want                         []string
	}{
		{"landing defaults to French", "/", "", "", 200, []string{`<html lang="fr">`, "Aller au contenu", "entreprises collectives"}},
		{"landing in English by Accept-Language", "/", "en-CA,en;q=0.9", "", 200, []string{`<html lang="en">`, "Skip to content"}},
		{"cookie choice beats Accept-Language", "/", "en", "fr", 200, []string{`<html lang="fr">`}},
		{"tenant page", "/t/alpha", "", "", 200, []string{"<h1>Ville alpha</h1>", "Devenir fournisseur", `href="/t/alpha/inscription"`}},
		{"tenant page in English", "/t/alpha", "en", "", 200, []string{"Become a supplier"}},
		{"unknown tenant is 404 in French", "/t/nowhere", "", "", 404, []string{"Page introuvable"}},
		{"unknown tenant is 404 in English", "/t/nowhere", "en", "", 404, []string{"Page not found"}},
		{"unknown page is 404", "/no/such/page", "", "", 404, []string{"Page introuvable", "Retour à l’accueil"}},
		{"return paths are encoded once", "/t/alpha?x=1", "", "", 200, []string{`href="/lang/en?next=%2ft%2falpha%3fx%3d1"`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cl := e.anon()
			cl.lang = c.lang
			if c.cookieLang != "" {
				cl.cookies["lang"] = c.cookieLang
			}
			r := cl.get(c.path)
			if r.Status != c.status {
				t.Fatalf("status %d, want %d", r.Status, c.status)
			}
			for _, w := range c.want {
				if !strings.Contains(r.Body, w) {
					t.Errorf("body lacks %q:\n%.1500s", w, r.Body)
				}
			}
		})
	}
}

func TestLanguageToggleStaysOnSite(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	cases := []struct{ next, wantLocation string }{
		{"/t/alpha", "/t/alpha"},
		{"https://evil.example/", "/"},
		{"//evil.example", "/"},
		{`/\evil.example`, "/"},
	}
	for _, c := range cases {
		t.Run(c.next, func(t *testing.T) {
			r := e.anon().get("/lang/en?next=" + url.QueryEscape(c.next))
			if r.Status != 303 || r.Header.Get("Location") != c.wantLocation {
				t.Fatalf("status %d location %q, want 303 %q", r.Status, r.Header.Get("Location"), c.wantLocation)
			}
			if !strings.Contains(r.Header.Get("Set-Cookie"), "lang=en") {
				t.Fatalf("language cookie not set: %q", r.Header.Get("Set-Cookie"))
			}
		})
	}
}

func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r := e.anon().get("/")
	csp := r.Header.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP lacks %q: %s", want, csp)
		}
	}
	if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
		t.Errorf("CSP allows inline code: %s", csp)
	}
	for h, want := range map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "strict-origin-when-cross-origin"} {
		if got := r.Header.Get(h); got != want {
			t.Errorf("%s = %q, want %q", h, got, want)
		}
	}
	if !strings.Contains(r.Header.Get("Set-Cookie"), "__Host-maillage_csrf") && r.Header.Get("Set-Cookie") != "" {
		t.Errorf("unexpected cookie: %s", r.Header.Get("Set-Cookie"))
	}
}

func TestCSRFOnUnsafeMethods(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	cases := []struct {
		name   string
		token  string
		origin string
		want   int
	}{
		{"no token is refused", "-", "", 403},
		{"wrong token is refused", "forged", "", 403},
		{"right token passes (then 404: no such route)", "", "", 404},
		{"foreign Origin is refused even with the token", "", "https://evil.example", 403},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cl := e.anon()
			form := url.Values{"x": {"1"}}
			switch c.token {
			case "-":
				r := cl.do("POST", "/nowhere", strings.NewReader(form.Encode()), "application/x-www-form-urlencoded")
				_ = r
			}
			req := form
			if c.token != "" && c.token != "-" {
				req.Set("_csrf", c.token)
			}
			status := postWithToken(t, e, cl, "/nowhere", req, c.token == "", c.origin)
			if status != c.want {
				t.Fatalf("status %d, want %d", status, c.want)
			}
		})
	}
}

// postWithToken posts a form with (withHeader) or without the X-CSRF-Token header the kit normally adds.
func postWithToken(t *testing.T, e *env, cl *client, path string, form url.Values, withHeader bool, origin string) int {
	t.Helper()
	if withHeader {
		form.Set("_csrf", e.Srv.CSRFTokenFor(cl.cookies["__Host-maillage_csrf"]))
	}
	req := newRequest("POST", path, form.Encode(), cl.cookies, origin)
	res, err := e.Srv.App().Test(req, 10_000)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode
}

func TestAPIIdentityAndTenantIsolation(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a, b := e.tenant("alpha"), e.tenant("beta")
	_ = b
	buyerA := e.member("buyer@alpha.example", &a, accounts.RoleBuyer)
	var me struct {
		User        accounts.User         `json:"user"`
		Memberships []accounts.Membership `json:"memberships"`
	}
	r := buyerA.get("/api/v1/me")
	if r.Status != 200 {
		t.Fatalf("me: %d %s", r.Status, r.Body)
	}
	r.json(t, &me)
	api := e.tokenClient(me.User.ID)
	cases := []struct {
		name   string
		cl     *client
		path   string
		status int
		want   string
	}{
		{"member reads own tenant with a session", buyerA, "/api/v1/t/alpha", 200, `"slug":"alpha"`},
		{"member reads own tenant with a token", api, "/api/v1/t/alpha", 200, `"slug":"alpha"`},
		{"another tenant is 404, not 403", api, "/api/v1/t/beta", 404, `"type":"/problems/not_found"`},
		{"unknown tenant is 404", api, "/api/v1/t/gamma", 404, `"status":404`},
		{"anonymous is 401", e.anon(), "/api/v1/t/alpha", 401, `"/problems/unauthenticated"`},
		{"bad token is 401", &client{e: e, cookies: map[string]string{}, bearer: "mlg_nope"}, "/api/v1/me", 401, `auth.token_invalid`},
		{"me with a token", api, "/api/v1/me", 200, `"email":"buyer@alpha.example"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := c.cl.get(c.path)
			if r.Status != c.status || !strings.Contains(r.Body, c.want) {
				t.Fatalf("got %d %s; want %d containing %q", r.Status, r.Body, c.status, c.want)
			}
			if r.Status >= 400 && !strings.HasPrefix(r.Header.Get("Content-Type"), "application/problem+json") {
				t.Fatalf("error content type %q", r.Header.Get("Content-Type"))
			}
		})
	}
	if len(me.Memberships) != 1 || me.Memberships[0].Slug != "alpha" {
		t.Fatalf("memberships %+v", me.Memberships)
	}
}

func TestRevokedTokenStopsWorking(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.tenant("alpha")
	u, err := accounts.NewStore(e.DB.App).GrantTenantRole(t.Context(), a.ID, "x@alpha.example", accounts.RoleBuyer)
	if err != nil {
		t.Fatal(err)
	}
	cl := e.tokenClient(u.ID)
	if r := cl.get("/api/v1/me"); r.Status != 200 {
		t.Fatalf("fresh token: %d", r.Status)
	}
	toks, _ := accounts.NewTokens(e.DB.App, nil).List(t.Context(), u.ID)
	if len(toks) != 1 || toks[0].LastUsedAt == nil {
		t.Fatalf("token use not recorded: %+v", toks)
	}
	if err := accounts.NewTokens(e.DB.App, nil).Revoke(t.Context(), u.ID, toks[0].ID); err != nil {
		t.Fatal(err)
	}
	if r := cl.get("/api/v1/me"); r.Status != 401 {
		t.Fatalf("revoked token: %d", r.Status)
	}
	if err := accounts.NewTokens(e.DB.App, nil).Revoke(t.Context(), uuid.New(), toks[0].ID); err == nil {
		t.Fatal("another user revoked the token")
	}
}
