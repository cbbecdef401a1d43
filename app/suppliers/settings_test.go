package suppliers_test

import (
	"context"
	"testing"

	"gorm.io/gorm"

	"maillage/app/errs"
	"maillage/app/suppliers"
	"maillage/app/testdb"
	"maillage/tenants"
)

func TestRegisterSettings(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	ctx := context.Background()
	st := suppliers.NewStore(db.App, nil)
	ts := tenants.NewStore(db.App)
	a, err := ts.Create(ctx, tenants.NewTenant{Slug: "a", Name: "Ville A", Kind: "municipality"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := ts.Create(ctx, tenants.NewTenant{Slug: "b", Name: "Ville B", Kind: "municipality"})
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name      string
		save      string // "" = only read
		wantErr   errs.Kind
		wantA     string
		wantB     string
		auditRows int64
	}{
		{"defaults to approved", "", "", "approved", "approved", 0},
		{"tenant A chooses invited", "invited", "", "invited", "approved", 1},
		{"an unknown status is refused and changes nothing", "pending", errs.Invalid, "invited", "approved", 1},
		{"back to approved", "approved", "", "approved", "approved", 2},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			if s.save != "" {
				_, err := st.SaveSettings(ctx, a.ID, suppliers.RegisterSettings{PullStatus: s.save})
				if s.wantErr == "" && err != nil {
					t.Fatal(err)
				}
				if s.wantErr != "" && !errs.Is(err, s.wantErr) {
					t.Fatalf("got %v, want %s", err, s.wantErr)
				}
			}
			for _, c := range []struct {
				tn   tenants.Tenant
				want string
			}{{a, s.wantA}, {b, s.wantB}} {
				got, err := st.Settings(ctx, c.tn.ID)
				if err != nil || got.PullStatus != c.want {
					t.Fatalf("%s: %+v %v, want %s", c.tn.Slug, got, err, c.want)
				}
			}
			var n int64
			_ = tenants.Tx(ctx, db.App, a.ID, func(tx *gorm.DB) error {
				return tx.Raw(`SELECT count(*) FROM audit_log WHERE action = 'register.settings'`).Scan(&n).Error
			})
			if n != s.auditRows {
				t.Fatalf("%d audit rows, want %d", n, s.auditRows)
			}
		})
	}
	var rows int64
	if err := db.App.Raw(`SELECT count(*) FROM register_settings`).Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	if rows != 0 {
		t.Fatalf("without a tenant context %d settings rows are visible", rows)
	}
}
