package auth_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"net/url"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"maillage/app/auth"
	"maillage/app/auth/demoidp"
	"maillage/app/errs"
)

func callback(q url.Values, binding string) auth.Callback {
	return auth.Callback{State: q.Get("state"), Code: q.Get("code"), Error: q.Get("error"), Binding: binding}
}

// flow runs a whole login as account and completes it with cb rewritten by edit.
func flow(t *testing.T, h *harness, account string, edit func(*auth.Callback)) (auth.Identity, error) {
	t.Helper()
	b := h.begin(t, account, "/t/ville/accueil")
	cb := callback(h.authorize(t, b), b.Binding)
	if edit != nil {
		edit(&cb)
	}
	return h.rp.Complete(context.Background(), cb)
}

func TestLoginFlow(t *testing.T) {
	t.Parallel()
	otherKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	signWithOtherKey := func(c jwt.MapClaims) (string, error) {
		tok := jwt.NewWithClaims(jwt.SigningMethodRS256, c)
		return tok.SignedString(otherKey)
	}
	entra := func(tid string, extra map[string]any) harnessOpt {
		return func(cfg *demoidp.Config, iss *auth.Issuer) {
			iss.EntraTenantID = "11111111-2222-3333-4444-555555555555"
			a := demoidp.Accounts()[1] // buyer
			a.Extra = map[string]any{"tid": tid}
			for k, v := range extra {
				a.Extra[k] = v
			}
			cfg.Accounts = []demoidp.Account{a}
		}
	}
	overage := map[string]any{
		"_claim_names":   map[string]any{"groups": "src1"},
		"_claim_sources": map[string]any{"src1": map[string]any{"endpoint": "https://graph.example/v1.0/users/x/getMemberObjects"}},
	}

	tests := []struct {
		name     string
		opts     []harnessOpt
		act      func(t *testing.T, h *harness) (auth.Identity, error)
		wantKind errs.Kind // "" means success
		wantKey  string
		pending  int // attempts legitimately left pending (the real one, when a forged state was sent)
	}{
		{name: "success", act: func(t *testing.T, h *harness) (auth.Identity, error) {
			return flow(t, h, "buyer", nil)
		}},
		{name: "wrong state", pending: 1, wantKind: errs.Unauthenticated, wantKey: auth.KeyStateInvalid,
			act: func(t *testing.T, h *harness) (auth.Identity, error) {
				return flow(t, h, "buyer", func(cb *auth.Callback) { cb.State = "forged-state" })
			}},
		{name: "missing state", pending: 1, wantKind: errs.Unauthenticated, wantKey: auth.KeyStateInvalid,
			act: func(t *testing.T, h *harness) (auth.Identity, error) {
				return flow(t, h, "buyer", func(cb *auth.Callback) { cb.State = "" })
			}},
		{name: "state from another browser", wantKind: errs.Unauthenticated, wantKey: auth.KeyStateInvalid,
			act: func(t *testing.T, h *harness) (auth.Identity, error) {
				return flow(t, h, "buyer", func(cb *auth.Callback) { cb.Binding = "someone-elses-cookie" })
			}},
		{name: "no binding cookie", wantKind: errs.Unauthenticated, wantKey: auth.KeyStateInvalid,
			act: func(t *testing.T, h *harness) (auth.Identity, error) {
				return flow(t, h, "buyer", func(cb *auth.Callback) { cb.Binding = "" })
			}},
		{name: "expired login attempt", wantKind: errs.Unauthenticated, wantKey: auth.KeyStateInvalid,
			act: func(t *testing.T, h *harness) (auth.Identity, error) {
				return flow(t, h, "buyer", func(*auth.Callback) { h.clock.Add(11 * time.Minute) })
			}},
		{name: "replayed state", wantKind: errs.Unauthenticated, wantKey: auth.KeyStateInvalid,
			act: func(t *testing.T, h *harness) (auth.Identity, error) {
				b := h.begin(t, "buyer", "/")
				cb := callback(h.authorize(t, b), b.Binding)
				if _, err := h.rp.Complete(context.Background(), cb); err != nil {
					t.Fatalf("first use: %v", err)
				}
				return h.rp.Complete(context.Background(), cb)
			}},
		{name: "replayed code", wantKind: errs.Unauthenticated, wantKey: auth.KeyCodeRejected,
			act: func(t *testing.T, h *harness) (auth.Identity, error) {
				b := h.begin(t, "buyer", "/")
				q := h.authorize(t, b)
				if _, err := h.rp.Complete(context.Background(), callback(q, b.Binding)); err != nil {
					t.Fatalf("first use: %v", err)
				}
				// A fresh, valid attempt carrying the already redeemed code.
				b2 := h.begin(t, "buyer", "/")
				q2 := h.authorize(t, b2)
				q2.Set("code", q.Get("code"))
				return h.rp.Complete(context.Background(), callback(q2, b2.Binding))
			}},
		{name: "code injected into another attempt (PKCE)", pending: 1, wantKind: errs.Unauthenticated, wantKey: auth.KeyCodeRejected,
			act: func(t *testing.T, h *harness) (auth.Identity, error) {
				victim := h.begin(t, "buyer", "/")
				stolen := h.authorize(t, victim).Get("code")
				attacker := h.begin(t, "buyer", "/")
				return h.rp.Complete(context.Background(), auth.Callback{
					State: stateOf(t, attacker), Code: stolen, Binding: attacker.Binding,
				})
			}},
		{name: "provider error", wantKind: errs.Unauthenticated, wantKey: auth.KeyProviderError,
			act: func(t *testing.T, h *harness) (auth.Identity, error) {
				return flow(t, h, "buyer", func(cb *auth.Callback) { cb.Code, cb.Error = "", "access_denied" })
			}},
		{name: "wrong nonce", wantKind: errs.Unauthenticated, wantKey: auth.KeyNonceMismatch,
			act: func(t *testing.T, h *harness) (auth.Identity, error) {
				h.idp.TamperNextIDToken(func(c jwt.MapClaims) { c["nonce"] = "nonce-of-another-login" }, nil)
				return flow(t, h, "buyer", nil)
			}},
		{name: "expired ID token", wantKind: errs.Unauthenticated, wantKey: auth.KeyTokenExpired,
			act: func(t *testing.T, h *harness) (auth.Identity, error) {
				h.idp.FastForward(-2 * time.Hour) // the provider issues a token that expired long ago
				return flow(t, h, "buyer", nil)
			}},
		{name: "token for another audience", wantKind: errs.Unauthenticated, wantKey: auth.KeyTokenAudience,
			act: func(t *testing.T, h *harness) (auth.Identity, error) {
				h.idp.TamperNextIDToken(func(c jwt.MapClaims) { c["aud"] = []string{"another-application"} }, nil)
				return flow(t, h, "buyer", nil)
			}},
		{name: "issuer mismatch", wantKind: errs.Unauthenticated, wantKey: auth.KeyTokenIssuer,
			act: func(t *testing.T, h *harness) (auth.Identity, error) {
				h.idp.TamperNextIDToken(func(c jwt.MapClaims) { c["iss"] = "https://login.example.net/oidc" }, nil)
				return flow(t, h, "buyer", nil)
			}},
		{name: "signed with a key not in the JWKS", wantKind: errs.Unauthenticated, wantKey: auth.KeyTokenInvalid,
			act: func(t *testing.T, h *harness) (auth.Identity, error) {
				h.idp.TamperNextIDToken(func(jwt.MapClaims) {}, signWithOtherKey)
				return flow(t, h, "buyer", nil)
			}},
		{name: "open redirect attempt", wantKind: errs.Invalid, wantKey: auth.KeyReturnToInvalid,
			act: func(t *testing.T, h *harness) (auth.Identity, error) {
				_, err := h.rp.Begin(context.Background(), auth.BeginRequest{ReturnTo: "//evil.example/phish"})
				return auth.Identity{}, err
			}},
		{name: "entra: token of another tenant", wantKind: errs.Unauthenticated, wantKey: auth.KeyTenantMismatch,
			opts: []harnessOpt{entra("99999999-0000-0000-0000-000000000000", nil)},
			act: func(t *testing.T, h *harness) (auth.Identity, error) {
				return flow(t, h, "buyer", nil)
			}},
		{name: "entra: right tenant", opts: []harnessOpt{entra("11111111-2222-3333-4444-555555555555", nil)},
			act: func(t *testing.T, h *harness) (auth.Identity, error) {
				return flow(t, h, "buyer", nil)
			}},
		{name: "entra: group overage denies", wantKind: errs.Unauthenticated, wantKey: auth.KeyGroupOverage,
			opts: []harnessOpt{entra("11111111-2222-3333-4444-555555555555", overage)},
			act: func(t *testing.T, h *harness) (auth.Identity, error) {
				return flow(t, h, "buyer", nil)
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, tc.opts...)
			id, err := tc.act(t, h)
			if tc.wantKind == "" {
				if err != nil {
					t.Fatalf("login refused: %v", err)
				}
				if id.Subject != "demo-buyer" || id.Issuer != h.idp.Issuer() || id.Email != "buyer@demo.maillage.test" ||
					!id.EmailVerified || !slices.Equal(id.Roles, []string{auth.RoleBuyer}) {
					t.Fatalf("identity = %+v", id)
				}
			} else {
				e := errs.As(err)
				if e == nil || e.Kind != tc.wantKind || e.Key != tc.wantKey {
					t.Fatalf("error = %v, want %s %s", err, tc.wantKind, tc.wantKey)
				}
				if id.Subject != "" || id.Issuer != "" {
					t.Fatalf("a refused login returned an identity: %+v", id)
				}
			}
			if n := h.attempts.Len(); n != tc.pending {
				t.Fatalf("%d login attempts left pending, want %d: a used attempt must be consumed", n, tc.pending)
			}
		})
	}
}

// stateOf reads the state a Begun sends to the provider.
func stateOf(t *testing.T, b auth.Begun) string {
	t.Helper()
	u, err := url.Parse(b.RedirectURL)
	if err != nil {
		t.Fatal(err)
	}
	return u.Query().Get("state")
}

func TestAuthorizationRequest(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	b := h.begin(t, "buyer", "/x")
	u, err := url.Parse(b.RedirectURL)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	tests := []struct{ param, want string }{
		{"response_type", "code"},
		{"code_challenge_method", "S256"},
		{"client_id", h.idp.ClientID()},
		{"redirect_uri", callbackURL},
		{"login_hint", "buyer"},
	}
	for _, tc := range tests {
		t.Run(tc.param, func(t *testing.T) {
			if got := q.Get(tc.param); got != tc.want {
				t.Fatalf("%s = %q, want %q", tc.param, got, tc.want)
			}
		})
	}
	for _, p := range []string{"state", "nonce", "code_challenge"} {
		t.Run(p+" is random and long", func(t *testing.T) {
			if len(q.Get(p)) < 43 {
				t.Fatalf("%s = %q: too short", p, q.Get(p))
			}
			if q.Get(p) == stateOf(t, h.begin(t, "buyer", "/")) && p == "state" {
				t.Fatal("two attempts got the same state")
			}
		})
	}
}

func TestConcurrentCallbacksUseStateOnce(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	b := h.begin(t, "buyer", "/")
	cb := callback(h.authorize(t, b), b.Binding)
	var wg sync.WaitGroup
	var mu sync.Mutex
	ok := 0
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := h.rp.Complete(context.Background(), cb); err == nil {
				mu.Lock()
				ok++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if ok != 1 {
		t.Fatalf("%d concurrent callbacks succeeded, want exactly 1", ok)
	}
}

func TestNewRelyingPartyRefusals(t *testing.T) {
	t.Parallel()
	idp, err := demoidp.Start(func(string) string { return "test" }, demoidp.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = idp.Shutdown(context.Background()) })
	good := auth.Issuer{Key: "platform", URL: idp.Issuer(), ClientID: idp.ClientID(), RedirectURL: callbackURL}
	tests := []struct {
		name     string
		edit     func(*auth.Issuer)
		wantKind errs.Kind
		wantKey  string
	}{
		{"issuer differs from discovery", func(i *auth.Issuer) { i.URL += "/" }, errs.Unavailable, auth.KeyIssuerMismatch},
		{"provider unreachable", func(i *auth.Issuer) { i.URL = "http://127.0.0.1:1/oidc" }, errs.Unavailable, auth.KeyProviderDown},
		{"plain http to a remote host", func(i *auth.Issuer) { i.URL = "http://login.example.net" }, errs.Invalid, auth.KeyConfigInvalid},
		{"no client id", func(i *auth.Issuer) { i.ClientID = "" }, errs.Invalid, auth.KeyConfigInvalid},
		{"relative redirect", func(i *auth.Issuer) { i.RedirectURL = "/cb" }, errs.Invalid, auth.KeyConfigInvalid},
		{"tenant maps to a platform role", func(i *auth.Issuer) {
			i.ForTenant = true
			i.Rules = []auth.RoleRule{{Claim: "groups", Value: "admins", Role: auth.RolePlatformAdmin}}
		}, errs.Invalid, auth.KeyConfigInvalid},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			iss := good
			tc.edit(&iss)
			_, err := auth.NewRelyingParty(context.Background(), iss, auth.Options{Attempts: auth.NewMemoryAttempts()})
			e := errs.As(err)
			if e == nil || e.Kind != tc.wantKind || e.Key != tc.wantKey {
				t.Fatalf("error = %v, want %s %s", err, tc.wantKind, tc.wantKey)
			}
		})
	}
}
