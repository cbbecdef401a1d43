package web

import (
	"github.com/gofiber/fiber/v2"
)

// Scope says how a route is authorized. Every route declares one (a test fails otherwise); Tenant and
// Platform routes also declare the (object, action) that policies/roles.csv must grant.
type Scope int

const (
	scopeUndeclared Scope = iota
	// Public: anyone, no login (landing, health, public tenant pages without a tenant: none).
	Public
	// TenantPublic: anyone, within a resolved tenant (public application page, published lists).
	TenantPublic
	// Authenticated: any logged-in user, acting on their own things (profile, sessions, tokens).
	Authenticated
	// Tenant: a logged-in user holding, in the path's tenant, a role granted (Obj, Act).
	Tenant
	// Platform: a logged-in user holding a platform role granted (Obj, Act).
	Platform
)

func (s Scope) String() string {
	return [...]string{"undeclared", "public", "tenant-public", "authenticated", "tenant", "platform"}[s]
}

// Route is one line of the route table.
type Route struct {
	Method  string
	Path    string // Fiber syntax; tenant routes start with /t/:slug or /api/v1/t/:slug
	Scope   Scope
	Obj     string // for Tenant and Platform scopes
	Act     string
	Handler fiber.Handler
	Doc     *APIDoc // required for /api/ routes: drives the OpenAPI document
	// Limit, when set, applies a per-client rate limit (requests per minute) to this route.
	Limit int
	// RawBody exempts the request body from the central input check (checkInput, input.go): only for a
	// handler that must see the body exactly as sent and checks it itself (a signed webhook).
	RawBody bool
	// WhileUnpaid keeps a tenant write route open when the body's subscription has lapsed (read-only
	// bodies answer 402 on every other write): paying, quotes and the billing contact.
	WhileUnpaid bool
}

// IsAPI reports whether the route belongs to the JSON API.
func (r Route) IsAPI() bool { return len(r.Path) >= 5 && r.Path[:5] == "/api/" }

// routes assembles the whole route table. Each area adds its own list from its own file.
func (s *Server) routes() []Route {
	var rs []Route
	for _, area := range [][]Route{
		s.platformRoutes(),
		s.homeRoutes(),
		s.coreAPIRoutes(),
		s.progressRoutes(),
		s.declarationRoutes(),
		s.contactRoutes(),
		s.declarationAPIRoutes(),
		s.authRoutes(),
		s.catalogueCurationRoutes(), // before catalogueRoutes: /catalogue/:id would take "secteurs"
		s.catalogueProposeRoutes(),
		s.catalogueRoutes(),
		s.accountRoutes(),
		s.tenantAdminRoutes(),
		s.rulesRoutes(),
		s.legalRoutes(),
		s.contractImportRoutes(), // before contractsRoutes: its paths would read "import" as a contract id
		s.contractsRoutes(),
		s.supplierRoutes(),
		s.provincialRoutes(),
		s.registerSettingsRoutes(),
		s.seaoBuyerRoutes(),
		s.opportunityRoutes(),
		s.billingRoutes(),
		s.signupRoutes(),
	} {
		rs = append(rs, area...)
	}
	return rs
}

// Routes exposes the table to tests (the permission matrix and the OpenAPI check are generated from it).
func (s *Server) Routes() []Route { return s.table }
