package tenants

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/audit"
)

// System is a named context for the few pieces of code that must work across tenants (background jobs,
// webhooks, provincial aggregates). It does not bypass row-level security: it visits tenants one at a
// time, each in its own tenant transaction, and its start is written to the platform audit log.
type System struct {
	db   *gorm.DB
	name string
}

// RunSystem starts the named system context, audits it, and runs fn.
func RunSystem(ctx context.Context, db *gorm.DB, name string, fn func(ctx context.Context, s *System) error) error {
	ctx = audit.WithActor(ctx, audit.Actor{Label: "system:" + name})
	if err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		return audit.Platform(ctx, tx, audit.Entry{Action: "system.run", ObjectType: "system", ObjectID: name})
	}); err != nil {
		return fmt.Errorf("system %s: %w", name, err)
	}
	return fn(ctx, &System{db: db, name: name})
}

// ForEachTenant runs fn once per active tenant, each in its own tenant transaction; it stops at the
// first error.
func (s *System) ForEachTenant(ctx context.Context, fn func(tx *gorm.DB, t Tenant) error) error {
	ts, err := NewStore(s.db).List(ctx)
	if err != nil {
		return err
	}
	for _, t := range ts {
		if t.Status != "active" {
			continue
		}
		if err := Tx(ctx, s.db, t.ID, func(tx *gorm.DB) error { return fn(tx, t) }); err != nil {
			return fmt.Errorf("system %s, tenant %s: %w", s.name, t.Slug, err)
		}
	}
	return nil
}

// InTenant runs fn in one tenant's transaction (e.g. a job that names its tenant).
func (s *System) InTenant(ctx context.Context, tenantID uuid.UUID, fn func(tx *gorm.DB) error) error {
	return Tx(ctx, s.db, tenantID, fn)
}
