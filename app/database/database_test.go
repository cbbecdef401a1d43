package database_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"maillage/app/database"
	"maillage/app/testdb"
)

func TestCheckAppRole(t *testing.T) {
	db := testdb.New(t)
	ctx := context.Background()
	super, err := database.Open(ctx, testdb.AdminURL(t), database.Options{MaxOpenConns: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer database.Close(super)
	if err := db.Owner.Exec(`DO $$ BEGIN
		IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'mt_bypass') THEN
			CREATE ROLE mt_bypass LOGIN PASSWORD 'mt_bypass' BYPASSRLS; END IF; END $$`).Error; err != nil {
		// only a superuser may grant BYPASSRLS
		if err := super.Exec(`DO $$ BEGIN
			IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'mt_bypass') THEN
				CREATE ROLE mt_bypass LOGIN PASSWORD 'mt_bypass' BYPASSRLS; END IF; END $$`).Error; err != nil {
			t.Fatal(err)
		}
	}
	if err := super.Exec(`DO $$ BEGIN
		IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'mt_member') THEN
			CREATE ROLE mt_member LOGIN PASSWORD 'mt_member'; END IF; END $$`).Error; err != nil {
		t.Fatal(err)
	}
	if err := super.Exec(`GRANT maillage_aggregates TO mt_member`).Error; err != nil {
		t.Fatal(err)
	}
	member, err := database.Open(ctx, strings.Replace(db.AppURL, "maillage_app:maillage_app", "mt_member:mt_member", 1), database.Options{MaxOpenConns: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer database.Close(member)
	bypassURL := strings.Replace(db.AppURL, "maillage_app:maillage_app", "mt_bypass:mt_bypass", 1)
	bypass, err := database.Open(ctx, bypassURL, database.Options{MaxOpenConns: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer database.Close(bypass)
	for _, c := range []struct {
		name    string
		run     func() error
		wantErr string
	}{
		{"app role is accepted", func() error { return database.CheckAppRole(ctx, db.App) }, ""},
		{"owner role is refused", func() error { return database.CheckAppRole(ctx, db.Owner) }, "owns"},
		{"superuser is refused", func() error { return database.CheckAppRole(ctx, super) }, "superuser"},
		{"BYPASSRLS role is refused", func() error { return database.CheckAppRole(ctx, bypass) }, "BYPASSRLS"},
		{"member of a BYPASSRLS role is refused", func() error { return database.CheckAppRole(ctx, member) }, "member of maillage_aggregates"},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := c.run()
			switch {
			case c.wantErr == "" && err != nil:
				t.Fatalf("unexpected refusal: %v", err)
			case c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)):
				t.Fatalf("got %v, want an error mentioning %q", err, c.wantErr)
			}
		})
	}
}

func TestMigrationsUpDownUp(t *testing.T) {
	ctx := context.Background()
	empty := testdb.Empty(t)
	owner, err := database.Open(ctx, empty.OwnerURL, database.Options{MaxOpenConns: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer database.Close(owner)
	m, err := database.NewMigrator(database.SQL(owner))
	if err != nil {
		t.Fatal(err)
	}
	tables := func() int {
		var n int
		if err := owner.Raw(`SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'goose_db_version'`).Scan(&n).Error; err != nil {
			t.Fatal(err)
		}
		return n
	}
	steps := []struct {
		name       string
		run        func() error
		wantTables bool
		wantCurent bool
	}{
		{"up", func() error { return m.Up(ctx) }, true, true},
		{"down all", func() error { return m.DownAll(ctx) }, false, false},
		{"up again", func() error { return m.Up(ctx) }, true, true},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			if err := s.run(); err != nil {
				t.Fatal(err)
			}
			if got := tables() > 0; got != s.wantTables {
				t.Fatalf("tables present = %v, want %v", got, s.wantTables)
			}
			cur, err := database.Current(ctx, database.SQL(owner))
			if err != nil {
				t.Fatal(err)
			}
			if cur != s.wantCurent {
				t.Fatalf("current = %v, want %v", cur, s.wantCurent)
			}
		})
	}
	var buf bytes.Buffer
	if err := m.Status(ctx, &buf); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "pending") || !strings.Contains(buf.String(), "0001_platform.sql") {
		t.Fatalf("status after up:\n%s", buf.String())
	}
}
