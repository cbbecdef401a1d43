package jobs_test

import (
	"context"
	"encoding/json"
	"sync/atomic"
	"testing"
	"time"

	"maillage/app/jobs"
	"maillage/app/testdb"
)

// TestLeases: a job taken by a worker that then dies is retried once its short lease runs out (not five
// minutes later); a live worker's heartbeat keeps a long job its own; a worker that lost the lease stops;
// a stopping worker finishes the job under way.
func TestLeases(t *testing.T) {
	db := testdb.New(t)
	ctx := context.Background()
	enqueue := func(kind string) int64 {
		t.Helper()
		if err := jobs.Enqueue(db.App, kind, map[string]int{}, time.Time{}, ""); err != nil {
			t.Fatal(err)
		}
		var id int64
		if err := db.Owner.Raw(`SELECT max(id) FROM jobs`).Scan(&id).Error; err != nil {
			t.Fatal(err)
		}
		return id
	}
	doneAt := func(id int64) bool {
		var done bool
		if err := db.Owner.Raw(`SELECT done_at IS NOT NULL FROM jobs WHERE id = ?`, id).Scan(&done).Error; err != nil {
			t.Fatal(err)
		}
		return done
	}
	var ran atomic.Int64
	quick := func(context.Context, json.RawMessage) error { ran.Add(1); return nil }

	t.Run("a crashed worker's job is retried when its lease ends", func(t *testing.T) {
		id := enqueue("crash")
		// A worker takes it (as RunOnce does) and is killed: no heartbeat, no release.
		if err := db.Owner.Exec(`UPDATE jobs SET attempts = attempts + 1, locked_until = now() + interval '1 second' WHERE id = ?`, id).Error; err != nil {
			t.Fatal(err)
		}
		w := &jobs.Worker{DB: db.App, Lease: time.Second, Handlers: map[string]jobs.Handler{"crash": quick}}
		if did, err := w.RunOnce(ctx); err != nil || did {
			t.Fatalf("taken while the dead worker's lease runs: %v %v", did, err)
		}
		time.Sleep(1200 * time.Millisecond)
		if did, err := w.RunOnce(ctx); err != nil || !did || !doneAt(id) {
			t.Fatalf("not retried after the lease: %v %v", did, err)
		}
	})
	t.Run("the default lease is well under a minute", func(t *testing.T) {
		id := enqueue("default")
		w := &jobs.Worker{DB: db.App, Handlers: map[string]jobs.Handler{"default": func(context.Context, json.RawMessage) error {
			var secs float64
			if err := db.Owner.Raw(`SELECT extract(epoch FROM locked_until - now()) FROM jobs WHERE id = ?`, id).Scan(&secs).Error; err != nil {
				t.Error(err)
			}
			if secs <= 0 || secs > 31 {
				t.Errorf("lease of %.1f s", secs)
			}
			return nil
		}}}
		if did, err := w.RunOnce(ctx); err != nil || !did {
			t.Fatal(did, err)
		}
	})
	t.Run("a heartbeat keeps a long job", func(t *testing.T) {
		id := enqueue("long")
		started := make(chan struct{})
		a := &jobs.Worker{DB: db.App, Lease: 600 * time.Millisecond, Handlers: map[string]jobs.Handler{"long": func(ctx context.Context, _ json.RawMessage) error {
			close(started)
			select {
			case <-time.After(2 * time.Second):
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		}}}
		b := &jobs.Worker{DB: db.App, Lease: 600 * time.Millisecond, Handlers: map[string]jobs.Handler{"long": quick}}
		res := make(chan error, 1)
		go func() { _, err := a.RunOnce(ctx); res <- err }()
		<-started
		before := ran.Load()
		for end := time.Now().Add(1800 * time.Millisecond); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
			if _, err := b.RunOnce(ctx); err != nil {
				t.Fatal(err)
			}
		}
		if err := <-res; err != nil || !doneAt(id) || ran.Load() != before {
			t.Fatalf("long job: err %v, done %v, run by another worker %d times", err, doneAt(id), ran.Load()-before)
		}
	})
	t.Run("a worker that lost its lease stops the job", func(t *testing.T) {
		id := enqueue("lost")
		started, stopped := make(chan struct{}), make(chan error, 1)
		a := &jobs.Worker{DB: db.App, Lease: 600 * time.Millisecond, Handlers: map[string]jobs.Handler{"lost": func(ctx context.Context, _ json.RawMessage) error {
			close(started)
			select {
			case <-time.After(5 * time.Second):
				stopped <- nil
			case <-ctx.Done():
				stopped <- ctx.Err()
			}
			return nil
		}}}
		go func() { _, _ = a.RunOnce(ctx) }()
		<-started
		// Another worker took the job (say a's process was paused past its lease).
		if err := db.Owner.Exec(`UPDATE jobs SET attempts = attempts + 1, locked_until = now() + interval '1 minute' WHERE id = ?`, id).Error; err != nil {
			t.Fatal(err)
		}
		select {
		case err := <-stopped:
			if err == nil {
				t.Fatal("the handler ran to its end")
			}
		case <-time.After(3 * time.Second):
			t.Fatal("the handler was not stopped")
		}
		time.Sleep(100 * time.Millisecond)
		if doneAt(id) {
			t.Fatal("the worker that lost the lease settled the job")
		}
	})
	t.Run("a stopping worker finishes the job under way", func(t *testing.T) {
		id := enqueue("finish")
		started := make(chan struct{})
		w := &jobs.Worker{DB: db.App, Handlers: map[string]jobs.Handler{"finish": func(ctx context.Context, _ json.RawMessage) error {
			close(started)
			time.Sleep(500 * time.Millisecond)
			return ctx.Err()
		}}}
		rctx, stop := context.WithCancel(ctx)
		returned := make(chan struct{})
		go func() { w.Run(rctx, 50*time.Millisecond); close(returned) }()
		<-started
		stop()
		<-returned
		if !doneAt(id) {
			t.Fatal("Run returned before the job under way was finished")
		}
	})
}
