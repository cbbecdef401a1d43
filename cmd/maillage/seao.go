package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"maillage/app/opportunities"
)

// seaoCmd: `maillage seao notices FILE` loads a SEAO weekly OCDS file's calls for tenders (idempotent)
// and matches the new and changed ones against the enterprises' alerts and the catalogue.
func seaoCmd(ctx context.Context, cfg config, args []string, out io.Writer) error {
	if len(args) != 2 || args[0] != "notices" {
		return errors.New("usage: maillage seao notices FILE")
	}
	f, err := os.Open(args[1])
	if err != nil {
		return fmt.Errorf("seao notices: %w", err)
	}
	defer f.Close()
	key, _, err := cfg.secretKey()
	if err != nil {
		return err
	}
	db, err := appDB(ctx, cfg)
	if err != nil {
		return err
	}
	rep, err := opportunities.NewService(db, nil, key).LoadNotices(cliCtx(ctx), f)
	if err != nil {
		return fmt.Errorf("seao notices %s: %w", args[1], err)
	}
	fmt.Fprintf(out, "seao notices: %d releases, %d notices (%d new, %d updated, %d unchanged, %d cancelled); %d buyers, %d on Maillage; %d new alert matches\n",
		rep.Releases, rep.Notices, rep.New, rep.Updated, rep.Unchanged, rep.Cancelled, rep.Buyers, rep.BuyersOnBoard, rep.Matches)
	return nil
}
