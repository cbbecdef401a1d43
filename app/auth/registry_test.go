package auth_test

import (
	"context"
	"testing"

	"maillage/app/auth"
	"maillage/app/auth/demoidp"
)

func TestRegistry(t *testing.T) {
	t.Parallel()
	idp, err := demoidp.Start(func(string) string { return "test" }, demoidp.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = idp.Shutdown(context.Background()) })
	reg := auth.NewRegistry(auth.Options{Attempts: auth.NewMemoryAttempts()})
	iss := auth.Issuer{Key: "tenant:ville", URL: idp.Issuer(), ClientID: idp.ClientID(), ClientSecret: idp.ClientSecret(),
		RedirectURL: callbackURL, ForTenant: true}
	ctx := context.Background()

	first, err := reg.Get(ctx, iss)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := reg.Get(ctx, iss)
	changed := iss
	changed.Rules = []auth.RoleRule{{Claim: "groups", Value: "Achats", Role: auth.RoleBuyer}}
	rebuilt, err := reg.Get(ctx, changed)
	if err != nil {
		t.Fatal(err)
	}
	broken := changed
	broken.URL = "http://127.0.0.1:1/oidc"
	tests := []struct {
		name string
		ok   bool
	}{
		{"same configuration reuses the relying party", first == again},
		{"changed configuration rebuilds it", rebuilt != first && len(rebuilt.Issuer().Rules) == 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if !tc.ok {
				t.Fail()
			}
		})
	}
	t.Run("a broken configuration is refused, not cached", func(t *testing.T) {
		if _, err := reg.Get(ctx, broken); err == nil {
			t.Fatal("unreachable provider accepted")
		}
		if rp, err := reg.Get(ctx, changed); err != nil || rp != rebuilt {
			t.Fatalf("Get after failure = %v, %v", rp, err)
		}
	})
}
