package database

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"gorm.io/gorm"
)

// EachRow runs query (PostgreSQL's $1, $2… placeholders) in tx and calls each for every row with the row's
// scan. In a TxWith transaction it reads through pgx itself: values are decoded from the binary protocol
// straight into the destinations, without database/sql's conversion of each one to an interface value and
// back, which is most of the time spent reading thousands of rows. On any other handle (a GORM transaction,
// a pool) it reads through database/sql; the destinations must then be sql.Scanner-compatible too (Go's
// basic types and pgx's pgtype values are both).
//
// each must not use tx: the connection is busy with the rows until EachRow returns.
func EachRow(ctx context.Context, tx *gorm.DB, query string, args []any, each func(scan func(dest ...any) error) error) error {
	if t, ok := tx.Statement.ConnPool.(*connTx); ok {
		return t.pgx(func(c *pgx.Conn) error {
			rows, err := c.Query(ctx, query, args...)
			if err != nil {
				return Translate(err)
			}
			defer rows.Close()
			return scanEach(rows, each)
		})
	}
	if tx.Statement.ConnPool == nil {
		return fmt.Errorf("each row: no connection")
	}
	rows, err := tx.Statement.ConnPool.QueryContext(ctx, query, args...)
	if err != nil {
		return Translate(err)
	}
	defer rows.Close()
	return scanEach(rows, each)
}

// rowSource is what pgx.Rows and *sql.Rows share: EachRow walks either the same way.
type rowSource interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
}

func scanEach(rows rowSource, each func(scan func(dest ...any) error) error) error {
	for rows.Next() {
		if err := each(rows.Scan); err != nil {
			return err
		}
	}
	return Translate(rows.Err())
}
