package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/auth/demoidp"
	"maillage/tenants"
)

func TestTenantAdminMembers(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a, b := e.tenant("ville-a"), e.tenant("ville-b")
	admin := e.member("admin@ville-a.test", &a, "tenant_admin")
	otherAdmin := e.member("admin@ville-b.test", &b, "tenant_admin")
	memberID := func(email string) string {
		var id string
		if err := e.DB.App.Raw(`SELECT id::text FROM users WHERE email = ?`, email).Scan(&id).Error; err != nil {
			t.Fatal(err)
		}
		return id
	}
	auditCount := func(action string) int64 {
		var n int64
		inTenant(t, e, a.ID, func(tx *gorm.DB) error {
			return tx.Raw(`SELECT count(*) FROM audit_log WHERE tenant_id = ? AND action = ?`, a.ID, action).Scan(&n).Error
		})
		return n
	}
	steps := []struct {
		name   string
		do     func() resp
		status int
		check  func(t *testing.T, r resp)
	}{
		{"invite by e-mail with a role", func() resp {
			return admin.postForm("/t/ville-a/admin/members", url.Values{"email": {"Marie@Ville-A.test"}, "role": {"buyer"}})
		}, http.StatusSeeOther, func(t *testing.T, r resp) {
			if auditCount("member.grant") != 2 { // the admin's own grant and this one
				t.Fatal("invitation not audited")
			}
			var subject string
			if err := e.DB.Owner.Raw(`SELECT subject FROM mail_outbox WHERE to_address = 'marie@ville-a.test' AND template = 'member_invited'`).Scan(&subject).Error; err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(subject, "Ville ville-a") {
				t.Fatalf("invitation mail subject %q", subject)
			}
		}},
		{"members list shows the invitation", func() resp { return admin.get("/t/ville-a/admin/members") }, http.StatusOK,
			func(t *testing.T, r resp) {
				if !contains(r.Body, "marie@ville-a.test", "Invitée") {
					t.Fatalf("members page:\n%s", r.Body)
				}
			}},
		{"bad e-mail is refused with a message", func() resp {
			return admin.postForm("/t/ville-a/admin/members", url.Values{"email": {"not-an-address"}, "role": {"buyer"}})
		}, http.StatusUnprocessableEntity, func(t *testing.T, r resp) {
			if !contains(r.Body, `role="alert"`, "not-an-address") {
				t.Fatal("no error summary or the input was not kept")
			}
		}},
		{"platform role cannot be granted by a tenant", func() resp {
			return admin.postForm("/t/ville-a/admin/members", url.Values{"email": {"x@ville-a.test"}, "role": {"platform_admin"}})
		}, http.StatusUnprocessableEntity, nil},
		{"change role, audited before/after", func() resp {
			return admin.postForm("/t/ville-a/admin/members/"+memberID("marie@ville-a.test")+"/role", url.Values{"role": {"official"}})
		}, http.StatusSeeOther, func(t *testing.T, r resp) {
			var before, after string
			inTenant(t, e, a.ID, func(tx *gorm.DB) error {
				return tx.Raw(`SELECT before::text, after::text FROM audit_log WHERE tenant_id = ? AND action = 'member.role'`, a.ID).Row().Scan(&before, &after)
			})
			if !strings.Contains(before, "buyer") || !strings.Contains(after, "official") {
				t.Fatalf("audit before=%s after=%s", before, after)
			}
		}},
		{"another tenant's admin cannot touch this member", func() resp {
			return otherAdmin.postForm("/t/ville-a/admin/members/"+memberID("marie@ville-a.test")+"/remove", nil)
		}, http.StatusNotFound, nil},
		{"another tenant's admin acting in its own tenant on our member finds nobody", func() resp {
			return otherAdmin.postForm("/t/ville-b/admin/members/"+memberID("marie@ville-a.test")+"/remove", nil)
		}, http.StatusNotFound, nil},
		{"the last admin cannot remove themself", func() resp {
			return admin.postForm("/t/ville-a/admin/members/"+memberID("admin@ville-a.test")+"/remove", nil)
		}, http.StatusConflict, nil},
		{"remove a member, audited", func() resp {
			return admin.postForm("/t/ville-a/admin/members/"+memberID("marie@ville-a.test")+"/remove", nil)
		}, http.StatusSeeOther, func(t *testing.T, r resp) {
			if auditCount("member.remove") != 1 {
				t.Fatal("removal not audited")
			}
		}},
		{"audit page shows who, what, before and after", func() resp { return admin.get("/t/ville-a/admin/audit") }, http.StatusOK,
			func(t *testing.T, r resp) {
				if !contains(r.Body, "des membres", "a changé le rôle de", "admin@ville-a.test", "Rôles\u00a0: Approvisionnement → Élu") {
					t.Fatalf("audit page:\n%s", r.Body)
				}
			}},
		{"another tenant's audit page is 404", func() resp { return otherAdmin.get("/t/ville-a/admin/audit") }, http.StatusNotFound, nil},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			r := st.do()
			if r.Status != st.status {
				t.Fatalf("status %d, want %d: %.400s", r.Status, st.status, r.Body)
			}
			if st.check != nil {
				st.check(t, r)
			}
		})
	}
	var n int64
	inTenant(t, e, b.ID, func(tx *gorm.DB) error {
		return tx.Raw(`SELECT count(*) FROM memberships WHERE tenant_id = ?`, b.ID).Scan(&n).Error
	})
	if n != 1 {
		t.Fatalf("tenant B has %d memberships, want its admin only", n)
	}
}

// A tenant with its own provider: settings saved (secret sealed), connection tested, members
// logging in through it get the roles its claim→role rules grant, and lose them with the group.
func TestTenantIdentityProvider(t *testing.T) {
	t.Parallel()
	e := newAuthEnv(t)
	a, b := e.tenant("ville-a"), e.tenant("ville-b")
	admin := e.member("admin@ville-a.test", &a, "tenant_admin")
	otherAdmin := e.member("admin@ville-b.test", &b, "tenant_admin")
	// The municipality's own directory: another real provider, with a person in group "Achats".
	person := demoidp.Account{Key: "marie", Role: "buyer", Subject: "entra-marie", Email: "marie@ville-a.test",
		EmailVerified: true, Name: "Marie", Groups: []string{"Achats"}}
	own, err := demoidp.Start(func(string) string { return "test" }, demoidp.Config{ClientID: "ville-a-app",
		ClientSecret: "s3cret-of-ville-a", Accounts: []demoidp.Account{person}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = own.Shutdown(context.Background()) })
	form := url.Values{"issuer_url": {own.Issuer()}, "client_id": {"ville-a-app"}, "client_secret": {"s3cret-of-ville-a"},
		"rules": {"buyer: groups = Achats"}, "enabled": {"on"}}

	t.Run("test connection fetches the discovery document", func(t *testing.T) {
		r := admin.postForm("/t/ville-a/admin/idp/test", form)
		if r.Status != http.StatusOK || !contains(r.Body, own.Issuer()+"/authorize") {
			t.Fatalf("test: %d\n%.600s", r.Status, r.Body)
		}
		bad := admin.postForm("/t/ville-a/admin/idp/test", url.Values{"issuer_url": {own.Issuer() + "/"}, "client_id": {"x"}})
		if bad.Status != http.StatusUnprocessableEntity || !contains(bad.Body, `role="alert"`) {
			t.Fatalf("mismatching issuer: %d", bad.Status)
		}
	})
	t.Run("a rule granting a platform role is refused", func(t *testing.T) {
		f := url.Values{}
		for k, v := range form {
			f[k] = v
		}
		f.Set("rules", "platform_admin: groups = Achats")
		if r := admin.postForm("/t/ville-a/admin/idp", f); r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", r.Status)
		}
	})
	t.Run("save seals the secret and audits without it", func(t *testing.T) {
		if r := admin.postForm("/t/ville-a/admin/idp", form); r.Status != http.StatusSeeOther {
			t.Fatalf("save: %d %.400s", r.Status, r.Body)
		}
		var sealed, auditAfter string
		inTenant(t, e.env, a.ID, func(tx *gorm.DB) error {
			if err := tx.Raw(`SELECT client_secret_sealed FROM tenant_identity_providers WHERE tenant_id = ?`, a.ID).Scan(&sealed).Error; err != nil {
				return err
			}
			return tx.Raw(`SELECT after::text FROM audit_log WHERE tenant_id = ? AND action = 'idp.save'`, a.ID).Scan(&auditAfter).Error
		})
		if !strings.HasPrefix(sealed, "v1:") || strings.Contains(sealed, "s3cret") {
			t.Fatalf("stored secret %q", sealed)
		}
		if auditAfter == "" || strings.Contains(auditAfter, "s3cret") || !strings.Contains(auditAfter, `"has_secret": true`) {
			t.Fatalf("audit after = %s", auditAfter)
		}
		page := admin.get("/t/ville-a/admin/idp")
		if page.Status != http.StatusOK || strings.Contains(page.Body, "s3cret") || !contains(page.Body, "acheteur: groups = Achats") || strings.Contains(page.Body, "tenant_admin") {
			t.Fatalf("settings page: %d", page.Status)
		}
	})
	t.Run("another tenant sees nothing of it", func(t *testing.T) {
		if r := otherAdmin.get("/t/ville-a/admin/idp"); r.Status != http.StatusNotFound {
			t.Fatalf("other admin: %d", r.Status)
		}
		if r := otherAdmin.get("/t/ville-b/admin/idp"); r.Status != http.StatusOK || strings.Contains(r.Body, own.Issuer()) {
			t.Fatalf("tenant B's page shows tenant A's provider")
		}
		var n int64
		if err := e.DB.App.Raw(`SELECT count(*) FROM tenant_identity_providers`).Scan(&n).Error; err != nil { // no tenant context
			t.Fatal(err)
		}
		if n != 0 {
			t.Fatalf("without a tenant context the app role sees %d providers", n)
		}
	})
	t.Run("a member logs in through the tenant's provider and gets the mapped role", func(t *testing.T) {
		cl := e.anon()
		r := cl.postForm("/t/ville-a/login", url.Values{"hint": {"marie"}, "next": {"/t/ville-a"}})
		if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), own.Issuer()) {
			t.Fatalf("login went to %q (%d)", r.Header.Get("Location"), r.Status)
		}
		cb := atProviderPath(t, r.Header.Get("Location"), "/t/ville-a/auth/callback")
		done := cl.get(cb)
		if done.Status != http.StatusSeeOther || done.Header.Get("Location") != "/t/ville-a" {
			t.Fatalf("callback: %d %s %.300s", done.Status, done.Header.Get("Location"), done.Body)
		}
		if api := cl.get("/api/v1/t/ville-a"); api.Status != http.StatusOK {
			t.Fatalf("member API after login: %d", api.Status)
		}
		var roles []string
		inTenant(t, e.env, a.ID, func(tx *gorm.DB) error {
			return tx.Raw(`SELECT m.role FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = 'marie@ville-a.test' AND m.source = 'idp'`).Scan(&roles).Error
		})
		if len(roles) != 1 || roles[0] != "buyer" {
			t.Fatalf("roles from the provider = %v", roles)
		}
		if api := cl.get("/api/v1/t/ville-b"); api.Status != http.StatusNotFound {
			t.Fatalf("tenant A's provider opened tenant B: %d", api.Status)
		}
	})
	t.Run("leaving the group withdraws the role at the next login", func(t *testing.T) {
		if err := own.Shutdown(context.Background()); err != nil {
			t.Fatal(err)
		}
		person.Groups = nil
		again, err := demoidp.Start(func(string) string { return "test" }, demoidp.Config{Listen: strings.TrimPrefix(strings.TrimSuffix(own.Issuer(), "/oidc"), "http://"),
			ClientID: "ville-a-app", ClientSecret: "s3cret-of-ville-a", Accounts: []demoidp.Account{person}})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = again.Shutdown(context.Background()) })
		e.Srv = newAuthServer(t, e.env, e.IdP) // a fresh instance: the provider's keys changed
		cl := e.anon()
		r := cl.postForm("/t/ville-a/login", url.Values{"hint": {"marie"}, "next": {"/t/ville-a"}})
		done := cl.get(atProviderPath(t, r.Header.Get("Location"), "/t/ville-a/auth/callback"))
		if done.Status != http.StatusSeeOther {
			t.Fatalf("callback: %d %.300s", done.Status, done.Body)
		}
		var n int64
		inTenant(t, e.env, a.ID, func(tx *gorm.DB) error {
			return tx.Raw(`SELECT count(*) FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = 'marie@ville-a.test'`).Scan(&n).Error
		})
		if n != 0 {
			t.Fatalf("%d roles left after leaving the group", n)
		}
		if api := cl.get("/api/v1/t/ville-a"); api.Status != http.StatusNotFound {
			t.Fatalf("member API after losing the role: %d", api.Status)
		}
	})
}

// atProviderPath is atProvider for a callback other than the platform's.
func atProviderPath(t *testing.T, authURL, wantPath string) string {
	t.Helper()
	res, err := noFollow.Get(authURL)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	loc, err := url.Parse(res.Header.Get("Location"))
	if err != nil || loc.Path != wantPath {
		t.Fatalf("provider redirected to %q (%d)", res.Header.Get("Location"), res.StatusCode)
	}
	return loc.RequestURI()
}

// inTenant runs fn in a tenant transaction as the app role (RLS on, as the server reads).
func inTenant(t *testing.T, e *env, tenantID uuid.UUID, fn func(tx *gorm.DB) error) {
	t.Helper()
	if err := tenants.ReadTx(context.Background(), e.DB.App, tenantID, fn); err != nil {
		t.Fatal(err)
	}
}

// A tenant's own provider vouches for whatever its admin configures, so it binds only accounts
// whose every grant is in that tenant: it cannot take over a platform admin's or another body's
// pending account by claiming its e-mail.
func TestTenantProviderCannotTakeOverAccounts(t *testing.T) {
	t.Parallel()
	e := newAuthEnv(t)
	a, b := e.tenant("ville-a"), e.tenant("ville-b")
	admin := e.member("admin@ville-a.test", &a, "tenant_admin")
	e.member("boss@maillage.test", nil, "platform_admin") // pending until its first login
	e.member("clerk@ville-b.test", &b, "buyer")           // pending, tenant B only
	e.member("invited@ville-a.test", &a, "official")      // pending, tenant A only
	for _, email := range []string{"boss@maillage.test", "clerk@ville-b.test", "invited@ville-a.test"} {
		if err := e.DB.Owner.Exec(`DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE email = ?)`, email).Error; err != nil {
			t.Fatal(err)
		}
	}
	liar := func(key, email string) demoidp.Account {
		return demoidp.Account{Key: key, Subject: "evil-" + key, Email: email, EmailVerified: true, Name: key, Groups: []string{"Achats"}}
	}
	own, err := demoidp.Start(func(string) string { return "test" }, demoidp.Config{ClientID: "a-app", ClientSecret: "a-secret",
		Accounts: []demoidp.Account{liar("boss", "boss@maillage.test"), liar("clerk", "clerk@ville-b.test"), liar("invited", "invited@ville-a.test")}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = own.Shutdown(context.Background()) })
	if r := admin.postForm("/t/ville-a/admin/idp", url.Values{"issuer_url": {own.Issuer()}, "client_id": {"a-app"},
		"client_secret": {"a-secret"}, "rules": {"buyer: groups = Achats"}, "enabled": {"on"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("save provider: %d", r.Status)
	}
	tests := []struct {
		key, email string
		bound      bool // the pending account gets bound to the tenant provider's identity
	}{
		{"boss", "boss@maillage.test", false},
		{"clerk", "clerk@ville-b.test", false},
		{"invited", "invited@ville-a.test", true},
	}
	for _, tc := range tests {
		t.Run(tc.email, func(t *testing.T) {
			cl := e.anon()
			r := cl.postForm("/t/ville-a/login", url.Values{"hint": {tc.key}, "next": {"/t/ville-a"}})
			done := cl.get(atProviderPath(t, r.Header.Get("Location"), "/t/ville-a/auth/callback"))
			if done.Status != http.StatusSeeOther {
				t.Fatalf("callback: %d %.300s", done.Status, done.Body)
			}
			var pending int64
			if err := e.DB.Owner.Raw(`SELECT count(*) FROM users WHERE email = ? AND issuer IS NULL`, tc.email).Scan(&pending).Error; err != nil {
				t.Fatal(err)
			}
			if (pending == 0) != tc.bound {
				t.Fatalf("pending accounts for %s: %d (bound wanted: %v)", tc.email, pending, tc.bound)
			}
			me := cl.get("/api/v1/me")
			if me.Status != http.StatusOK || strings.Contains(me.Body, "platform_admin") {
				t.Fatalf("/me: %d %s", me.Status, me.Body)
			}
			if r := cl.get("/api/v1/t/ville-b"); r.Status != http.StatusNotFound {
				t.Fatalf("reached tenant B: %d", r.Status)
			}
		})
	}
}
