package web

import (
	"net/http"
	"strings"

	"maillage/app/auth"
	"maillage/app/auth/demoidp"
	"maillage/app/outbound"
)

// AuthDeps configures logging in.
type AuthDeps struct {
	// Platform is the platform's OpenID provider (URL, ClientID, ClientSecret); RedirectURL and Key
	// are set here. An empty URL means nobody can log in (the login page says so).
	Platform auth.Issuer
	// DemoAccounts, when the demo provider runs, are listed on the login page.
	DemoAccounts []demoidp.Account
	HTTPClient   *http.Client // to the providers; nil: the guarded outbound client for cfg.Env (app/outbound)
}

// authKit is what the login, account and tenant-admin handlers share.
type authKit struct {
	platform auth.Issuer
	registry *auth.Registry
	attempts *auth.PGAttempts
	users    *auth.PGUsers
	idps     *auth.IdPStore
	failures *auth.FailureLog
	demo     []demoidp.Account
	client   *http.Client
}

func newAuthKit(cfg Config, d Deps) (*authKit, error) {
	client := d.Auth.HTTPClient
	if client == nil {
		// Issuers are addresses tenant admins type: the guarded client (no loopback or private targets,
		// https only in production, bounded time and size).
		client = outbound.New(outbound.Options{AllowInsecure: cfg.Env != "production"})
	}
	attempts := d.Services.Auth.Attempts
	platform := d.Auth.Platform
	platform.Key = auth.PlatformIssuerKey
	platform.RedirectURL = strings.TrimRight(cfg.BaseURL, "/") + "/auth/callback"
	if len(platform.Scopes) == 0 {
		platform.Scopes = []string{"openid", "email", "profile"}
	}
	return &authKit{
		platform: platform,
		registry: auth.NewRegistry(auth.Options{Attempts: attempts, HTTPClient: client, Now: d.Now}),
		attempts: attempts,
		users:    d.Services.Auth.Users,
		idps:     d.Services.Auth.IdPs,
		failures: d.Services.Auth.Failures,
		demo:     d.Auth.DemoAccounts,
		client:   client,
	}, nil
}

// tenantCallback is the redirect URI a tenant registers at its own provider.
func tenantCallback(cfg Config, slug string) string {
	return strings.TrimRight(cfg.BaseURL, "/") + "/t/" + slug + "/auth/callback"
}
