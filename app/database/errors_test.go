package database_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"maillage/app/database"
	"maillage/app/errs"
	"maillage/app/testdb"
)

// TestTranslate sends real statements that PostgreSQL refuses, through GORM as every store does, and
// checks the kind, the field and that the PostgreSQL error is still the cause.
func TestTranslate(t *testing.T) {
	db := testdb.New(t)
	ctx := context.Background()
	if err := db.Owner.Exec(`CREATE TABLE probe (id uuid PRIMARY KEY, name text NOT NULL CONSTRAINT name_max_5 CHECK (char_length(name) <= 5),
		day date CONSTRAINT day_plausible CHECK (day BETWEEN '1900-01-01' AND '2199-12-31'), n smallint,
		kind text CHECK (kind IN ('a', 'b')))`).Error; err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name      string
		sql       string
		args      []any
		kind      errs.Kind
		field     string
		fieldKey  string
		keepsCode string
	}{
		{"too long", `INSERT INTO probe (id, name) VALUES (gen_random_uuid(), ?)`, []any{"abcdef"}, errs.Invalid, "name", "input.too_long", "23514"},
		{"implausible date", `INSERT INTO probe (id, name, day) VALUES (gen_random_uuid(), 'a', ?)`, []any{"0001-01-01"}, errs.Invalid, "day", "input.date_out_of_range", "23514"},
		{"value outside a column's check", `INSERT INTO probe (id, name, kind) VALUES (gen_random_uuid(), 'a', 'z')`, nil, errs.Invalid, "kind", "input.value_refused", "23514"},
		{"NUL byte", `INSERT INTO probe (id, name) VALUES (gen_random_uuid(), ?)`, []any{"a\x00b"}, errs.Invalid, "", "", "22021"},
		{"missing required value", `INSERT INTO probe (id) VALUES (gen_random_uuid())`, nil, errs.Invalid, "name", "input.required", "23502"},
		{"malformed id", `SELECT * FROM probe WHERE id = ?`, []any{"not-a-uuid"}, errs.NotFound, "", "", "22P02"},
		{"bad date text", `SELECT ?::date`, []any{"2026-02-30"}, errs.Invalid, "", "", "22008"},
		{"number out of range", `INSERT INTO probe (id, name, n) VALUES (gen_random_uuid(), 'a', ?::int)`, []any{"1048576"}, errs.Invalid, "", "", "22003"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var rows []map[string]any
			err := db.Owner.WithContext(ctx).Raw(tc.sql, tc.args...).Scan(&rows).Error
			if strings.HasPrefix(tc.sql, "INSERT") {
				err = db.Owner.WithContext(ctx).Exec(tc.sql, tc.args...).Error
			}
			e := errs.As(err)
			if e == nil || e.Kind != tc.kind {
				t.Fatalf("error %v, want kind %s", err, tc.kind)
			}
			if tc.field != "" && (len(e.Fields) != 1 || e.Fields[0].Field != tc.field || e.Fields[0].Key != tc.fieldKey) {
				t.Fatalf("fields %+v, want %s %s", e.Fields, tc.field, tc.fieldKey)
			}
			var pg *pgconn.PgError
			if !errors.As(err, &pg) || pg.Code != tc.keepsCode {
				t.Fatalf("cause %v, want PostgreSQL code %s", pg, tc.keepsCode)
			}
		})
	}
	t.Run("unique violation is left to the store", func(t *testing.T) {
		_ = db.Owner.Exec(`INSERT INTO probe (id, name) VALUES ('00000000-0000-0000-0000-000000000001', 'a')`).Error
		err := db.Owner.Exec(`INSERT INTO probe (id, name) VALUES ('00000000-0000-0000-0000-000000000001', 'a')`).Error
		if errs.As(err) != nil {
			t.Fatalf("23505 translated: %v", err)
		}
	})
	t.Run("an unreachable database is unavailable", func(t *testing.T) {
		_, err := database.Open(ctx, "postgres://nobody@127.0.0.1:1/none?sslmode=disable&connect_timeout=2", database.Options{})
		if !database.Unreachable(err) || !errs.Is(database.Translate(err), errs.Unavailable) {
			t.Fatalf("connection refused: %v", err)
		}
	})
}
