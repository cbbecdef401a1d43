package auth_test

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"maillage/app/audit"
	"maillage/app/auth"
	"maillage/app/errs"
	"maillage/app/testdb"
	"maillage/tenants"
)

func testKeyring(t *testing.T) *auth.Keyring {
	t.Helper()
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	k, err := auth.ParseKeyring("t1:" + base64.StdEncoding.EncodeToString(b))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func twoTenants(t *testing.T, db *testdb.DB) (tenants.Tenant, tenants.Tenant) {
	t.Helper()
	s := tenants.NewStore(db.App)
	a, err := s.Create(context.Background(), tenants.NewTenant{Slug: "ville-a", Name: "Ville A", Kind: "municipality"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.Create(context.Background(), tenants.NewTenant{Slug: "ville-b", Name: "Ville B", Kind: "municipality"})
	if err != nil {
		t.Fatal(err)
	}
	return a, b
}

// The tenant identity provider store: another tenant sees, changes and deletes nothing; no
// tenant context means no rows; the secret is sealed and bound to its tenant.
func TestIdPStoreIsolation(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	a, b := twoTenants(t, db)
	keys := testKeyring(t)
	store := auth.NewIdPStore(db.App, keys)
	ctx := audit.WithActor(context.Background(), audit.Actor{Label: "test"})
	in := auth.IdPInput{IssuerURL: "https://login.microsoftonline.com/1111/v2.0", ClientID: "app-a", ClientSecret: "secret-a",
		EntraTenantID: "1111", Enabled: true, Rules: []auth.RoleRule{{Claim: "groups", Value: "Achats", Role: auth.RoleBuyer}}}
	if _, err := store.Save(ctx, a.ID, in); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		run  func(t *testing.T)
	}{
		{"tenant A reads its provider, secret opened", func(t *testing.T) {
			iss, found, err := store.Issuer(ctx, a.ID, a.Slug, "https://maillage.test/t/ville-a/auth/callback")
			if err != nil || !found || iss.ClientSecret != "secret-a" || iss.EntraTenantID != "1111" || len(iss.Rules) != 1 || !iss.ForTenant {
				t.Fatalf("Issuer = %+v, %v, %v", iss, found, err)
			}
		}},
		{"tenant B sees nothing", func(t *testing.T) {
			if _, found, err := store.Get(ctx, b.ID); err != nil || found {
				t.Fatalf("B sees A's provider: %v %v", found, err)
			}
		}},
		{"tenant B deletes nothing", func(t *testing.T) {
			if err := store.Delete(ctx, b.ID); !errs.Is(err, errs.NotFound) {
				t.Fatalf("Delete as B = %v", err)
			}
			if _, found, _ := store.Get(ctx, a.ID); !found {
				t.Fatal("A's provider is gone")
			}
		}},
		{"tenant B cannot write into A's rows, even by raw SQL", func(t *testing.T) {
			err := tenants.Tx(ctx, db.App, b.ID, func(tx *gorm.DB) error {
				res := tx.Exec(`UPDATE tenant_identity_providers SET client_id = 'stolen' WHERE tenant_id = ?`, a.ID)
				if res.Error == nil && res.RowsAffected != 0 {
					return errors.New("updated A's row")
				}
				return tx.Exec(`INSERT INTO tenant_role_rules (tenant_id, claim, value, role) VALUES (?, 'groups', 'x', 'tenant_admin')`, a.ID).Error
			})
			if err == nil {
				t.Fatal("B inserted a rule for A")
			}
			set, _, _ := store.Get(ctx, a.ID)
			if set.ClientID != "app-a" || len(set.Rules) != 1 {
				t.Fatalf("A's settings changed: %+v", set)
			}
		}},
		{"no tenant context means no rows", func(t *testing.T) {
			var n int64
			if err := db.App.Raw(`SELECT (SELECT count(*) FROM tenant_identity_providers) + (SELECT count(*) FROM tenant_role_rules)`).Scan(&n).Error; err != nil || n != 0 {
				t.Fatalf("without tenant: %d rows (%v)", n, err)
			}
		}},
		{"a sealed secret moved to another tenant does not open", func(t *testing.T) {
			var sealed string
			err := tenants.ReadTx(ctx, db.App, a.ID, func(tx *gorm.DB) error {
				return tx.Raw(`SELECT client_secret_sealed FROM tenant_identity_providers WHERE tenant_id = ?`, a.ID).Scan(&sealed).Error
			})
			if err != nil || sealed == "" {
				t.Fatalf("no sealed secret to move (%v)", err)
			}
			if _, err := keys.Open(sealed, "tenant_idp:"+b.ID.String()); err == nil {
				t.Fatal("A's secret opens as B's")
			}
		}},
		{"an empty secret keeps the stored one", func(t *testing.T) {
			again := in
			again.ClientSecret = ""
			again.ClientID = "app-a2"
			if _, err := store.Save(ctx, a.ID, again); err != nil {
				t.Fatal(err)
			}
			iss, _, _ := store.Issuer(ctx, a.ID, a.Slug, "https://x/cb")
			if iss.ClientSecret != "secret-a" || iss.ClientID != "app-a2" {
				t.Fatalf("after save without secret: %+v", iss)
			}
		}},
		{"a disabled provider is not used for login", func(t *testing.T) {
			off := in
			off.Enabled = false
			if _, err := store.Save(ctx, a.ID, off); err != nil {
				t.Fatal(err)
			}
			if _, found, err := store.Issuer(ctx, a.ID, a.Slug, "https://x/cb"); err != nil || found {
				t.Fatalf("disabled provider still used: %v %v", found, err)
			}
		}},
		{"bad settings change nothing", func(t *testing.T) {
			bad := in
			bad.Rules = []auth.RoleRule{{Claim: "groups", Value: "x", Role: auth.RolePlatformAdmin}}
			if _, err := store.Save(ctx, a.ID, bad); !errs.Is(err, errs.Invalid) {
				t.Fatalf("Save = %v", err)
			}
			set, _, _ := store.Get(ctx, a.ID)
			if len(set.Rules) != 1 || set.Rules[0].Role != auth.RoleBuyer {
				t.Fatalf("rules changed: %+v", set.Rules)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, tc.run)
	}
}

// Login attempts on PostgreSQL are single-use even when callbacks race.
func TestPGAttemptsSingleUse(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	store := auth.NewPGAttempts(db.App, nil)
	ctx := context.Background()
	a := auth.LoginAttempt{StateHash: auth.HashToken("state"), BindingHash: auth.HashToken("binding"), Nonce: "n", Verifier: "v",
		IssuerKey: "platform", ReturnTo: "/", ExpiresAt: time.Now().Add(time.Minute)}
	if err := store.SaveAttempt(ctx, a); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	found := 0
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, ok, err := store.TakeAttempt(ctx, a.StateHash)
			if err != nil {
				t.Error(err)
				return
			}
			if ok {
				mu.Lock()
				found++
				mu.Unlock()
				if got.Nonce != "n" || got.Verifier != "v" || got.BindingHash != a.BindingHash {
					t.Errorf("attempt = %+v", got)
				}
			}
		}()
	}
	wg.Wait()
	if found != 1 {
		t.Fatalf("%d takes found the attempt, want 1", found)
	}
	t.Run("expired attempts are swept", func(t *testing.T) {
		old := a
		old.StateHash, old.ExpiresAt = auth.HashToken("old"), time.Now().Add(-time.Hour)
		if err := store.SaveAttempt(ctx, old); err != nil {
			t.Fatal(err)
		}
		fresh := a
		fresh.StateHash = auth.HashToken("fresh")
		if err := store.SaveAttempt(ctx, fresh); err != nil {
			t.Fatal(err)
		}
		if n, _ := store.Pending(ctx); n != 1 {
			t.Fatalf("%d pending, want only the fresh one", n)
		}
	})
}

// Key rotation: secrets sealed with the derived key still open once explicit keys are set,
// `secrets reseal` moves them to the new current key (audited), after which the old key can go.
func TestIdPSecretRotation(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	a, _ := twoTenants(t, db)
	appSecret := []byte("application-secret-of-32-bytes!!")
	ctx := audit.WithActor(context.Background(), audit.Actor{Label: "test"})
	derived, err := auth.KeyringFor("", appSecret)
	if err != nil {
		t.Fatal(err)
	}
	in := auth.IdPInput{IssuerURL: "https://login.example.ca/ville-a", ClientID: "app", ClientSecret: "rotate-me", Enabled: true}
	if _, err := auth.NewIdPStore(db.App, derived).Save(ctx, a.ID, in); err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	newKey := "k1:" + base64.StdEncoding.EncodeToString(b)
	rotated, err := auth.KeyringFor(newKey, appSecret)
	if err != nil {
		t.Fatal(err)
	}
	store := auth.NewIdPStore(db.App, rotated)
	steps := []struct {
		name string
		run  func(t *testing.T)
	}{
		{"the old secret still opens after the new key is put first", func(t *testing.T) {
			if iss, _, err := store.Issuer(ctx, a.ID, a.Slug, "https://x/cb"); err != nil || iss.ClientSecret != "rotate-me" {
				t.Fatalf("Issuer = %v, %v", iss.ClientSecret, err)
			}
		}},
		{"reseal moves it to the new key, once", func(t *testing.T) {
			if n, err := store.ResealAll(ctx); err != nil || n != 1 {
				t.Fatalf("ResealAll = %d, %v", n, err)
			}
			if n, err := store.ResealAll(ctx); err != nil || n != 0 {
				t.Fatalf("second ResealAll = %d, %v", n, err)
			}
		}},
		{"the new key alone opens it", func(t *testing.T) {
			only, err := auth.ParseKeyring(newKey)
			if err != nil {
				t.Fatal(err)
			}
			if iss, _, err := auth.NewIdPStore(db.App, only).Issuer(ctx, a.ID, a.Slug, "https://x/cb"); err != nil || iss.ClientSecret != "rotate-me" {
				t.Fatalf("Issuer with the new key only = %v, %v", iss.ClientSecret, err)
			}
		}},
		{"the reseal is audited", func(t *testing.T) {
			var n int64
			_ = tenants.ReadTx(ctx, db.App, a.ID, func(tx *gorm.DB) error {
				return tx.Raw(`SELECT count(*) FROM audit_log WHERE action = 'idp.reseal' AND after->>'key' = 'k1'`).Scan(&n).Error
			})
			if n != 1 {
				t.Fatalf("%d reseal audit records", n)
			}
		}},
	}
	for _, st := range steps {
		t.Run(st.name, st.run)
	}
}
