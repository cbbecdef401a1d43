package tenants

import (
	"context"
	"sync"
	"time"
)

// Cache resolves slugs to tenants with a short time-to-live, so the hot path (every /t/{slug} request) does
// not query the tenants table each time. A tenant renamed, suspended or closed is seen by every instance
// within the TTL; the instance that made the change sees it at once (Forget).
type Cache struct {
	store *Store
	ttl   time.Duration
	now   func() time.Time
	mu    sync.RWMutex
	items map[string]cached
}

type cached struct {
	t       Tenant
	expires time.Time
}

// NewCache returns a cache over store; ttl 0 disables caching.
func NewCache(store *Store, ttl time.Duration) *Cache {
	return &Cache{store: store, ttl: ttl, now: time.Now, items: map[string]cached{}}
}

// BySlug returns the tenant of slug (NotFound for unknown or closed ones, which are not cached).
func (c *Cache) BySlug(ctx context.Context, slug string) (Tenant, error) {
	now := c.now()
	c.mu.RLock()
	it, ok := c.items[slug]
	c.mu.RUnlock()
	if ok && now.Before(it.expires) {
		return it.t, nil
	}
	t, err := c.store.BySlug(ctx, slug)
	if err != nil {
		return Tenant{}, err
	}
	if c.ttl > 0 {
		c.mu.Lock()
		if len(c.items) > 10000 { // bound memory against slug scanning
			c.items = map[string]cached{}
		}
		c.items[slug] = cached{t: t, expires: now.Add(c.ttl)}
		c.mu.Unlock()
	}
	return t, nil
}

// Forget drops a slug (after a change made by this instance).
func (c *Cache) Forget(slug string) {
	c.mu.Lock()
	delete(c.items, slug)
	c.mu.Unlock()
}
