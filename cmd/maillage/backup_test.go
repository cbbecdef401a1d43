package main

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/database"
	"maillage/app/testdb"
	"maillage/app/uploads"
	"maillage/tenants"
)

// dbURL is admin's URL on database name as role (the test roles' passwords are their names).
func dbURL(t *testing.T, admin, name, role string) string {
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	if role != "" {
		u.User = url.UserPassword(role, role)
	}
	return u.String()
}

// TestBackupAndRestore: a backup as the dedicated role holds every tenant's rows and every document; a
// restore into a fresh database brings them back with row-level security still forced; the roles that
// would silently dump no tenant row are refused, and a restore never writes over a database in use.
func TestBackupAndRestore(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	src := testdb.New(t)
	admin := testdb.AdminURL(t)
	roles, err := os.ReadFile("../../deploy/postgres/roles.sql")
	if err != nil {
		t.Fatal(err)
	}
	adminDB, err := database.Open(ctx, admin, database.Options{MaxOpenConns: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer database.Close(adminDB)
	if err := adminDB.Exec(string(roles)).Error; err != nil { // what every cluster gets (idempotent)
		t.Fatal(err)
	}

	// Two bodies with register entries and contacts, and one document each.
	blobs := t.TempDir()
	store, err := uploads.OpenLocalStore(blobs)
	if err != nil {
		t.Fatal(err)
	}
	if err := src.App.Exec(`INSERT INTO users (email) VALUES ('acheteur@x.example')`).Error; err != nil {
		t.Fatal(err)
	}
	seeded := map[string]int{"ville-a": 3, "ville-b": 2}
	ids := map[string]uuid.UUID{}
	for slug, n := range seeded {
		tn, err := tenants.NewStore(src.App).Create(ctx, tenants.NewTenant{Slug: slug, Name: "Ville " + slug, Kind: "municipality"})
		if err != nil {
			t.Fatal(err)
		}
		ids[slug] = tn.ID
		err = tenants.Tx(ctx, src.App, tn.ID, func(tx *gorm.DB) error {
			for i := 0; i < n; i++ {
				if err := tx.Exec(`INSERT INTO contact_log (tenant_id, contact_date, kind, buyer_id, enterprise_name)
					SELECT ?, DATE '2026-03-01', 'meeting', id, ? FROM users LIMIT 1`, tn.ID, fmt.Sprintf("Coop %s %d", slug, i)).Error; err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		k, _ := uploads.TenantKey(tn.ID.String(), uuid.NewString())
		if err := store.Put(ctx, k, strings.NewReader("résolution de "+slug)); err != nil {
			t.Fatal(err)
		}
	}

	out := filepath.Join(t.TempDir(), "backup")
	base := map[string]string{"MAILLAGE_ENV": "test", "MAILLAGE_BLOB_DIR": blobs}
	runCLI := func(env map[string]string, args ...string) (string, error) {
		var o strings.Builder
		all := map[string]string{}
		for k, v := range base {
			all[k] = v
		}
		for k, v := range env {
			all[k] = v
		}
		err := run(ctx, args, envOf(all), &o, &o)
		return o.String(), err
	}

	t.Run("roles that see no tenant row are refused", func(t *testing.T) {
		for _, u := range []string{src.OwnerURL, src.AppURL} {
			_, err := runCLI(map[string]string{"MAILLAGE_BACKUP_DATABASE_URL": u}, "backup", "--out", filepath.Join(t.TempDir(), "x"))
			if err == nil || !strings.Contains(err.Error(), "cannot see tenants' rows") {
				t.Fatalf("backup as %s: %v", u, err)
			}
		}
	})
	msg, err := runCLI(map[string]string{"MAILLAGE_BACKUP_DATABASE_URL": dbURL(t, admin, src.Name, "maillage_backup")}, "backup", "--out", out)
	if err != nil {
		t.Fatalf("backup: %v", err)
	}
	if !strings.Contains(msg, "2 documents") {
		t.Fatalf("backup said %q", msg)
	}

	// A fresh database, as after losing the cluster.
	fresh := "restored_" + strings.ReplaceAll(uuid.NewString()[:8], "-", "")
	if err := adminDB.Exec(`CREATE DATABASE ` + fresh + ` OWNER maillage_owner`).Error; err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = adminDB.Exec(`DROP DATABASE IF EXISTS ` + fresh + ` WITH (FORCE)`).Error })
	newBlobs := t.TempDir()
	restoreEnv := map[string]string{"MAILLAGE_RESTORE_DATABASE_URL": dbURL(t, admin, fresh, ""), "MAILLAGE_BLOB_DIR": newBlobs}
	if msg, err := runCLI(restoreEnv, "restore", "--from", out); err != nil {
		t.Fatalf("restore: %v (%s)", err, msg)
	}

	app, err := database.Open(ctx, dbURL(t, admin, fresh, "maillage_app"), database.Options{MaxOpenConns: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer database.Close(app)
	t.Run("each tenant's rows are back, and only through its tenant", func(t *testing.T) {
		for slug, n := range seeded {
			var got int64
			err := tenants.Tx(ctx, app, ids[slug], func(tx *gorm.DB) error {
				return tx.Raw(`SELECT count(*) FROM contact_log`).Scan(&got).Error
			})
			if err != nil || got != int64(n) {
				t.Fatalf("%s: %d contacts (%v), want %d", slug, got, err, n)
			}
		}
		var leaked int64
		if err := app.Raw(`SELECT count(*) FROM contact_log`).Scan(&leaked).Error; err != nil || leaked != 0 {
			t.Fatalf("without a tenant the app role sees %d rows (%v)", leaked, err)
		}
	})
	t.Run("row-level security is still forced", func(t *testing.T) {
		var unforced int64
		if err := app.Raw(`SELECT count(*) FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id'
			WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND NOT (c.relrowsecurity AND c.relforcerowsecurity)`).Scan(&unforced).Error; err != nil || unforced != 0 {
			t.Fatalf("%d tenant tables without forced RLS (%v)", unforced, err)
		}
	})
	t.Run("documents are back", func(t *testing.T) {
		restored, err := uploads.OpenLocalStore(newBlobs)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		err = restored.List(ctx, func(k uploads.Key) error {
			rc, err := restored.Open(ctx, k)
			if err != nil {
				return err
			}
			defer rc.Close()
			b, err := io.ReadAll(rc)
			got = append(got, string(b))
			return err
		})
		sort.Strings(got)
		if err != nil || strings.Join(got, "|") != "résolution de ville-a|résolution de ville-b" {
			t.Fatalf("documents restored: %q (%v)", got, err)
		}
	})
	t.Run("a database in use is never restored over", func(t *testing.T) {
		if _, err := runCLI(restoreEnv, "restore", "--from", out); err == nil || !strings.Contains(err.Error(), "already has") {
			t.Fatalf("second restore: %v", err)
		}
	})
	t.Run("a damaged backup is refused", func(t *testing.T) {
		f, err := os.OpenFile(filepath.Join(out, "database.dump"), os.O_WRONLY|os.O_APPEND, 0)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = f.WriteString("x")
		f.Close()
		if _, err := runCLI(restoreEnv, "restore", "--from", out); err == nil || !strings.Contains(err.Error(), "damaged") {
			t.Fatalf("restore of a damaged dump: %v", err)
		}
	})
}
