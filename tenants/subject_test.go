package tenants_test

import (
	"context"
	"testing"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/testdb"
	"maillage/tenants"
)

// AsUser shows a user's own memberships in every tenant, nobody else's, and writes nothing.
func TestAsUser(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	ctx := context.Background()
	_, b, ua, ub := fixture(t, db)
	if err := tenants.Tx(ctx, db.App, b.ID, func(tx *gorm.DB) error {
		return tx.Exec(`INSERT INTO memberships (tenant_id, user_id, role) VALUES (?, ?, 'official')`, b.ID, ua).Error
	}); err != nil {
		t.Fatal(err)
	}
	reads := []struct {
		name string
		sql  string
		args []any
		want int64
	}{
		{"own memberships in every tenant", `SELECT count(*) FROM memberships WHERE user_id = ?`, []any{ua}, 2},
		{"another user's memberships stay hidden", `SELECT count(*) FROM memberships WHERE user_id = ?`, []any{ub}, 0},
		{"all rows are the user's", `SELECT count(*) FROM memberships`, nil, 2},
	}
	for _, r := range reads {
		t.Run(r.name, func(t *testing.T) {
			err := tenants.AsUser(ctx, db.App, ua, func(tx *gorm.DB) error {
				if n := count(t, tx, r.sql, r.args...); n != r.want {
					t.Errorf("got %d rows, want %d", n, r.want)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
	t.Run("the transaction cannot write", func(t *testing.T) {
		err := tenants.AsUser(ctx, db.App, ua, func(tx *gorm.DB) error {
			return tx.Exec(`DELETE FROM memberships WHERE user_id = ?`, ua).Error
		})
		if err == nil {
			t.Fatal("a write in an AsUser transaction succeeded")
		}
	})
	t.Run("the setting does not outlive the transaction", func(t *testing.T) {
		if n := count(t, db.App, `SELECT count(*) FROM memberships`); n != 0 {
			t.Fatalf("after AsUser the pool sees %d memberships, want 0", n)
		}
	})
}

// Neither AsUser nor AsEnterprise runs without naming someone: an empty setting would be a
// silent "no rows", hiding a caller's bug.
func TestSubjectRequired(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	ctx := context.Background()
	ran := false
	fn := func(*gorm.DB) error { ran = true; return nil }
	for name, call := range map[string]func() error{
		"AsUser":       func() error { return tenants.AsUser(ctx, db.App, uuid.Nil, fn) },
		"AsEnterprise": func() error { return tenants.AsEnterprise(ctx, db.App, uuid.Nil, fn) },
	} {
		t.Run(name, func(t *testing.T) {
			if err := call(); err == nil || ran {
				t.Fatalf("ran = %v, err = %v; want an error before running", ran, err)
			}
		})
	}
}
