// Package jobs is a small PostgreSQL job queue: a job is a row of the jobs table, enqueued
// in the same transaction as the change that calls for it (so a rolled-back change sends
// no e-mail), and taken by workers with FOR UPDATE SKIP LOCKED (so N instances share the
// work without sending anything twice). Failed jobs are retried with backoff up to
// max_attempts. Jobs are platform rows: a job about a tenant names it in its payload and
// its handler works in that tenant's transaction.
package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"gorm.io/gorm"
)

// Enqueue adds a job in tx. uniqueKey, when not empty, makes a second job with the same
// key a no-op (a daily run enqueued by every instance runs once).
func Enqueue(tx *gorm.DB, kind string, payload any, runAt time.Time, uniqueKey string) error {
	b, err := json.Marshal(payload)
	if err != nil {
		return fmt.Errorf("enqueue %s: %w", kind, err)
	}
	var key any
	if uniqueKey != "" {
		key = uniqueKey
	}
	if runAt.IsZero() {
		runAt = time.Now()
	}
	if err := tx.Exec(`INSERT INTO jobs (kind, payload, run_at, unique_key) VALUES (?, ?::jsonb, ?, ?)
		ON CONFLICT (unique_key) DO NOTHING`, kind, string(b), runAt, key).Error; err != nil {
		return fmt.Errorf("enqueue %s: %w", kind, err)
	}
	return nil
}

// Handler runs one job; returning an error retries it later.
type Handler func(ctx context.Context, payload json.RawMessage) error

// Worker takes jobs and runs their handlers.
type Worker struct {
	DB       *gorm.DB
	Handlers map[string]Handler
	Log      *slog.Logger
	// Lease is how long a taken job is hidden from other workers (30 s by default). The worker renews it
	// every Lease/3 while the handler runs (a heartbeat), so a long job keeps its lease, and a job whose
	// worker crashed (kill -9, lost node) is free again at most Lease later and retried by another.
	Lease time.Duration
}

type job struct {
	ID          int64
	Kind        string
	Payload     json.RawMessage
	Attempts    int
	MaxAttempts int
}

func (w *Worker) lease() time.Duration {
	if w.Lease <= 0 {
		return 30 * time.Second
	}
	return w.Lease
}

func interval(d time.Duration) string { return fmt.Sprintf("%d milliseconds", d.Milliseconds()) }

// RunOnce takes and runs at most one due job; it reports whether there was one. The handler runs with a
// context that ctx's cancellation does not end (a job started is finished, within the shutdown grace),
// but that ends when the lease is lost (another worker may have taken the job).
func (w *Worker) RunOnce(ctx context.Context) (bool, error) {
	lease := w.lease()
	var j job
	err := w.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Raw(`UPDATE jobs SET attempts = attempts + 1, locked_until = now() + ?::interval
			WHERE id = (SELECT id FROM jobs WHERE done_at IS NULL AND run_at <= now() AND attempts < max_attempts
			              AND (locked_until IS NULL OR locked_until < now())
			            ORDER BY run_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
			RETURNING id, kind, payload, attempts, max_attempts`, interval(lease)).Scan(&j)
		return res.Error
	})
	if err != nil {
		return false, fmt.Errorf("take job: %w", err)
	}
	if j.ID == 0 {
		return false, nil
	}
	jctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	defer cancel()
	beat := w.heartbeat(jctx, cancel, j, lease)
	h, ok := w.Handlers[j.Kind]
	var runErr error
	if !ok {
		runErr = fmt.Errorf("no handler for job kind %q", j.Kind)
	} else {
		runErr = safeRun(jctx, h, j.Payload)
	}
	cancel()
	<-beat
	// Only this taking of the job (same attempt) may settle it: after a lost lease another worker owns it.
	done := context.WithoutCancel(ctx)
	if runErr == nil {
		return true, w.DB.WithContext(done).Exec(`UPDATE jobs SET done_at = now(), locked_until = NULL, last_error = ''
			WHERE id = ? AND attempts = ?`, j.ID, j.Attempts).Error
	}
	if w.Log != nil {
		w.Log.Warn("job failed", "id", j.ID, "kind", j.Kind, "attempt", j.Attempts, "error", runErr.Error())
	}
	backoff := time.Duration(j.Attempts*j.Attempts) * 30 * time.Second
	return true, w.DB.WithContext(done).Exec(`UPDATE jobs SET locked_until = NULL, last_error = left(?, 5000), run_at = now() + ?::interval
		WHERE id = ? AND attempts = ?`, runErr.Error(), interval(backoff), j.ID, j.Attempts).Error
}

// heartbeat renews the job's lease every lease/3 until ctx ends; when the job is no longer this worker's
// (its lease expired and another worker took it), it cancels the handler. The returned channel closes
// when it has stopped.
func (w *Worker) heartbeat(ctx context.Context, cancel context.CancelFunc, j job, lease time.Duration) <-chan struct{} {
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		tick := time.NewTicker(lease / 3)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
			res := w.DB.WithContext(ctx).Exec(`UPDATE jobs SET locked_until = now() + ?::interval
				WHERE id = ? AND attempts = ? AND done_at IS NULL`, interval(lease), j.ID, j.Attempts)
			switch {
			case res.Error != nil && ctx.Err() == nil:
				if w.Log != nil { // the database is unreachable: keep working, try again at the next beat
					w.Log.Warn("job heartbeat", "id", j.ID, "error", res.Error.Error())
				}
			case res.Error == nil && res.RowsAffected == 0:
				if w.Log != nil {
					w.Log.Warn("job lease lost: another worker has it", "id", j.ID, "kind", j.Kind)
				}
				cancel()
				return
			}
		}
	}()
	return stopped
}

// safeRun turns a handler's panic into an error so one bad job cannot stop the worker.
func safeRun(ctx context.Context, h Handler, p json.RawMessage) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = errors.New(fmt.Sprint("panic: ", r))
		}
	}()
	return h(ctx, p)
}

// Run works until ctx ends, polling every interval when the queue is empty. A job under way when ctx ends
// is finished before Run returns (callers wait for Run before closing the pool).
func (w *Worker) Run(ctx context.Context, interval time.Duration) {
	for ctx.Err() == nil {
		did, err := w.RunOnce(ctx)
		if err != nil && w.Log != nil && ctx.Err() == nil {
			w.Log.Error("job worker", "error", err.Error())
		}
		if !did || err != nil {
			select {
			case <-ctx.Done():
			case <-time.After(interval):
			}
		}
	}
}
