package accounts_test

import (
	"context"
	"database/sql"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"maillage/app/accounts"
	"maillage/app/database"
	"maillage/app/errs"
	"maillage/app/testdb"
	"maillage/tenants"
)

// The sign-in fast path reads the caller and their roles in the path's tenant in one round trip; these
// tests check it reads exactly what the slow path read: the roles of that tenant only, none without a
// tenant, nothing for a dead credential, and that the tenant setting does not outlive the read on the
// pooled connection.
func TestCallerReadsRolesOfThePathTenantOnly(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	ctx := context.Background()
	ts := tenants.NewStore(db.App)
	var ids [3]uuid.UUID
	for i, slug := range []string{"alpha", "beta", "gamma"} {
		tn, err := ts.Create(ctx, tenants.NewTenant{Slug: slug, Name: "Ville " + slug, Kind: "municipality"})
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = tn.ID
	}
	alpha, beta, gamma := ids[0], ids[1], ids[2]
	st := accounts.NewStore(db.App)
	const email = "marie@ville.example"
	grants := []struct {
		tenant uuid.UUID
		role   string
	}{{alpha, accounts.RoleBuyer}, {alpha, accounts.RoleTenantAdmin}, {beta, accounts.RoleOfficial}}
	var u accounts.User
	for _, g := range grants {
		var err error
		if u, err = st.GrantTenantRole(ctx, g.tenant, email, g.role); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.GrantPlatformRole(ctx, email, "catalogue_steward", []string{"05", "16"}); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	sessions := accounts.NewSessions(db.App, accounts.SessionPolicy{}, func() time.Time { return now })
	raw, _, err := sessions.Create(ctx, u.ID, "https://idp.example", "test", "127.0.0.1", "")
	if err != nil {
		t.Fatal(err)
	}
	toks := accounts.NewTokens(db.App, func() time.Time { return now })
	secret, tok, err := toks.Create(ctx, u.ID, "ci", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	byCredential := map[string]func(tenant uuid.UUID) (*accounts.Principal, error){
		"session": func(tenant uuid.UUID) (*accounts.Principal, error) { return sessions.LookupCaller(ctx, raw, tenant) },
		"token": func(tenant uuid.UUID) (*accounts.Principal, error) {
			return toks.AuthenticateCaller(ctx, secret, tenant)
		},
	}
	cases := []struct {
		name   string
		tenant uuid.UUID
		want   []string
	}{
		{"two roles in alpha", alpha, []string{accounts.RoleBuyer, accounts.RoleTenantAdmin}},
		{"one role in beta", beta, []string{accounts.RoleOfficial}},
		{"no role in gamma", gamma, []string{}},
		{"no tenant, no roles", uuid.Nil, []string{}},
		{"an unknown tenant, no roles", uuid.New(), []string{}},
	}
	for cred, read := range byCredential {
		for _, c := range cases {
			t.Run(cred+"/"+c.name, func(t *testing.T) {
				p, err := read(c.tenant)
				if err != nil {
					t.Fatal(err)
				}
				got := p.TenantRoles
				if got == nil {
					got = []string{}
				}
				slices.Sort(got)
				want := slices.Clone(c.want)
				slices.Sort(want)
				if !slices.Equal(got, want) || p.RolesTenant != c.tenant {
					t.Fatalf("roles %v for %s, want %v for %s", got, p.RolesTenant, want, c.tenant)
				}
				if p.User.ID != u.ID || p.User.Email != email {
					t.Fatalf("user %+v", p.User)
				}
				if len(p.PlatformRoles) != 1 || p.PlatformRoles[0].Role != "catalogue_steward" || !slices.Equal(p.PlatformRoles[0].Regions, []string{"05", "16"}) {
					t.Fatalf("platform roles %+v", p.PlatformRoles)
				}
				switch cred {
				case "session":
					if p.SessionHash != accounts.HashSecret(raw) || p.TokenID != nil {
						t.Fatalf("session %q token %v", p.SessionHash, p.TokenID)
					}
				case "token":
					if p.TokenID == nil || *p.TokenID != tok.ID || p.SessionHash != "" {
						t.Fatalf("token %v session %q", p.TokenID, p.SessionHash)
					}
				}
			})
		}
	}

	dead := []struct {
		name string
		read func() (*accounts.Principal, error)
	}{
		{"unknown session", func() (*accounts.Principal, error) { return sessions.LookupCaller(ctx, raw+"x", alpha) }},
		{"no session", func() (*accounts.Principal, error) { return sessions.LookupCaller(ctx, "", alpha) }},
		{"unknown token", func() (*accounts.Principal, error) { return toks.AuthenticateCaller(ctx, secret+"x", alpha) }},
		{"not a Maillage token", func() (*accounts.Principal, error) { return toks.AuthenticateCaller(ctx, "ghp_x", alpha) }},
		{"expired token", func() (*accounts.Principal, error) {
			later := accounts.NewTokens(db.App, func() time.Time { return now.Add(2 * time.Hour) })
			return later.AuthenticateCaller(ctx, secret, alpha)
		}},
		{"idle session (and deleted)", func() (*accounts.Principal, error) {
			later := accounts.NewSessions(db.App, accounts.SessionPolicy{}, func() time.Time { return now.Add(3 * time.Hour) })
			if _, err := later.LookupCaller(ctx, raw, alpha); !errs.Is(err, errs.Unauthenticated) {
				t.Fatalf("idle session: %v", err)
			}
			return sessions.LookupCaller(ctx, raw, alpha) // gone, even for the clock that had it alive
		}},
	}
	for _, d := range dead {
		t.Run(d.name, func(t *testing.T) {
			p, err := d.read()
			if !errs.Is(err, errs.Unauthenticated) || p != nil {
				t.Fatalf("got %+v, %v; want Unauthenticated", p, err)
			}
		})
	}
}

// TestCallerLeavesNoTenantOnTheConnection: the tenant set for the roles' read is transaction-local, so the
// one pooled connection that served it shows no tenant and no membership afterwards.
func TestCallerLeavesNoTenantOnTheConnection(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	ctx := context.Background()
	tn, err := tenants.NewStore(db.App).Create(ctx, tenants.NewTenant{Slug: "alpha", Name: "Ville alpha", Kind: "municipality"})
	if err != nil {
		t.Fatal(err)
	}
	u, err := accounts.NewStore(db.App).GrantTenantRole(ctx, tn.ID, "a@ville.example", accounts.RoleBuyer)
	if err != nil {
		t.Fatal(err)
	}
	one, err := database.Open(ctx, db.AppURL, database.Options{MaxOpenConns: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer database.Close(one)
	sessions := accounts.NewSessions(one, accounts.SessionPolicy{}, nil)
	raw, _, err := sessions.Create(ctx, u.ID, "", "", "", "")
	if err != nil {
		t.Fatal(err)
	}
	p, err := sessions.LookupCaller(ctx, raw, tn.ID)
	if err != nil || len(p.TenantRoles) != 1 {
		t.Fatalf("the read itself: %+v, %v", p, err)
	}
	var setting sql.NullString
	if err := one.Raw(`SELECT nullif(current_setting('app.tenant_id', true), '')`).Scan(&setting).Error; err != nil {
		t.Fatal(err)
	}
	var n int64
	if err := one.Raw(`SELECT count(*) FROM memberships`).Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	if setting.Valid || n != 0 {
		t.Fatalf("after the read the connection has tenant %q and sees %d memberships", setting.String, n)
	}
}
