package ratelimit_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"maillage/app/database"
	"maillage/app/ratelimit"
	"maillage/app/testdb"
)

// TestSharedAcrossInstances: two limiters on two pools (two server instances) share one count, also under
// concurrent requests; keys are independent.
func TestSharedAcrossInstances(t *testing.T) {
	db := testdb.New(t)
	other, err := database.Open(context.Background(), db.AppURL, database.Options{MaxOpenConns: 10})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = database.Close(other) })
	a, b := ratelimit.New(db.App), ratelimit.New(other)
	ctx := context.Background()
	cases := []struct {
		name       string
		concurrent bool
	}{{"alternating", false}, {"concurrent", true}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			key := "203.0.113.7 /login " + tc.name
			var allowed, refused atomic.Int64
			var wg sync.WaitGroup
			for i := 0; i < 24; i++ {
				l := a
				if i%2 == 1 {
					l = b
				}
				call := func() {
					defer wg.Done()
					d, err := l.Allow(ctx, key, 20, time.Hour) // an hour: no window boundary during the test
					if err != nil {
						t.Error(err)
						return
					}
					if d.Allowed {
						allowed.Add(1)
					} else if d.RetryAfter <= 0 {
						t.Error("refusal without Retry-After")
					} else {
						refused.Add(1)
					}
				}
				wg.Add(1)
				if tc.concurrent {
					go call()
				} else {
					call()
				}
			}
			wg.Wait()
			if allowed.Load() != 20 || refused.Load() != 4 {
				t.Fatalf("allowed %d, refused %d; want 20 and 4", allowed.Load(), refused.Load())
			}
			if d, err := a.Allow(ctx, "another client", 20, time.Hour); err != nil || !d.Allowed {
				t.Fatalf("another key: %+v %v", d, err)
			}
		})
	}
}

// TestSlidingWindow: the previous window still counts for the part of it that overlaps, so a burst at the
// end of one window and the start of the next is not allowed twice the limit.
func TestSlidingWindow(t *testing.T) {
	db := testdb.New(t)
	l := ratelimit.New(db.App)
	ctx := context.Background()
	key := "198.51.100.1 /login"
	// The previous one-minute window was full.
	if err := db.Owner.Exec(`INSERT INTO rate_limits (key, window_start, hits)
		VALUES (?, to_timestamp(floor(extract(epoch FROM now()) / 60) * 60) - interval '1 minute', 20)`, key).Error; err != nil {
		t.Fatal(err)
	}
	allowed := 0
	for i := 0; i < 20; i++ {
		d, err := l.Allow(ctx, key, 20, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		if d.Allowed {
			allowed++
		}
	}
	var elapsed float64
	if err := db.Owner.Raw(`SELECT extract(epoch FROM now() - to_timestamp(floor(extract(epoch FROM now()) / 60) * 60))::float8`).Scan(&elapsed).Error; err != nil {
		t.Fatal(err)
	}
	// Allowed while hits + 20 × (60 − elapsed)/60 ≤ 20, i.e. about elapsed/3 requests.
	if want := int(elapsed/3) + 1; allowed > want {
		t.Fatalf("%d allowed %.0f s into the window after a full one, want at most %d", allowed, elapsed, want)
	}
	t.Run(fmt.Sprintf("old windows are purged (%d)", allowed), func(t *testing.T) {
		l.PurgeEvery = 1
		if err := db.Owner.Exec(`INSERT INTO rate_limits (key, window_start, hits) VALUES ('old', now() - interval '1 day', 5)`).Error; err != nil {
			t.Fatal(err)
		}
		if _, err := l.Allow(ctx, "x", 1, time.Minute); err != nil {
			t.Fatal(err)
		}
		var n int64
		if err := db.Owner.Raw(`SELECT count(*) FROM rate_limits WHERE key = 'old'`).Scan(&n).Error; err != nil || n != 0 {
			t.Fatalf("old window left: %d %v", n, err)
		}
	})
}
