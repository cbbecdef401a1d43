package tenants_test

import (
	"context"
	"testing"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/database"
	"maillage/app/testdb"
	"maillage/tenants"
)

// fixture makes two tenants, each with one user holding a membership, and returns their ids.
func fixture(t *testing.T, db *testdb.DB) (a, b tenants.Tenant, ua, ub uuid.UUID) {
	t.Helper()
	ctx := context.Background()
	st := tenants.NewStore(db.App)
	var err error
	if a, err = st.Create(ctx, tenants.NewTenant{Slug: "alpha", Name: "Ville Alpha", Kind: "municipality"}); err != nil {
		t.Fatal(err)
	}
	if b, err = st.Create(ctx, tenants.NewTenant{Slug: "beta", Name: "Ville Beta", Kind: "municipality"}); err != nil {
		t.Fatal(err)
	}
	ua, ub = uuid.New(), uuid.New()
	for _, u := range []struct {
		id uuid.UUID
		t  tenants.Tenant
	}{{ua, a}, {ub, b}} {
		if err := db.App.Exec(`INSERT INTO users (id, email) VALUES (?, ?)`, u.id, u.id.String()[:8]+"@example.org").Error; err != nil {
			t.Fatal(err)
		}
		if err := tenants.Tx(ctx, db.App, u.t.ID, func(tx *gorm.DB) error {
			return tx.Exec(`INSERT INTO memberships (tenant_id, user_id, role) VALUES (?, ?, 'buyer')`, u.t.ID, u.id).Error
		}); err != nil {
			t.Fatal(err)
		}
	}
	return a, b, ua, ub
}

func count(t *testing.T, tx *gorm.DB, sql string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := tx.Raw(sql, args...).Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func TestRowLevelSecurityAsAppRole(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	ctx := context.Background()
	a, b, _, ub := fixture(t, db)

	t.Run("no tenant context sees no rows", func(t *testing.T) {
		if n := count(t, db.App, `SELECT count(*) FROM memberships`); n != 0 {
			t.Fatalf("without tenant: %d rows, want 0", n)
		}
	})
	t.Run("no tenant context cannot insert", func(t *testing.T) {
		err := db.App.Exec(`INSERT INTO memberships (tenant_id, user_id, role) VALUES (?, ?, 'official')`, a.ID, ub).Error
		if err == nil {
			t.Fatal("insert without tenant context succeeded")
		}
	})
	cases := []struct {
		name string
		sql  string
		want int64 // rows affected / seen
	}{
		{"select other tenant's rows", `SELECT count(*) FROM memberships WHERE tenant_id = '` + b.ID.String() + `'`, 0},
		{"select all shows only own rows", `SELECT count(*) FROM memberships`, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := tenants.Tx(ctx, db.App, a.ID, func(tx *gorm.DB) error {
				if n := count(t, tx, c.sql); n != c.want {
					t.Fatalf("got %d, want %d", n, c.want)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
	writes := []struct {
		name string
		sql  string
	}{
		{"update other tenant's rows", `UPDATE memberships SET role = 'official' WHERE tenant_id = '` + b.ID.String() + `'`},
		{"delete other tenant's rows", `DELETE FROM memberships WHERE tenant_id = '` + b.ID.String() + `'`},
	}
	for _, w := range writes {
		t.Run(w.name, func(t *testing.T) {
			err := tenants.Tx(ctx, db.App, a.ID, func(tx *gorm.DB) error {
				res := tx.Exec(w.sql)
				if res.Error != nil {
					return res.Error
				}
				if res.RowsAffected != 0 {
					t.Fatalf("%d rows of tenant B affected from tenant A", res.RowsAffected)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
	t.Run("insert a row for another tenant is refused", func(t *testing.T) {
		err := tenants.Tx(ctx, db.App, a.ID, func(tx *gorm.DB) error {
			return tx.Exec(`INSERT INTO memberships (tenant_id, user_id, role) VALUES (?, ?, 'official')`, b.ID, ub).Error
		})
		if err == nil {
			t.Fatal("tenant A inserted a row for tenant B")
		}
	})
	t.Run("moving a row to another tenant is refused", func(t *testing.T) {
		err := tenants.Tx(ctx, db.App, a.ID, func(tx *gorm.DB) error {
			return tx.Exec(`UPDATE memberships SET tenant_id = ?`, b.ID).Error
		})
		if err == nil {
			t.Fatal("tenant A moved its row to tenant B")
		}
	})
	t.Run("tenant B still has its row", func(t *testing.T) {
		err := tenants.Tx(ctx, db.App, b.ID, func(tx *gorm.DB) error {
			if n := count(t, tx, `SELECT count(*) FROM memberships WHERE role = 'buyer'`); n != 1 {
				t.Fatalf("tenant B has %d buyer rows, want 1", n)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

// A committed tenant transaction must leave nothing behind on the pooled connection.
func TestTenantSettingDoesNotLeakAcrossPooledConnections(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	ctx := context.Background()
	a, _, _, _ := fixture(t, db)
	one, err := database.Open(ctx, db.AppURL, database.Options{MaxOpenConns: 1, MaxIdleConns: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer database.Close(one)
	if err := tenants.Tx(ctx, one, a.ID, func(tx *gorm.DB) error {
		if n := count(t, tx, `SELECT count(*) FROM memberships`); n != 1 {
			t.Fatalf("inside: %d rows", n)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	var setting string
	if err := one.Raw(`SELECT coalesce(current_setting('app.tenant_id', true), '')`).Scan(&setting).Error; err != nil {
		t.Fatal(err)
	}
	if setting != "" {
		t.Fatalf("app.tenant_id leaked to the next user of the connection: %q", setting)
	}
	if n := count(t, one, `SELECT count(*) FROM memberships`); n != 0 {
		t.Fatalf("after commit the connection still sees %d rows", n)
	}
}

func TestTxRequiresTenant(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	err := tenants.Tx(context.Background(), db.App, uuid.Nil, func(tx *gorm.DB) error { return nil })
	if err == nil {
		t.Fatal("a tenant transaction without a tenant was allowed")
	}
}

func TestReadTxRefusesWrites(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	a, _, ua, _ := fixture(t, db)
	err := tenants.ReadTx(context.Background(), db.App, a.ID, func(tx *gorm.DB) error {
		return tx.Exec(`DELETE FROM memberships WHERE user_id = ?`, ua).Error
	})
	if err == nil {
		t.Fatal("a read-only tenant transaction wrote")
	}
}

// The own_memberships policy shows a user's memberships across tenants, and only that user's.
func TestOwnMembershipsPolicy(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	ctx := context.Background()
	_, _, ua, ub := fixture(t, db)
	cases := []struct {
		name string
		user string
		want int64
	}{
		{"user A sees its own membership", ua.String(), 1},
		{"user B sees its own membership", ub.String(), 1},
		{"an unknown user sees nothing", uuid.NewString(), 0},
		{"no user set sees nothing", "", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := db.App.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
				if err := tx.Exec(`SELECT set_config('app.user_id', ?, true)`, c.user).Error; err != nil {
					return err
				}
				if n := count(t, tx, `SELECT count(*) FROM memberships`); n != c.want {
					t.Fatalf("sees %d memberships, want %d", n, c.want)
				}
				// The SELECT-only policy gives no write access.
				res := tx.Exec(`DELETE FROM memberships`)
				if res.Error != nil {
					return res.Error
				}
				if res.RowsAffected != 0 {
					t.Fatalf("deleted %d memberships without a tenant", res.RowsAffected)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}
