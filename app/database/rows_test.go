package database_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
	"gorm.io/gorm"

	"maillage/app/database"
	"maillage/app/testdb"
)

// TestEachRow: the same rows, NULLs and types come back through pgx (a TxWith transaction) and through
// database/sql (a GORM transaction, the nested case); each's error stops the reading and comes back; so does
// a failed query's.
func TestEachRow(t *testing.T) {
	t.Parallel()
	tdb := testdb.New(t)
	ctx := context.Background()
	type row struct {
		Name string
		Flag bool
		N    int64
		Day  time.Time
		Opt  pgtype.Text
		Date pgtype.Date
		At   pgtype.Timestamptz
	}
	const query = `SELECT 'Café « n° ' || g, g % 2 = 0, g * 10000000000, DATE '2025-01-01' + g,
		CASE WHEN g % 2 = 0 THEN 'pair' END, CASE WHEN g > 1 THEN DATE '2026-03-01' END,
		CASE WHEN g < 3 THEN TIMESTAMPTZ '2025-06-01 12:34:56.789+00' END
		FROM generate_series(1, $1::int) g WHERE $2::text[] @> ARRAY['x']`
	want := []row{
		{Name: "Café « n° 1", N: 10000000000, Day: time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC),
			At: pgtype.Timestamptz{Time: time.Date(2025, 6, 1, 12, 34, 56, 789000000, time.UTC), Valid: true}},
		{Name: "Café « n° 2", Flag: true, N: 20000000000, Day: time.Date(2025, 1, 3, 0, 0, 0, 0, time.UTC), Opt: pgtype.Text{String: "pair", Valid: true},
			Date: pgtype.Date{Time: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), Valid: true},
			At:   pgtype.Timestamptz{Time: time.Date(2025, 6, 1, 12, 34, 56, 789000000, time.UTC), Valid: true}},
		{Name: "Café « n° 3", N: 30000000000, Day: time.Date(2025, 1, 4, 0, 0, 0, 0, time.UTC),
			Date: pgtype.Date{Time: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), Valid: true}},
	}
	read := func(tx *gorm.DB, stopAt int) ([]row, error) {
		var out []row
		err := database.EachRow(ctx, tx, query, []any{3, "{x,y}"}, func(scan func(...any) error) error {
			var r row
			if err := scan(&r.Name, &r.Flag, &r.N, &r.Day, &r.Opt, &r.Date, &r.At); err != nil {
				return err
			}
			r.Day, r.At.Time = r.Day.UTC(), r.At.Time.UTC()
			if r.Date.Valid {
				r.Date.Time = r.Date.Time.UTC()
			}
			out = append(out, r)
			if len(out) == stopAt {
				return errStop
			}
			return nil
		})
		return out, err
	}
	for _, path := range []struct {
		name string
		in   func(fn func(tx *gorm.DB) error) error
	}{
		{"pgx (TxWith)", func(fn func(tx *gorm.DB) error) error {
			return database.TxWith(ctx, tdb.App, database.Setting{Name: "app.probe", Value: "1"}, true, fn)
		}},
		{"database/sql (GORM transaction)", func(fn func(tx *gorm.DB) error) error { return tdb.App.WithContext(ctx).Transaction(fn) }},
	} {
		t.Run(path.name, func(t *testing.T) {
			cases := []struct {
				name    string
				stopAt  int
				want    []row
				wantErr error
			}{
				{name: "every row", want: want},
				{name: "each's error stops the reading", stopAt: 2, want: want[:2], wantErr: errStop},
			}
			for _, tc := range cases {
				t.Run(tc.name, func(t *testing.T) {
					var got []row
					err := path.in(func(tx *gorm.DB) error {
						var err error
						got, err = read(tx, tc.stopAt)
						return err
					})
					if !errors.Is(err, tc.wantErr) {
						t.Fatalf("error %v, want %v", err, tc.wantErr)
					}
					if !reflect.DeepEqual(got, tc.want) {
						t.Fatalf("rows\n%+v\nwant\n%+v", got, tc.want)
					}
				})
			}
			t.Run("a failed query comes back with the server's error", func(t *testing.T) {
				err := path.in(func(tx *gorm.DB) error {
					return database.EachRow(ctx, tx, `SELECT x FROM no_such_table`, nil, func(func(...any) error) error { return nil })
				})
				var pg *pgconn.PgError
				if !errors.As(err, &pg) || pg.Code != "42P01" {
					t.Fatalf("error %v, want undefined_table", err)
				}
			})
		})
	}
}

var errStop = fmt.Errorf("stop")
