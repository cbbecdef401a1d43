package web_test

import (
	"slices"
	"sort"
	"strings"
	"testing"

	"maillage/app/accounts"
	"maillage/policies"
)

// Who may do what, written from the roles of docs/product.md ("Roles") and each area's issue, NOT read
// from policies/roles.csv: the role × route matrix compares the server's decisions with this table, so a
// wrong grant in roles.csv (or a route declaring the wrong permission) fails. A new (object, action) needs
// a line here, with the people it is for.
var (
	members     = []string{"tenant_admin", "buyer", "official"} // everyone of a body reads its progress and opportunities
	procurement = []string{"tenant_admin", "buyer"}             // buyers work the register; the body's admin can do all a buyer does
	bodyAdmin   = []string{"tenant_admin"}                      // members, settings, identity provider, subscription, by-law
)

var mayDo = map[string][]string{
	// A body's members: officials read progress only (product.md: "official (read-only progress)").
	"tenant:read":        members,
	"progress:read":      members,
	"declarations:read":  members,
	"opportunities:read": members,
	// Procurement staff.
	"suppliers:read":       procurement,
	"suppliers:write":      procurement,
	"applications:read":    procurement,
	"applications:review":  procurement,
	"advisor:use":          procurement,
	"contracts:read":       procurement,
	"contracts:write":      procurement,
	"policy:read":          procurement,
	"contacts:read":        procurement,
	"contacts:write":       procurement,
	"catalogue_pull:write": procurement,
	"opportunities:write":  procurement,
	// The body's administrator: its people, its provider, its commitment and by-law, its audit log, its bill.
	"members:read":       bodyAdmin,
	"members:write":      bodyAdmin,
	"idp:read":           bodyAdmin,
	"idp:write":          bodyAdmin,
	"policy:write":       bodyAdmin,
	"declarations:write": bodyAdmin,
	"audit:read":         bodyAdmin,
	"tenant:write":       bodyAdmin,
	"billing:read":       bodyAdmin,
	"billing:write":      bodyAdmin,
	// Enterprises (platform level): their own profile and applications, alerts, interest in opportunities.
	"enterprise_profile:read":    {"enterprise"},
	"enterprise_profile:write":   {"enterprise"},
	"own_applications:write":     {"enterprise"},
	"opportunity_interest:write": {"enterprise"},
	// Alerts are for enterprises and for regional pôles (catalogue stewards), who forward to their members.
	"opportunity_alerts:write": {"enterprise", "catalogue_steward"},
	// Catalogue stewards (regional pôles) curate the shared catalogue.
	"catalogue:write":        {"catalogue_steward"},
	"catalogue:verify":       {"catalogue_steward"},
	"catalogue_import:write": {"catalogue_steward"},
	"pole:forward":           {"catalogue_steward"},
	// Aggregates: provincial analysts and platform admins, never a body's private pages.
	"provincial:read": {"provincial_analyst", "platform_admin"},
	// The platform's own administration.
	"legal_reference:write": {"platform_admin"},
	"dev_mailbox:read":      {"platform_admin"},
	"seao_notices:write":    {"platform_admin"},
	"signups:admin":         {"platform_admin"},
	"billing_overview:read": {"platform_admin"},
}

// mayDoRoute says whether one of roles may do obj:act according to the table (false when it has no line).
func mayDoRoute(roles []string, obj, act string) bool {
	for _, r := range roles {
		if slices.Contains(mayDo[obj+":"+act], r) {
			return true
		}
	}
	return false
}

// TestPolicyMatchesExpectations compares Casbin's answer for every role and every permission a route
// declares with the table: a grant added to or missing from roles.csv, or a route with a permission
// nobody thought about, fails here with its name.
func TestPolicyMatchesExpectations(t *testing.T) {
	t.Parallel()
	authz, err := policies.New()
	if err != nil {
		t.Fatal(err)
	}
	declared := map[string]bool{}
	for _, r := range newEnv(t).Srv.Routes() {
		if r.Obj != "" {
			declared[r.Obj+":"+r.Act] = true
		}
	}
	if len(declared) < 20 {
		t.Fatalf("only %d permissions declared: the route table did not load", len(declared))
	}
	perms := make([]string, 0, len(declared))
	for p := range declared {
		perms = append(perms, p)
	}
	sort.Strings(perms)
	roles := append(slices.Clone(accounts.TenantRoles), accounts.PlatformRoles...)
	for _, p := range perms {
		t.Run(p, func(t *testing.T) {
			want, ok := mayDo[p]
			if !ok {
				t.Fatalf("no line for %s in mayDo: say who it is for (product.md's roles)", p)
			}
			obj, act, _ := strings.Cut(p, ":")
			for _, role := range roles {
				if got, exp := authz.Allowed([]string{role}, obj, act), slices.Contains(want, role); got != exp {
					t.Errorf("%s: roles.csv says %v, the expectations say %v", role, got, exp)
				}
			}
		})
	}
	for p := range mayDo {
		if !declared[p] {
			t.Errorf("mayDo has %s, which no route declares: remove it or add its route", p)
		}
	}
}
