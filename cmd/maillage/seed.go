package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/accounts"
	"maillage/app/errs"
	"maillage/tenants"
)

// demoTenants are real municipalities (MAMH codes), so regions and MRCs are real too.
var demoTenants = []tenants.NewTenant{
	{Slug: "longueuil", Name: "Ville de Longueuil", Kind: "municipality", MunicipalityCode: "58227"},
	{Slug: "saint-jerome", Name: "Ville de Saint-Jérôme", Kind: "municipality", MunicipalityCode: "75017"},
	{Slug: "rimouski", Name: "Ville de Rimouski", Kind: "municipality", MunicipalityCode: "10043"},
}

// DemoAccount is one demo login (the demo identity provider lists the same accounts).
type DemoAccount struct {
	Email  string
	Name   string
	Role   string
	Tenant string // slug for tenant roles, "" for platform roles
}

// demoAccounts has one account per role (and a buyer in a second tenant, to show isolation).
func demoAccounts() []DemoAccount {
	return []DemoAccount{
		{"admin@longueuil.example", "Geneviève Admin", accounts.RoleTenantAdmin, "longueuil"},
		{"acheteur@longueuil.example", "Mathieu Acheteur", accounts.RoleBuyer, "longueuil"},
		{"elue@longueuil.example", "Sophie Élue", accounts.RoleOfficial, "longueuil"},
		{"acheteuse@saint-jerome.example", "Julie Acheteuse", accounts.RoleBuyer, "saint-jerome"},
		{"admin@saint-jerome.example", "Marc Admin", accounts.RoleTenantAdmin, "saint-jerome"},
		{"entreprise@coop-demo.example", "Coop Démo", accounts.RoleEnterprise, ""},
		{"catalogue@pole-demo.example", "Pôle Démo", accounts.RoleCatalogueSteward, ""},
		{"analyste@province.example", "Analyste Provincial", accounts.RoleProvincialAnalyst, ""},
		{"admin@maillage.example", "Admin Plateforme", accounts.RolePlatformAdmin, ""},
	}
}

// demoSet is what the area seeders receive: the demo tenants by slug and demo users by e-mail.
type demoSet struct {
	Tenants map[string]tenants.Tenant
	Users   map[string]uuid.UUID
}

// areaSeeders load each area's demo data; each must be idempotent. Areas add themselves here.
func areaSeeders() []func(ctx context.Context, db *gorm.DB, d demoSet, out io.Writer) error {
	return []func(ctx context.Context, db *gorm.DB, d demoSet, out io.Writer) error{seedCatalogue, seedDeclarations, seedSuppliers, seedRules, seedOpportunities, seedBilling}
}

func seedCmd(ctx context.Context, cfg config, args []string, out io.Writer) error {
	if len(args) >= 1 && args[0] == "bench" {
		return seedBench(ctx, cfg, args[1:], out)
	}
	if len(args) != 1 || args[0] != "demo" {
		return errors.New("usage: maillage seed demo | maillage seed bench [--tenants N] [--suppliers N] [--big N]")
	}
	if cfg.Env == "production" {
		return errors.New("seed demo refuses to run with MAILLAGE_ENV=production")
	}
	db, err := appDB(ctx, cfg)
	if err != nil {
		return err
	}
	ctx = cliCtx(ctx)
	d, err := seedCore(ctx, db, out)
	if err != nil {
		return err
	}
	for _, seed := range areaSeeders() {
		if err := seed(ctx, db, d, out); err != nil {
			return err
		}
	}
	fmt.Fprintln(out, "demo data ready")
	return nil
}

// seedCore creates the demo tenants and accounts (idempotent).
func seedCore(ctx context.Context, db *gorm.DB, out io.Writer) (demoSet, error) {
	d := demoSet{Tenants: map[string]tenants.Tenant{}, Users: map[string]uuid.UUID{}}
	ts := tenants.NewStore(db)
	for _, n := range demoTenants {
		t, err := ts.BySlug(ctx, n.Slug)
		if errs.Is(err, errs.NotFound) {
			t, err = ts.Create(ctx, n)
			if err == nil {
				fmt.Fprintf(out, "tenant %s created\n", t.Slug)
			}
		}
		if err != nil {
			return d, fmt.Errorf("seed tenant %s: %w", n.Slug, err)
		}
		d.Tenants[t.Slug] = t
	}
	acc := accounts.NewStore(db)
	for _, a := range demoAccounts() {
		var u accounts.User
		var err error
		if a.Tenant != "" {
			u, err = acc.GrantTenantRole(ctx, d.Tenants[a.Tenant].ID, a.Email, a.Role)
		} else {
			u, err = acc.GrantPlatformRole(ctx, a.Email, a.Role, nil)
		}
		if err != nil {
			return d, fmt.Errorf("seed account %s: %w", a.Email, err)
		}
		if err := acc.SetNameIfEmpty(ctx, u.ID, a.Name); err != nil {
			return d, err
		}
		d.Users[a.Email] = u.ID
	}
	return d, nil
}
