package tenants

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/database"
	"maillage/app/errs"
)

// Tx runs fn inside one transaction in which app.tenant_id is set (transaction-local, parameterized) so
// that row-level security shows and accepts only tenantID's rows. It is the only way to touch tenant
// tables; stores still add "WHERE tenant_id = ?" to every query (defence in depth, and index use).
func Tx(ctx context.Context, db *gorm.DB, tenantID uuid.UUID, fn func(tx *gorm.DB) error) error {
	return tx(ctx, db, tenantID, fn, false)
}

func tx(ctx context.Context, db *gorm.DB, tenantID uuid.UUID, fn func(tx *gorm.DB) error, readOnly bool) error {
	if tenantID == uuid.Nil {
		return errs.E(errs.Internal, "errors.internal").Wrap(fmt.Errorf("tenant transaction without tenant"))
	}
	// BEGIN and the setting go in one round trip (database.TxWith).
	return database.TxWith(ctx, db, database.Setting{Name: "app.tenant_id", Value: tenantID.String()}, readOnly, fn)
}

// ReadTx is Tx for read-only work: the transaction begins READ ONLY, so a bug cannot write.
func ReadTx(ctx context.Context, db *gorm.DB, tenantID uuid.UUID, fn func(tx *gorm.DB) error) error {
	return tx(ctx, db, tenantID, fn, true)
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
	return database.TxWith(ctx, db, database.Setting{Name: setting, Value: id.String()}, true, fn)
}
