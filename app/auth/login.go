package auth

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// BeginRequest starts a login.
type BeginRequest struct {
	ReturnTo   string // where to land after login; checked by SafeReturnTo
	TenantSlug string // the tenant whose login page this is, or ""
	LoginHint  string // passed to the provider (the demo provider uses it to pick an account)
	Locale     string // the person's language, passed as ui_locales ("fr", "en")
}

// Begun is what the browser needs: where to go, and the binding secret to keep in a
// short-lived cookie (HttpOnly, Secure, SameSite=Lax so it comes back on the provider's redirect).
type Begun struct {
	RedirectURL string
	Binding     string
	ExpiresAt   time.Time
}

// Begin creates a single-use login attempt (state, nonce, PKCE verifier, browser binding) and
// returns the provider's authorization URL.
func (rp *RelyingParty) Begin(ctx context.Context, req BeginRequest) (Begun, error) {
	returnTo, err := SafeReturnTo(req.ReturnTo)
	if err != nil {
		return Begun{}, err
	}
	state, nonce, binding, verifier := randomToken(), randomToken(), randomToken(), oauth2.GenerateVerifier()
	expires := rp.now().Add(rp.ttl)
	err = rp.attempts.SaveAttempt(ctx, LoginAttempt{
		StateHash: HashToken(state), BindingHash: HashToken(binding), Nonce: nonce, Verifier: verifier,
		IssuerKey: rp.iss.Key, TenantSlug: req.TenantSlug, ReturnTo: returnTo, ExpiresAt: expires,
	})
	if err != nil {
		return Begun{}, fmt.Errorf("save login attempt: %w", err)
	}
	opts := []oauth2.AuthCodeOption{oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier)}
	if req.LoginHint != "" {
		opts = append(opts, oauth2.SetAuthURLParam("login_hint", req.LoginHint))
	}
	if req.Locale != "" {
		opts = append(opts, oauth2.SetAuthURLParam("ui_locales", req.Locale))
	}
	return Begun{RedirectURL: rp.oauth.AuthCodeURL(state, opts...), Binding: binding, ExpiresAt: expires}, nil
}

// Callback is what came back: the query of the redirect and the binding cookie.
type Callback struct {
	State            string
	Code             string
	Error            string // the provider's ?error=
	ErrorDescription string
	Binding          string // value of the binding cookie; empty when the cookie is missing
}

// Identity is a verified login.
type Identity struct {
	IssuerKey     string
	Issuer        string // iss
	Subject       string // sub; (Issuer, Subject) is the person's key
	Email         string
	EmailVerified bool
	Name          string
	Groups        []string
	Roles         []string // granted by the issuer's claim→role rules
	TenantSlug    string   // from the attempt
	ReturnTo      string   // from the attempt, already safe
}

// Complete checks the callback against its attempt, exchanges the code (with the PKCE
// verifier), verifies the ID token and its nonce, and returns the identity. The attempt is
// consumed whatever the outcome, so a state works at most once.
func (rp *RelyingParty) Complete(ctx context.Context, cb Callback) (Identity, error) {
	if cb.State == "" {
		return Identity{}, refuse(KeyStateInvalid, errors.New("no state"))
	}
	a, found, err := rp.attempts.TakeAttempt(ctx, HashToken(cb.State))
	if err != nil {
		return Identity{}, fmt.Errorf("take login attempt: %w", err)
	}
	switch {
	case !found:
		return Identity{}, refuse(KeyStateInvalid, errors.New("unknown or used state"))
	case cb.Binding == "" || subtle.ConstantTimeCompare([]byte(HashToken(cb.Binding)), []byte(a.BindingHash)) != 1:
		return Identity{}, refuse(KeyStateInvalid, errors.New("state started in another browser"))
	case a.IssuerKey != rp.iss.Key:
		return Identity{}, refuse(KeyStateInvalid, fmt.Errorf("state of issuer %q used at %q", a.IssuerKey, rp.iss.Key))
	case !rp.now().Before(a.ExpiresAt):
		return Identity{}, refuse(KeyStateInvalid, errors.New("login attempt expired"))
	case cb.Error != "":
		return Identity{}, refuse(KeyProviderError, fmt.Errorf("provider: %s: %s", cb.Error, cb.ErrorDescription))
	case cb.Code == "":
		return Identity{}, refuse(KeyCodeRejected, errors.New("no code"))
	}

	hctx := oidc.ClientContext(ctx, rp.client)
	tok, err := rp.oauth.Exchange(hctx, cb.Code, oauth2.VerifierOption(a.Verifier))
	if err != nil {
		return Identity{}, refuse(KeyCodeRejected, err)
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return Identity{}, refuse(KeyNoIDToken, errors.New("token response has no id_token"))
	}
	idt, err := rp.verifier.Verify(hctx, raw)
	if err != nil {
		return Identity{}, refuse(rp.classify(err, raw), err)
	}
	// go-oidc does not check the nonce: this is what ties the token to this attempt.
	if subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(a.Nonce)) != 1 {
		return Identity{}, refuse(KeyNonceMismatch, errors.New("nonce differs from the attempt's"))
	}
	return rp.identity(idt, a)
}

// classify names a verification failure. go-oidc types only expiry; for the rest it reads the
// unverified claims, which only choose the message: the token is refused in every case.
func (rp *RelyingParty) classify(err error, raw string) string {
	var expired *oidc.TokenExpiredError
	if errors.As(err, &expired) {
		return KeyTokenExpired
	}
	claims, perr := unverifiedClaims(raw)
	if perr != nil {
		return KeyTokenInvalid
	}
	if iss, _ := claims["iss"].(string); iss != rp.iss.URL {
		return KeyTokenIssuer
	}
	if !claimHas(claims["aud"], rp.iss.ClientID) {
		return KeyTokenAudience
	}
	return KeyTokenInvalid
}

func (rp *RelyingParty) identity(idt *oidc.IDToken, a LoginAttempt) (Identity, error) {
	var claims map[string]any
	if err := idt.Claims(&claims); err != nil {
		return Identity{}, refuse(KeyTokenInvalid, err)
	}
	if rp.iss.EntraTenantID != "" {
		if tid, _ := claims["tid"].(string); !strings.EqualFold(tid, rp.iss.EntraTenantID) {
			return Identity{}, refuse(KeyTenantMismatch, fmt.Errorf("tid %q, want %q", tid, rp.iss.EntraTenantID))
		}
	}
	if groupOverage(claims) {
		return Identity{}, refuse(KeyGroupOverage, errors.New("groups claim omitted (overage)"))
	}
	email, _ := claims["email"].(string)
	verified, _ := claims["email_verified"].(bool)
	name, _ := claims["name"].(string)
	if name == "" {
		name, _ = claims["preferred_username"].(string)
	}
	return Identity{
		IssuerKey: rp.iss.Key, Issuer: idt.Issuer, Subject: idt.Subject,
		Email: strings.ToLower(strings.TrimSpace(email)), EmailVerified: verified, Name: name,
		Groups: stringsClaim(claims["groups"]), Roles: MapRoles(rp.iss.Rules, claims),
		TenantSlug: a.TenantSlug, ReturnTo: a.ReturnTo,
	}, nil
}
