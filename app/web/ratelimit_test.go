package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"testing"
	"time"

	"maillage/app/services"
	"maillage/app/web"
)

// secondInstance is another server on e's database, as a second pod behind the same load balancer.
func secondInstance(t *testing.T, e *env, cfg web.Config) *web.Server {
	t.Helper()
	cfg.Env, cfg.BaseURL, cfg.SecretKey, cfg.CookieSecure = "test", "http://example.test", []byte(strings.Repeat("k", 32)), true
	return newServer(t, e.DB.App, cfg, services.Options{}, "", web.Deps{Now: func() time.Time { return e.Now }})
}

// loginFrom posts the login form to srv as a client behind the given X-Forwarded-For header.
func loginFrom(t *testing.T, srv *web.Server, xff string) int {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "http://example.test/login", strings.NewReader(url.Values{}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "http://example.test")
	req.Header.Set("Cookie", "__Host-maillage_csrf=test-csrf-cookie-value-0123456789")
	req.Header.Set("X-CSRF-Token", srv.CSRFTokenFor("test-csrf-cookie-value-0123456789"))
	if xff != "" {
		req.Header.Set("X-Forwarded-For", xff)
	}
	res, err := srv.App().Test(req, 30_000)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode == http.StatusTooManyRequests && res.Header.Get("Retry-After") == "" {
		t.Fatal("429 without Retry-After")
	}
	if res.StatusCode == http.StatusForbidden || res.StatusCode >= 500 && res.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("login answered %d: the limit was not what was tested", res.StatusCode)
	}
	return res.StatusCode
}

// TestRateLimitSharedByInstances: 24 logins from one client spread over two instances, with the login's
// limit of 20 a minute: 20 go through, the excess is refused, whichever instance receives it.
func TestRateLimitSharedByInstances(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	instances := []*web.Server{e.Srv, secondInstance(t, e, web.Config{})}
	refused := 0
	for i := 0; i < 24; i++ {
		if loginFrom(t, instances[i%2], "") == http.StatusTooManyRequests {
			refused++
		}
	}
	if refused != 4 {
		t.Fatalf("%d of 24 logins refused over two instances, want 4", refused)
	}
	var failures int64
	if err := e.DB.Owner.Raw(`SELECT count(*) FROM auth_failures WHERE reason = 'errors.rate_limited'`).Scan(&failures).Error; err != nil || failures != 4 {
		t.Fatalf("refusals logged: %d (%v)", failures, err)
	}
}

// TestTrustedProxies: X-Forwarded-For decides the client only when the connection comes from a trusted
// proxy, and then from the right: a client cannot pick another budget by writing the header itself.
func TestTrustedProxies(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	// httptest requests come from 0.0.0.0: that is "the ingress" here.
	behind := secondInstance(t, e, web.Config{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("0.0.0.0/32"), netip.MustParsePrefix("10.0.0.0/8")}})
	count := func(srv *web.Server, xffs ...string) (refused int) {
		for _, x := range xffs {
			if loginFrom(t, srv, x) == http.StatusTooManyRequests {
				refused++
			}
		}
		return refused
	}
	repeat := func(x string, n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = x
		}
		return out
	}
	cases := []struct {
		name    string
		srv     *web.Server
		xffs    []string
		refused int
	}{
		{"behind the ingress, one client: its own budget", behind, repeat("203.0.113.1", 21), 1},
		{"another client behind the ingress has its own", behind, repeat("203.0.113.2", 20), 0},
		{"a client forging the header's left part is still itself", behind, repeat("198.51.100.9, 203.0.113.1", 3), 3},
		{"a chain of trusted proxies is skipped", behind, repeat("203.0.113.3, 10.1.2.3, 10.4.5.6", 21), 1},
		{"without trusted proxies the header is ignored: one budget for all", e.Srv,
			append(repeat("203.0.113.4", 10), repeat("203.0.113.5", 11)...), 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := count(tc.srv, tc.xffs...); got != tc.refused {
				t.Fatalf("%d refused, want %d", got, tc.refused)
			}
		})
	}
}
