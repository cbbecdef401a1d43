// Package ratelimit counts requests per client and route in PostgreSQL, so that every instance of the
// server shares one count: N instances behind a load balancer allow the limit once, not N times.
//
// Each (key, window) is one row of the UNLOGGED table rate_limits, incremented by an atomic upsert; the
// decision uses a sliding-window estimate (this window's hits plus the previous window's, weighted by how
// much of it still overlaps), so a burst straddling a window boundary is not allowed twice the limit. The
// database's clock is the only clock. Old windows are deleted now and then by the requests themselves.
package ratelimit

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"gorm.io/gorm"

	"maillage/app/input"
)

// MaxKey bounds a key (the column's CHECK agrees): a client address and a route path.
const MaxKey = 300

// Limiter decides whether one more request may go through.
type Limiter struct {
	db *gorm.DB
	// PurgeEvery: on average one decision in PurgeEvery also deletes windows older than two windows.
	PurgeEvery int
}

// New returns a Limiter on the app role's pool.
func New(db *gorm.DB) *Limiter { return &Limiter{db: db, PurgeEvery: 200} }

// Decision is the outcome of Allow.
type Decision struct {
	Allowed    bool
	Count      float64       // the sliding estimate, this request included
	RetryAfter time.Duration // when refused: until the current window ends
}

// Allow counts one request for key and says whether it stays within limit requests per window.
func (l *Limiter) Allow(ctx context.Context, key string, limit int, window time.Duration) (Decision, error) {
	key = input.Clip(key, MaxKey)
	secs := int64(window / time.Second)
	if secs < 1 {
		secs = 1
	}
	var row struct {
		Hits, Prev int64
		Elapsed    float64
	}
	err := l.db.WithContext(ctx).Raw(`
		WITH w AS (SELECT to_timestamp(floor(extract(epoch FROM now()) / ?) * ?) AS start),
		cur AS (
			INSERT INTO rate_limits AS r (key, window_start, hits) SELECT ?, w.start, 1 FROM w
			ON CONFLICT (key, window_start) DO UPDATE SET hits = r.hits + 1
			RETURNING r.hits, r.window_start)
		SELECT cur.hits, coalesce(p.hits, 0) AS prev, extract(epoch FROM now() - cur.window_start)::float8 AS elapsed
		  FROM cur LEFT JOIN rate_limits p ON p.key = ? AND p.window_start = cur.window_start - make_interval(secs => ?)`,
		secs, secs, key, key, secs).Scan(&row).Error
	if err != nil {
		return Decision{}, fmt.Errorf("rate limit %q: %w", key, err)
	}
	if l.PurgeEvery > 0 && rand.IntN(l.PurgeEvery) == 0 {
		if err := l.db.WithContext(ctx).Exec(`DELETE FROM rate_limits WHERE window_start < now() - make_interval(secs => ?)`, 2*secs).Error; err != nil {
			return Decision{}, fmt.Errorf("rate limit purge: %w", err)
		}
	}
	overlap := math.Max(0, float64(secs)-row.Elapsed) / float64(secs)
	d := Decision{Count: float64(row.Hits) + float64(row.Prev)*overlap}
	d.Allowed = d.Count <= float64(limit)
	if !d.Allowed {
		d.RetryAfter = time.Duration(math.Ceil(float64(secs)-row.Elapsed)) * time.Second
		if d.RetryAfter < time.Second {
			d.RetryAfter = time.Second
		}
	}
	return d, nil
}
