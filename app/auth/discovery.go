package auth

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"maillage/app/errs"
	"maillage/app/outbound"
)

// Discovery is the part of a provider's discovery document a tenant admin is shown after
// "test connection".
type Discovery struct {
	Issuer                string   `json:"issuer"`
	AuthorizationEndpoint string   `json:"authorization_endpoint"`
	TokenEndpoint         string   `json:"token_endpoint"`
	JWKSURI               string   `json:"jwks_uri"`
	CodeChallengeMethods  []string `json:"code_challenge_methods_supported"`
	ScopesSupported       []string `json:"scopes_supported"`
}

// maxDiscovery bounds the discovery document we read from a tenant-supplied URL.
const maxDiscovery = 256 << 10

// TestConnection fetches issuerURL's discovery document and checks what the login needs: the
// same issuer, the endpoints, and S256 PKCE when the provider lists its methods. The URL
// comes from a tenant admin, so it goes through the same https rule as any issuer.
func TestConnection(ctx context.Context, client *http.Client, issuerURL string) (Discovery, error) {
	u, err := url.Parse(issuerURL)
	if err != nil || u.Host == "" || (u.Scheme != "https" && !isLoopback(u.Hostname())) {
		return Discovery{}, errs.E(errs.Invalid, KeyConfigInvalid).Field("issuer_url", "auth.error.issuer_url_invalid", nil)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimSuffix(issuerURL, "/")+"/.well-known/openid-configuration", nil)
	if err != nil {
		return Discovery{}, errs.E(errs.Invalid, KeyConfigInvalid).Wrap(err)
	}
	resp, err := client.Do(req)
	if outbound.Refused(err) {
		// The guarded client refused the address (private, loopback, link-local), the scheme or the size:
		// the admin's setting is wrong, not the provider down.
		return Discovery{}, errs.E(errs.Invalid, KeyConfigInvalid).Wrap(err).Field("issuer_url", "auth.error.issuer_address_refused", nil)
	}
	if err != nil {
		return Discovery{}, errs.E(errs.Unavailable, KeyProviderDown).Wrap(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return Discovery{}, errs.E(errs.Unavailable, KeyProviderDown).Wrap(fmt.Errorf("discovery: status %d", resp.StatusCode))
	}
	var d Discovery
	if err := json.NewDecoder(io.LimitReader(resp.Body, maxDiscovery)).Decode(&d); err != nil {
		return Discovery{}, errs.E(errs.Unavailable, "auth.error.discovery_invalid").Wrap(err)
	}
	if d.Issuer != issuerURL {
		return d, errs.E(errs.Invalid, KeyIssuerMismatch).With(map[string]any{"Expected": issuerURL, "Got": d.Issuer})
	}
	if d.AuthorizationEndpoint == "" || d.TokenEndpoint == "" || d.JWKSURI == "" {
		return d, errs.E(errs.Invalid, "auth.error.discovery_invalid")
	}
	if len(d.CodeChallengeMethods) > 0 && !contains(d.CodeChallengeMethods, "S256") {
		return d, errs.E(errs.Invalid, "auth.error.no_pkce_s256")
	}
	return d, nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
