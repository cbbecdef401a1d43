package web

import (
	"github.com/gofiber/fiber/v2"

	"maillage/app/accounts"
)

// homeRoutes: the public landing page and the tenant home page.
func (s *Server) homeRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/", Scope: Public, Handler: s.landing},
		{Method: "GET", Path: "/t/:slug", Scope: TenantPublic, Handler: s.tenantHome},
	}
}

type landingView struct {
	Memberships []accounts.Membership
}

func (s *Server) landing(c *fiber.Ctx) error {
	var v landingView
	if p := principal(c); p != nil {
		ms, err := s.accounts.Memberships(ctx(c), p.User.ID)
		if err != nil {
			return err
		}
		v.Memberships = ms
	}
	return s.render(c, "home/landing", "home.title", v)
}

type tenantHomeView struct {
	Member     bool
	RegionName string
}

// tenantHome is the body's page: public information for visitors (how to apply to its register), and the
// member's entry points (the navigation shows what their roles allow).
func (s *Server) tenantHome(c *fiber.Ctx) error {
	t := tenant(c)
	v := tenantHomeView{}
	if p := principal(c); p != nil && len(p.TenantRoles) > 0 {
		v.Member = true
	}
	if t.RegionCode != nil {
		_ = s.db.WithContext(ctx(c)).Raw(`SELECT name FROM regions WHERE code = ?`, *t.RegionCode).Scan(&v.RegionName).Error
	}
	p := s.page(c, "home.tenant_title", v)
	p.Title = t.Name
	return s.renderPage(c, "home/tenant", p)
}
