package demoidp

import (
	"encoding/json"
	"slices"

	"github.com/golang-jwt/jwt/v5"
	"github.com/oauth2-proxy/mockoidc"
)

// Account is one person the demo provider can log in.
type Account struct {
	Key           string // login_hint value and picker entry, e.g. "buyer"
	Role          string // the Maillage role this account demonstrates (the seed grants it)
	Subject       string // sub claim
	Email         string
	EmailVerified bool
	Name          string
	Groups        []string
	Extra         map[string]any // more ID token claims (tests: tid, _claim_names, …)
}

// Accounts returns the demo accounts, one per role; a fresh slice each call.
func Accounts() []Account {
	mk := func(key, name string) Account {
		return Account{
			Key: key, Role: key, Subject: "demo-" + key, Email: key + "@demo.maillage.test",
			EmailVerified: true, Name: name, Groups: []string{"maillage-" + key},
		}
	}
	return []Account{
		mk("tenant_admin", "Alice Administratrice"),
		mk("buyer", "Bruno Acheteur"),
		mk("official", "Odette Élue"),
		mk("enterprise", "Émile Entreprise"),
		mk("catalogue_steward", "Camille Gardienne"),
		mk("provincial_analyst", "Paul Analyste"),
		mk("platform_admin", "Pia Plateforme"),
	}
}

// user adapts an Account to mockoidc.User.
type user struct{ a Account }

func (u user) ID() string { return u.a.Subject }

func (u user) Userinfo(scopes []string) ([]byte, error) {
	return json.Marshal(u.scoped(scopes, map[string]any{"sub": u.a.Subject}))
}

func (u user) Claims(scopes []string, base *mockoidc.IDTokenClaims) (jwt.Claims, error) {
	raw, err := json.Marshal(base)
	if err != nil {
		return nil, err
	}
	claims := jwt.MapClaims{}
	if err := json.Unmarshal(raw, &claims); err != nil {
		return nil, err
	}
	return jwt.MapClaims(u.scoped(scopes, claims)), nil
}

// scoped adds the claims the requested scopes allow, as a real provider does.
func (u user) scoped(scopes []string, claims map[string]any) map[string]any {
	if slices.Contains(scopes, "email") {
		claims["email"] = u.a.Email
		claims["email_verified"] = u.a.EmailVerified
	}
	if slices.Contains(scopes, "profile") {
		claims["name"] = u.a.Name
		claims["preferred_username"] = u.a.Key
	}
	// Groups come whatever the scopes, as Entra ID sends them when the application is set up
	// to (there is no standard "groups" scope to ask for them).
	if u.a.Groups != nil {
		claims["groups"] = u.a.Groups
	}
	for k, v := range u.a.Extra {
		claims[k] = v
	}
	return claims
}
