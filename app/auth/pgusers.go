package auth

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"maillage/app/errs"
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
