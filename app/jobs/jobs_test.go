package jobs_test

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"maillage/app/jobs"
	"maillage/app/testdb"
)

func TestQueue(t *testing.T) {
	db := testdb.New(t)
	ctx := context.Background()
	var ran atomic.Int64
	var mu sync.Mutex
	seen := map[int]int{}
	w := &jobs.Worker{DB: db.App, Handlers: map[string]jobs.Handler{
		"count": func(_ context.Context, p json.RawMessage) error {
			var v struct{ N int }
			_ = json.Unmarshal(p, &v)
			mu.Lock()
			seen[v.N]++
			mu.Unlock()
			ran.Add(1)
			return nil
		},
		"fail":  func(context.Context, json.RawMessage) error { return errors.New("smtp down") },
		"panic": func(context.Context, json.RawMessage) error { panic("bug") },
	}}
	drain := func() {
		t.Helper()
		for {
			did, err := w.RunOnce(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if !did {
				return
			}
		}
	}
	t.Run("unique key runs once", func(t *testing.T) {
		for range 3 {
			if err := jobs.Enqueue(db.App, "count", map[string]int{"N": 0}, time.Time{}, "daily:2026-11-23"); err != nil {
				t.Fatal(err)
			}
		}
		drain()
		if ran.Load() != 1 {
			t.Fatalf("ran %d times", ran.Load())
		}
	})
	t.Run("two workers never take the same job", func(t *testing.T) {
		for i := 1; i <= 40; i++ {
			if err := jobs.Enqueue(db.App, "count", map[string]int{"N": i}, time.Time{}, ""); err != nil {
				t.Fatal(err)
			}
		}
		var wg sync.WaitGroup
		for range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					did, err := w.RunOnce(ctx)
					if err != nil || !did {
						return
					}
				}
			}()
		}
		wg.Wait()
		for i := 1; i <= 40; i++ {
			if seen[i] != 1 {
				t.Fatalf("job %d ran %d times", i, seen[i])
			}
		}
	})
	t.Run("a failing or panicking job is retried later, not lost", func(t *testing.T) {
		for _, k := range []string{"fail", "panic", "unknown-kind"} {
			if err := jobs.Enqueue(db.App, k, nil, time.Time{}, ""); err != nil {
				t.Fatal(err)
			}
		}
		drain()
		var rows []struct {
			Kind      string
			Attempts  int
			LastError string
			Later     bool
		}
		if err := db.Owner.Raw(`SELECT kind, attempts, last_error, run_at > now() AS later FROM jobs WHERE done_at IS NULL ORDER BY id`).Scan(&rows).Error; err != nil {
			t.Fatal(err)
		}
		if len(rows) != 3 {
			t.Fatalf("open jobs: %+v", rows)
		}
		for _, r := range rows {
			if r.Attempts != 1 || r.LastError == "" || !r.Later {
				t.Errorf("%s: %+v", r.Kind, r)
			}
		}
	})
	t.Run("a job enqueued in a rolled-back transaction never runs", func(t *testing.T) {
		before := ran.Load()
		tx := db.App.Begin()
		if err := jobs.Enqueue(tx, "count", map[string]int{"N": 99}, time.Time{}, ""); err != nil {
			t.Fatal(err)
		}
		tx.Rollback()
		drain()
		if ran.Load() != before {
			t.Fatal("the rolled-back job ran")
		}
	})
}
