package web_test

// The identity part of the test kit: a server whose platform provider is the in-process demo
// provider (a real OpenID provider), and a browser-like client that goes through the real
// authorization-code flow.

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"maillage/app/auth"
	"maillage/app/auth/demoidp"
	"maillage/app/services"
	"maillage/app/testdb"
	"maillage/app/web"
	"maillage/tenants"
)

// authEnv is an env whose server logs in through a running demo provider.
type authEnv struct {
	*env
	IdP *demoidp.Provider
}

func newAuthEnv(t *testing.T) *authEnv {
	t.Helper()
	idp, err := demoidp.Start(func(string) string { return "test" }, demoidp.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = idp.Shutdown(context.Background()) })
	e := &env{t: t, DB: testdb.New(t), Now: time.Now()}
	e.Srv = newAuthServer(t, e, idp)
	return &authEnv{env: e, IdP: idp}
}

// newAuthServer builds a server on e's database (a second instance when called again).
func newAuthServer(t *testing.T, e *env, idp *demoidp.Provider) *web.Server {
	t.Helper()
	return newAuthServerAt(t, e, idp, "http://example.test")
}

func newAuthServerAt(t *testing.T, e *env, idp *demoidp.Provider, base string) *web.Server {
	t.Helper()
	srv := newServer(t, e.DB.App, web.Config{Env: "test", BaseURL: base, SecretKey: bytes.Repeat([]byte("k"), 32), CookieSecure: true},
		services.Options{}, "", web.Deps{Now: func() time.Time { return e.Now },
			Auth: web.AuthDeps{
				Platform:     auth.Issuer{URL: idp.Issuer(), ClientID: idp.ClientID(), ClientSecret: idp.ClientSecret()},
				DemoAccounts: idp.Accounts(),
			}})
	return srv
}

// noFollow is the browser at the provider: it reads each redirect instead of following it.
var noFollow = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// startLogin posts the login form (as the demo account hint) and returns the provider URL.
func startLogin(t *testing.T, cl *client, loginPath, hint, next string) resp {
	t.Helper()
	return cl.postForm(loginPath, url.Values{"hint": {hint}, "next": {next}})
}

// atProvider follows the authorization URL at the provider and returns our callback path+query.
func atProvider(t *testing.T, authURL string) string {
	t.Helper()
	res, err := noFollow.Get(authURL)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusFound {
		t.Fatalf("provider answered %d", res.StatusCode)
	}
	loc, err := url.Parse(res.Header.Get("Location"))
	if err != nil || loc.Host != "example.test" {
		t.Fatalf("provider redirected to %q", res.Header.Get("Location"))
	}
	return loc.RequestURI()
}

// login runs the whole flow for a demo account and returns the final response (303 on success).
func login(t *testing.T, cl *client, loginPath, hint, next string) resp {
	t.Helper()
	r := startLogin(t, cl, loginPath, hint, next)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("POST %s: %d %s", loginPath, r.Status, r.Body)
	}
	return cl.get(atProvider(t, r.Header.Get("Location")))
}

// sessionsOf counts the live sessions in the database.
func (e *env) sessionCount() int64 {
	e.t.Helper()
	var n int64
	if err := e.DB.Owner.Raw(`SELECT count(*) FROM sessions`).Scan(&n).Error; err != nil {
		e.t.Fatal(err)
	}
	return n
}

func (e *env) failureCount(endpoint string) int64 {
	e.t.Helper()
	var n int64
	if err := e.DB.Owner.Raw(`SELECT count(*) FROM auth_failures WHERE endpoint = ?`, endpoint).Scan(&n).Error; err != nil {
		e.t.Fatal(err)
	}
	return n
}

func contains(body string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(body, p) {
			return false
		}
	}
	return true
}

// ptrTenant loads a tenant by slug.
func ptrTenant(t *testing.T, e *authEnv, slug string) *tenants.Tenant {
	t.Helper()
	tn, err := tenants.NewStore(e.DB.App).BySlug(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	return &tn
}

// ptrTenantB is ptrTenant for benchmarks.
func ptrTenantB(tb testing.TB, e *env, slug string) *tenants.Tenant {
	tb.Helper()
	tn, err := tenants.NewStore(e.DB.App).BySlug(context.Background(), slug)
	if err != nil {
		tb.Fatal(err)
	}
	return &tn
}
