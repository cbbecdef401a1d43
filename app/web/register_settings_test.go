package web_test

import (
	"net/url"
	"strings"
	"testing"

	"maillage/app/accounts"
)

func TestRegisterSettingsPagesAndAPI(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a, b := e.tenant("alpha"), e.tenant("beta")
	admin := e.member("admin@alpha.example", &a, accounts.RoleTenantAdmin)
	buyer := e.member("buyer@alpha.example", &a, accounts.RoleBuyer)
	official := e.member("elu@alpha.example", &a, accounts.RoleOfficial)
	otherAdmin := e.member("admin@beta.example", &b, accounts.RoleTenantAdmin)
	steps := []struct {
		name   string
		run    func() resp
		status int
		want   string
	}{
		{"admin sees the page", func() resp { return admin.get("/t/alpha/admin/register") }, 200, "Paramètres du registre"},
		{"buyer reads the setting through the API", func() resp { return buyer.get("/api/v1/t/alpha/register-settings") }, 200, `"pull_status":"approved"`},
		{"buyer may not change it", func() resp {
			return buyer.postForm("/t/alpha/admin/register", url.Values{"pull_status": {"invited"}})
		}, 403, ""},
		{"official may not read it", func() resp { return official.get("/api/v1/t/alpha/register-settings") }, 403, ""},
		{"another body's admin gets 404", func() resp { return otherAdmin.get("/t/alpha/admin/register") }, 404, ""},
		{"bad value: clear message", func() resp {
			return admin.postForm("/t/alpha/admin/register", url.Values{"pull_status": {"maybe"}})
		}, 422, "Choisissez «\u00a0approuvé\u00a0» ou «\u00a0invité\u00a0»."},
		{"still approved after the bad value", func() resp { return buyer.get("/api/v1/t/alpha/register-settings") }, 200, `"pull_status":"approved"`},
		{"admin saves invited", func() resp {
			return admin.postForm("/t/alpha/admin/register", url.Values{"pull_status": {"invited"}})
		}, 303, ""},
		{"the page shows the saved choice", func() resp { return admin.get("/t/alpha/admin/register") }, 200, `value="invited" checked`},
		{"the other body keeps its default", func() resp { return otherAdmin.get("/api/v1/t/beta/register-settings") }, 200, `"pull_status":"approved"`},
		{"the API refuses a bad value", func() resp {
			return admin.sendJSON("PUT", "/api/v1/t/alpha/register-settings", map[string]string{"pull_status": "x"})
		}, 422, "suppliers.settings.pull_status_invalid"},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			r := s.run()
			if r.Status != s.status || !strings.Contains(r.Body, s.want) {
				t.Fatalf("got %d, want %d with %q:\n%.800s", r.Status, s.status, s.want, r.Body)
			}
		})
	}
}
