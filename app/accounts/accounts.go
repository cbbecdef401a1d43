// Package accounts holds users, their role assignments (per tenant and platform-wide), server-side
// sessions and personal API tokens: everything needed to answer "who is this request, and which roles
// does it hold here". Logging in (OpenID Connect) lives in app/auth; deciding what a role may do lives in
// policies/ (Casbin).
package accounts

import (
	"strings"
	"time"

	"github.com/google/uuid"
)

// Tenant roles and platform roles (meanings in README "Roles").
const (
	RoleTenantAdmin       = "tenant_admin"
	RoleBuyer             = "buyer"
	RoleOfficial          = "official"
	RoleEnterprise        = "enterprise"
	RoleCatalogueSteward  = "catalogue_steward"
	RoleProvincialAnalyst = "provincial_analyst"
	RolePlatformAdmin     = "platform_admin"
)

// TenantRoles are granted within one tenant; PlatformRoles across the platform.
var (
	TenantRoles   = []string{RoleTenantAdmin, RoleBuyer, RoleOfficial}
	PlatformRoles = []string{RoleEnterprise, RoleCatalogueSteward, RoleProvincialAnalyst, RolePlatformAdmin}
)

// IsTenantRole reports whether r is granted per tenant.
func IsTenantRole(r string) bool { return contains(TenantRoles, r) }

// IsPlatformRole reports whether r is granted platform-wide.
func IsPlatformRole(r string) bool { return contains(PlatformRoles, r) }

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// User is a person (or, later, a service account).
type User struct {
	ID          uuid.UUID  `json:"id" gorm:"type:uuid;primaryKey"`
	Email       string     `json:"email"`
	Name        string     `json:"name"`
	Issuer      *string    `json:"-"`
	Subject     *string    `json:"-"`
	Locale      string     `json:"locale"`
	CreatedAt   time.Time  `json:"created_at"`
	LastLoginAt *time.Time `json:"last_login_at,omitempty"`
}

// TableName tells GORM the table.
func (User) TableName() string { return "users" }

// NormalizeEmail trims and lower-cases an address (the column is citext; this keeps outputs tidy).
func NormalizeEmail(e string) string { return strings.ToLower(strings.TrimSpace(e)) }

// Membership is one tenant role of a user.
type Membership struct {
	TenantID uuid.UUID `json:"tenant_id"`
	Slug     string    `json:"slug"`
	Name     string    `json:"name"`
	Role     string    `json:"role"`
}

// PlatformRole is one platform-wide role of a user.
type PlatformRole struct {
	Role    string   `json:"role"`
	Regions []string `json:"regions,omitempty"`
}

// Principal is the authenticated caller of one request with the roles it holds in the request's tenant
// (loaded fresh on every request, so a role change applies to the next request on every instance).
type Principal struct {
	User          User
	PlatformRoles []PlatformRole
	TenantRoles   []string  // roles in the request's tenant; empty outside a tenant
	RolesTenant   uuid.UUID // the tenant TenantRoles were read for (uuid.Nil: none yet)
	SessionHash   string    // set when authenticated by session cookie
	TokenID       *uuid.UUID
}

// HasPlatformRole reports whether p holds r platform-wide.
func (p *Principal) HasPlatformRole(r string) bool {
	for _, pr := range p.PlatformRoles {
		if pr.Role == r {
			return true
		}
	}
	return false
}

// RolesIn returns the roles to check for an authorization in the tenant scope (tenant roles) or the
// platform scope (platform roles).
func (p *Principal) RolesIn(tenant bool) []string {
	if tenant {
		return p.TenantRoles
	}
	out := make([]string, 0, len(p.PlatformRoles))
	for _, pr := range p.PlatformRoles {
		out = append(out, pr.Role)
	}
	return out
}
