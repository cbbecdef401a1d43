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

// ReadAudit shows one tenant's records only, filtered and paged, and nothing without a tenant.
func TestReadAuditFiltersOneTenant(t *testing.T) {
	t.Parallel()
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
	all, err := st.ReadAudit(ctx, a.ID, audit.Filter{})
	if err != nil || len(all.Records) != 3 {
		t.Fatalf("alpha's log: %d records, %v; want 3", len(all.Records), err)
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
		{"page after the newest", a.ID, audit.Filter{BeforeID: all.Records[0].ID}, 2},
		{"limit", a.ID, audit.Filter{Limit: 1}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := st.ReadAudit(ctx, tt.tenant, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Records) != tt.want {
				t.Fatalf("%d records, want %d", len(got.Records), tt.want)
			}
			for _, r := range got.Records {
				if tt.f.ObjectID != "" && r.ObjectID != tt.f.ObjectID {
					t.Errorf("record %d is about %s", r.ID, r.ObjectID)
				}
			}
		})
	}
	if _, err := st.ReadAudit(ctx, uuid.Nil, audit.Filter{}); err == nil {
		t.Error("no tenant: the log was read")
	}
}

// ReadAudit names the people who acted and the objects, a deleted one from its record; AuditActors lists the
// tenant's own actors only; neither reads anything without a tenant.
func TestReadAuditNamesPeopleAndObjects(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	ctx := context.Background()
	a, b, ua, ub := fixture(t, db)
	if err := db.App.Exec(`UPDATE users SET name = 'Mathieu Acheteur' WHERE id = ?`, ua).Error; err != nil {
		t.Fatal(err)
	}
	st := tenants.NewStore(db.App)
	for _, w := range []struct {
		tenant tenants.Tenant
		actor  uuid.UUID
		e      audit.Entry
	}{
		{a, ua, audit.Entry{Action: "supplier.delete", ObjectType: "supplier", ObjectID: uuid.NewString(), Before: map[string]any{"legal_name": "Coop Érable"}}},
		{a, ua, audit.Entry{Action: "member.grant", ObjectType: "member", ObjectID: ub.String()}},
		{b, ub, audit.Entry{Action: "supplier.update", ObjectType: "supplier", ObjectID: "x", After: map[string]any{"legal_name": "Coop Beta"}}},
	} {
		actx := audit.WithActor(ctx, audit.Actor{UserID: &w.actor, Label: "someone"})
		if err := tenants.Tx(actx, db.App, w.tenant.ID, func(tx *gorm.DB) error { return audit.Tenant(actx, tx, w.tenant.ID, w.e) }); err != nil {
			t.Fatal(err)
		}
	}
	read, err := st.ReadAudit(ctx, a.ID, audit.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(read.Records) != 2 {
		t.Fatalf("alpha's log has %d records, want 2 (beta's is not alpha's)", len(read.Records))
	}
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"the actor by name", read.People[ua].Display(), "Mathieu Acheteur"},
		{"a deleted supplier named from its record", read.Names[audit.ObjectKey(read.Records[1])], "Coop Érable"},
		{"a member named by e-mail", read.Names[audit.ObjectKey(read.Records[0])], ub.String()[:8] + "@example.org"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("%q, want %q", tt.got, tt.want)
			}
		})
	}
	for _, tn := range []struct {
		id   uuid.UUID
		want uuid.UUID
	}{{a.ID, ua}, {b.ID, ub}} {
		actors, err := st.AuditActors(ctx, tn.id)
		if err != nil || len(actors) != 1 || actors[0].ID != tn.want {
			t.Errorf("actors of %s: %+v %v, want only %s", tn.id, actors, err, tn.want)
		}
	}
	if _, err := st.ReadAudit(ctx, uuid.Nil, audit.Filter{}); err == nil {
		t.Error("no tenant: the log was read")
	}
	if _, err := st.AuditActors(ctx, uuid.Nil); err == nil {
		t.Error("no tenant: the actors were read")
	}
}
