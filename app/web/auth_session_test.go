package web_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"maillage/app/accounts"
)

// grantDemoBuyer pre-grants the demo provider's buyer in tenant slug and returns the tenant id.
func grantDemoBuyer(t *testing.T, e *authEnv, slug string) [16]byte {
	t.Helper()
	tn := e.tenant(slug)
	if _, err := accounts.NewStore(e.DB.App).GrantTenantRole(context.Background(), tn.ID, "buyer@demo.maillage.test", "buyer"); err != nil {
		t.Fatal(err)
	}
	return tn.ID
}

func TestSessionLifecycle(t *testing.T) {
	t.Parallel()
	const private = "/api/v1/t/ville" // a tenant-scoped route: needs the session and the role
	tests := []struct {
		name string
		run  func(t *testing.T, e *authEnv)
	}{
		{"login replaces a session the browser already had (fixation)", func(t *testing.T, e *authEnv) {
			cl := e.anon()
			cl.cookies["__Host-maillage_session"] = "attacker-chosen-value"
			login(t, cl, "/login", "buyer", "/t/ville")
			if got := cl.cookies["__Host-maillage_session"]; got == "attacker-chosen-value" || got == "" {
				t.Fatalf("session cookie after login = %q", got)
			}
			first := cl.cookies["__Host-maillage_session"]
			login(t, cl, "/login", "buyer", "/t/ville")
			if cl.cookies["__Host-maillage_session"] == first {
				t.Fatal("a second login kept the same session id")
			}
			if n := e.sessionCount(); n != 1 {
				t.Fatalf("%d sessions: the previous one was not ended", n)
			}
			stale := e.anon()
			stale.cookies["__Host-maillage_session"] = first
			if r := stale.get(private); r.Status != http.StatusUnauthorized {
				t.Fatalf("old session id still works: %d", r.Status)
			}
		}},
		{"logout ends the session everywhere", func(t *testing.T, e *authEnv) {
			cl := e.anon()
			login(t, cl, "/login", "buyer", "/")
			raw := cl.cookies["__Host-maillage_session"]
			if r := cl.get(private); r.Status != http.StatusOK {
				t.Fatalf("before logout: %d", r.Status)
			}
			if r := cl.postForm("/logout", nil); r.Status != http.StatusSeeOther {
				t.Fatalf("logout: %d", r.Status)
			}
			if _, ok := cl.cookies["__Host-maillage_session"]; ok {
				t.Fatal("logout left the cookie")
			}
			replay := e.anon()
			replay.cookies["__Host-maillage_session"] = raw
			if r := replay.get(private); r.Status != http.StatusUnauthorized || e.sessionCount() != 0 {
				t.Fatalf("after logout the old cookie gives %d (%d sessions)", r.Status, e.sessionCount())
			}
		}},
		{"idle timeout (injected clock)", func(t *testing.T, e *authEnv) {
			cl := e.anon()
			login(t, cl, "/login", "buyer", "/")
			e.Now = e.Now.Add(59 * time.Minute)
			if r := cl.get(private); r.Status != http.StatusOK {
				t.Fatalf("within the idle window: %d", r.Status)
			}
			e.Now = e.Now.Add(61 * time.Minute)
			if r := cl.get(private); r.Status != http.StatusUnauthorized {
				t.Fatalf("after the idle window: %d", r.Status)
			}
			if e.sessionCount() != 0 {
				t.Fatal("the expired session was not deleted")
			}
		}},
		{"absolute timeout even when active", func(t *testing.T, e *authEnv) {
			cl := e.anon()
			login(t, cl, "/login", "buyer", "/")
			for i := 0; i < 9; i++ { // active every 50 minutes for 7.5 hours
				e.Now = e.Now.Add(50 * time.Minute)
				if r := cl.get(private); r.Status != http.StatusOK {
					t.Fatalf("active at step %d: %d", i, r.Status)
				}
			}
			e.Now = e.Now.Add(40 * time.Minute) // past 8 hours since login
			if r := cl.get(private); r.Status != http.StatusUnauthorized {
				t.Fatalf("past the absolute lifetime: %d", r.Status)
			}
		}},
		{"session survives a restart", func(t *testing.T, e *authEnv) {
			cl := e.anon()
			login(t, cl, "/login", "buyer", "/")
			e.Srv = newAuthServer(t, e.env, e.IdP) // a new process on the same database
			if r := cl.get(private); r.Status != http.StatusOK {
				t.Fatalf("after restart: %d", r.Status)
			}
		}},
		{"login started on one instance completes on another", func(t *testing.T, e *authEnv) {
			cl := e.anon()
			r := startLogin(t, cl, "/login", "buyer", "/t/ville")
			e.Srv = newAuthServer(t, e.env, e.IdP)
			if got := cl.get(atProvider(t, r.Header.Get("Location"))); got.Status != http.StatusSeeOther || got.Header.Get("Location") != "/t/ville" {
				t.Fatalf("callback on the second instance: %d %s", got.Status, got.Header.Get("Location"))
			}
		}},
		{"role change is seen by a second server at its next request", func(t *testing.T, e *authEnv) {
			cl := e.anon()
			login(t, cl, "/login", "buyer", "/")
			first := e.Srv
			second := newAuthServer(t, e.env, e.IdP)
			admin := e.member("admin@ville.test", ptrTenant(t, e, "ville"), "tenant_admin")
			// the admin acts on the second server
			e.Srv = second
			var id string
			if err := e.DB.App.Raw(`SELECT id::text FROM users WHERE email = 'buyer@demo.maillage.test'`).Scan(&id).Error; err != nil {
				t.Fatal(err)
			}
			if r := admin.postForm("/t/ville/admin/members/"+id+"/remove", nil); r.Status != http.StatusSeeOther {
				t.Fatalf("remove member: %d %s", r.Status, r.Body)
			}
			// the buyer's next request lands on the first server
			e.Srv = first
			if r := cl.get(private); r.Status != http.StatusNotFound {
				t.Fatalf("removed member on the other server: %d, want 404", r.Status)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newAuthEnv(t)
			grantDemoBuyer(t, e, "ville")
			tc.run(t, e)
		})
	}
}
