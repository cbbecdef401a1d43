package accounts

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/errs"
)

// SessionPolicy sets the session lifetimes: Idle since the last request, Absolute since login.
type SessionPolicy struct {
	Idle     time.Duration
	Absolute time.Duration
}

// Session is one server-side session (the raw id lives only in the browser's cookie).
type Session struct {
	IDHash     string    `json:"-"`
	UserID     uuid.UUID `json:"user_id"`
	CreatedAt  time.Time `json:"created_at"`
	LastSeenAt time.Time `json:"last_seen_at"`
	ExpiresAt  time.Time `json:"expires_at"`
	Issuer     string    `json:"issuer"`
	UserAgent  string    `json:"user_agent"`
	IP         string    `json:"ip"`
}

// Sessions stores sessions in PostgreSQL, so they survive restarts and are shared by every instance.
type Sessions struct {
	db     *gorm.DB
	policy SessionPolicy
	now    func() time.Time
}

// NewSessions returns a session store; now is injectable for timeout tests (nil: time.Now).
func NewSessions(db *gorm.DB, p SessionPolicy, now func() time.Time) *Sessions {
	if now == nil {
		now = time.Now
	}
	if p.Idle == 0 {
		p.Idle = 2 * time.Hour
	}
	if p.Absolute == 0 {
		p.Absolute = 12 * time.Hour
	}
	return &Sessions{db: db, policy: p, now: now}
}

// HashSecret is how session ids and API tokens are stored: SHA-256 of the random secret (the secret has
// 256 bits of entropy, so a slow hash adds nothing).
func HashSecret(secret string) string {
	h := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(h[:])
}

func newSecret() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Errorf("crypto/rand: %w", err)) // the OS has no randomness: nothing safe can be done
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// Create starts a new session for a user and returns the raw id for the cookie. Logging in always creates
// a new id (no fixation); prior is an old session id to end at the same time (may be "").
func (s *Sessions) Create(ctx context.Context, userID uuid.UUID, issuer, userAgent, ip, prior string) (string, Session, error) {
	raw := newSecret()
	now := s.now()
	sess := Session{IDHash: HashSecret(raw), UserID: userID, CreatedAt: now, LastSeenAt: now,
		ExpiresAt: now.Add(s.policy.Absolute), Issuer: issuer, UserAgent: truncate(userAgent, 300), IP: ip}
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if prior != "" {
			if err := tx.Exec(`DELETE FROM sessions WHERE id_hash = ?`, HashSecret(prior)).Error; err != nil {
				return err
			}
		}
		if err := tx.Exec(`INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at, issuer, user_agent, ip)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, sess.IDHash, userID, now, now, sess.ExpiresAt, issuer, sess.UserAgent, ip).Error; err != nil {
			return err
		}
		return tx.Exec(`UPDATE users SET last_login_at = ? WHERE id = ?`, now, userID).Error
	})
	if err != nil {
		return "", Session{}, fmt.Errorf("create session: %w", err)
	}
	return raw, sess, nil
}

// Lookup returns the live session for a raw id and slides its idle window. An unknown, idle-expired or
// absolute-expired session is Unauthenticated (and an expired one is deleted).
func (s *Sessions) Lookup(ctx context.Context, raw string) (Session, error) {
	if raw == "" {
		return Session{}, errs.E(errs.Unauthenticated, "auth.session_missing")
	}
	h := HashSecret(raw)
	var sess Session
	res := s.db.WithContext(ctx).Raw(`SELECT id_hash, user_id, created_at, last_seen_at, expires_at, issuer, user_agent, ip
		FROM sessions WHERE id_hash = ?`, h).Scan(&sess)
	if res.Error != nil {
		return Session{}, fmt.Errorf("lookup session: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		return Session{}, errs.E(errs.Unauthenticated, "auth.session_missing")
	}
	if err := s.keepAlive(ctx, &sess); err != nil {
		return Session{}, err
	}
	return sess, nil
}

// Delete ends one session (logout).
func (s *Sessions) Delete(ctx context.Context, raw string) error {
	return s.db.WithContext(ctx).Exec(`DELETE FROM sessions WHERE id_hash = ?`, HashSecret(raw)).Error
}

// ListForUser lists a user's live sessions, newest first.
func (s *Sessions) ListForUser(ctx context.Context, userID uuid.UUID) ([]Session, error) {
	var out []Session
	err := s.db.WithContext(ctx).Raw(`SELECT id_hash, user_id, created_at, last_seen_at, expires_at, issuer, user_agent, ip
		FROM sessions WHERE user_id = ? AND expires_at > ? ORDER BY last_seen_at DESC`, userID, s.now()).Scan(&out).Error
	return out, err
}

// DeleteForUser ends one of a user's sessions by its hash (from "my sessions"); another user's is NotFound.
func (s *Sessions) DeleteForUser(ctx context.Context, userID uuid.UUID, idHash string) error {
	res := s.db.WithContext(ctx).Exec(`DELETE FROM sessions WHERE user_id = ? AND id_hash = ?`, userID, idHash)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return errs.E(errs.NotFound, "errors.not_found")
	}
	return nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

// Absolute is the sessions' absolute lifetime (the cookie's Max-Age).
func (s *Sessions) Absolute() time.Duration { return s.policy.Absolute }
