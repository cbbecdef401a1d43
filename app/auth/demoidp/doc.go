// Package demoidp is the demo and test identity provider: a real OpenID Connect provider
// (github.com/oauth2-proxy/mockoidc: discovery, JWKS, RS256-signed ID tokens, single-use codes,
// PKCE) running in-process, with one demo account per Maillage role. A person picks an account
// on its own page, then the application goes through the real authorization-code flow; there is
// no login bypass anywhere.
//
// It runs on its own listener (loopback by default), not under a prefix of the application's
// server: mockoidc builds its own mux and derives its issuer from the listener's address, so
// its endpoints live at <issuer>=http://HOST:PORT/oidc. Config.Advertise sets the host:port
// written in the issuer when the listener's address is not what browsers use (a container
// listening on 0.0.0.0). Start runs only when MAILLAGE_ENV is development or test (unset means production).
package demoidp
