package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"maillage/app/auth"
)

// secretsCmd: `maillage secrets reseal` moves every tenant client secret to the current key of
// MAILLAGE_SECRET_KEYS (after a new key was put first), so the old key can then be removed.
func secretsCmd(ctx context.Context, cfg config, args []string, out io.Writer) error {
	if len(args) != 1 || args[0] != "reseal" {
		return errors.New("usage: maillage secrets reseal")
	}
	appSecret, _, err := cfg.secretKey()
	if err != nil {
		return err
	}
	keys, err := auth.KeyringFor(cfg.SecretKeys, appSecret)
	if err != nil {
		return err
	}
	db, err := appDB(ctx, cfg)
	if err != nil {
		return err
	}
	n, err := auth.NewIdPStore(db, keys).ResealAll(cliCtx(ctx))
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "%d client secret(s) resealed with key %s\n", n, keys.CurrentKeyID())
	return nil
}
