package tenants

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/errs"
)

// Tx runs fn inside one transaction in which app.tenant_id is set (transaction-local, parameterized) so
// that row-level security shows and accepts only tenantID's rows. It is the only way to touch tenant
// tables; stores still add "WHERE tenant_id = ?" to every query (defence in depth, and index use).
func Tx(ctx context.Context, db *gorm.DB, tenantID uuid.UUID, fn func(tx *gorm.DB) error) error {
	if tenantID == uuid.Nil {
		return errs.E(errs.Internal, "errors.internal").Wrap(fmt.Errorf("tenant transaction without tenant"))
	}
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec(`SELECT set_config('app.tenant_id', ?, true)`, tenantID.String()).Error; err != nil {
			return fmt.Errorf("set tenant: %w", err)
		}
		return fn(tx)
	})
}

// ReadTx is Tx for read-only work: the transaction is READ ONLY, so a bug cannot write.
func ReadTx(ctx context.Context, db *gorm.DB, tenantID uuid.UUID, fn func(tx *gorm.DB) error) error {
	return Tx(ctx, db, tenantID, func(tx *gorm.DB) error {
		if err := tx.Exec(`SET TRANSACTION READ ONLY`).Error; err != nil {
			return fmt.Errorf("read-only transaction: %w", err)
		}
		return fn(tx)
	})
}
