package auth

import (
	"context"
	"encoding/json"
	"sync"
)

// Registry keeps one RelyingParty per issuer configuration, so discovery and JWKS are fetched
// once, not per login. The caller passes the configuration it just read (from the database for
// a tenant); when it differs from the cached one (a tenant admin changed it, maybe on another
// instance) the relying party is rebuilt, so a change takes effect at the next login everywhere.
type Registry struct {
	opt     Options
	mu      sync.Mutex
	entries map[string]registryEntry
}

type registryEntry struct {
	fingerprint string
	rp          *RelyingParty
}

// NewRegistry returns an empty registry whose relying parties share opt.
func NewRegistry(opt Options) *Registry {
	return &Registry{opt: opt, entries: map[string]registryEntry{}}
}

// Get returns the relying party for iss, building it when missing or changed. A failed build
// is not cached: the next login tries the provider again.
func (r *Registry) Get(ctx context.Context, iss Issuer) (*RelyingParty, error) {
	raw, _ := json.Marshal(iss) // plain data: cannot fail
	fp := HashToken(string(raw))
	r.mu.Lock()
	e, ok := r.entries[iss.Key]
	r.mu.Unlock()
	if ok && e.fingerprint == fp {
		return e.rp, nil
	}
	rp, err := NewRelyingParty(ctx, iss, r.opt)
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	r.entries[iss.Key] = registryEntry{fingerprint: fp, rp: rp}
	r.mu.Unlock()
	return rp, nil
}

// Forget drops an issuer (a tenant removed its provider).
func (r *Registry) Forget(key string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.entries, key)
}
