package tenants

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/errs"
)

// Tx runs fn inside one transaction in which app.tenant_id is set (transaction-local, parameterized) so
// that row-level security shows and accepts only tenantID's rows. It is the only way to touch tenant
// tables; stores still add "WHERE tenant_id = ?" to every query (defence in depth, and index use).
func Tx(ctx context.Context, db *gorm.DB, tenantID uuid.UUID, fn func(tx *gorm.DB) error) error {
	return tx(ctx, db, tenantID, fn, nil)
}

func tx(ctx context.Context, db *gorm.DB, tenantID uuid.UUID, fn func(tx *gorm.DB) error, opts *sql.TxOptions) error {
	if tenantID == uuid.Nil {
		return errs.E(errs.Internal, "errors.internal").Wrap(fmt.Errorf("tenant transaction without tenant"))
	}
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec(`SELECT set_config('app.tenant_id', ?, true)`, tenantID.String()).Error; err != nil {
			return fmt.Errorf("set tenant: %w", err)
		}
		return fn(tx)
	}, optsOrNil(opts)...)
}

func optsOrNil(o *sql.TxOptions) []*sql.TxOptions {
	if o == nil {
		return nil
	}
	return []*sql.TxOptions{o}
}

// ReadTx is Tx for read-only work: the transaction begins READ ONLY (in the same round trip as BEGIN), so
// a bug cannot write.
func ReadTx(ctx context.Context, db *gorm.DB, tenantID uuid.UUID, fn func(tx *gorm.DB) error) error {
	return tx(ctx, db, tenantID, fn, &sql.TxOptions{ReadOnly: true})
}
