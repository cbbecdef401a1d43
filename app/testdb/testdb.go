// Package testdb gives each test a fresh, fully migrated PostgreSQL database with the real roles: the owner
// (which ran the migrations) and the app role (what the server uses, subject to row-level security).
//
// It needs MAILLAGE_TEST_ADMIN_URL, a superuser URL of a cluster where deploy/postgres/roles.sql has been
// run; `make test` starts a private cluster under .data/ and sets it. Without it a test fails (never skips).
// Databases are cloned from a template built once per set of migrations, so a new database costs
// milliseconds.
package testdb

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"gorm.io/gorm"

	"maillage/app/database"
	"maillage/migrations"
)

// DB is one throwaway database.
type DB struct {
	Name     string
	AppURL   string   // as maillage_app (RLS applies)
	OwnerURL string   // as maillage_owner (runs migrations; bypasses RLS only where not FORCEd)
	App      *gorm.DB // pool as maillage_app
	Owner    *gorm.DB // pool as maillage_owner
}

// AdminURL returns the superuser URL or fails the test.
func AdminURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv("MAILLAGE_TEST_ADMIN_URL")
	if u == "" {
		t.Fatal("MAILLAGE_TEST_ADMIN_URL is not set: run the tests with `make test`, which starts a private PostgreSQL")
	}
	return u
}

// New creates a migrated database for t and drops it when t ends.
func New(t testing.TB) *DB {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	admin := AdminURL(t)
	tpl, err := template(ctx, admin)
	if err != nil {
		t.Fatalf("testdb: template: %v", err)
	}
	name := "mt_" + randomHex(6)
	if err := adminExec(ctx, admin, fmt.Sprintf(`CREATE DATABASE %s TEMPLATE %s OWNER maillage_owner`, name, tpl)); err != nil {
		t.Fatalf("testdb: create database: %v", err)
	}
	d := &DB{Name: name, AppURL: withDB(admin, name, "maillage_app"), OwnerURL: withDB(admin, name, "maillage_owner")}
	d.App, err = database.Open(ctx, d.AppURL, database.Options{MaxOpenConns: 10})
	if err != nil {
		t.Fatalf("testdb: open app: %v", err)
	}
	d.Owner, err = database.Open(ctx, d.OwnerURL, database.Options{MaxOpenConns: 4})
	if err != nil {
		t.Fatalf("testdb: open owner: %v", err)
	}
	t.Cleanup(func() {
		_ = database.Close(d.App)
		_ = database.Close(d.Owner)
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_ = adminExec(ctx, admin, fmt.Sprintf(`DROP DATABASE IF EXISTS %s WITH (FORCE)`, name))
	})
	return d
}

// Empty creates an empty database (no migrations) owned by maillage_owner, for migration tests.
func Empty(t testing.TB) *DB {
	t.Helper()
	ctx := context.Background()
	admin := AdminURL(t)
	name := "mt_" + randomHex(6)
	if err := adminExec(ctx, admin, fmt.Sprintf(`CREATE DATABASE %s OWNER maillage_owner`, name)); err != nil {
		t.Fatalf("testdb: create database: %v", err)
	}
	t.Cleanup(func() {
		_ = adminExec(context.Background(), admin, fmt.Sprintf(`DROP DATABASE IF EXISTS %s WITH (FORCE)`, name))
	})
	return &DB{Name: name, AppURL: withDB(admin, name, "maillage_app"), OwnerURL: withDB(admin, name, "maillage_owner")}
}

// template returns the name of a migrated template database for the current migrations, building it once
// (under an advisory lock, since test packages run in parallel processes).
func template(ctx context.Context, admin string) (string, error) {
	name := "mtpl_" + migrationsHash()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		return "", err
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock(7245001)`); err != nil {
		return "", err
	}
	defer conn.Exec(context.Background(), `SELECT pg_advisory_unlock(7245001)`) //nolint:errcheck
	var exists bool
	if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists); err != nil {
		return "", err
	}
	if exists {
		return name, nil
	}
	building := name + "_b"
	_, _ = conn.Exec(ctx, fmt.Sprintf(`DROP DATABASE IF EXISTS %s WITH (FORCE)`, building))
	if _, err := conn.Exec(ctx, fmt.Sprintf(`CREATE DATABASE %s OWNER maillage_owner`, building)); err != nil {
		return "", err
	}
	owner, err := database.Open(ctx, withDB(admin, building, "maillage_owner"), database.Options{MaxOpenConns: 2})
	if err != nil {
		return "", err
	}
	m, err := database.NewMigrator(database.SQL(owner))
	if err == nil {
		err = m.Up(ctx)
	}
	_ = database.Close(owner)
	if err != nil {
		return "", err
	}
	if _, err := conn.Exec(ctx, fmt.Sprintf(`ALTER DATABASE %s RENAME TO %s`, building, name)); err != nil {
		return "", err
	}
	return name, nil
}

func migrationsHash() string {
	h := sha256.New()
	_ = fs.WalkDir(migrations.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := fs.ReadFile(migrations.FS, p)
		h.Write([]byte(p))
		h.Write(b)
		return nil
	})
	return hex.EncodeToString(h.Sum(nil))[:16]
}

func adminExec(ctx context.Context, admin, sql string) error {
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, sql)
	return err
}

// withDB rewrites the admin URL to another database and role (local roles use their name as password).
func withDB(admin, db, role string) string {
	u, err := url.Parse(admin)
	if err != nil {
		panic(err)
	}
	u.Path = "/" + db
	u.User = url.UserPassword(role, role)
	return u.String()
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// Keep returns a migrated database that outlives the test (for benchmarks whose data takes minutes to
// load): named name_<migrations hash>, created from the template on first use, never dropped. created
// reports a new (empty) database. AdminURL is the superuser's URL of that database.
func Keep(t testing.TB, name string) (db *DB, adminURL string, created bool) {
	t.Helper()
	ctx := context.Background()
	admin := AdminURL(t)
	tpl, err := template(ctx, admin)
	if err != nil {
		t.Fatalf("testdb: template: %v", err)
	}
	full := name + "_" + migrationsHash()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if err := conn.QueryRow(ctx, `SELECT NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, full).Scan(&created); err != nil {
		t.Fatal(err)
	}
	if created {
		if _, err := conn.Exec(ctx, fmt.Sprintf(`CREATE DATABASE %s TEMPLATE %s OWNER maillage_owner`, full, tpl)); err != nil {
			t.Fatalf("testdb: create %s: %v", full, err)
		}
	}
	d := &DB{Name: full, AppURL: withDB(admin, full, "maillage_app"), OwnerURL: withDB(admin, full, "maillage_owner")}
	if d.App, err = database.Open(ctx, d.AppURL, database.Options{MaxOpenConns: 10}); err != nil {
		t.Fatal(err)
	}
	if d.Owner, err = database.Open(ctx, d.OwnerURL, database.Options{MaxOpenConns: 4}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = database.Close(d.App); _ = database.Close(d.Owner) })
	u, _ := url.Parse(admin)
	u.Path = "/" + full
	return d, u.String(), created
}
