package web_test

// The test kit every web test uses: a real server on a fresh database (app role, RLS on), tenants, users
// with roles and real sessions, and a client that keeps cookies and CSRF tokens like a browser.

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"maillage/app/accounts"
	"maillage/app/services"
	"maillage/app/testdb"
	"maillage/app/uploads"
	"maillage/app/web"
	"maillage/tenants"
)

type env struct {
	t   testing.TB
	DB  *testdb.DB
	Srv *web.Server
	Now time.Time // the server's clock; tests may move it

	answers apiAnswers           // every API answer is checked against the OpenAPI document (api_answers_test.go)
	probes  map[*web.Server]bool // servers whose handlers only answer 204 (newProbeServer)
}

func newEnv(t testing.TB, extra ...web.Route) *env {
	t.Helper()
	return newEnvWith(t, web.Config{}, extra...)
}

// newEnvWith is newEnv with some configuration set (zero fields get the test defaults).
func newEnvWith(t testing.TB, cfg web.Config, extra ...web.Route) *env {
	t.Helper()
	return newEnvServices(t, cfg, services.Options{}, "", extra...)
}

// newEnvServices is newEnvWith with the services' options set too (billing) and the documents in
// blobDir (a fresh temporary directory when empty).
func newEnvServices(t testing.TB, cfg web.Config, o services.Options, blobDir string, extra ...web.Route) *env {
	t.Helper()
	e := &env{t: t, DB: testdb.New(t), Now: time.Now()}
	if cfg.Env == "" {
		cfg.Env = "test" // web.New treats an empty environment as production
	}
	cfg.BaseURL, cfg.SecretKey, cfg.CookieSecure = "http://example.test", bytes.Repeat([]byte("k"), 32), true
	e.Srv = newServer(t, e.DB.App, cfg, o, blobDir, web.Deps{Now: func() time.Time { return e.Now }, ExtraRoutes: extra})
	return e
}

// newServer builds a server on db the way cmd/maillage/wire.go builds the real one: the services once over
// the pool (options o; empty fields get cfg's URL and key, d's clock, a one-hour session), the documents
// in blobDir (a fresh temporary directory when empty), a discarding logger when d has none.
func newServer(t testing.TB, db *gorm.DB, cfg web.Config, o services.Options, blobDir string, d web.Deps) *web.Server {
	t.Helper()
	if o.BaseURL == "" {
		o.BaseURL = cfg.BaseURL
	}
	if o.SecretKey == nil {
		o.SecretKey = cfg.SecretKey
	}
	if o.Now == nil {
		o.Now = d.Now
	}
	if o.Sessions.Idle == 0 {
		o.Sessions = accounts.SessionPolicy{Idle: time.Hour, Absolute: 8 * time.Hour}
	}
	if d.Logger == nil {
		d.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	o.Logger = d.Logger
	set, err := services.New(db, o)
	if err != nil {
		t.Fatal(err)
	}
	if blobDir == "" {
		blobDir = t.TempDir()
	}
	blobs, err := uploads.OpenLocalStore(blobDir)
	if err != nil {
		t.Fatal(err)
	}
	d.Services, d.Blobs = set, blobs
	srv, err := web.New(cfg, d)
	if err != nil {
		t.Fatal(err)
	}
	return srv
}

// tenant creates a tenant (slug, name).
func (e *env) tenant(slug string) tenants.Tenant {
	e.t.Helper()
	tn, err := tenants.NewStore(e.DB.App).Create(context.Background(), tenants.NewTenant{Slug: slug, Name: "Ville " + slug, Kind: "municipality"})
	if err != nil {
		e.t.Fatal(err)
	}
	return tn
}

// member returns a logged-in client holding role in tenant (tenant roles) or platform-wide (tenant == nil).
func (e *env) member(email string, tn *tenants.Tenant, role string) *client {
	e.t.Helper()
	acc := accounts.NewStore(e.DB.App)
	var u accounts.User
	var err error
	if tn != nil {
		u, err = acc.GrantTenantRole(context.Background(), tn.ID, email, role)
	} else {
		u, err = acc.GrantPlatformRole(context.Background(), email, role, nil)
	}
	if err != nil {
		e.t.Fatal(err)
	}
	return e.as(u.ID)
}

// as returns a client with a fresh session for user id.
func (e *env) as(userID [16]byte) *client {
	e.t.Helper()
	raw, _, err := accounts.NewSessions(e.DB.App, accounts.SessionPolicy{}, func() time.Time { return e.Now }).Create(context.Background(), userID, "test", "go-test", "127.0.0.1", "")
	if err != nil {
		e.t.Fatal(err)
	}
	c := e.anon()
	c.cookies[web.SessionCookie] = raw
	return c
}

// anon returns a client without a session.
func (e *env) anon() *client {
	return &client{e: e, cookies: map[string]string{"__Host-maillage_csrf": "test-csrf-cookie-value-0123456789"}}
}

type client struct {
	e       *env
	cookies map[string]string
	bearer  string
	lang    string
}

type resp struct {
	Status int
	Header http.Header
	Body   string
}

func (r resp) json(t *testing.T, into any) {
	t.Helper()
	if err := json.Unmarshal([]byte(r.Body), into); err != nil {
		t.Fatalf("decode %q: %v", r.Body, err)
	}
}

func (c *client) do(method, path string, body io.Reader, contentType string) resp {
	c.e.t.Helper()
	req := httptest.NewRequest(method, "http://example.test"+path, body)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if c.bearer != "" {
		req.Header.Set("Authorization", "Bearer "+c.bearer)
	}
	if c.lang != "" {
		req.Header.Set("Accept-Language", c.lang)
	}
	var parts []string
	for k, v := range c.cookies {
		parts = append(parts, k+"="+v)
	}
	req.Header.Set("Cookie", strings.Join(parts, "; "))
	if method != http.MethodGet && c.bearer == "" {
		req.Header.Set("X-CSRF-Token", c.e.Srv.CSRFTokenFor(c.cookies["__Host-maillage_csrf"]))
	}
	res, err := c.e.Srv.App().Test(req, 30_000)
	if err != nil {
		c.e.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	for _, ck := range res.Cookies() {
		if ck.MaxAge < 0 || (!ck.Expires.IsZero() && ck.Expires.Before(time.Now())) {
			delete(c.cookies, ck.Name)
		} else {
			c.cookies[ck.Name] = ck.Value
		}
	}
	c.e.checkAPIAnswer(method, path, res.StatusCode, res.Header, string(b))
	return resp{Status: res.StatusCode, Header: res.Header, Body: string(b)}
}

func (c *client) get(path string) resp { return c.do(http.MethodGet, path, nil, "") }

func (c *client) postForm(path string, form url.Values) resp {
	return c.do(http.MethodPost, path, strings.NewReader(form.Encode()), "application/x-www-form-urlencoded")
}

func (c *client) sendJSON(method, path string, v any) resp {
	b, _ := json.Marshal(v)
	return c.do(method, path, bytes.NewReader(b), "application/json")
}

// token gives the client a personal API token of user id and drops cookies (a pure API client).
func (e *env) tokenClient(userID [16]byte) *client {
	e.t.Helper()
	secret, _, err := accounts.NewTokens(e.DB.App, nil).Create(context.Background(), userID, "test", time.Hour)
	if err != nil {
		e.t.Fatal(err)
	}
	return &client{e: e, cookies: map[string]string{}, bearer: secret}
}
