package auth_test

import (
	"encoding/json"
	"slices"
	"testing"

	"maillage/app/auth"
	"maillage/app/errs"
)

func TestMapRoles(t *testing.T) {
	t.Parallel()
	rules := []auth.RoleRule{
		{Claim: "groups", Value: "Achats", Role: auth.RoleBuyer},
		{Claim: "groups", Value: "Conseil", Role: auth.RoleOfficial},
		{Claim: "roles", Value: "Maillage.Admin", Role: auth.RoleTenantAdmin},
		{Claim: "department", Value: "achats", Role: auth.RoleBuyer},
	}
	tests := []struct {
		name   string
		claims string
		want   []string
	}{
		{"one group", `{"groups":["Achats","Voirie"]}`, []string{"buyer"}},
		{"two groups", `{"groups":["Conseil","Achats"]}`, []string{"buyer", "official"}},
		{"entra app role", `{"roles":["Maillage.Admin"]}`, []string{"tenant_admin"}},
		{"string claim", `{"department":"achats"}`, []string{"buyer"}},
		{"same role twice", `{"groups":["Achats"],"department":"achats"}`, []string{"buyer"}},
		{"case matters", `{"groups":["achats"]}`, nil},
		{"no claims", `{}`, nil},
		{"wrong shape", `{"groups":{"Achats":true}}`, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var claims map[string]any
			if err := json.Unmarshal([]byte(tc.claims), &claims); err != nil {
				t.Fatal(err)
			}
			if got := auth.MapRoles(rules, claims); !slices.Equal(got, tc.want) {
				t.Fatalf("MapRoles = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestValidateRules(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		rule      auth.RoleRule
		forTenant bool
		wantField string // "" means valid
	}{
		{"tenant role for a tenant", auth.RoleRule{Claim: "groups", Value: "x", Role: auth.RoleBuyer}, true, ""},
		{"platform role on the platform", auth.RoleRule{Claim: "groups", Value: "x", Role: auth.RolePlatformAdmin}, false, ""},
		{"platform role for a tenant", auth.RoleRule{Claim: "groups", Value: "x", Role: auth.RolePlatformAdmin}, true, "auth.error.mapping_platform_role"},
		{"analyst for a tenant", auth.RoleRule{Claim: "groups", Value: "x", Role: auth.RoleProvincialAnalyst}, true, "auth.error.mapping_platform_role"},
		{"unknown role", auth.RoleRule{Claim: "groups", Value: "x", Role: "superuser"}, false, "auth.error.mapping_unknown_role"},
		{"no claim", auth.RoleRule{Value: "x", Role: auth.RoleBuyer}, true, "auth.error.mapping_incomplete"},
		{"no value", auth.RoleRule{Claim: "groups", Role: auth.RoleBuyer}, true, "auth.error.mapping_incomplete"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := auth.ValidateRules([]auth.RoleRule{tc.rule}, tc.forTenant)
			if tc.wantField == "" {
				if err != nil {
					t.Fatalf("ValidateRules = %v", err)
				}
				return
			}
			e := errs.As(err)
			if e == nil || e.Kind != errs.Invalid || len(e.Fields) != 1 || e.Fields[0].Key != tc.wantField {
				t.Fatalf("ValidateRules = %#v, want field error %s", e, tc.wantField)
			}
		})
	}
}

func TestRoleLists(t *testing.T) {
	t.Parallel()
	all := auth.AllRoles()
	if len(all) != 7 {
		t.Fatalf("AllRoles = %v", all)
	}
	for _, r := range all {
		if !auth.IsRole(r) {
			t.Fatalf("IsRole(%q) = false", r)
		}
	}
	if !slices.Equal(auth.TenantRoles(), []string{"tenant_admin", "buyer", "official"}) {
		t.Fatalf("TenantRoles = %v", auth.TenantRoles())
	}
}
