package auth

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"maillage/app/errs"
)

// PlatformIssuerKey names the platform's own issuer; tenant issuers use "tenant:<slug>".
const PlatformIssuerKey = "platform"

// Issuer is one OpenID provider configuration: the platform's, or a tenant's own.
type Issuer struct {
	Key          string // PlatformIssuerKey or "tenant:<slug>"
	URL          string // exact issuer; for Entra ID https://login.microsoftonline.com/{tid}/v2.0
	ClientID     string
	ClientSecret string // in clear here; at rest it is sealed by a Keyring
	RedirectURL  string // our callback, absolute
	Scopes       []string
	// EntraTenantID, when set, must equal the token's tid claim. Entra signs every tenant's
	// tokens with the same keys, so the signature alone would accept any Entra tenant.
	EntraTenantID string
	Rules         []RoleRule // claim→role mapping; tenant issuers may map to tenant roles only
	ForTenant     bool       // a tenant's issuer (restricts Rules)
}

// DefaultScopes are requested when an Issuer names none.
var defaultScopes = []string{oidc.ScopeOpenID, "email", "profile"}

// Options are the relying party's collaborators.
type Options struct {
	Attempts   AttemptStore
	HTTPClient *http.Client     // for discovery, JWKS and token calls; a timeout-bound default when nil
	Now        func() time.Time // injected clock for attempt expiry and token expiry
	AttemptTTL time.Duration    // how long a login attempt lives (default 10 minutes)
}

// RelyingParty runs the login flow against one issuer.
type RelyingParty struct {
	iss      Issuer
	oauth    oauth2.Config
	verifier *oidc.IDTokenVerifier
	client   *http.Client
	attempts AttemptStore
	now      func() time.Time
	ttl      time.Duration
}

// NewRelyingParty fetches the issuer's discovery document and prepares the flow. The discovery
// document must name exactly iss.URL as its issuer (Entra's per-tenant issuer included).
func NewRelyingParty(ctx context.Context, iss Issuer, opt Options) (*RelyingParty, error) {
	if err := validateIssuer(iss); err != nil {
		return nil, err
	}
	if opt.Attempts == nil {
		return nil, errors.New("auth: relying party needs an attempt store")
	}
	if opt.HTTPClient == nil {
		opt.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.AttemptTTL <= 0 {
		opt.AttemptTTL = 10 * time.Minute
	}
	// The key set keeps the context it is created with for later JWKS refreshes: give it one
	// that carries our client but not the caller's cancellation.
	octx := oidc.ClientContext(context.WithoutCancel(ctx), opt.HTTPClient)
	provider, err := oidc.NewProvider(octx, iss.URL)
	if err != nil {
		var mismatch *oidc.IssuerMismatchError
		if errors.As(err, &mismatch) {
			return nil, errs.E(errs.Unavailable, KeyIssuerMismatch).
				With(map[string]any{"Expected": mismatch.Provided, "Got": mismatch.Discovered}).Wrap(err)
		}
		return nil, errs.E(errs.Unavailable, KeyProviderDown).Wrap(err)
	}
	scopes := iss.Scopes
	if len(scopes) == 0 {
		scopes = defaultScopes
	}
	return &RelyingParty{
		iss: iss,
		oauth: oauth2.Config{
			ClientID:     iss.ClientID,
			ClientSecret: iss.ClientSecret,
			Endpoint:     provider.Endpoint(),
			RedirectURL:  iss.RedirectURL,
			Scopes:       scopes,
		},
		verifier: provider.VerifierContext(octx, &oidc.Config{ClientID: iss.ClientID, Now: opt.Now}),
		client:   opt.HTTPClient,
		attempts: opt.Attempts,
		now:      opt.Now,
		ttl:      opt.AttemptTTL,
	}, nil
}

// AuthOrigin is the scheme://host[:port] of the provider's authorization endpoint: the login
// page's CSP must allow its form to lead there (form-action applies to redirects too).
func (rp *RelyingParty) AuthOrigin() string {
	u, err := url.Parse(rp.oauth.Endpoint.AuthURL)
	if err != nil {
		return ""
	}
	return u.Scheme + "://" + u.Host
}

// Issuer returns the configuration this relying party runs with.
func (rp *RelyingParty) Issuer() Issuer { return rp.iss }

func validateIssuer(iss Issuer) error {
	v := errs.Validation{Key: KeyConfigInvalid}
	if iss.Key == "" {
		v.Add("key", "auth.error.field_required", nil)
	}
	u, err := url.Parse(iss.URL)
	if err != nil || u.Host == "" || (u.Scheme != "https" && !isLoopback(u.Hostname())) {
		// Plain http only for a provider on this machine (the demo provider, tests).
		v.Add("issuer_url", "auth.error.issuer_url_invalid", nil)
	}
	if iss.ClientID == "" {
		v.Add("client_id", "auth.error.field_required", nil)
	}
	if r, err := url.Parse(iss.RedirectURL); err != nil || !r.IsAbs() {
		v.Add("redirect_url", "auth.error.redirect_url_invalid", nil)
	}
	if err := ValidateRules(iss.Rules, iss.ForTenant); err != nil {
		v.Fields = append(v.Fields, errs.As(err).Fields...)
	}
	return v.Err()
}

func isLoopback(host string) bool {
	return host == "localhost" || host == "127.0.0.1" || host == "::1"
}
