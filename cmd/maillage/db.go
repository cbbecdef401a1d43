package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"gorm.io/gorm"

	"maillage/app/database"
)

// appDB opens the app role's pool (DATABASE_URL): what the server and the admin commands use, so that the
// CLI is held to the same row-level security as the server.
func appDB(ctx context.Context, cfg config) (*gorm.DB, error) {
	if cfg.DatabaseURL == "" {
		return nil, errors.New("DATABASE_URL is not set (the app role's connection; `make run` sets it for the private database)")
	}
	return database.Open(ctx, cfg.DatabaseURL, database.Options{MaxOpenConns: cfg.DBMaxConns})
}

func migrate(ctx context.Context, cfg config, args []string, out io.Writer) error {
	if len(args) != 1 {
		return errors.New("usage: maillage migrate up|down|status")
	}
	if cfg.MigrationURL == "" {
		return errors.New("MIGRATION_DATABASE_URL is not set (the owner role's connection, used only for migrations)")
	}
	db, err := database.Open(ctx, cfg.MigrationURL, database.Options{MaxOpenConns: 2})
	if err != nil {
		return err
	}
	defer database.Close(db)
	m, err := database.NewMigrator(database.SQL(db))
	if err != nil {
		return err
	}
	switch args[0] {
	case "up":
		if err := m.Up(ctx); err != nil {
			return err
		}
		fmt.Fprintln(out, "migrations applied")
		return nil
	case "down":
		if err := m.Down(ctx); err != nil {
			return err
		}
		fmt.Fprintln(out, "last migration rolled back")
		return nil
	case "status":
		return m.Status(ctx, out)
	}
	return fmt.Errorf("unknown migrate command %q (want up, down or status)", args[0])
}
