package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"gorm.io/gorm"

	"maillage/app/catalogue"
	"maillage/app/quebec"
)

// seedCatalogue loads the demo catalogue: the anchors of the relevance set and generated,
// fictional collective enterprises over the 17 regions (idempotent: ids are deterministic).
func seedCatalogue(ctx context.Context, db *gorm.DB, _ demoSet, out io.Writer) error {
	n, err := loadCatalogue(ctx, db, 1, catalogue.SizeDemo)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "catalogue: %d demo entries\n", n)
	return nil
}

func loadCatalogue(ctx context.Context, db *gorm.DB, seed uint64, size int) (int, error) {
	st := catalogue.NewStore(db)
	ms, err := quebec.LoadMunicipalities(ctx, db)
	if err != nil {
		return 0, err
	}
	es, err := catalogue.Generate(seed, size, ms, time.Now())
	if err != nil {
		return 0, err
	}
	if err := st.BulkInsert(ctx, es); err != nil {
		return 0, err
	}
	return len(es), nil
}

// catalogueCmd: maillage catalogue generate --size 11000|100000 [--seed N] loads a generated
// catalogue of that size (for benchmarks and load tests; refused in production).
func catalogueCmd(ctx context.Context, cfg config, args []string, out io.Writer) error {
	if len(args) == 0 || args[0] != "generate" {
		return errors.New("usage: maillage catalogue generate --size N [--seed S]")
	}
	if cfg.Env == "production" {
		return errors.New("catalogue generate refuses to run with MAILLAGE_ENV=production")
	}
	fs := newFlags("catalogue generate")
	size := fs.Int("size", catalogue.SizeMedium, "number of entries (e.g. 11000 or 100000)")
	seed := fs.Uint64("seed", 1, "generator seed (the same seed gives the same entries)")
	if err := fs.Parse(args[1:]); err != nil {
		return fmt.Errorf("catalogue generate: %w", err)
	}
	if *size < 1 || *size > 1_000_000 {
		return errors.New("catalogue generate: --size must be between 1 and 1000000")
	}
	db, err := appDB(ctx, cfg)
	if err != nil {
		return err
	}
	n, err := loadCatalogue(cliCtx(ctx), db, *seed, *size)
	if err != nil {
		return fmt.Errorf("catalogue generate: %w", err)
	}
	fmt.Fprintf(out, "catalogue: %d entries generated (seed %d)\n", n, *seed)
	return nil
}
