package accounts

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/errs"
)

// TokenPrefix marks Maillage personal API tokens (recognisable by secret scanners).
const TokenPrefix = "mlg_"

// Token is a personal API token's metadata (the secret is never stored).
type Token struct {
	ID         uuid.UUID  `json:"id"`
	UserID     uuid.UUID  `json:"-"`
	Name       string     `json:"name"`
	CreatedAt  time.Time  `json:"created_at"`
	ExpiresAt  time.Time  `json:"expires_at"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
	RevokedAt  *time.Time `json:"revoked_at,omitempty"`
}

// Tokens stores personal API tokens, hashed.
type Tokens struct {
	db  *gorm.DB
	now func() time.Time
}

// NewTokens returns a token store.
func NewTokens(db *gorm.DB, now func() time.Time) *Tokens {
	if now == nil {
		now = time.Now
	}
	return &Tokens{db: db, now: now}
}

// Create issues a token for a user; the returned secret is shown once and never again.
func (t *Tokens) Create(ctx context.Context, userID uuid.UUID, name string, ttl time.Duration) (string, Token, error) {
	if ttl <= 0 || ttl > 366*24*time.Hour {
		return "", Token{}, (&errs.Validation{}).ErrWith("ttl", "accounts.token_ttl_invalid", nil)
	}
	name = strings.TrimSpace(name)
	if len(name) > 100 {
		return "", Token{}, (&errs.Validation{}).ErrWith("name", "accounts.token_name_invalid", nil)
	}
	secret := TokenPrefix + newSecret()
	tok := Token{ID: uuid.New(), UserID: userID, Name: name, CreatedAt: t.now(), ExpiresAt: t.now().Add(ttl)}
	err := t.db.WithContext(ctx).Exec(`INSERT INTO api_tokens (id, user_id, name, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)`,
		tok.ID, userID, name, HashSecret(secret), tok.CreatedAt, tok.ExpiresAt).Error
	if err != nil {
		return "", Token{}, fmt.Errorf("create token: %w", err)
	}
	return secret, tok, nil
}

// lastUsedGranularity is how precisely a token's last use is recorded: writing it on every API request
// would turn every read into a write, so it is refreshed at most once a minute.
const lastUsedGranularity = time.Minute

// Authenticate returns the token of a live (unexpired, unrevoked) secret and records its use (to the minute).
func (t *Tokens) Authenticate(ctx context.Context, secret string) (Token, error) {
	if !strings.HasPrefix(secret, TokenPrefix) {
		return Token{}, errs.E(errs.Unauthenticated, "auth.token_invalid")
	}
	now := t.now()
	var tok Token
	res := t.db.WithContext(ctx).Raw(`SELECT id, user_id, name, created_at, expires_at, last_used_at, revoked_at FROM api_tokens
		WHERE token_hash = ? AND revoked_at IS NULL AND expires_at > ?`, HashSecret(secret), now).Scan(&tok)
	if res.Error != nil {
		return Token{}, fmt.Errorf("authenticate token: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		return Token{}, errs.E(errs.Unauthenticated, "auth.token_invalid")
	}
	if err := t.recordUse(ctx, &tok, now); err != nil {
		return Token{}, err
	}
	return tok, nil
}

// recordUse writes the token's last use, at most once per lastUsedGranularity.
func (t *Tokens) recordUse(ctx context.Context, tok *Token, now time.Time) error {
	if tok.LastUsedAt == nil || now.Sub(*tok.LastUsedAt) >= lastUsedGranularity {
		if err := t.db.WithContext(ctx).Exec(`UPDATE api_tokens SET last_used_at = ? WHERE id = ?`, now, tok.ID).Error; err != nil {
			return fmt.Errorf("record token use: %w", err)
		}
		tok.LastUsedAt = &now
	}
	return nil
}

// List returns a user's tokens, newest first.
func (t *Tokens) List(ctx context.Context, userID uuid.UUID) ([]Token, error) {
	var out []Token
	err := t.db.WithContext(ctx).Raw(`SELECT id, user_id, name, created_at, expires_at, last_used_at, revoked_at FROM api_tokens
		WHERE user_id = ? ORDER BY created_at DESC`, userID).Scan(&out).Error
	return out, err
}

// Revoke ends one of the user's tokens; another user's token is NotFound.
func (t *Tokens) Revoke(ctx context.Context, userID, id uuid.UUID) error {
	res := t.db.WithContext(ctx).Exec(`UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL`, t.now(), id, userID)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return errs.E(errs.NotFound, "errors.not_found")
	}
	return nil
}
