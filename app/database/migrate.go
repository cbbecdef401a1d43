package database

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"io/fs"
	"strconv"
	"strings"

	"github.com/pressly/goose/v3"

	"maillage/migrations"
)

// Migrator runs the embedded migrations with goose. It must be given the owner role's connection.
type Migrator struct {
	p *goose.Provider
}

// NewMigrator prepares goose on db. Out-of-order migrations are allowed because each area of the product
// numbers its files in its own range (see README): a development database may have a later range applied
// before an earlier file is added.
func NewMigrator(db *sql.DB) (*Migrator, error) {
	p, err := goose.NewProvider(goose.DialectPostgres, db, migrations.FS, goose.WithAllowOutofOrder(true))
	if err != nil {
		return nil, fmt.Errorf("prepare migrations: %w", err)
	}
	return &Migrator{p: p}, nil
}

// Up applies every pending migration.
func (m *Migrator) Up(ctx context.Context) error {
	if _, err := m.p.Up(ctx); err != nil {
		return fmt.Errorf("migrate up: %w", err)
	}
	return nil
}

// Down rolls back the last applied migration; DownAll rolls back every migration.
func (m *Migrator) Down(ctx context.Context) error {
	if _, err := m.p.Down(ctx); err != nil {
		return fmt.Errorf("migrate down: %w", err)
	}
	return nil
}

// DownAll rolls back every migration.
func (m *Migrator) DownAll(ctx context.Context) error {
	if _, err := m.p.DownTo(ctx, 0); err != nil {
		return fmt.Errorf("migrate down: %w", err)
	}
	return nil
}

// Status writes one line per migration: applied or pending.
func (m *Migrator) Status(ctx context.Context, w io.Writer) error {
	st, err := m.p.Status(ctx)
	if err != nil {
		return fmt.Errorf("migration status: %w", err)
	}
	for _, s := range st {
		when := "pending"
		if s.State == goose.StateApplied {
			when = "applied " + s.AppliedAt.Format("2006-01-02 15:04:05")
		}
		fmt.Fprintf(w, "%04d  %-40s %s\n", s.Source.Version, s.Source.Path, when)
	}
	return nil
}

// Current reports whether every embedded migration is applied (used by /readyz). It reads goose's version
// table with a plain query because it runs as the app role, which may read that table and nothing more.
func Current(ctx context.Context, db *sql.DB) (bool, error) {
	files, err := fs.Glob(migrations.FS, "*.sql")
	if err != nil {
		return false, err
	}
	rows, err := db.QueryContext(ctx, `SELECT version_id FROM goose_db_version WHERE is_applied AND version_id > 0`)
	if err != nil {
		return false, fmt.Errorf("read migration versions: %w", err)
	}
	defer rows.Close()
	applied := map[int64]bool{}
	for rows.Next() {
		var v int64
		if err := rows.Scan(&v); err != nil {
			return false, err
		}
		applied[v] = true
	}
	if err := rows.Err(); err != nil {
		return false, err
	}
	for _, f := range files {
		v, err := strconv.ParseInt(strings.SplitN(f, "_", 2)[0], 10, 64)
		if err != nil {
			return false, fmt.Errorf("migration file %s: bad version", f)
		}
		if !applied[v] {
			return false, nil
		}
	}
	return true, nil
}
