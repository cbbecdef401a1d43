package web_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"maillage/app/auth"
	"maillage/app/web"
)

// TestIdentityProviderAddressesAreGuarded: in production a tenant admin cannot make the server request
// its own loopback, the private network or the metadata service, neither through "test connection" nor
// through a saved issuer that anyone triggers by logging in on the body's page. The target server
// listening on loopback counts what reaches it: nothing may.
func TestIdentityProviderAddressesAreGuarded(t *testing.T) {
	t.Parallel()
	var hits atomic.Int64
	target := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		fmt.Fprint(w, `{}`)
	}))
	defer target.Close()
	port := target.Listener.Addr().String()[strings.LastIndex(target.Listener.Addr().String(), ":")+1:]

	e := newEnvWith(t, web.Config{Env: "production"})
	tn := e.tenant("ville-ssrf")
	admin := e.member("admin@ville-ssrf.example", &tn, "tenant_admin")
	for _, issuer := range []string{
		"https://127.0.0.1:" + port,
		"https://localhost:" + port,
		"https://[::1]:" + port,
		"https://169.254.169.254/latest",
		"https://10.1.2.3",
		"http://127.0.0.1:" + port,
	} {
		t.Run("test connection "+issuer, func(t *testing.T) {
			r := admin.postForm("/t/ville-ssrf/admin/idp/test", url.Values{"issuer_url": {issuer}, "client_id": {"maillage"},
				"client_secret": {"s"}})
			if r.Status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d: %.300s", r.Status, r.Body)
			}
			if !strings.Contains(r.Body, "réseau privé ou local") && !strings.Contains(r.Body, "adresse https") {
				t.Fatalf("no explanation on the page: %.2000s", r.Body)
			}
		})
	}
	t.Run("a saved issuer is not fetched from loopback at login", func(t *testing.T) {
		keys, err := auth.KeyringFor("", bytes.Repeat([]byte("k"), 32)) // the kit's secret key
		if err != nil {
			t.Fatal(err)
		}
		if _, err := auth.NewIdPStore(e.DB.App, keys).Save(context.Background(), tn.ID, auth.IdPInput{IssuerURL: "https://127.0.0.1:" + port,
			ClientID: "maillage", ClientSecret: "s", Enabled: true}); err != nil {
			t.Fatal(err)
		}
		r := e.anon().postForm("/t/ville-ssrf/login", url.Values{})
		if r.Status >= 500 && r.Status != http.StatusServiceUnavailable {
			t.Fatalf("status %d: %.300s", r.Status, r.Body)
		}
		var failures int64 // the login tried the saved issuer and was refused (not skipped)
		if err := e.DB.Owner.Raw(`SELECT count(*) FROM auth_failures WHERE tenant_slug = 'ville-ssrf'`).Scan(&failures).Error; err != nil || failures != 1 {
			t.Fatalf("auth failures recorded: %d (%v)", failures, err)
		}
	})
	if n := hits.Load(); n != 0 {
		t.Fatalf("the loopback server received %d requests", n)
	}
}
