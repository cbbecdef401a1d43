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

// AsUser runs fn in a read-only transaction that names a user (app.user_id, transaction-local
// and parameterized, like app.tenant_id): the own_memberships policy then shows that user's
// memberships in every tenant — the one sanctioned cross-tenant read. It is the only place
// that sets app.user_id; the caller must already know the user is the one asking (a session,
// a login being completed). The policy is SELECT-only, so the transaction is read-only too.
func AsUser(ctx context.Context, db *gorm.DB, userID uuid.UUID, fn func(tx *gorm.DB) error) error {
	return asSubject(ctx, db, "app.user_id", userID, fn)
}

// AsEnterprise runs fn in a read-only transaction that names an enterprise (app.enterprise_id):
// the own_applications policies then show that enterprise's applications and their messages in
// every body it applied to. It is the only place that sets app.enterprise_id; the caller must
// have checked that the user acts for that enterprise.
func AsEnterprise(ctx context.Context, db *gorm.DB, enterpriseID uuid.UUID, fn func(tx *gorm.DB) error) error {
	return asSubject(ctx, db, "app.enterprise_id", enterpriseID, fn)
}

func asSubject(ctx context.Context, db *gorm.DB, setting string, id uuid.UUID, fn func(tx *gorm.DB) error) error {
	if id == uuid.Nil {
		return errs.E(errs.Internal, "errors.internal").Wrap(fmt.Errorf("%s transaction without an id", setting))
	}
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec(`SELECT set_config(?, ?, true)`, setting, id.String()).Error; err != nil {
			return fmt.Errorf("set %s: %w", setting, err)
		}
		return fn(tx)
	}, &sql.TxOptions{ReadOnly: true})
}
