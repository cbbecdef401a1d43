package web

import (
	"github.com/gofiber/fiber/v2"

	"maillage/app/suppliers"
)

// homeRoutes: the public landing page and the tenant home page.
func (s *Server) homeRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/", Scope: Public, Handler: s.landing},
		{Method: "GET", Path: "/t/:slug", Scope: TenantPublic, Handler: s.tenantHome},
	}
}

type landingView struct {
	Workspaces []Workspace
}

// landing is the public home page; for a signed-in person it first lists their places (the chooser of
// someone who works for several bodies or holds several roles).
func (s *Server) landing(c *fiber.Ctx) error {
	var v landingView
	if p := principal(c); p != nil {
		ws, err := s.workspaces(ctx(c), p.User.ID, p.PlatformRoles)
		if err != nil {
			return err
		}
		v.Workspaces = ws
	}
	return s.render(c, "home/landing", "home.title", v)
}

type tenantHomeView struct {
	Member     bool
	RegionName string
	Todo       []todoItem // what waits for the member, with links to it
}

// todoItem is one line of a member's "to do" on the body's home: a count and where to act on it.
type todoItem struct {
	Key   string // message ID, takes Count
	Count int64
	Href  string
	Warn  bool
}

// tenantHome is the body's page: public information for visitors (how to apply to its register), and for
// members what waits for them (applications to review, documents expiring, catalogue changes) and their
// entry points (the navigation shows what their roles allow).
func (s *Server) tenantHome(c *fiber.Ctx) error {
	t := tenant(c)
	v := tenantHomeView{}
	if p := principal(c); p != nil && len(p.TenantRoles) > 0 {
		v.Member = true
		if s.authz.Allowed(p.TenantRoles, "suppliers", "read") {
			todo, err := s.buyerTodo(c)
			if err != nil {
				return err
			}
			v.Todo = todo
		}
	}
	if t.RegionCode != nil {
		places, err := s.catalogue.Places(ctx(c))
		if err != nil {
			return err
		}
		v.RegionName, _ = places.RegionByCode(*t.RegionCode)
	}
	p := s.page(c, "home.tenant_title", v)
	p.Title = t.Name
	return s.renderPage(c, "home/tenant", p)
}

// buyerTodo counts what waits in the body's register: applications by state, documents expired or
// expiring, linked suppliers whose catalogue entry changed.
func (s *Server) buyerTodo(c *fiber.Ctx) ([]todoItem, error) {
	t := tenant(c)
	base := "/t/" + t.Slug
	apps, err := s.sup.apps.Queue(ctx(c), t.ID, "")
	if err != nil {
		return nil, err
	}
	byState := map[suppliers.State]int64{}
	for _, a := range apps {
		byState[a.State]++
	}
	var out []todoItem
	for _, st := range []suppliers.State{suppliers.StateApplied, suppliers.StateUnderReview, suppliers.StateInfoRequested} {
		out = append(out, todoItem{Key: "home.todo." + string(st), Count: byState[st], Href: base + "/candidatures?state=" + string(st),
			Warn: st == suppliers.StateApplied && byState[st] > 0})
	}
	for _, ds := range []suppliers.DocState{suppliers.DocExpired, suppliers.DocExpiring} {
		pg, err := s.sup.store.List(ctx(c), t.ID, suppliers.Filter{DocState: ds, Today: s.now(), Limit: 1})
		if err != nil {
			return nil, err
		}
		out = append(out, todoItem{Key: "home.todo.docs_" + string(ds), Count: pg.Total, Href: base + "/fournisseurs?doc_state=" + string(ds),
			Warn: pg.Total > 0})
	}
	links, err := s.flows.Links(ctx(c), t.ID, "")
	if err != nil {
		return nil, err
	}
	var pending int64
	for _, l := range links {
		if l.Pending || l.Retired {
			pending++
		}
	}
	out = append(out, todoItem{Key: "home.todo.catalogue_changes", Count: pending, Href: base + "/catalogue/links"})
	return out, nil
}
