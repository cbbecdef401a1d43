package database

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/gorm"
)

// Setting is a transaction-local server setting (set_config(name, value, true)): row-level security reads
// the tenant, user or enterprise a transaction works for from one.
type Setting struct{ Name, Value string }

// TxWith runs fn in a transaction in which setting holds, read-only when readOnly, and commits it when fn
// returns nil (rolls it back otherwise, or on panic).
//
// BEGIN and set_config go to the server as one pgx batch — one round trip instead of two. A batch is a
// pipeline ending in one Sync; the BEGIN in it opens a transaction block that outlives the Sync, so the
// setting (transaction-local, and a bound parameter, never spliced into SQL) holds until COMMIT or
// ROLLBACK and the pooled connection keeps nothing. fn's statements run on that one connection through
// GORM as usual; a Transaction inside fn becomes a savepoint, as in a GORM transaction. A connection left
// in any state but idle (a failed COMMIT or ROLLBACK, an interrupted query) is closed, never pooled.
//
// Inside a transaction already (db is a transaction's handle), it is GORM's nested transaction: a
// savepoint, then set_config.
func TxWith(ctx context.Context, db *gorm.DB, setting Setting, readOnly bool, fn func(tx *gorm.DB) error) error {
	sqlDB, ok := db.Statement.ConnPool.(*sql.DB)
	if !ok { // a transaction already, or a pool this cannot take a connection from
		return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
			if err := tx.Exec(`SELECT set_config(?, ?, true)`, setting.Name, setting.Value).Error; err != nil {
				return fmt.Errorf("set %s: %w", setting.Name, err)
			}
			return fn(tx)
		}, &sql.TxOptions{ReadOnly: readOnly})
	}
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		return Translate(fmt.Errorf("begin: connection: %w", err))
	}
	t := &connTx{conn: conn}
	defer t.release()
	begin := "BEGIN"
	if readOnly {
		begin = "BEGIN READ ONLY"
	}
	if err := t.pgx(func(c *pgx.Conn) error {
		b := &pgx.Batch{}
		b.Queue(begin)
		b.Queue(`SELECT set_config($1, $2, true)`, setting.Name, setting.Value)
		return c.SendBatch(ctx, b).Close()
	}); err != nil {
		_ = t.Rollback()
		return Translate(fmt.Errorf("begin and set %s: %w", setting.Name, err))
	}
	tx := db.WithContext(ctx) // a new statement: setting its pool leaves db's alone
	tx.Statement.ConnPool = t
	panicked := true
	defer func() {
		if panicked {
			_ = t.Rollback()
		}
	}()
	err = fn(tx)
	panicked = false
	if err != nil {
		_ = t.Rollback()
		return err
	}
	if err := t.commit(ctx); err != nil {
		return Translate(err)
	}
	return nil
}

// connTx is the GORM connection pool of a TxWith transaction: one pooled connection on which BEGIN was
// sent. As a gorm.TxCommitter it makes GORM treat the handle as a transaction (nested Transaction calls
// become savepoints).
type connTx struct {
	conn *sql.Conn
	done bool
}

func (t *connTx) PrepareContext(ctx context.Context, query string) (*sql.Stmt, error) {
	return t.conn.PrepareContext(ctx, query)
}

func (t *connTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return t.conn.ExecContext(ctx, query, args...)
}

func (t *connTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return t.conn.QueryContext(ctx, query, args...)
}

func (t *connTx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return t.conn.QueryRowContext(ctx, query, args...)
}

// errCommitRolledBack is a COMMIT the server answered with ROLLBACK: a statement of the transaction had
// failed (and its error was not returned by fn).
var errCommitRolledBack = errors.New("commit: the transaction had failed and was rolled back")

func (t *connTx) commit(ctx context.Context) error {
	if t.done {
		return sql.ErrTxDone
	}
	t.done = true
	return t.pgx(func(c *pgx.Conn) error {
		tag, err := c.PgConn().Exec(ctx, "COMMIT").ReadAll()
		if err != nil {
			return fmt.Errorf("commit: %w", err)
		}
		if len(tag) == 1 && tag[0].CommandTag.String() == "ROLLBACK" {
			return errCommitRolledBack
		}
		return nil
	})
}

// Commit is for GORM (gorm.TxCommitter); TxWith commits itself.
func (t *connTx) Commit() error { return t.commit(context.Background()) }

// Rollback ends the transaction; it runs even when the request's context is cancelled, for a few seconds
// at most (the connection is closed if it cannot).
func (t *connTx) Rollback() error {
	if t.done {
		return sql.ErrTxDone
	}
	t.done = true
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return t.pgx(func(c *pgx.Conn) error { return c.PgConn().Exec(ctx, "ROLLBACK").Close() })
}

// release gives the connection back to the pool if it is idle (no transaction open, not broken), and
// closes it at once otherwise (pgx's database/sql driver would also refuse it, but only on its next use).
func (t *connTx) release() {
	_ = t.conn.Raw(func(dc any) error {
		sc, ok := dc.(*stdlib.Conn)
		if !ok || sc.Conn().IsClosed() || sc.Conn().PgConn().TxStatus() != 'I' {
			return driver.ErrBadConn // database/sql closes the connection instead of pooling it
		}
		return nil
	})
	_ = t.conn.Close()
}

// pgx runs f on the pgx connection underneath.
func (t *connTx) pgx(f func(c *pgx.Conn) error) error {
	return t.conn.Raw(func(dc any) error {
		sc, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("the driver is not pgx (%T)", dc)
		}
		return f(sc.Conn())
	})
}
