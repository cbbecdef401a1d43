package web

import "github.com/gofiber/fiber/v2"

// NavItem is one link of the navigation, shown only to those whose roles grant its permission.
type NavItem struct {
	Label   string // translated
	Href    string
	Current bool
}

// navEntry declares a navigation link and the permission that shows it.
type navEntry struct {
	labelID string
	path    string // relative to /t/{slug} for tenant entries, absolute otherwise
	scope   Scope
	obj     string
	act     string
}

// navEntries lists the navigation, in order. Each area adds its entries here.
func navEntries() []navEntry {
	return []navEntry{
		{"nav.tenant_home", "", Tenant, "tenant", "read"},
		{"declarations.nav_progress", "/progress", Tenant, "progress", "read"},
		{"declarations.nav_declarations", "/declarations", Tenant, "declarations", "read"},
		{"declarations.nav_contacts", "/contacts", Tenant, "contacts", "read"},
		{"catalogue.nav", "/catalogue", Tenant, "suppliers", "read"},
		{"catalogue.nav_links", "/catalogue/links", Tenant, "suppliers", "read"},
		{"catalogue.nav", "/catalogue", Platform, "catalogue", "write"},
		{"nav.members", "/admin/members", Tenant, "members", "read"},
		{"nav.idp", "/admin/idp", Tenant, "idp", "read"},
		{"nav.audit", "/admin/audit", Tenant, "audit", "read"},
		{"suppliers.settings.nav", "/admin/register", Tenant, "tenant", "write"},
		{"contracts.seao_buyers.nav", "/admin/acheteurs-seao", Tenant, "tenant", "write"},
		{"rules.nav.advisor", "/advisor", Tenant, "advisor", "use"},
		{"rules.nav.my_advice", "/advice", Tenant, "advisor", "use"},
		{"contracts.nav.contracts", "/contracts", Tenant, "contracts", "read"},
		{"rules.nav.policy", "/policy", Tenant, "policy", "read"},
		{"rules.nav.legal", "/admin/legal", Platform, "legal_reference", "write"},
		{"suppliers.nav_register", "/fournisseurs", Tenant, "suppliers", "read"},
		{"applications.nav_queue", "/candidatures", Tenant, "applications", "read"},
		{"applications.nav_mine", "/entreprise/candidatures", Platform, "enterprise_profile", "read"},
		{"provincial.nav", "/province", Platform, "provincial", "read"},
		{"catalogue.nav_import", "/catalogue/imports/new", Platform, "catalogue_import", "write"},
		{"catalogue.requests.title", "/catalogue/requests", Platform, "catalogue", "verify"},
		{"opportunities.nav_tenant", "/opportunites", Tenant, "opportunities", "read"},
		{"opportunities.nav_mine", "/entreprise/opportunites", Platform, "opportunity_alerts", "write"},
		{"opportunities.nav_seao", "/admin/seao", Platform, "seao_notices", "write"},
		{"opportunities.nav_pole", "/pole/opportunites", Platform, "pole", "forward"},
		{"billing.nav", "/admin/facturation", Tenant, "billing", "read"},
		{"signups.nav_queue", "/admin/inscriptions", Platform, "signups", "admin"},
		{"billing.nav_platform", "/admin/facturation", Platform, "billing_overview", "read"},
	}
}

// nav returns the visible navigation for the request (tenant links need the path's tenant).
func (s *Server) nav(c *fiber.Ctx, p *Page) []NavItem {
	var out []NavItem
	if p.User == nil {
		return nil
	}
	for _, e := range navEntries() {
		href := e.path
		switch e.scope {
		case Tenant:
			if p.Tenant == nil || !s.authz.Allowed(p.User.TenantRoles, e.obj, e.act) {
				continue
			}
			href = "/t/" + p.Tenant.Slug + e.path
		case Platform:
			if !s.authz.Allowed(p.User.RolesIn(false), e.obj, e.act) {
				continue
			}
		}
		out = append(out, NavItem{Label: translate(p.L, e.labelID, nil), Href: href, Current: c.Path() == href})
	}
	return out
}
