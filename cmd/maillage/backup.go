package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"gorm.io/gorm"

	"maillage/app/database"
	"maillage/app/uploads"
)

// A backup is a directory: the database in pg_dump's custom format, every blob of the document store under
// blobs/<key>, and manifest.json (what was saved, with checksums and the row count of every table, which the
// restore checks).
const (
	dumpFile     = "database.dump"
	blobsDir     = "blobs"
	manifestFile = "manifest.json"
)

type manifest struct {
	CreatedAt  time.Time         `json:"created_at"`
	Migration  int64             `json:"migration"`
	DumpSHA256 string            `json:"dump_sha256"`
	DumpBytes  int64             `json:"dump_bytes"`
	Rows       map[string]int64  `json:"rows"`
	Blobs      map[string]string `json:"blobs"` // key → sha256
}

// backupCmd: maillage backup --out DIR. The database is read as MAILLAGE_BACKUP_DATABASE_URL, the dedicated
// maillage_backup role (BYPASSRLS and read-only, nothing else): any other role sees no tenant row through
// the forced row-level security, and its dump would silently hold none — so such a role is refused.
func backupCmd(ctx context.Context, cfg config, args []string, out io.Writer) error {
	fs := newFlags("backup")
	dir := fs.String("out", "", "directory to create (must not exist or be empty)")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if *dir == "" || cfg.BackupURL == "" {
		return errors.New("usage: MAILLAGE_BACKUP_DATABASE_URL=postgres://maillage_backup:…@host/db maillage backup --out DIR")
	}
	if err := emptyDir(*dir); err != nil {
		return err
	}
	db, err := database.Open(ctx, cfg.BackupURL, database.Options{MaxOpenConns: 2})
	if err != nil {
		return err
	}
	defer database.Close(db)
	var role struct {
		Name     string
		Bypasses bool
	}
	if err := db.WithContext(ctx).Raw(`SELECT rolname AS name, rolbypassrls OR rolsuper AS bypasses FROM pg_roles WHERE rolname = current_user`).Scan(&role).Error; err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if !role.Bypasses {
		return fmt.Errorf("backup: the role %s cannot see tenants' rows (forced row-level security): its dump would hold no tenant data. "+
			"Connect as maillage_backup (BYPASSRLS, read-only; deploy/postgres/roles.sql)", role.Name)
	}
	m := manifest{CreatedAt: time.Now().UTC(), Blobs: map[string]string{}}
	if m.Rows, err = rowCounts(ctx, db); err != nil {
		return err
	}
	if err := db.WithContext(ctx).Raw(`SELECT coalesce(max(version_id), 0) FROM goose_db_version WHERE is_applied`).Scan(&m.Migration).Error; err != nil {
		return fmt.Errorf("backup: migration version: %w", err)
	}
	if err := pgTool(ctx, "pg_dump", "--format=custom", "--file", filepath.Join(*dir, dumpFile), "--dbname", cfg.BackupURL); err != nil {
		return err
	}
	if m.DumpSHA256, m.DumpBytes, err = fileSum(filepath.Join(*dir, dumpFile)); err != nil {
		return err
	}
	store, err := uploads.OpenStore(cfg.BlobDir, cfg.s3())
	if err != nil {
		return fmt.Errorf("backup: document store: %w", err)
	}
	err = store.List(ctx, func(k uploads.Key) error {
		sum, err := copyBlobOut(ctx, store, k, filepath.Join(*dir, blobsDir, filepath.FromSlash(k.String())))
		m.Blobs[k.String()] = sum
		return err
	})
	if err != nil {
		return fmt.Errorf("backup: documents: %w", err)
	}
	b, _ := json.MarshalIndent(m, "", "  ")
	if err := os.WriteFile(filepath.Join(*dir, manifestFile), b, 0o600); err != nil {
		return err
	}
	fmt.Fprintf(out, "backup written to %s: database %d bytes (%d tables, migration %d), %d documents\n",
		*dir, m.DumpBytes, len(m.Rows), m.Migration, len(m.Blobs))
	return nil
}

// restoreCmd: maillage restore --from DIR into MAILLAGE_RESTORE_DATABASE_URL, a superuser's connection to a
// new, empty database created OWNER maillage_owner on a cluster where deploy/postgres/roles.sql ran (the
// dump keeps owners, grants, policies and FORCE ROW LEVEL SECURITY; only a superuser can write the rows of
// forced tables). The documents go to the configured store (MAILLAGE_BLOB_DIR or MAILLAGE_S3_*). Every
// table's row count is checked against the manifest.
func restoreCmd(ctx context.Context, cfg config, args []string, out io.Writer) error {
	fs := newFlags("restore")
	dir := fs.String("from", "", "a directory written by maillage backup")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if *dir == "" || cfg.RestoreURL == "" {
		return errors.New("usage: MAILLAGE_RESTORE_DATABASE_URL=postgres://<superuser>@host/<new empty db> maillage restore --from DIR")
	}
	var m manifest
	b, err := os.ReadFile(filepath.Join(*dir, manifestFile))
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return fmt.Errorf("restore: manifest: %w", err)
	}
	if sum, _, err := fileSum(filepath.Join(*dir, dumpFile)); err != nil || sum != m.DumpSHA256 {
		return fmt.Errorf("restore: %s is damaged or not this backup's (checksum %s, manifest %s, %v)", dumpFile, sum, m.DumpSHA256, err)
	}
	db, err := database.Open(ctx, cfg.RestoreURL, database.Options{MaxOpenConns: 2})
	if err != nil {
		return err
	}
	defer database.Close(db)
	var tables int64
	if err := db.WithContext(ctx).Raw(`SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')`).Scan(&tables).Error; err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if tables > 0 {
		return fmt.Errorf("restore: the target database already has %d tables: restore into a new, empty database (CREATE DATABASE … OWNER maillage_owner)", tables)
	}
	if err := pgTool(ctx, "pg_restore", "--exit-on-error", "--single-transaction", "--dbname", cfg.RestoreURL, filepath.Join(*dir, dumpFile)); err != nil {
		return err
	}
	got, err := rowCounts(ctx, db)
	if err != nil {
		return err
	}
	for t, n := range m.Rows {
		if got[t] != n {
			return fmt.Errorf("restore: table %s has %d rows, the backup had %d", t, got[t], n)
		}
	}
	store, err := uploads.OpenStore(cfg.BlobDir, cfg.s3())
	if err != nil {
		return fmt.Errorf("restore: document store: %w", err)
	}
	keys := make([]string, 0, len(m.Blobs))
	for k := range m.Blobs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, ks := range keys {
		if err := copyBlobIn(ctx, store, ks, m.Blobs[ks], filepath.Join(*dir, blobsDir, filepath.FromSlash(ks))); err != nil {
			return fmt.Errorf("restore: document %s: %w", ks, err)
		}
	}
	fmt.Fprintf(out, "restored %d tables (migration %d) and %d documents from %s\n", len(m.Rows), m.Migration, len(m.Blobs), *dir)
	return nil
}

// rowCounts counts every table's rows. It is only meaningful as a role that bypasses row-level security
// (the backup role, a superuser), which both commands check or require.
func rowCounts(ctx context.Context, db *gorm.DB) (map[string]int64, error) {
	var names []string
	if err := db.WithContext(ctx).Raw(`SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY 1`).Scan(&names).Error; err != nil {
		return nil, fmt.Errorf("count rows: %w", err)
	}
	out := map[string]int64{}
	for _, t := range names {
		var n int64
		if err := db.WithContext(ctx).Raw(fmt.Sprintf(`SELECT count(*) FROM public.%q`, t)).Scan(&n).Error; err != nil {
			return nil, fmt.Errorf("count rows of %s: %w", t, err)
		}
		out[t] = n
	}
	return out, nil
}

// pgTool runs pg_dump or pg_restore (from PATH, else the newest /usr/lib/postgresql/*/bin).
func pgTool(ctx context.Context, name string, args ...string) error {
	bin, err := exec.LookPath(name)
	if err != nil {
		found, _ := filepath.Glob("/usr/lib/postgresql/*/bin/" + name)
		if len(found) == 0 {
			return fmt.Errorf("%s not found: install PostgreSQL's client tools (Debian: postgresql-client)", name)
		}
		sort.Strings(found)
		bin = found[len(found)-1]
	}
	cmd := exec.CommandContext(ctx, bin, args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s: %w: %s", name, err, strings.TrimSpace(stderr.String()))
	}
	return nil
}

func emptyDir(dir string) error {
	entries, err := os.ReadDir(dir)
	if err == nil && len(entries) > 0 {
		return fmt.Errorf("backup: %s is not empty", dir)
	}
	return os.MkdirAll(dir, 0o700)
}

func fileSum(path string) (string, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	return hex.EncodeToString(h.Sum(nil)), n, err
}

func copyBlobOut(ctx context.Context, store uploads.Store, k uploads.Key, path string) (string, error) {
	rc, err := store.Open(ctx, k)
	if err != nil {
		return "", err
	}
	defer rc.Close()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return "", err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	if _, err := io.Copy(io.MultiWriter(f, h), rc); err != nil {
		f.Close()
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), f.Close()
}

// copyBlobIn puts one saved document back, after checking it is the one the manifest describes; a
// document already in the store with the same content is left as it is.
func copyBlobIn(ctx context.Context, store uploads.Store, key, sum, path string) error {
	k, err := uploads.ParseKey(key)
	if err != nil {
		return err
	}
	if got, _, err := fileSum(path); err != nil || got != sum {
		return fmt.Errorf("damaged in the backup (checksum %s, manifest %s, %v)", got, sum, err)
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	err = store.Put(ctx, k, f)
	if err != nil && strings.Contains(err.Error(), "uploads.exists") {
		rc, oerr := store.Open(ctx, k)
		if oerr != nil {
			return oerr
		}
		defer rc.Close()
		h := sha256.New()
		if _, err := io.Copy(h, rc); err != nil || hex.EncodeToString(h.Sum(nil)) != sum {
			return errors.New("a different document already has this key in the store")
		}
		return nil
	}
	return err
}
