package tenants_test

import (
	"context"
	"testing"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/audit"
	"maillage/app/testdb"
	"maillage/tenants"
)

// AuditLog shows one tenant's records only, filtered and paged, and nothing without a tenant.
func TestAuditLog(t *testing.T) {
	db := testdb.New(t)
	ctx := context.Background()
	a, b, _, _ := fixture(t, db)
	st := tenants.NewStore(db.App)
	for _, w := range []struct {
		tenant tenants.Tenant
		obj    string
	}{{a, "s1"}, {a, "s2"}, {a, "s1"}, {b, "s1"}} {
		if err := tenants.Tx(ctx, db.App, w.tenant.ID, func(tx *gorm.DB) error {
			return audit.Tenant(ctx, tx, w.tenant.ID, audit.Entry{Action: "supplier.update", ObjectType: "supplier", ObjectID: w.obj})
		}); err != nil {
			t.Fatal(err)
		}
	}
	all, err := st.AuditLog(ctx, a.ID, audit.Filter{})
	if err != nil || len(all) != 3 {
		t.Fatalf("alpha's log: %d records, %v; want 3", len(all), err)
	}
	tests := []struct {
		name   string
		tenant uuid.UUID
		f      audit.Filter
		want   int
	}{
		{"one tenant's records", b.ID, audit.Filter{}, 1},
		{"by object", a.ID, audit.Filter{ObjectType: "supplier", ObjectID: "s1"}, 2},
		{"another tenant's object stays hidden", b.ID, audit.Filter{ObjectType: "supplier", ObjectID: "s2"}, 0},
		{"page after the newest", a.ID, audit.Filter{BeforeID: all[0].ID}, 2},
		{"limit", a.ID, audit.Filter{Limit: 1}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := st.AuditLog(ctx, tt.tenant, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tt.want {
				t.Fatalf("%d records, want %d", len(got), tt.want)
			}
			for _, r := range got {
				if tt.f.ObjectID != "" && r.ObjectID != tt.f.ObjectID {
					t.Errorf("record %d is about %s", r.ID, r.ObjectID)
				}
			}
		})
	}
	if _, err := st.AuditLog(ctx, uuid.Nil, audit.Filter{}); err == nil {
		t.Error("no tenant: the log was read")
	}
}
