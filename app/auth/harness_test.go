package auth_test

import (
	"context"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	"maillage/app/auth"
	"maillage/app/auth/demoidp"
)

const callbackURL = "http://localhost:8080/auth/callback"

// harness is a real demo provider on a loopback port and a relying party talking to it.
type harness struct {
	idp      *demoidp.Provider
	rp       *auth.RelyingParty
	attempts *auth.MemoryAttempts
	clock    *clock
	browser  *http.Client // does not follow redirects: the test reads each Location
}

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

type harnessOpt func(*demoidp.Config, *auth.Issuer)

func newHarness(t *testing.T, opts ...harnessOpt) *harness {
	t.Helper()
	h := &harness{attempts: auth.NewMemoryAttempts(), clock: &clock{t: time.Now()}}
	cfg := demoidp.Config{}
	iss := auth.Issuer{
		Key: auth.PlatformIssuerKey, RedirectURL: callbackURL,
		Scopes: []string{"openid", "email", "profile", "groups"},
		Rules:  []auth.RoleRule{{Claim: "groups", Value: "maillage-buyer", Role: auth.RoleBuyer}},
	}
	for _, o := range opts {
		o(&cfg, &iss)
	}
	idp, err := demoidp.Start(func(string) string { return "test" }, cfg)
	if err != nil {
		t.Fatalf("start demo provider: %v", err)
	}
	t.Cleanup(func() { _ = idp.Shutdown(context.Background()) })
	h.idp = idp
	if iss.URL == "" {
		iss.URL = idp.Issuer()
	}
	iss.ClientID, iss.ClientSecret = idp.ClientID(), idp.ClientSecret()
	rp, err := auth.NewRelyingParty(context.Background(), iss, auth.Options{Attempts: h.attempts, Now: h.clock.Now})
	if err != nil {
		t.Fatalf("relying party: %v", err)
	}
	h.rp = rp
	h.browser = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return h
}

// authorize plays the browser at the provider: it follows the authorization URL with the
// chosen account and returns the callback query the provider redirects to.
func (h *harness) authorize(t *testing.T, begun auth.Begun) url.Values {
	t.Helper()
	resp, err := h.browser.Get(begun.RedirectURL)
	if err != nil {
		t.Fatalf("authorize: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("authorize: status %d, want 302", resp.StatusCode)
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		t.Fatalf("authorize: location: %v", err)
	}
	if got := loc.Scheme + "://" + loc.Host + loc.Path; got != callbackURL {
		t.Fatalf("provider redirected to %q, want %q", got, callbackURL)
	}
	return loc.Query()
}

// begin starts a login as the given demo account.
func (h *harness) begin(t *testing.T, account, returnTo string) auth.Begun {
	t.Helper()
	b, err := h.rp.Begin(context.Background(), auth.BeginRequest{ReturnTo: returnTo, LoginHint: account})
	if err != nil {
		t.Fatalf("begin: %v", err)
	}
	return b
}
