package auth_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"maillage/app/auth"
	"maillage/app/auth/demoidp"
	"maillage/app/errs"
)

func TestTestConnection(t *testing.T) {
	t.Parallel()
	idp, err := demoidp.Start(func(string) string { return "test" }, demoidp.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = idp.Shutdown(context.Background()) })
	// A provider whose document is incomplete, and one without S256: the outside world, faked.
	bad := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/incomplete/.well-known/openid-configuration":
			_, _ = w.Write([]byte(`{"issuer":"http://` + r.Host + `/incomplete"}`))
		case "/plain/.well-known/openid-configuration":
			_, _ = w.Write([]byte(`{"issuer":"http://` + r.Host + `/plain","authorization_endpoint":"a","token_endpoint":"t","jwks_uri":"j","code_challenge_methods_supported":["plain"]}`))
		case "/garbage/.well-known/openid-configuration":
			_, _ = w.Write([]byte(`<html>`))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(bad.Close)
	tests := []struct {
		name    string
		url     string
		wantKey string
	}{
		{"demo provider", idp.Issuer(), ""},
		{"trailing slash is another issuer", idp.Issuer() + "/", auth.KeyIssuerMismatch},
		{"http to a remote host", "http://login.example.net/", auth.KeyConfigInvalid},
		{"not a URL", "::", auth.KeyConfigInvalid},
		{"nothing there", bad.URL + "/none", auth.KeyProviderDown},
		{"unreachable", "http://127.0.0.1:1/oidc", auth.KeyProviderDown},
		{"incomplete document", bad.URL + "/incomplete", "auth.error.discovery_invalid"},
		{"not JSON", bad.URL + "/garbage", "auth.error.discovery_invalid"},
		{"no S256", bad.URL + "/plain", "auth.error.no_pkce_s256"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := auth.TestConnection(context.Background(), http.DefaultClient, tc.url)
			if tc.wantKey == "" {
				if err != nil || d.Issuer != tc.url || d.JWKSURI == "" {
					t.Fatalf("TestConnection = %+v, %v", d, err)
				}
				return
			}
			if e := errs.As(err); e == nil || e.Key != tc.wantKey {
				t.Fatalf("TestConnection = %v, want %s", err, tc.wantKey)
			}
		})
	}
}
