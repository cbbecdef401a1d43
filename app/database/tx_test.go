package database_test

import (
	"context"
	"errors"
	"testing"

	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/gorm"

	"maillage/app/database"
	"maillage/app/testdb"
)

// TestTxWith: the transaction holds its setting and only while it lasts, commits on nil and rolls back on
// an error, a panic, a failed statement fn ignored or a cancelled context; nested transactions are
// savepoints; and the one pooled connection always comes back out of any transaction, without the setting.
func TestTxWith(t *testing.T) {
	t.Parallel()
	tdb := testdb.New(t)
	ctx := context.Background()
	if err := tdb.Owner.Exec(`CREATE TABLE txwith_probe (x int NOT NULL);
		GRANT SELECT, INSERT ON txwith_probe TO maillage_app`).Error; err != nil {
		t.Fatal(err)
	}
	// One connection: what a transaction leaves behind on it, the next one sees.
	db, err := database.Open(ctx, tdb.AppURL, database.Options{MaxOpenConns: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = database.Close(db) })
	setting := database.Setting{Name: "app.probe", Value: "42"}
	insert := func(tx *gorm.DB, x int) error { return tx.Exec(`INSERT INTO txwith_probe VALUES (?)`, x).Error }
	errBoom := errors.New("boom")

	cases := []struct {
		name     string
		readOnly bool
		cancel   bool // the context is cancelled while fn runs
		fn       func(tx *gorm.DB, cancel func()) error
		wantErr  bool
		want     []int // rows after
	}{
		{name: "nil commits", fn: func(tx *gorm.DB, _ func()) error { return insert(tx, 1) }, want: []int{1}},
		{name: "an error rolls back", fn: func(tx *gorm.DB, _ func()) error {
			if err := insert(tx, 1); err != nil {
				return err
			}
			return errBoom
		}, wantErr: true},
		{name: "read only refuses a write", readOnly: true, fn: func(tx *gorm.DB, _ func()) error { return insert(tx, 1) }, wantErr: true},
		{name: "a failed statement fn ignored: COMMIT rolls back and says so", fn: func(tx *gorm.DB, _ func()) error {
			if err := insert(tx, 1); err != nil {
				return err
			}
			_ = tx.Exec(`SELECT 1/0`).Error
			return nil
		}, wantErr: true},
		{name: "a nested transaction is a savepoint", fn: func(tx *gorm.DB, _ func()) error {
			if err := insert(tx, 1); err != nil {
				return err
			}
			_ = tx.Transaction(func(tx *gorm.DB) error {
				if err := insert(tx, 2); err != nil {
					return err
				}
				return errBoom
			})
			return insert(tx, 3)
		}, want: []int{1, 3}},
		{name: "a nested TxWith is a savepoint with its own setting", fn: func(tx *gorm.DB, _ func()) error {
			inner := database.Setting{Name: "app.inner", Value: "7"}
			err := database.TxWith(ctx, tx, inner, false, func(tx *gorm.DB) error {
				var got string
				if err := tx.Raw(`SELECT current_setting('app.inner', true)`).Scan(&got).Error; err != nil || got != "7" {
					t.Errorf("nested setting %q, %v", got, err)
				}
				if err := insert(tx, 2); err != nil {
					return err
				}
				return errBoom
			})
			if !errors.Is(err, errBoom) {
				t.Errorf("nested: %v", err)
			}
			return insert(tx, 1)
		}, want: []int{1}},
		{name: "a cancelled context rolls back", cancel: true, fn: func(tx *gorm.DB, cancel func()) error {
			if err := insert(tx, 1); err != nil {
				return err
			}
			cancel()
			return insert(tx, 2)
		}, wantErr: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if err := tdb.Owner.Exec(`TRUNCATE txwith_probe`).Error; err != nil {
				t.Fatal(err)
			}
			cctx, cancel := context.WithCancel(ctx)
			defer cancel()
			err := database.TxWith(cctx, db, setting, c.readOnly, func(tx *gorm.DB) error {
				var got string
				if err := tx.Raw(`SELECT current_setting('app.probe', true)`).Scan(&got).Error; err != nil || got != "42" {
					t.Errorf("setting inside %q, %v", got, err)
				}
				return c.fn(tx, cancel)
			})
			if (err != nil) != c.wantErr {
				t.Fatalf("error %v, want error %v", err, c.wantErr)
			}
			checkAfter(t, db, c.want)
		})
	}
	t.Run("a panic rolls back and propagates", func(t *testing.T) {
		if err := tdb.Owner.Exec(`TRUNCATE txwith_probe`).Error; err != nil {
			t.Fatal(err)
		}
		func() {
			defer func() {
				if recover() == nil {
					t.Error("the panic was swallowed")
				}
			}()
			_ = database.TxWith(ctx, db, setting, false, func(tx *gorm.DB) error {
				if err := insert(tx, 1); err != nil {
					t.Fatal(err)
				}
				panic("boom")
			})
		}()
		checkAfter(t, db, nil)
	})
}

// checkAfter: the pool's one connection is out of any transaction, without the setting, and the table holds want.
func checkAfter(t *testing.T, db *gorm.DB, want []int) {
	t.Helper()
	conn, err := database.SQL(db).Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var status byte
	if err := conn.Raw(func(dc any) error {
		status = dc.(*stdlib.Conn).Conn().PgConn().TxStatus()
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	_ = conn.Close()
	if status != 'I' {
		t.Errorf("the connection is left in transaction status %q", status)
	}
	var st struct {
		Probe    string
		ReadOnly string
	}
	if err := db.Raw(`SELECT coalesce(current_setting('app.probe', true), '') AS probe,
		current_setting('transaction_read_only') AS read_only`).Scan(&st).Error; err != nil {
		t.Fatal(err)
	}
	if st.Probe != "" || st.ReadOnly != "off" {
		t.Errorf("the connection kept %+v", st)
	}
	var got []int
	if err := db.Raw(`SELECT x FROM txwith_probe ORDER BY x`).Scan(&got).Error; err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("rows %v, want %v", got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("rows %v, want %v", got, want)
		}
	}
}
