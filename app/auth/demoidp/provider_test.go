package demoidp_test

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"maillage/app/auth/demoidp"
	"maillage/app/errs"
)

func env(vals map[string]string) func(string) string {
	return func(k string) string { return vals[k] }
}

func start(t *testing.T, cfg demoidp.Config) *demoidp.Provider {
	t.Helper()
	p, err := demoidp.Start(env(map[string]string{"MAILLAGE_ENV": "test"}), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.Shutdown(context.Background()) })
	return p
}

func TestRefusesProduction(t *testing.T) {
	for _, e := range []string{"production", "", "prod", "Development"} {
		t.Run(e, func(t *testing.T) {
			p, err := demoidp.Start(env(map[string]string{"MAILLAGE_ENV": e}), demoidp.Config{})
			if p != nil || errs.As(err) == nil || errs.As(err).Key != "auth.error.demo_in_production" {
				t.Fatalf("Start in %s = %v, %v", e, p, err)
			}
		})
	}
	for _, e := range []string{"development", "test"} {
		t.Run("starts in "+e, func(t *testing.T) {
			p, err := demoidp.Start(env(map[string]string{"MAILLAGE_ENV": e}), demoidp.Config{})
			if err != nil {
				t.Fatal(err)
			}
			_ = p.Shutdown(context.Background())
		})
	}
}

func TestOneAccountPerRole(t *testing.T) {
	roles := map[string]bool{}
	for _, a := range demoidp.Accounts() {
		if roles[a.Role] || !a.EmailVerified || a.Subject == "" || a.Email == "" {
			t.Fatalf("account %+v", a)
		}
		roles[a.Role] = true
	}
	for _, r := range []string{"tenant_admin", "buyer", "official", "enterprise", "catalogue_steward", "provincial_analyst", "platform_admin"} {
		if !roles[r] {
			t.Fatalf("no demo account for %s", r)
		}
	}
}

func authorizeURL(p *demoidp.Provider, extra url.Values) string {
	q := url.Values{
		"client_id": {p.ClientID()}, "response_type": {"code"}, "scope": {"openid email"},
		"redirect_uri": {"http://localhost:8080/auth/callback"}, "state": {"st4te"},
		"code_challenge": {"E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"}, "code_challenge_method": {"S256"},
	}
	for k, v := range extra {
		q[k] = v
	}
	return p.Issuer() + "/authorize?" + q.Encode()
}

func TestAuthorizeEndpoint(t *testing.T) {
	p := start(t, demoidp.Config{Translate: func(lang, id string) string { return lang + ":" + id }})
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	tests := []struct {
		name       string
		extra      url.Values
		wantStatus int
		wantBody   []string
	}{
		{"no account chosen shows the picker in French", nil, http.StatusOK,
			[]string{`lang="fr"`, "fr:auth.demo.title", "Bruno Acheteur", "fr:auth.role.platform_admin", "login_hint=buyer", "state=st4te"}},
		{"picker in English", url.Values{"ui_locales": {"en-CA"}}, http.StatusOK, []string{`lang="en"`, "en:auth.demo.title"}},
		{"unknown account shows the picker", url.Values{"login_hint": {"root"}}, http.StatusOK, []string{"login_hint=tenant_admin"}},
		{"chosen account is redirected with a code", url.Values{"login_hint": {"buyer"}}, http.StatusFound, nil},
		{"plain PKCE refused", url.Values{"login_hint": {"buyer"}, "code_challenge_method": {"plain"}}, http.StatusBadRequest, []string{"invalid_request"}},
		{"unknown client refused", url.Values{"login_hint": {"buyer"}, "client_id": {"intruder"}}, http.StatusUnauthorized, []string{"invalid_client"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp, err := noFollow.Get(authorizeURL(p, tc.extra))
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tc.wantStatus {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tc.wantStatus, body)
			}
			for _, w := range tc.wantBody {
				if !strings.Contains(string(body), w) {
					t.Fatalf("body lacks %q:\n%s", w, body)
				}
			}
			if resp.StatusCode == http.StatusOK && !strings.Contains(resp.Header.Get("Content-Security-Policy"), "default-src 'none'") {
				t.Fatal("picker without a strict CSP")
			}
			if resp.StatusCode == http.StatusFound {
				loc, _ := url.Parse(resp.Header.Get("Location"))
				if loc.Query().Get("state") != "st4te" || loc.Query().Get("code") == "" {
					t.Fatalf("redirect %s", loc)
				}
			}
		})
	}
}

func TestAdvertisedIssuer(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	ln.Close()

	adv := start(t, demoidp.Config{Listen: "127.0.0.1:" + port, Advertise: "localhost:" + port})
	want := "http://localhost:" + port + "/oidc"
	if adv.Issuer() != want {
		t.Fatalf("Issuer = %q, want %q", adv.Issuer(), want)
	}
	resp, err := http.Get(want + "/.well-known/openid-configuration")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var doc struct {
		Issuer                        string   `json:"issuer"`
		CodeChallengeMethodsSupported []string `json:"code_challenge_methods_supported"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&doc); err != nil {
		t.Fatal(err)
	}
	if doc.Issuer != want || strings.Join(doc.CodeChallengeMethodsSupported, ",") != "S256" {
		t.Fatalf("discovery = %+v", doc)
	}
}
