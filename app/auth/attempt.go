package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"sync"
	"time"
)

// LoginAttempt is what the server remembers between sending the browser to the provider and
// the provider sending it back. It is looked up by the hash of the state, taken exactly once,
// and bound to the browser that started it through BindingHash (the hash of a secret kept in
// a short-lived cookie), so a state or code stolen from a URL is useless in another browser.
type LoginAttempt struct {
	StateHash   string    // hex SHA-256 of the state sent to the provider; the store's key
	BindingHash string    // hex SHA-256 of the browser-binding cookie value
	Nonce       string    // expected in the ID token
	Verifier    string    // PKCE code verifier (RFC 7636), sent only to the token endpoint
	IssuerKey   string    // which issuer configuration started the flow
	TenantSlug  string    // tenant whose login page started it; empty for the platform
	ReturnTo    string    // already checked by SafeReturnTo
	ExpiresAt   time.Time // after this the attempt is refused
}

// AttemptStore keeps login attempts. The web adapter backs it with PostgreSQL (a DELETE …
// RETURNING gives the single use); MemoryAttempts serves a single process.
type AttemptStore interface {
	// SaveAttempt stores a new attempt.
	SaveAttempt(ctx context.Context, a LoginAttempt) error
	// TakeAttempt removes and returns the attempt with this state hash; found is false when
	// there is none (never saved, already taken). It must be atomic: two concurrent takes of
	// the same state must not both find it.
	TakeAttempt(ctx context.Context, stateHash string) (a LoginAttempt, found bool, err error)
}

// MemoryAttempts is an in-process AttemptStore, for one process only (tests, tools).
type MemoryAttempts struct {
	mu sync.Mutex
	m  map[string]LoginAttempt
}

// NewMemoryAttempts returns an empty store.
func NewMemoryAttempts() *MemoryAttempts { return &MemoryAttempts{m: map[string]LoginAttempt{}} }

// SaveAttempt implements AttemptStore.
func (s *MemoryAttempts) SaveAttempt(_ context.Context, a LoginAttempt) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[a.StateHash] = a
	return nil
}

// TakeAttempt implements AttemptStore.
func (s *MemoryAttempts) TakeAttempt(_ context.Context, stateHash string) (LoginAttempt, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.m[stateHash]
	delete(s.m, stateHash)
	return a, ok, nil
}

// Len reports how many attempts are pending (tests check that failures consume them).
func (s *MemoryAttempts) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.m)
}

// randomToken returns 32 random bytes, URL-safe base64 without padding.
func randomToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go ≥ 1.24)
	return base64.RawURLEncoding.EncodeToString(b)
}

// HashToken is the hex SHA-256 used to store state and binding values; only hashes are kept.
func HashToken(v string) string {
	sum := sha256.Sum256([]byte(v))
	return hex.EncodeToString(sum[:])
}
