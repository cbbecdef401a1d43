package web_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"maillage/app/accounts"
	"maillage/app/services"
	"maillage/app/web"
)

// newProbeServer is a server on e's database whose handlers only answer 204 (Deps.ProbeHandlers).
func newProbeServer(t *testing.T, e *env) *web.Server {
	t.Helper()
	srv := newServer(t, e.DB.App, web.Config{Env: "test", BaseURL: "http://example.test", SecretKey: []byte("kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk"),
		CookieSecure: true}, services.Options{}, "", web.Deps{Now: func() time.Time { return e.Now }, ProbeHandlers: true})
	if e.probes == nil {
		e.probes = map[*web.Server]bool{}
	}
	e.probes[srv] = true // its 204s are not the API's answers (api_answers_test.go)
	return srv
}

// caller is one kind of person the matrix tries every route as.
type caller struct {
	name         string
	userID       uuid.UUID // zero: anonymous
	tenantRoles  []string  // roles in the tenant of the paths (ville-a)
	platformRole string
}

// expectation is what the route's scope and the independent table mayDo (authz_expect_test.go) say should
// happen; policies/roles.csv is what is tested, never the source of the expectation.
type expectation int

const (
	allow expectation = iota
	denyLogin
	denyForbidden
	denyNotFound
)

func (x expectation) String() string {
	return [...]string{"allow", "login required", "403", "404"}[x]
}

// expect applies the declared scope and the expectations table, as a reviewer would read them.
func expect(r web.Route, c caller) expectation {
	switch r.Scope {
	case web.Public, web.TenantPublic:
		return allow
	}
	if c.userID == uuid.Nil {
		return denyLogin
	}
	switch r.Scope {
	case web.Authenticated:
		return allow
	case web.Platform:
		if c.platformRole != "" && mayDoRoute([]string{c.platformRole}, r.Obj, r.Act) {
			return allow
		}
		return denyForbidden
	case web.Tenant:
		if len(c.tenantRoles) == 0 {
			return denyNotFound // the tenant's private pages do not exist for outsiders
		}
		if mayDoRoute(c.tenantRoles, r.Obj, r.Act) {
			return allow
		}
		return denyForbidden
	}
	return denyForbidden
}

var routeParam = regexp.MustCompile(`:([a-zA-Z_]+)\??|\*`)

// concrete fills a route's parameters: the tenant slug, a language, and an id nobody has.
func concrete(path, slug string) string {
	return routeParam.ReplaceAllStringFunc(path, func(m string) string {
		switch strings.TrimSuffix(strings.TrimPrefix(m, ":"), "?") {
		case "slug":
			return slug
		case "lang":
			return "fr"
		}
		return uuid.NewString()
	})
}

// TestRoleRouteMatrix tries every role against every route of the table, pages and API, and
// checks the outcome against the declared permission. New routes are covered automatically.
func TestRoleRouteMatrix(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.Srv = newProbeServer(t, e)
	a, b := e.tenant("ville-a"), e.tenant("ville-b")
	acc := accounts.NewStore(e.DB.App)
	ctx := context.Background()
	var callers []caller
	callers = append(callers, caller{name: "anonymous"})
	for _, role := range accounts.TenantRoles {
		u, err := acc.GrantTenantRole(ctx, a.ID, role+"@ville-a.test", role)
		if err != nil {
			t.Fatal(err)
		}
		callers = append(callers, caller{name: role, userID: u.ID, tenantRoles: []string{role}})
	}
	for _, role := range accounts.PlatformRoles {
		u, err := acc.GrantPlatformRole(ctx, role+"@platform.test", role, nil)
		if err != nil {
			t.Fatal(err)
		}
		callers = append(callers, caller{name: role, userID: u.ID, platformRole: role})
	}
	for _, role := range accounts.TenantRoles {
		u, err := acc.GrantTenantRole(ctx, b.ID, role+"@ville-b.test", role)
		if err != nil {
			t.Fatal(err)
		}
		callers = append(callers, caller{name: role + " of another tenant", userID: u.ID})
	}

	routes := e.Srv.Routes()
	got := map[string]int{}
	if len(routes) < 20 {
		t.Fatalf("only %d routes: the table did not load", len(routes))
	}
	// One server per caller: the per-client rate limits count every request of a caller, and
	// the callers of the matrix all come from the same test address.
	servers := map[string]*web.Server{}
	for _, c := range callers {
		servers[c.name] = newProbeServer(t, e)
	}
	for _, r := range routes {
		path := concrete(r.Path, a.Slug)
		for _, c := range callers {
			want := expect(r, c)
			e.Srv = servers[c.name]
			t.Run(r.Method+" "+r.Path+"/"+c.name, func(t *testing.T) {
				// Rate limits are shared by every instance (PostgreSQL) and every caller here comes from the
				// same test address: start each request with fresh counts, only authorization is observed.
				if err := e.DB.Owner.Exec(`DELETE FROM rate_limits`).Error; err != nil {
					t.Fatal(err)
				}
				cl := e.anon()
				if c.userID != uuid.Nil {
					cl = e.as(c.userID)
				}
				if strings.HasPrefix(r.Path, "/api/") && c.userID != uuid.Nil {
					cl = e.tokenClient(c.userID) // the API as an API client would use it
				}
				var res resp
				if r.Method == http.MethodGet {
					res = cl.get(path)
				} else {
					res = cl.do(r.Method, path, strings.NewReader(""), "application/x-www-form-urlencoded")
				}
				got[r.Method+" "+r.Path+"|"+c.name] = res.Status
				checkOutcome(t, want, res)
			})
		}
	}

	// The properties the issue names, read directly off the observed statuses (not off expect).
	tenantRoutes := func(pred func(web.Route) bool) []web.Route {
		var out []web.Route
		for _, r := range routes {
			if r.Scope == web.Tenant && pred(r) {
				out = append(out, r)
			}
		}
		return out
	}
	properties := []struct {
		name   string
		caller string
		routes []web.Route
		status int
	}{
		{"official cannot write anything", "official", tenantRoutes(func(r web.Route) bool { return r.Method != http.MethodGet }), http.StatusForbidden},
		{"official reads progress", "official", tenantRoutes(func(r web.Route) bool {
			return r.Act == "read" && (r.Obj == "progress" || r.Obj == "declarations")
		}), http.StatusNoContent},
		{"provincial analyst reaches no tenant-private page", "provincial_analyst", tenantRoutes(func(web.Route) bool { return true }), http.StatusNotFound},
		{"a buyer of tenant B gets 404 on every tenant-A route", "buyer of another tenant", tenantRoutes(func(web.Route) bool { return true }), http.StatusNotFound},
		{"a tenant admin of tenant B gets 404 on every tenant-A route", "tenant_admin of another tenant", tenantRoutes(func(web.Route) bool { return true }), http.StatusNotFound},
	}
	for _, p := range properties {
		t.Run("property: "+p.name, func(t *testing.T) {
			if len(p.routes) == 0 {
				t.Fatal("no route to check")
			}
			for _, r := range p.routes {
				if st := got[r.Method+" "+r.Path+"|"+p.caller]; st != p.status {
					t.Errorf("%s %s: %d, want %d", r.Method, r.Path, st, p.status)
				}
			}
		})
	}
}

// checkOutcome: with probe handlers, an allowed request reaches the handler (204) and a
// refused one stops in the middleware with the status the scope and policy say.
func checkOutcome(t *testing.T, want expectation, res resp) {
	t.Helper()
	toLogin := res.Status == http.StatusSeeOther && strings.HasPrefix(res.Header.Get("Location"), "/login")
	ok := false
	switch want {
	case allow:
		ok = res.Status == http.StatusNoContent
	case denyLogin:
		ok = res.Status == http.StatusUnauthorized || toLogin
	case denyForbidden:
		ok = res.Status == http.StatusForbidden
	case denyNotFound:
		ok = res.Status == http.StatusNotFound
	}
	if !ok {
		t.Fatalf("got %d, want %s: %.200s", res.Status, want, res.Body)
	}
}
