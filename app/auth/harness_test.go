package auth_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/oauth2-proxy/mockoidc"

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

	mu     sync.Mutex
	tamper func(jwt.MapClaims) // rewrites the next ID token's claims, re-signed by signer
	signer func(jwt.MapClaims) (string, error)
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
	cfg := demoidp.Config{Middleware: []func(http.Handler) http.Handler{h.tamperTokens}}
	iss := auth.Issuer{
		Key: auth.PlatformIssuerKey, RedirectURL: callbackURL,
		Scopes: []string{"openid", "email", "profile", "groups"},
		Rules:  []auth.RoleRule{{Claim: "groups", Value: "maillage-buyer", Role: auth.RoleBuyer}},
	}
	for _, o := range opts {
		o(&cfg, &iss)
	}
	idp, err := demoidp.Start(func(string) string { return "" }, cfg)
	if err != nil {
		t.Fatalf("start demo provider: %v", err)
	}
	t.Cleanup(func() { _ = idp.Shutdown(context.Background()) })
	h.idp = idp
	h.signer = idp.Sign
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

func (h *harness) setTamper(f func(jwt.MapClaims), signer func(jwt.MapClaims) (string, error)) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.tamper, h.signer = f, signer
}

// tamperTokens rewrites the ID token of token responses when a test asks for it, playing a
// token substituted in transit or minted for another client.
func (h *harness) tamperTokens(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.mu.Lock()
		tamper, signer := h.tamper, h.signer
		h.mu.Unlock()
		if r.URL.Path != mockoidc.TokenEndpoint || tamper == nil {
			next.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		body := rec.Body.Bytes()
		var tr map[string]any
		if rec.Code == http.StatusOK && json.Unmarshal(body, &tr) == nil {
			if raw, _ := tr["id_token"].(string); raw != "" {
				claims := jwt.MapClaims{}
				if _, _, err := jwt.NewParser().ParseUnverified(raw, claims); err == nil {
					tamper(claims)
					if signed, err := signer(claims); err == nil {
						tr["id_token"] = signed
						body, _ = json.Marshal(tr)
					}
				}
			}
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(rec.Code)
		_, _ = bytes.NewReader(body).WriteTo(w)
	})
}
