// Command maillage is the one binary of Maillage: the web server and the admin CLI.
//
//	maillage serve
//	maillage migrate up|down|status
//	maillage tenant create --slug S --name N [--kind K] [--region RR] [--municipality CODE]
//	maillage tenant list
//	maillage user grant --tenant S --email E --role R     (or --platform for platform roles)
//	maillage user revoke --tenant S --email E [--role R]
//	maillage token create --email E [--name N] [--ttl 720h]
//	maillage seed demo
//	maillage catalogue generate --size 11000
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"maillage/app/errs"
	"maillage/app/web"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.LookupEnv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "maillage:", describe(err, cliLanguage(os.LookupEnv)))
		os.Exit(1)
	}
}

const usage = `usage: maillage <command> [flags]

commands:
  serve                                   run the web server
  migrate up|down|status                  apply, roll back one, or list migrations (as MIGRATION_DATABASE_URL)
  tenant create --slug S --name N [--kind K] [--region RR] [--municipality CODE] [--population N]
  tenant list
  user grant  --email E --role R (--tenant S | --platform) [--regions 05,16]
  user revoke --email E (--tenant S [--role R] | --platform --role R)
  token create --email E [--name N] [--ttl 720h]
  seed demo                               load demo tenants, users and data (idempotent)
  backup --out DIR                        database (as MAILLAGE_BACKUP_DATABASE_URL) and documents
  restore --from DIR                      into a new empty database (MAILLAGE_RESTORE_DATABASE_URL, a superuser)
  secrets reseal                          seal tenant client secrets again with the current key (rotation)
  catalogue generate --size N [--seed S]  load N generated catalogue entries (benchmarks; not in production)
  seao notices FILE                       load a SEAO weekly OCDS file's calls for tenders (idempotent) and match them
`

// run is main without the process: testable with any arguments and environment.
// lookupEnv is os.LookupEnv's shape: set-but-empty and unset differ (an empty MAILLAGE_METRICS_ADDR turns
// the metrics listener off; an unset one takes the default).
func run(ctx context.Context, args []string, lookupEnv func(string) (string, bool), stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errors.New("no command given")
	}
	cfg, err := loadConfig(lookupEnv)
	if err != nil {
		return err
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return serve(ctx, cfg, stdout)
	case "migrate":
		return migrate(ctx, cfg, rest, stdout)
	case "tenant":
		return tenantCmd(ctx, cfg, rest, stdout)
	case "user":
		return userCmd(ctx, cfg, rest, stdout)
	case "token":
		return tokenCmd(ctx, cfg, rest, stdout)
	case "seed":
		return seedCmd(ctx, cfg, rest, stdout)
	case "secrets":
		return secretsCmd(ctx, cfg, rest, stdout)
	case "backup":
		return backupCmd(ctx, cfg, rest, stdout)
	case "restore":
		return restoreCmd(ctx, cfg, rest, stdout)
	case "catalogue":
		return catalogueCmd(ctx, cfg, rest, stdout)
	case "seao":
		return seaoCmd(ctx, cfg, rest, stdout)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", cmd)
}

// cliLanguage follows the terminal's locale: English when LANG/LC_ALL starts with "en", else French.
func cliLanguage(lookupEnv func(string) (string, bool)) string {
	for _, k := range []string{"LC_ALL", "LANG"} {
		if v, _ := lookupEnv(k); v != "" {
			if strings.HasPrefix(v, "en") {
				return "en"
			}
			return "fr"
		}
	}
	return "fr"
}

// describe renders an error for the terminal, translated: our validation errors list their fields.
func describe(err error, lang string) string {
	e := errs.As(err)
	if e == nil {
		return err.Error()
	}
	msgs, merr := web.NewMessages() // once: the program ends after describing its error
	if merr != nil {
		return err.Error()
	}
	msg := msgs.Message(lang, e.Key, e.Args)
	for _, f := range e.Fields {
		fm := msgs.Message(lang, f.Key, f.Args)
		msg += fmt.Sprintf("\n  --%s: %s", f.Field, fm)
	}
	if e.Err != nil && e.Kind == errs.Internal {
		msg += ": " + e.Err.Error()
	}
	return msg
}
