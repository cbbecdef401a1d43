package auth

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/errs"
	"maillage/tenants"
)

// PGUsers is the UserDirectory over the users table (created by the platform migrations; a user
// pre-granted by e-mail has no issuer until its first login).
type PGUsers struct{ db *gorm.DB }

// NewPGUsers returns the directory.
func NewPGUsers(db *gorm.DB) *PGUsers { return &PGUsers{db: db} }

// UserByIdentity implements UserDirectory.
func (d *PGUsers) UserByIdentity(ctx context.Context, issuer, subject string) (string, bool, error) {
	return d.one(ctx, `SELECT id::text FROM users WHERE issuer = ? AND subject = ?`, issuer, subject)
}

// PendingUserByEmail implements UserDirectory.
func (d *PGUsers) PendingUserByEmail(ctx context.Context, email string) (string, bool, error) {
	return d.one(ctx, `SELECT id::text FROM users WHERE email = ? AND issuer IS NULL`, email)
}

// BindIdentity implements UserDirectory; the "issuer IS NULL" guard makes a concurrent second
// binding of the same user fail instead of overwriting the first.
func (d *PGUsers) BindIdentity(ctx context.Context, userID, issuer, subject string) error {
	res := d.db.WithContext(ctx).Exec(`UPDATE users SET issuer = ?, subject = ? WHERE id = ? AND issuer IS NULL`, issuer, subject, userID)
	if res.Error != nil {
		return fmt.Errorf("bind identity: %w", res.Error)
	}
	if res.RowsAffected != 1 {
		return errs.E(errs.Conflict, "auth.error.already_bound")
	}
	return nil
}

// CreateUser implements UserDirectory.
func (d *PGUsers) CreateUser(ctx context.Context, id Identity) (string, error) {
	var userID string
	err := d.db.WithContext(ctx).Raw(`INSERT INTO users (email, name, issuer, subject) VALUES (?, ?, ?, ?) RETURNING id::text`,
		id.Email, truncate(id.Name, 200), id.Issuer, id.Subject).Scan(&userID).Error
	if err != nil {
		return "", fmt.Errorf("create user: %w", err)
	}
	return userID, nil
}

func (d *PGUsers) one(ctx context.Context, q string, args ...any) (string, bool, error) {
	var ids []string
	if err := d.db.WithContext(ctx).Raw(q, args...).Scan(&ids).Error; err != nil {
		return "", false, err
	}
	if len(ids) == 0 {
		return "", false, nil
	}
	return ids[0], true, nil
}

// TenantScoped is the UserDirectory for a login through a tenant's own provider. That provider
// is configured by the tenant's admin, who can make it vouch for any e-mail address; so it may
// bind only a pending user whose every grant is in this tenant. A pending user with a platform
// role or a role in another tenant is not found here (a new user is created instead, or the
// login refused), so no tenant can take over another body's or the platform's accounts.
type TenantScoped struct {
	*PGUsers
	TenantID string
}

// PendingUserByEmail implements UserDirectory with the restriction above.
func (d TenantScoped) PendingUserByEmail(ctx context.Context, email string) (string, bool, error) {
	id, found, err := d.PGUsers.PendingUserByEmail(ctx, email)
	if err != nil || !found {
		return "", false, err
	}
	uid, err := uuid.Parse(id)
	if err != nil {
		return "", false, fmt.Errorf("pending user %q: %w", id, err)
	}
	var elsewhere int64
	// The own_memberships policy shows a user's memberships in every tenant once the
	// transaction names the user (read only; writes still need the tenant).
	err = tenants.AsUser(ctx, d.db, uid, func(tx *gorm.DB) error {
		return tx.Raw(`SELECT (SELECT count(*) FROM memberships WHERE user_id = ? AND tenant_id <> ?)
			+ (SELECT count(*) FROM platform_roles WHERE user_id = ?)`, id, d.TenantID, id).Scan(&elsewhere).Error
	})
	if err != nil {
		return "", false, fmt.Errorf("check grants of %s: %w", id, err)
	}
	return id, elsewhere == 0, nil
}
