package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"syscall"

	"maillage/app/auth"
	"maillage/app/auth/demoidp"
	"maillage/app/outbound"
	"maillage/app/web"
)

// identity returns the login configuration: the platform provider from MAILLAGE_OIDC_*, or, when
// none is set outside production, the in-process demo provider (a real OpenID provider with the
// demo accounts of `seed demo`) on MAILLAGE_DEMO_IDP_ADDR. translate is the program's messages (the
// demo provider's account picker speaks French and English).
func identity(cfg config, log *slog.Logger, translate func(lang, id string) string) (web.AuthDeps, func(), error) {
	var d web.AuthDeps
	stop := func() {}
	allow, err := outbound.ParseAllow(cfg.OutboundAllow)
	if err != nil {
		return d, stop, err
	}
	d.HTTPClient = outbound.New(outbound.Options{AllowInsecure: cfg.Env != "production", Allow: allow})
	if cfg.OIDCIssuer != "" {
		d.Platform = auth.Issuer{URL: cfg.OIDCIssuer, ClientID: cfg.OIDCClientID, ClientSecret: cfg.OIDCSecret}
		return d, stop, nil
	}
	if cfg.Env == "production" {
		return d, stop, fmt.Errorf("MAILLAGE_OIDC_ISSUER is required in production (the demo identity provider never runs there)")
	}
	accounts := demoIdPAccounts()
	idp, err := demoidp.Start(func(k string) string {
		if k == "MAILLAGE_ENV" {
			return cfg.Env
		}
		return ""
	}, demoidp.Config{Listen: cfg.DemoIdPAddr, Advertise: cfg.DemoIdPPublic, Accounts: accounts,
		Translate: translate})
	if errors.Is(err, syscall.EADDRINUSE) {
		return d, stop, fmt.Errorf("demo identity provider: %w", portError("MAILLAGE_DEMO_IDP_ADDR", cfg.DemoIdPAddr, err))
	}
	if err != nil {
		return d, stop, fmt.Errorf("demo identity provider: %w", err)
	}
	log.Warn("demo identity provider running: anyone can log in as a demo account (never in production)", "issuer", idp.Issuer())
	d.Platform = auth.Issuer{URL: idp.Issuer(), ClientID: idp.ClientID(), ClientSecret: idp.ClientSecret()}
	d.DemoAccounts = accounts
	return d, func() { _ = idp.Shutdown(context.Background()) }, nil
}

// demoIdPAccounts are the demo accounts of `seed demo`, as the demo provider knows them: their
// verified e-mail binds them to the users the seed pre-granted.
func demoIdPAccounts() []demoidp.Account {
	var out []demoidp.Account
	for _, a := range demoAccounts() {
		out = append(out, demoidp.Account{Key: a.Email, Role: a.Role, Subject: "demo-" + strings.NewReplacer("@", "-at-", ".", "-").Replace(a.Email),
			Email: a.Email, EmailVerified: true, Name: a.Name})
	}
	return out
}
