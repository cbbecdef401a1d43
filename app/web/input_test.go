package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/google/uuid"

	"maillage/app/accounts"
	"maillage/app/web"
	"maillage/tenants"
)

// superUser is one person holding every tenant role in tn and every platform role: a caller whom
// authorization lets through everywhere, so that what a test observes is the input check and the handler.
func superUser(t *testing.T, e *env, tn *tenants.Tenant) *client {
	t.Helper()
	acc := accounts.NewStore(e.DB.App)
	u, err := acc.GrantTenantRole(context.Background(), tn.ID, "all@roles.example", "tenant_admin")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []string{"platform_admin", "catalogue_steward", "provincial_analyst", "enterprise"} {
		if _, err := acc.GrantPlatformRole(context.Background(), "all@roles.example", r, nil); err != nil {
			t.Fatal(err)
		}
	}
	return e.as(u.ID)
}

var pathParam = regexp.MustCompile(`:[a-z_]+\??`)

// fillPath fills a route's path: the tenant's slug, and a fresh (unknown) uuid for every other parameter.
func fillPath(path, slug string) string {
	return pathParam.ReplaceAllStringFunc(path, func(p string) string {
		if p == ":slug" {
			return slug
		}
		return uuid.NewString()
	})
}

// TestEveryWriteRouteRefusesControlCharacters walks the route table: every POST, PUT, PATCH and DELETE
// route, with a NUL byte (and another control character) in a JSON member and in a form field, answers
// 422 with a field error, before any handler runs, whatever the route, present or future.
func TestEveryWriteRouteRefusesControlCharacters(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tn := e.tenant("ville-ctl")
	cl := superUser(t, e, &tn)
	n := 0
	for _, r := range e.Srv.Routes() {
		if r.Method == http.MethodGet || r.RawBody || r.Path == "/logout" {
			continue
		}
		n++
		path := fillPath(r.Path, tn.Slug)
		t.Run(r.Method+" "+r.Path, func(t *testing.T) {
			for _, body := range []struct {
				name, ct, body string
			}{
				{"json NUL", "application/json", `{"name": "Coop\u0000", "version": 1}`},
				{"json nested control", "application/json", `{"items": [{"legal_name": "a\u0007b"}]}`},
				{"form NUL", "application/x-www-form-urlencoded", "name=" + url.QueryEscape("Coop\x00")},
			} {
				ct := body.ct
				if strings.HasPrefix(r.Path, "/api/") != (ct == "application/json") {
					continue // the API takes JSON, pages take forms
				}
				res := cl.do(r.Method, path, strings.NewReader(body.body), ct)
				if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "caractère invisible") {
					t.Errorf("%s: status %d, want 422 with the message: %.300s", body.name, res.Status, res.Body)
				}
			}
		})
	}
	if n < 40 {
		t.Fatalf("only %d write routes found: the walker is broken", n)
	}
	t.Run("query parameter", func(t *testing.T) {
		res := cl.get("/api/v1/t/ville-ctl/suppliers?q=" + url.QueryEscape("a\x00"))
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `"field":"q"`) {
			t.Fatalf("status %d: %.300s", res.Status, res.Body)
		}
	})
	t.Run("path", func(t *testing.T) {
		if res := cl.get("/t/ville-ctl%00/fournisseurs"); res.Status != http.StatusNotFound {
			t.Fatalf("status %d: %.300s", res.Status, res.Body)
		}
	})
	t.Run("value longer than any column", func(t *testing.T) {
		res := cl.do(http.MethodPost, "/api/v1/t/ville-ctl/suppliers", strings.NewReader(`{"legal_name":"`+strings.Repeat("é", 50_001)+`"}`), "application/json")
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `"field":"legal_name"`) || !strings.Contains(res.Body, "50000") {
			t.Fatalf("status %d: %.300s", res.Status, res.Body)
		}
	})
}

// TestUnknownIdsAreNotFound walks the route table: every route, its parameters filled with ids that
// exist nowhere (a fresh uuid, then text that is not an id), answers 4xx, never a 5xx.
func TestUnknownIdsAreNotFound(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tn := e.tenant("ville-ids")
	cl := superUser(t, e, &tn)
	for _, r := range e.Srv.Routes() {
		if !strings.Contains(strings.ReplaceAll(r.Path, ":slug", ""), ":") || r.Path == "/logout" {
			continue
		}
		for _, fill := range []string{"uuid", "text"} {
			path := fillPath(r.Path, tn.Slug)
			if fill == "text" {
				path = pathParam.ReplaceAllStringFunc(r.Path, func(p string) string {
					if p == ":slug" {
						return tn.Slug
					}
					return "zz-inconnu"
				})
			}
			t.Run(r.Method+" "+r.Path+" "+fill, func(t *testing.T) {
				body, ct := "{}", "application/json"
				if !strings.HasPrefix(r.Path, "/api/") {
					body, ct = "", "application/x-www-form-urlencoded"
				}
				if r.Method == http.MethodGet {
					body, ct = "", ""
				}
				res := cl.do(r.Method, path, strings.NewReader(body), ct)
				if res.Status >= 500 {
					t.Fatalf("%s %s: %d %.300s", r.Method, path, res.Status, res.Body)
				}
			})
		}
	}
	_ = web.Public
}
