package auth

import "maillage/app/errs"

// Message IDs of the refusals this package returns (frontend/locales/auth.*.toml). Every login
// failure is Unauthenticated except a bad return-to (Invalid) and configuration problems.
const (
	KeyStateInvalid     = "auth.error.state_invalid"     // unknown, reused, expired or foreign state
	KeyProviderError    = "auth.error.provider_error"    // the provider answered with ?error=
	KeyCodeRejected     = "auth.error.code_rejected"     // token exchange refused (replayed code, PKCE)
	KeyNoIDToken        = "auth.error.no_id_token"       // token response without id_token
	KeyTokenInvalid     = "auth.error.token_invalid"     // bad signature or malformed token
	KeyTokenExpired     = "auth.error.token_expired"     // exp in the past
	KeyTokenAudience    = "auth.error.token_audience"    // issued to another client
	KeyTokenIssuer      = "auth.error.token_issuer"      // issued by another provider
	KeyNonceMismatch    = "auth.error.nonce_mismatch"    // not the token of this login attempt
	KeyTenantMismatch   = "auth.error.tenant_mismatch"   // Entra tid is not the configured tenant
	KeyGroupOverage     = "auth.error.group_overage"     // groups omitted by the provider: deny
	KeyEmailUnverified  = "auth.error.email_unverified"  // pre-granted email but not verified
	KeyNoAccount        = "auth.error.no_account"        // identity known to nobody here
	KeyEmailRequired    = "auth.error.email_required"    // sign-up without a verified e-mail
	KeyReturnToInvalid  = "auth.error.return_to_invalid" // open-redirect attempt
	KeyProviderDown     = "auth.error.provider_down"     // discovery or JWKS unreachable
	KeyIssuerMismatch   = "auth.error.issuer_mismatch"   // discovery document names another issuer
	KeyConfigInvalid    = "auth.error.config_invalid"    // issuer settings incomplete or wrong
	KeySecretUndecrypt  = "auth.error.secret_undecryptable"
	KeyDemoInProduction = "auth.error.demo_in_production"
)

func refuse(key string, cause error) error {
	return errs.E(errs.Unauthenticated, key).Wrap(cause)
}
