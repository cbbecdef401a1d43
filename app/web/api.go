package web

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"maillage/app/accounts"
	"maillage/app/errs"
)

// coreAPIRoutes: who am I, the tenant profile, and the OpenAPI document.
func (s *Server) coreAPIRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/api/v1/openapi.json", Scope: Public, Handler: s.openAPIHandler,
			Doc: &APIDoc{Summary: "This OpenAPI document", Tag: "platform"}},
		{Method: "GET", Path: "/api/v1/me", Scope: Authenticated, Handler: s.apiMe,
			Doc: &APIDoc{Summary: "The caller: user, platform roles and tenant memberships", Tag: "identity", Response: "Me"}},
		{Method: "GET", Path: "/api/v1/t/:slug", Scope: Tenant, Obj: "tenant", Act: "read", Handler: s.apiTenant,
			Doc: &APIDoc{Summary: "The tenant's profile", Tag: "tenants", Response: "Tenant"}},
	}
}

type meResponse struct {
	User          accounts.User           `json:"user"`
	PlatformRoles []accounts.PlatformRole `json:"platform_roles"`
	Memberships   []accounts.Membership   `json:"memberships"`
}

func (s *Server) apiMe(c *fiber.Ctx) error {
	p := principal(c)
	ms, err := s.accounts.Store.Memberships(ctx(c), p.User.ID)
	if err != nil {
		return err
	}
	if ms == nil {
		ms = []accounts.Membership{}
	}
	prs := p.PlatformRoles
	if prs == nil {
		prs = []accounts.PlatformRole{}
	}
	return c.JSON(meResponse{User: p.User, PlatformRoles: prs, Memberships: ms})
}

func (s *Server) apiTenant(c *fiber.Ctx) error { return c.JSON(tenant(c)) }

// ListPage is the API's pagination convention: ?limit= (1–200, default 50) and ?cursor= (opaque, from the
// previous page's next_cursor); responses are {"items": [...], "next_cursor": "…"} with next_cursor empty on
// the last page.
type ListPage[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor"`
	Total      *int64 `json:"total,omitempty"`
}

// pageParams reads and checks ?limit= and ?cursor=.
func pageParams(c *fiber.Ctx) (limit int, cursor string, err error) {
	limit = 50
	if v := c.Query("limit"); v != "" {
		n, convErr := strconv.Atoi(v)
		if convErr != nil || n < 1 || n > 200 {
			return 0, "", (&errs.Validation{}).ErrWith("limit", "errors.limit_invalid", nil)
		}
		limit = n
	}
	return limit, c.Query("cursor"), nil
}
