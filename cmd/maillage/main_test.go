package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"maillage/app/testdb"
)

// cli runs the command line against a fresh database as a user would, and returns output and error text.
type cli struct {
	t   *testing.T
	env map[string]string
}

// envOf is os.LookupEnv over env (nil: an empty environment).
func envOf(env map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) {
		v, ok := env[k]
		return v, ok
	}
}

func newCLI(t *testing.T) *cli {
	db := testdb.New(t)
	return &cli{t: t, env: map[string]string{"DATABASE_URL": db.AppURL, "MIGRATION_DATABASE_URL": db.OwnerURL, "LANG": "fr_CA.UTF-8", "MAILLAGE_ENV": "test"}}
}

func (c *cli) run(args ...string) (string, string) {
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, envOf(c.env), &out, &errOut)
	msg := ""
	if err != nil {
		msg = describe(err, cliLanguage(envOf(c.env)))
	}
	return out.String(), msg
}

func TestCommandLine(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	steps := []struct {
		name    string
		args    []string
		wantOut string
		wantErr string // "" means success
	}{
		{"no command", nil, "", "no command given"},
		{"unknown command", []string{"fly"}, "", `unknown command "fly"`},
		{"migrations are current", []string{"migrate", "status"}, "0001_platform.sql", ""},
		{"bad migrate verb", []string{"migrate", "sideways"}, "", "unknown migrate command"},
		{"tenant without name", []string{"tenant", "create", "--slug", "x"}, "", "--slug and --name are required"},
		{"tenant with bad slug", []string{"tenant", "create", "--slug", "Bad Slug", "--name", "Ville"}, "", "L’identifiant doit contenir"},
		{"tenant with unknown municipality", []string{"tenant", "create", "--slug", "x", "--name", "Ville X", "--municipality", "99999"}, "", "99999 n’existe pas"},
		{"tenant with unknown kind", []string{"tenant", "create", "--slug", "x", "--name", "Ville X", "--kind", "castle"}, "", "Type d’organisme inconnu"},
		{"unknown flag", []string{"tenant", "create", "--colour", "red"}, "", "flag provided but not defined"},
		{"tenant from the MAMH list", []string{"tenant", "create", "--slug", "granby", "--name", "Ville de Granby", "--municipality", "47017"}, "created tenant granby", ""},
		{"duplicate slug", []string{"tenant", "create", "--slug", "granby", "--name", "Autre"}, "", "déjà utilisé"},
		{"tenant list shows the derived region", []string{"tenant", "list"}, "granby", ""},
		{"grant needs a scope", []string{"user", "grant", "--email", "a@b.example", "--role", "buyer"}, "", "exactly one of --tenant"},
		{"grant with unknown role", []string{"user", "grant", "--tenant", "granby", "--email", "a@b.example", "--role", "king"}, "", "Rôle inconnu"},
		{"grant with bad e-mail", []string{"user", "grant", "--tenant", "granby", "--email", "nope", "--role", "buyer"}, "", "courriel invalide"},
		{"grant to unknown tenant", []string{"user", "grant", "--tenant", "nowhere", "--email", "a@b.example", "--role", "buyer"}, "", `tenant "nowhere" not found`},
		{"grant a buyer", []string{"user", "grant", "--tenant", "granby", "--email", "Acheteur@Granby.example", "--role", "buyer"}, "granted buyer in granby to acheteur@granby.example", ""},
		{"grant a platform role", []string{"user", "grant", "--platform", "--email", "pole@estrie.example", "--role", "catalogue_steward", "--regions", "05"}, "granted platform role catalogue_steward", ""},
		{"token for unknown user", []string{"token", "create", "--email", "ghost@x.example"}, "", "no user with e-mail"},
		{"token with absurd ttl", []string{"token", "create", "--email", "acheteur@granby.example", "--ttl", "100000h"}, "", "durée de validité"},
		{"token", []string{"token", "create", "--email", "acheteur@granby.example", "--name", "ci"}, "mlg_", ""},
		{"revoke", []string{"user", "revoke", "--tenant", "granby", "--email", "acheteur@granby.example", "--role", "buyer"}, "revoked buyer", ""},
		{"revoke again", []string{"user", "revoke", "--tenant", "granby", "--email", "acheteur@granby.example", "--role", "buyer"}, "", "n’a pas ce rôle"},
	}
	if out, msg := c.run("migrate", "up"); msg != "" {
		t.Fatalf("migrate up: %s %s", out, msg)
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			out, msg := c.run(s.args...)
			if s.wantErr == "" && msg != "" {
				t.Fatalf("unexpected error: %s", msg)
			}
			if s.wantErr != "" && !strings.Contains(msg, s.wantErr) {
				t.Fatalf("error %q, want it to contain %q", msg, s.wantErr)
			}
			if !strings.Contains(out, s.wantOut) {
				t.Fatalf("output %q lacks %q", out, s.wantOut)
			}
		})
	}
}

func TestSeedDemoIsIdempotent(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	for i := 0; i < 2; i++ {
		if out, msg := c.run("seed", "demo"); msg != "" || !strings.Contains(out, "demo data ready") {
			t.Fatalf("seed run %d: %s %s", i+1, out, msg)
		}
	}
	out, _ := c.run("tenant", "list")
	for _, slug := range []string{"longueuil", "saint-jerome", "rimouski"} {
		if strings.Count(out, slug) != 1 {
			t.Fatalf("tenant list after two seeds:\n%s", out)
		}
	}
	c.env["MAILLAGE_ENV"] = "production"
	c.env["MAILLAGE_SECRET_KEY"] = strings.Repeat("s", 40)
	if _, msg := c.run("seed", "demo"); !strings.Contains(msg, "refuses") {
		t.Fatalf("seed in production: %q", msg)
	}
}

func TestServeRefusesPrivilegedRoles(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	env := map[string]string{"DATABASE_URL": db.OwnerURL, "MAILLAGE_ADDR": "127.0.0.1:0", "MAILLAGE_METRICS_ADDR": "", "MAILLAGE_ENV": "test"}
	err := run(context.Background(), []string{"serve"}, envOf(env), &bytes.Buffer{}, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "refusing to start") {
		t.Fatalf("serve as the owner role: %v", err)
	}
}
