// Package auth is Maillage's OpenID Connect relying party and the identity rules around it.
//
// It runs the authorization-code flow with PKCE (S256), a single-use state and nonce bound to
// the browser through a short-lived login attempt (AttemptStore), verifies ID tokens with
// go-oidc (signature through the provider's JWKS, issuer, audience, expiry) and checks the
// nonce itself, because go-oidc does not. It maps provider claims to Maillage roles, decides
// how an identity (issuer, subject) is bound to a user pre-granted by email, restricts
// return-to URLs to our own paths, and seals per-tenant client secrets with AES-256-GCM.
//
// The flow itself (login.go, issuer.go, roles.go, returnto.go, secretbox.go) is plain Go with no
// database; the PostgreSQL stores (pg*.go, idpstore.go, rolesync.go, failures.go) back its
// interfaces. No Fiber here: app/web adapts it to HTTP. Every refusal is an *errs.Error with an
// "auth.*" message ID.
package auth
