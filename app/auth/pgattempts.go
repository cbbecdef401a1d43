package auth

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// PGAttempts is the PostgreSQL AttemptStore (table login_attempts): shared by every instance, so
// a login started on one instance completes on another.
type PGAttempts struct {
	db  *gorm.DB
	now func() time.Time
}

// NewPGAttempts returns the store; now is injectable (nil: time.Now).
func NewPGAttempts(db *gorm.DB, now func() time.Time) *PGAttempts {
	if now == nil {
		now = time.Now
	}
	return &PGAttempts{db: db, now: now}
}

// SaveAttempt implements AttemptStore; it also sweeps attempts that expired, so the table
// holds only pending logins (the index on expires_at keeps that cheap).
func (s *PGAttempts) SaveAttempt(ctx context.Context, a LoginAttempt) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec(`DELETE FROM login_attempts WHERE expires_at < ?`, s.now()).Error; err != nil {
			return fmt.Errorf("sweep login attempts: %w", err)
		}
		return tx.Exec(`INSERT INTO login_attempts (state_hash, binding_hash, nonce, verifier, issuer_key, tenant_slug, return_to, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, a.StateHash, a.BindingHash, a.Nonce, a.Verifier, a.IssuerKey,
			a.TenantSlug, a.ReturnTo, s.now(), a.ExpiresAt).Error
	})
}

// TakeAttempt implements AttemptStore: DELETE … RETURNING makes it single-use even when two
// callbacks race on two instances.
func (s *PGAttempts) TakeAttempt(ctx context.Context, stateHash string) (LoginAttempt, bool, error) {
	var rows []LoginAttempt
	err := s.db.WithContext(ctx).Raw(`DELETE FROM login_attempts WHERE state_hash = ?
		RETURNING state_hash, binding_hash, nonce, verifier, issuer_key, tenant_slug, return_to, expires_at`, stateHash).
		Scan(&rows).Error
	if err != nil {
		return LoginAttempt{}, false, fmt.Errorf("take login attempt: %w", err)
	}
	if len(rows) == 0 {
		return LoginAttempt{}, false, nil
	}
	return rows[0], true, nil
}

// Pending counts attempts not yet taken (tests: a refused callback leaves none behind).
func (s *PGAttempts) Pending(ctx context.Context) (int64, error) {
	var n int64
	err := s.db.WithContext(ctx).Raw(`SELECT count(*) FROM login_attempts`).Scan(&n).Error
	return n, err
}
