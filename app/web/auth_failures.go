package web

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"maillage/app/auth"
	"maillage/app/errs"
)

type loginFailedView struct {
	Retry string
}

// loginFailed logs the refusal (auth_failures) and shows a clear page; no session is created.
// Bugs and outages keep the normal error path.
func (s *Server) loginFailed(c *fiber.Ctx, endpoint string, err error) error {
	e := errs.As(err)
	slug := ""
	if t := currentTenant(c); t != nil {
		slug = t.Slug
	}
	reason := "errors.internal"
	if e != nil {
		reason = e.Key
	}
	s.auth.failures.Record(context.WithoutCancel(ctx(c)), auth.Failure{Endpoint: endpoint, Reason: reason,
		TenantSlug: slug, IP: s.clientIP(c), UserAgent: c.Get(fiber.HeaderUserAgent)})
	if e == nil || e.Kind == errs.Internal {
		return err
	}
	retry := "/login"
	if slug != "" {
		retry = "/t/" + slug + "/login"
	}
	c.Status(statusOf(e.Kind))
	p := s.page(c, "auth.failed.title", loginFailedView{Retry: retry})
	p.Error = s.T(c, e.Key, e.Args)
	return s.renderPage(c, "auth/failed", p)
}

// authEndpoints are the routes whose refusals go to auth_failures, by the name they are logged under.
var authEndpoints = map[string]string{
	"/login": "login", "/t/:slug/login": "login",
	"/auth/callback": "callback", "/t/:slug/auth/callback": "callback",
	"/me/tokens": "token", "/api/v1/me/tokens": "token",
}

// recordAuthLimit logs a rate-limit refusal on an authentication route (repeated failures are
// what the abuse review looks for; there is no lockout).
func (s *Server) recordAuthLimit(c *fiber.Ctx) {
	if endpoint, ok := authEndpoints[c.Route().Path]; ok {
		s.recordAuthFailure(c, endpoint, errRateLimited)
	}
}

// recordAuthFailure logs one refused authentication step.
func (s *Server) recordAuthFailure(c *fiber.Ctx, endpoint string, err error) {
	reason := "errors.internal"
	if e := errs.As(err); e != nil {
		reason = e.Key
	}
	s.auth.failures.Record(context.WithoutCancel(c.UserContext()), auth.Failure{Endpoint: endpoint, Reason: reason,
		IP: s.clientIP(c), UserAgent: c.Get(fiber.HeaderUserAgent)})
}
