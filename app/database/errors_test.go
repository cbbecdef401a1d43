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
	if err := db.Owner.Exec(`INSERT INTO probe (id, name) VALUES ('00000000-0000-0000-0000-000000000001', 'a')`).Error; err != nil {
		t.Fatal(err)
	}
	if err := db.Owner.Exec(`CREATE TABLE probe_ref (id int PRIMARY KEY, probe_id uuid REFERENCES probe (id), code text UNIQUE,
		during daterange, EXCLUDE USING gist (during WITH &&))`).Error; err != nil {
		t.Fatal(err)
	}
	if err := db.Owner.Exec(`INSERT INTO probe_ref VALUES (1, '00000000-0000-0000-0000-000000000001', 'x', '[2026-01-01,2026-12-31]')`).Error; err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, sql string
		kind      errs.Kind
		key       string
		field     string
		keepsCode string
	}{
		{"a primary key already used", `INSERT INTO probe (id, name) VALUES ('00000000-0000-0000-0000-000000000001', 'a')`, errs.Conflict,
			"errors.duplicate", "", "23505"},
		{"a unique column already used", `INSERT INTO probe_ref (id, code) VALUES (2, 'x')`, errs.Conflict, "errors.duplicate", "code", "23505"},
		{"overlapping periods", `INSERT INTO probe_ref (id, during) VALUES (3, '[2026-06-01,2027-01-31]')`, errs.Conflict, "errors.overlap", "", "23P01"},
		{"a reference to nothing", `INSERT INTO probe_ref (id, probe_id) VALUES (4, '00000000-0000-0000-0000-000000000009')`, errs.Invalid,
			"errors.reference_unknown", "", "23503"},
		{"deleting a row still referred to", `DELETE FROM probe WHERE id = '00000000-0000-0000-0000-000000000001'`, errs.Conflict,
			"errors.still_referenced", "", "23503"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := db.Owner.WithContext(ctx).Exec(tc.sql).Error
			e := errs.As(err)
			if e == nil || e.Kind != tc.kind || e.Key != tc.key {
				t.Fatalf("error %v, want %s %s", err, tc.kind, tc.key)
			}
			if (tc.field == "") != (len(e.Fields) == 0) || (tc.field != "" && (e.Fields[0].Field != tc.field || e.Fields[0].Key != "input.already_used")) {
				t.Fatalf("fields %+v, want %q", e.Fields, tc.field)
			}
			var pg *pgconn.PgError
			if !errors.As(err, &pg) || pg.Code != tc.keepsCode {
				t.Fatalf("cause %v, want PostgreSQL code %s (a store may still say it more precisely)", pg, tc.keepsCode)
			}
		})
	}
	t.Run("an unreachable database is unavailable", func(t *testing.T) {
		_, err := database.Open(ctx, "postgres://nobody@127.0.0.1:1/none?sslmode=disable&connect_timeout=2", database.Options{})
		if !database.Unreachable(err) || !errs.Is(database.Translate(err), errs.Unavailable) {
			t.Fatalf("connection refused: %v", err)
		}
	})
}
