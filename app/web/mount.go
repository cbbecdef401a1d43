package web

import (
	"fmt"
	"io/fs"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/filesystem"
	"github.com/gofiber/fiber/v2/middleware/recover"

	"maillage/frontend"
)

// mount installs the global middleware, the static files and every route of the table with its
// per-route chain: tenant resolution, then authorization by the route's scope, then the handler.
func (s *Server) mount() error {
	s.app.Use(s.observe)
	s.app.Use(s.closeWhenDraining)
	s.app.Use(recover.New(recover.Config{EnableStackTrace: true, StackTraceHandler: s.logPanic}))
	s.app.Use(s.checkPath)
	s.app.Use(s.securityHeaders)
	s.app.Use(s.locale)

	static, err := fs.Sub(frontend.Static, "static")
	if err != nil {
		return err
	}
	s.app.Use("/static", func(c *fiber.Ctx) error {
		c.Set(fiber.HeaderCacheControl, "public, max-age=86400")
		return c.Next()
	}, filesystem.New(filesystem.Config{Root: httpFS(static)}))

	s.app.Use(s.csrf)
	s.app.Use(s.identify)

	for _, r := range s.table {
		if r.Scope == scopeUndeclared {
			return fmt.Errorf("route %s %s declares no scope", r.Method, r.Path)
		}
		if (r.Scope == Tenant || r.Scope == Platform) && !s.authz.Known(r.Obj, r.Act) {
			return fmt.Errorf("route %s %s declares (%s, %s), which no role holds in policies/roles.csv", r.Method, r.Path, r.Obj, r.Act)
		}
		chain := []fiber.Handler{}
		if r.Limit > 0 {
			chain = append(chain, s.rateLimit(r.Limit))
		}
		if strings.Contains(r.Path, ":slug") {
			chain = append(chain, s.resolveTenant)
		}
		if r.IsAPI() || r.Scope != Public && r.Scope != TenantPublic {
			chain = append(chain, noStore)
		}
		chain = append(chain, s.authorize(r))
		if r.Scope == Tenant && isWrite(r.Method) && !r.WhileUnpaid {
			chain = append(chain, s.requirePaid)
		}
		chain = append(chain, s.checkInput(r.RawBody), r.Handler)
		s.app.Add(r.Method, r.Path, chain...)
	}
	s.app.Use(func(c *fiber.Ctx) error { return errNotFound })
	return nil
}
