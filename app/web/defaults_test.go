package web_test

import (
	"net/http"
	"strings"
	"testing"

	"maillage/app/web"
)

// TestDevMailboxIsForPlatformAdmins: the development mailbox shows invitations and messages (personal data,
// sign-in links): nobody but a platform admin sees it, and it does not exist at all in production (which is
// also what an unset environment means).
func TestDevMailboxIsForPlatformAdmins(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tn := e.tenant("mailbox")
	cases := []struct {
		name   string
		client *client
		want   int
	}{
		{"anonymous is sent to the login page", e.anon(), http.StatusSeeOther},
		{"a buyer", e.member("buyer@mailbox.example", &tn, "buyer"), http.StatusForbidden},
		{"an enterprise", e.member("coop@mailbox.example", nil, "enterprise"), http.StatusForbidden},
		{"a provincial analyst", e.member("analyst@mailbox.example", nil, "provincial_analyst"), http.StatusForbidden},
		{"a platform admin", e.member("admin@mailbox.example", nil, "platform_admin"), http.StatusOK},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.client.get("/dev/courriels")
			if r.Status != tc.want {
				t.Fatalf("status %d, want %d: %.200s", r.Status, tc.want, r.Body)
			}
			if tc.want == http.StatusSeeOther && !strings.HasPrefix(r.Header.Get("Location"), "/login") {
				t.Fatalf("redirected to %q", r.Header.Get("Location"))
			}
		})
	}
	t.Run("absent in production", func(t *testing.T) {
		pe := newEnvWith(t, web.Config{Env: "production"})
		if r := pe.member("admin@prod.example", nil, "platform_admin").get("/dev/courriels"); r.Status != http.StatusNotFound {
			t.Fatalf("production mailbox: %d", r.Status)
		}
	})
}
