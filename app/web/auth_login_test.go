package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"maillage/app/accounts"
	"maillage/app/auth/demoidp"
	"maillage/app/testdb"
)

// The full login flow through HTTP against the in-process provider: success and each refusal,
// with a clear page, a logged failure and no session.
func TestLoginFlowThroughHTTP(t *testing.T) {
	t.Parallel()
	type outcome struct {
		status int
		body   string // a fragment of the French page
	}
	tests := []struct {
		name string
		// run drives the flow and returns the final response
		run  func(t *testing.T, e *authEnv, cl *client) resp
		want outcome
		// failures expected in auth_failures for the endpoint
		endpoint string
	}{
		{"success lands on the return path", func(t *testing.T, e *authEnv, cl *client) resp {
			return login(t, cl, "/login", "buyer", "/t/ville")
		}, outcome{http.StatusSeeOther, ""}, ""},
		{"wrong state", func(t *testing.T, e *authEnv, cl *client) resp {
			r := startLogin(t, cl, "/login", "buyer", "/")
			cb, _ := url.Parse(atProvider(t, r.Header.Get("Location")))
			q := cb.Query()
			q.Set("state", "forged")
			return cl.get("/auth/callback?" + q.Encode())
		}, outcome{http.StatusUnauthorized, "plus valide"}, "callback"},
		{"callback in another browser", func(t *testing.T, e *authEnv, cl *client) resp {
			r := startLogin(t, cl, "/login", "buyer", "/")
			return e.anon().get(atProvider(t, r.Header.Get("Location")))
		}, outcome{http.StatusUnauthorized, "plus valide"}, "callback"},
		{"replayed code", func(t *testing.T, e *authEnv, cl *client) resp {
			first := startLogin(t, cl, "/login", "buyer", "/")
			cb1, _ := url.Parse(atProvider(t, first.Header.Get("Location")))
			if r := cl.get(cb1.RequestURI()); r.Status != http.StatusSeeOther {
				t.Fatalf("first login: %d", r.Status)
			}
			if err := e.DB.Owner.Exec(`DELETE FROM sessions`).Error; err != nil {
				t.Fatal(err)
			}
			delete(cl.cookies, "__Host-maillage_session")
			second := startLogin(t, cl, "/login", "buyer", "/")
			cb2, _ := url.Parse(atProvider(t, second.Header.Get("Location")))
			q := cb2.Query()
			q.Set("code", cb1.Query().Get("code"))
			return cl.get("/auth/callback?" + q.Encode())
		}, outcome{http.StatusUnauthorized, "refusé le code"}, "callback"},
		{"wrong nonce", func(t *testing.T, e *authEnv, cl *client) resp {
			e.IdP.TamperNextIDToken(func(c jwt.MapClaims) { c["nonce"] = "another-login" }, nil)
			return login(t, cl, "/login", "buyer", "/")
		}, outcome{http.StatusUnauthorized, "pas à cette tentative"}, "callback"},
		{"expired ID token", func(t *testing.T, e *authEnv, cl *client) resp {
			e.IdP.FastForward(-3 * time.Hour)
			return login(t, cl, "/login", "buyer", "/")
		}, outcome{http.StatusUnauthorized, "est expiré"}, "callback"},
		{"token for another audience", func(t *testing.T, e *authEnv, cl *client) resp {
			e.IdP.TamperNextIDToken(func(c jwt.MapClaims) { c["aud"] = "another-application" }, nil)
			return login(t, cl, "/login", "buyer", "/")
		}, outcome{http.StatusUnauthorized, "destiné à une autre application"}, "callback"},
		{"issuer mismatch", func(t *testing.T, e *authEnv, cl *client) resp {
			e.IdP.TamperNextIDToken(func(c jwt.MapClaims) { c["iss"] = "https://login.example.net/oidc" }, nil)
			return login(t, cl, "/login", "buyer", "/")
		}, outcome{http.StatusUnauthorized, "autre fournisseur"}, "callback"},
		{"open redirect attempt", func(t *testing.T, e *authEnv, cl *client) resp {
			return startLogin(t, cl, "/login", "buyer", "//evil.example/phish")
		}, outcome{http.StatusUnprocessableEntity, "pas à Maillage"}, "login"},
		{"provider error", func(t *testing.T, e *authEnv, cl *client) resp {
			r := startLogin(t, cl, "/login", "buyer", "/")
			auth, _ := url.Parse(r.Header.Get("Location"))
			return cl.get("/auth/callback?error=access_denied&state=" + auth.Query().Get("state"))
		}, outcome{http.StatusUnauthorized, "a refusé la connexion"}, "callback"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newAuthEnv(t)
			tn := e.tenant("ville")
			if _, err := accounts.NewStore(e.DB.App).GrantTenantRole(context.Background(), tn.ID, "buyer@demo.maillage.test", "buyer"); err != nil {
				t.Fatal(err)
			}
			cl := e.anon()
			r := tc.run(t, e, cl)
			if r.Status != tc.want.status {
				t.Fatalf("status %d, want %d\n%s", r.Status, tc.want.status, r.Body)
			}
			if tc.want.status == http.StatusSeeOther {
				if r.Header.Get("Location") != "/t/ville" || cl.cookies["__Host-maillage_session"] == "" {
					t.Fatalf("landed on %q with cookies %v", r.Header.Get("Location"), cl.cookies)
				}
				home := cl.get("/t/ville")
				if home.Status != http.StatusOK || !contains(home.Body, "buyer@demo.maillage.test") {
					t.Fatalf("tenant home after login: %d", home.Status)
				}
				if e.sessionCount() != 1 {
					t.Fatalf("%d sessions, want 1", e.sessionCount())
				}
				return
			}
			if !contains(r.Body, tc.want.body, `role="alert"`) {
				t.Fatalf("page lacks %q:\n%s", tc.want.body, r.Body)
			}
			if _, ok := cl.cookies["__Host-maillage_session"]; ok {
				t.Fatal("a refused login set a session cookie")
			}
			if n := e.sessionCount(); n != 0 {
				t.Fatalf("%d sessions after a refused login", n)
			}
			if n := e.failureCount(tc.endpoint); n != 1 {
				t.Fatalf("%d failures logged for %s, want 1", n, tc.endpoint)
			}
		})
	}
}

// The login page's CSP lets its form lead to the provider, and only there; other pages keep
// form-action 'self'.
func TestLoginPagePolicy(t *testing.T) {
	t.Parallel()
	e := newAuthEnv(t)
	e.tenant("ville")
	origin := strings.TrimSuffix(e.IdP.Issuer(), "/oidc")
	tests := []struct {
		path       string
		wantOrigin bool
	}{
		{"/login", true},
		{"/t/ville/login", true},
		{"/", false},
		{"/t/ville", false},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			r := e.anon().get(tc.path)
			csp := r.Header.Get("Content-Security-Policy")
			if r.Status != http.StatusOK || !strings.Contains(csp, "form-action 'self'") || strings.Contains(csp, origin) != tc.wantOrigin {
				t.Fatalf("%d, CSP %q", r.Status, csp)
			}
			if tc.wantOrigin && !contains(r.Body, `data-demo="buyer"`, `name="_csrf"`) {
				t.Fatal("login page without demo accounts or CSRF token")
			}
		})
	}
}

// Login, callback and token creation are rate limited per client; the refusals are logged, as
// are wrong API tokens.
func TestAuthRateLimitsAndFailureLog(t *testing.T) {
	t.Parallel()
	e := newAuthEnv(t)
	e.tenant("ville")
	tests := []struct {
		name     string
		hit      func(cl *client) resp
		limit    int
		endpoint string
	}{
		{"login", func(cl *client) resp { return cl.postForm("/login", url.Values{"hint": {"buyer"}}) }, 20, "login"},
		{"callback", func(cl *client) resp { return cl.get("/auth/callback?state=x&code=y") }, 30, "callback"},
		{"token creation", func(cl *client) resp {
			return cl.postForm("/me/tokens", url.Values{"ttl_days": {"1"}})
		}, 10, "token"},
	}
	member := e.member("someone@ville.test", ptrTenant(t, e, "ville"), "buyer")
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cl := e.anon()
			if tc.endpoint == "token" {
				cl = member
			}
			before := e.failureCount(tc.endpoint)
			for i := 0; i < tc.limit; i++ {
				if r := tc.hit(cl); r.Status == http.StatusTooManyRequests {
					t.Fatalf("limited after %d requests, want %d", i, tc.limit)
				}
			}
			if r := tc.hit(cl); r.Status != http.StatusTooManyRequests {
				t.Fatalf("request %d: %d, want 429", tc.limit+1, r.Status)
			}
			var n int64
			if err := e.DB.Owner.Raw(`SELECT count(*) FROM auth_failures WHERE endpoint = ? AND reason = 'errors.rate_limited'`, tc.endpoint).Scan(&n).Error; err != nil {
				t.Fatal(err)
			}
			if n != 1 || e.failureCount(tc.endpoint) <= before {
				t.Fatalf("%d rate-limit refusals logged for %s", n, tc.endpoint)
			}
		})
	}
	t.Run("a wrong API token is logged", func(t *testing.T) {
		cl := &client{e: e.env, cookies: map[string]string{}, bearer: "mlg_not-a-real-token"}
		if r := cl.get("/api/v1/me"); r.Status != http.StatusUnauthorized {
			t.Fatalf("status %d", r.Status)
		}
		if e.failureCount("api") != 1 {
			t.Fatal("wrong token not logged")
		}
	})
}

// A pre-granted e-mail is bound only when the provider says it is verified.
func TestLoginBindsOnlyVerifiedEmail(t *testing.T) {
	t.Parallel()
	idp, err := demoidp.Start(func(string) string { return "test" }, demoidp.Config{Accounts: []demoidp.Account{
		{Key: "unverified", Subject: "u-1", Email: "marie@ville.test", EmailVerified: false, Name: "Marie"},
		{Key: "verified", Subject: "u-2", Email: "marie@ville.test", EmailVerified: true, Name: "Marie"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = idp.Shutdown(context.Background()) })
	e := &env{t: t, DB: testdb.New(t), Now: time.Now()}
	e.Srv = newAuthServer(t, e, idp)
	ae := &authEnv{env: e, IdP: idp}
	tn := ae.tenant("ville")
	if _, err := accounts.NewStore(e.DB.App).GrantTenantRole(context.Background(), tn.ID, "marie@ville.test", "buyer"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		hint   string
		status int
		bound  bool
	}{
		{"unverified", http.StatusForbidden, false},
		{"verified", http.StatusSeeOther, true},
	}
	for _, tc := range tests {
		t.Run(tc.hint, func(t *testing.T) {
			cl := ae.anon()
			r := login(t, cl, "/login", tc.hint, "/t/ville")
			if r.Status != tc.status {
				t.Fatalf("status %d, want %d: %.300s", r.Status, tc.status, r.Body)
			}
			var pending int64
			if err := e.DB.Owner.Raw(`SELECT count(*) FROM users WHERE email = 'marie@ville.test' AND issuer IS NULL`).Scan(&pending).Error; err != nil {
				t.Fatal(err)
			}
			if (pending == 0) != tc.bound {
				t.Fatalf("pending = %d, bound wanted %v", pending, tc.bound)
			}
			if !tc.bound && (ae.sessionCount() != 0 || !contains(r.Body, "marie@ville.test", `role="alert"`)) {
				t.Fatal("refusal without a clear page, or with a session")
			}
		})
	}
}
