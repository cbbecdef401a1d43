// Package database opens PostgreSQL through GORM (pgx driver), checks that the server's role cannot bypass
// row-level security, and runs the embedded migrations.
package database

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// Options tune the connection pool.
type Options struct {
	MaxOpenConns int
	MaxIdleConns int
	ConnMaxLife  time.Duration
}

// Open connects to url and returns a GORM handle. GORM's own logger is silenced: queries are measured
// through metrics, and logging SQL would risk logging personal information.
func Open(ctx context.Context, url string, opt Options) (*gorm.DB, error) {
	pg, _ := postgres.New(postgres.Config{DSN: url}).(*postgres.Dialector)
	db, err := gorm.Open(dialector{pg}, &gorm.Config{
		Logger:                 logger.Discard,
		SkipDefaultTransaction: true, // services own their transactions explicitly
		PrepareStmt:            false,
		TranslateError:         true, // through dialector.Translate (errors.go): input and outage errors become kinds
	})
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	// Raw(...).Scan and Row() set their error directly, without the translator: translate it there too.
	if err := db.Callback().Row().After("gorm:row").Register("maillage:translate", func(tx *gorm.DB) {
		if tx.Error != nil {
			tx.Error = Translate(tx.Error)
		}
	}); err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	if opt.MaxOpenConns == 0 {
		opt.MaxOpenConns = 20
	}
	if opt.MaxIdleConns == 0 {
		opt.MaxIdleConns = opt.MaxOpenConns
	}
	if opt.ConnMaxLife == 0 {
		opt.ConnMaxLife = 30 * time.Minute
	}
	sqlDB.SetMaxOpenConns(opt.MaxOpenConns)
	sqlDB.SetMaxIdleConns(opt.MaxIdleConns)
	sqlDB.SetConnMaxLifetime(opt.ConnMaxLife)
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := sqlDB.PingContext(pingCtx); err != nil {
		_ = sqlDB.Close()
		return nil, fmt.Errorf("connect to database: %w", err)
	}
	return db, nil
}

// Close closes the pool behind db.
func Close(db *gorm.DB) error {
	sqlDB, err := db.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}

// SQL returns the *sql.DB behind db.
func SQL(db *gorm.DB) *sql.DB {
	sqlDB, err := db.DB()
	if err != nil {
		panic(err) // only fails when db was not opened through a *sql.DB pool, which Open guarantees
	}
	return sqlDB
}

// CheckAppRole refuses a role that could see every tenant's rows: a superuser, a role with BYPASSRLS, a
// member of such a role (it could SET ROLE), or a role owning any table of the schema (owners bypass RLS
// unless FORCEd, and may turn FORCE off).
func CheckAppRole(ctx context.Context, db *gorm.DB) error {
	var r struct {
		Name      string
		Super     bool
		BypassRLS bool
		Owned     int
		Member    string
	}
	err := db.WithContext(ctx).Raw(`
		SELECT current_user AS name, r.rolsuper AS super, r.rolbypassrls AS bypass_rls,
		       (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		         WHERE c.relowner = r.oid AND n.nspname NOT IN ('pg_catalog', 'information_schema')
		           AND n.nspname NOT LIKE 'pg_toast%') AS owned,
		       coalesce((SELECT string_agg(o.rolname, ',') FROM pg_roles o
		         WHERE (o.rolbypassrls OR o.rolsuper) AND o.oid <> r.oid AND pg_has_role(r.oid, o.oid, 'MEMBER')), '') AS member
		  FROM pg_roles r WHERE r.rolname = current_user`).Scan(&r).Error
	if err != nil {
		return fmt.Errorf("check database role: %w", err)
	}
	switch {
	case r.Super:
		return fmt.Errorf("refusing to start: database role %q is a superuser and would bypass row-level security; set DATABASE_URL to the app role (maillage_app)", r.Name)
	case r.BypassRLS:
		return fmt.Errorf("refusing to start: database role %q has BYPASSRLS; set DATABASE_URL to a role without it (maillage_app)", r.Name)
	case r.Owned > 0:
		return fmt.Errorf("refusing to start: database role %q owns %d tables or other relations and so could bypass row-level security; the app role must own nothing (run migrations with MIGRATION_DATABASE_URL as maillage_owner)", r.Name, r.Owned)
	case r.Member != "":
		return fmt.Errorf("refusing to start: database role %q is a member of %s, which bypasses row-level security; the app role must not be", r.Name, r.Member)
	}
	return nil
}

// Health answers /readyz for the app role's pool: the database answers and every embedded migration
// is applied. It lets the web adapter ask without holding the pool.
type Health struct{ db *sql.DB }

// NewHealth returns the Health of db.
func NewHealth(db *gorm.DB) *Health { return &Health{db: SQL(db)} }

// Ready pings the database, then checks that its schema is current.
func (h *Health) Ready(ctx context.Context) (bool, error) {
	if err := h.db.PingContext(ctx); err != nil {
		return false, err
	}
	return Current(ctx, h.db)
}
