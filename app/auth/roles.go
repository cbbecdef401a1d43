package auth

import (
	"fmt"
	"slices"

	"maillage/app/errs"
)

// The roles of product.md. Tenant roles are held per tenant; platform roles in a platform domain.
const (
	RoleTenantAdmin       = "tenant_admin"
	RoleBuyer             = "buyer"
	RoleOfficial          = "official"
	RoleEnterprise        = "enterprise"
	RoleCatalogueSteward  = "catalogue_steward"
	RoleProvincialAnalyst = "provincial_analyst"
	RolePlatformAdmin     = "platform_admin"
)

// TenantRoles are the roles a tenant grants to its own members. A tenant's identity provider may
// map claims only to these: letting a municipality's directory mint platform_admin would let any
// tenant escalate to the whole platform.
var tenantRoles = []string{RoleTenantAdmin, RoleBuyer, RoleOfficial}

// platformRoles are granted by the platform (CLI or platform admin), never by a tenant's provider.
var platformRoles = []string{RoleEnterprise, RoleCatalogueSteward, RoleProvincialAnalyst, RolePlatformAdmin}

// AllRoles lists every role, tenant roles first; a fresh slice each call.
func AllRoles() []string { return slices.Concat(tenantRoles, platformRoles) }

// TenantRoles lists the roles a tenant may assign; a fresh slice each call.
func TenantRoles() []string { return slices.Clone(tenantRoles) }

// IsTenantRole reports whether role is assignable inside a tenant.
func IsTenantRole(role string) bool { return slices.Contains(tenantRoles, role) }

// IsRole reports whether role is one of Maillage's roles.
func IsRole(role string) bool { return IsTenantRole(role) || slices.Contains(platformRoles, role) }

// RoleRule maps one claim value to one role: "when claim Claim is Value or contains Value,
// grant Role". Claim is a top-level ID token claim such as "groups" or Entra's "roles".
type RoleRule struct {
	Claim string `json:"claim"`
	Value string `json:"value"`
	Role  string `json:"role"`
}

// ValidateRules checks a claim→role mapping. forTenant restricts the roles to tenant roles.
func ValidateRules(rules []RoleRule, forTenant bool) error {
	v := errs.Validation{Key: "auth.error.mapping_invalid"}
	for i, r := range rules {
		field := fmt.Sprintf("rules[%d]", i)
		switch {
		case r.Claim == "" || r.Value == "":
			v.Add(field, "auth.error.mapping_incomplete", nil)
		case !IsRole(r.Role):
			v.Add(field, "auth.error.mapping_unknown_role", map[string]any{"Role": r.Role})
		case forTenant && !IsTenantRole(r.Role):
			v.Add(field, "auth.error.mapping_platform_role", map[string]any{"Role": r.Role})
		}
	}
	return v.Err()
}

// MapRoles returns the roles the rules grant for these claims, sorted and without duplicates.
// A claim may be a string or an array of strings; other shapes match nothing.
func MapRoles(rules []RoleRule, claims map[string]any) []string {
	var roles []string
	for _, r := range rules {
		if claimHas(claims[r.Claim], r.Value) && !slices.Contains(roles, r.Role) {
			roles = append(roles, r.Role)
		}
	}
	slices.Sort(roles)
	return roles
}

func claimHas(v any, want string) bool {
	switch t := v.(type) {
	case string:
		return t == want
	case []any:
		for _, e := range t {
			if s, ok := e.(string); ok && s == want {
				return true
			}
		}
	}
	return false
}

// stringsClaim reads a string or string-array claim.
func stringsClaim(v any) []string {
	switch t := v.(type) {
	case string:
		return []string{t}
	case []any:
		out := make([]string, 0, len(t))
		for _, e := range t {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// groupOverage reports whether the provider left groups out of the token (Entra ID does so
// past 200 groups and points at Graph instead, through _claim_names or hasgroups). We then
// know nothing about the person's groups and must not guess: the login is refused.
func groupOverage(claims map[string]any) bool {
	if names, ok := claims["_claim_names"].(map[string]any); ok {
		if _, ok := names["groups"]; ok {
			return true
		}
	}
	has, _ := claims["hasgroups"].(bool)
	return has
}
