package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"maillage/app/accounts"
	"maillage/app/audit"
	"maillage/tenants"
)

// cliCtx marks CLI changes in the audit log.
func cliCtx(ctx context.Context) context.Context {
	return audit.WithActor(ctx, audit.Actor{Label: "cli"})
}

func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are returned and printed once by main
	return fs
}

func tenantCmd(ctx context.Context, cfg config, args []string, out io.Writer) error {
	if len(args) == 0 {
		return errors.New("usage: maillage tenant create|list")
	}
	db, err := appDB(ctx, cfg)
	if err != nil {
		return err
	}
	st := tenants.NewStore(db)
	switch args[0] {
	case "create":
		fs := newFlags("tenant create")
		slug := fs.String("slug", "", "URL identifier, e.g. saint-jerome")
		name := fs.String("name", "", "official name")
		kind := fs.String("kind", "municipality", strings.Join(tenants.Kinds, ", "))
		region := fs.String("region", "", "administrative region 01-17")
		muni := fs.String("municipality", "", "MAMH geographic code")
		pop := fs.Int("population", -1, "population (default: from the MAMH list)")
		if err := fs.Parse(args[1:]); err != nil {
			return fmt.Errorf("tenant create: %w", err)
		}
		if *slug == "" || *name == "" {
			return errors.New("tenant create: --slug and --name are required")
		}
		n := tenants.NewTenant{Slug: *slug, Name: *name, Kind: *kind, RegionCode: *region, MunicipalityCode: *muni}
		if *pop >= 0 {
			n.Population = pop
		}
		t, err := st.Create(cliCtx(ctx), n)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "created tenant %s (%s) id=%s\n", t.Slug, t.Name, t.ID)
		return nil
	case "list":
		ts, err := st.List(ctx)
		if err != nil {
			return err
		}
		w := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "SLUG\tNAME\tKIND\tREGION\tSTATUS")
		for _, t := range ts {
			r := ""
			if t.RegionCode != nil {
				r = *t.RegionCode
			}
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", t.Slug, t.Name, t.Kind, r, t.Status)
		}
		return w.Flush()
	}
	return fmt.Errorf("unknown tenant command %q", args[0])
}

func userCmd(ctx context.Context, cfg config, args []string, out io.Writer) error {
	if len(args) == 0 || (args[0] != "grant" && args[0] != "revoke") {
		return errors.New("usage: maillage user grant|revoke --email E --role R (--tenant S | --platform)")
	}
	fs := newFlags("user " + args[0])
	email := fs.String("email", "", "e-mail of the person")
	role := fs.String("role", "", "role")
	tenantSlug := fs.String("tenant", "", "tenant slug (tenant roles)")
	platform := fs.Bool("platform", false, "a platform role")
	regions := fs.String("regions", "", "comma-separated regions limiting a catalogue steward")
	if err := fs.Parse(args[1:]); err != nil {
		return fmt.Errorf("user %s: %w", args[0], err)
	}
	if *email == "" {
		return fmt.Errorf("user %s: --email is required", args[0])
	}
	if (*tenantSlug == "") == !*platform {
		return fmt.Errorf("user %s: give exactly one of --tenant S or --platform", args[0])
	}
	db, err := appDB(ctx, cfg)
	if err != nil {
		return err
	}
	acc := accounts.NewStore(db)
	ctx = cliCtx(ctx)
	if *platform {
		if *role == "" {
			return fmt.Errorf("user %s: --role is required with --platform", args[0])
		}
		if args[0] == "grant" {
			var rs []string
			if *regions != "" {
				rs = strings.Split(*regions, ",")
			}
			u, err := acc.GrantPlatformRole(ctx, *email, *role, rs)
			if err != nil {
				return err
			}
			fmt.Fprintf(out, "granted platform role %s to %s (user %s)\n", *role, u.Email, u.ID)
			return nil
		}
		if err := acc.RevokePlatformRole(ctx, *email, *role); err != nil {
			return err
		}
		fmt.Fprintf(out, "revoked platform role %s from %s\n", *role, *email)
		return nil
	}
	t, err := tenants.NewStore(db).BySlug(ctx, *tenantSlug)
	if err != nil {
		return fmt.Errorf("tenant %q not found", *tenantSlug)
	}
	if args[0] == "grant" {
		if *role == "" {
			return errors.New("user grant: --role is required")
		}
		u, err := acc.GrantTenantRole(ctx, t.ID, *email, *role)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "granted %s in %s to %s (user %s)\n", *role, t.Slug, u.Email, u.ID)
		return nil
	}
	if err := acc.RevokeTenantRole(ctx, t.ID, *email, *role); err != nil {
		return err
	}
	fmt.Fprintf(out, "revoked %s in %s from %s\n", orAll(*role), t.Slug, *email)
	return nil
}

func orAll(role string) string {
	if role == "" {
		return "every role"
	}
	return role
}

func tokenCmd(ctx context.Context, cfg config, args []string, out io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return errors.New("usage: maillage token create --email E [--name N] [--ttl 720h]")
	}
	fs := newFlags("token create")
	email := fs.String("email", "", "owner's e-mail (must exist: grant a role first)")
	name := fs.String("name", "cli", "a name to recognise the token")
	ttl := fs.Duration("ttl", 720*time.Hour, "validity")
	if err := fs.Parse(args[1:]); err != nil {
		return fmt.Errorf("token create: %w", err)
	}
	if *email == "" {
		return errors.New("token create: --email is required")
	}
	db, err := appDB(ctx, cfg)
	if err != nil {
		return err
	}
	var u accounts.User
	res := db.WithContext(ctx).Where("email = ?", accounts.NormalizeEmail(*email)).Order("last_login_at DESC NULLS LAST").Limit(1).Find(&u)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("token create: no user with e-mail %s (grant them a role first)", *email)
	}
	secret, tok, err := accounts.NewTokens(db, nil).Create(ctx, u.ID, *name, *ttl)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "%s\n", secret)
	fmt.Fprintf(out, "# token %s for %s, expires %s. Shown once: store it now. Use: Authorization: Bearer <token>\n",
		tok.ID, u.Email, tok.ExpiresAt.Format(time.RFC3339))
	return nil
}
