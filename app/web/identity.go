package web

import (
	"context"
	"time"

	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"maillage/app/accounts"
	"maillage/app/audit"
	"maillage/app/errs"
	"maillage/tenants"
)

// Locals keys.
const (
	localRequestID = "request_id"
	localPrincipal = "principal"
	localTenant    = "tenant"
	localLang      = "lang"
	localCSRF      = "csrf"
)

// SessionCookie is the session cookie's name: the __Host- prefix makes browsers insist on Secure, Path=/
// and no Domain, so no sibling host can set or read it.
const SessionCookie = "__Host-maillage_session"

var (
	errNotFound    = errs.E(errs.NotFound, "errors.not_found")
	errForbidden   = errs.E(errs.Forbidden, "errors.forbidden")
	errLoginNeeded = errs.E(errs.Unauthenticated, "errors.login_required")
	errRateLimited = errs.E(errs.RateLimited, "errors.rate_limited")
)

// identify loads the caller from a Bearer token (API) or the session cookie, with their platform roles and,
// when the path names a tenant, their roles in it — all in one round trip (accounts.LookupCaller).
// Anonymous requests carry on without a principal; authorization decides later whether that is enough.
func (s *Server) identify(c *fiber.Ctx) error {
	ctx := c.UserContext()
	if h := c.Get(fiber.HeaderAuthorization); h != "" {
		secret, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			return errs.E(errs.Unauthenticated, "auth.token_invalid")
		}
		p, err := s.accounts.Tokens.AuthenticateCaller(ctx, strings.TrimSpace(secret), s.pathTenant(c))
		if err != nil {
			if errs.Is(err, errs.Unauthenticated) {
				s.recordAuthFailure(c, "api", err)
			}
			return err // a wrong token is an error, never silently anonymous
		}
		return s.withPrincipal(c, p)
	}
	raw := c.Cookies(SessionCookie)
	if raw == "" {
		return c.Next()
	}
	p, err := s.accounts.Sessions.LookupCaller(ctx, raw, s.pathTenant(c))
	if err != nil {
		if errs.Is(err, errs.Unauthenticated) {
			s.clearSessionCookie(c)
			return c.Next()
		}
		return err
	}
	return s.withPrincipal(c, p)
}

// pathTenant is the tenant a /t/{slug}/… or /api/v1/t/{slug}/… path names, read from the path before
// routing (through the tenant cache) so that identify can read the caller's roles in it at once.
// uuid.Nil when the path names none or an unknown one: resolveTenant then answers 404, or reads the
// roles itself.
func (s *Server) pathTenant(c *fiber.Ctx) uuid.UUID {
	path := c.Path()
	rest, ok := cutPrefixFold(path, "/t/")
	if !ok {
		if rest, ok = cutPrefixFold(path, "/api/v1/t/"); !ok {
			return uuid.Nil
		}
	}
	slug, _, _ := strings.Cut(rest, "/")
	if slug == "" {
		return uuid.Nil
	}
	t, err := s.tenants.cache.BySlug(c.UserContext(), slug)
	if err != nil {
		return uuid.Nil // unknown slug or outage: resolveTenant reports it
	}
	return t.ID
}

// cutPrefixFold is strings.CutPrefix ignoring ASCII case, as Fiber's routing does.
func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) < len(prefix) || !strings.EqualFold(s[:len(prefix)], prefix) {
		return s, false
	}
	return s[len(prefix):], true
}

func (s *Server) withPrincipal(c *fiber.Ctx, p *accounts.Principal) error {
	c.Locals(localPrincipal, p)
	uid := p.User.ID
	c.SetUserContext(audit.WithActor(c.UserContext(), audit.Actor{UserID: &uid, Label: p.User.Email, RequestID: requestID(c)}))
	return c.Next()
}

// resolveTenant loads the tenant of /t/:slug; an unknown slug is 404. A logged-in caller's roles in it
// are fresh from the database on every request: identify read them already unless the path's tenant
// could not be known before routing.
func (s *Server) resolveTenant(c *fiber.Ctx) error {
	t, err := s.tenants.cache.BySlug(c.UserContext(), c.Params("slug"))
	if err != nil {
		return err
	}
	c.Locals(localTenant, t)
	if p := principal(c); p != nil && p.RolesTenant != t.ID {
		roles, err := s.accounts.Store.TenantRolesOf(c.UserContext(), t.ID, p.User.ID)
		if err != nil {
			return err
		}
		p.TenantRoles, p.RolesTenant = roles, t.ID
	}
	return c.Next()
}

// authorize enforces the route's declared scope. Deny by default: a caller without any role in the path's
// tenant gets 404 (the tenant's private pages do not exist for them); a member whose roles do not grant the
// action gets 403.
func (s *Server) authorize(r Route) fiber.Handler {
	return func(c *fiber.Ctx) error {
		p := principal(c)
		switch r.Scope {
		case Public, TenantPublic:
			return c.Next()
		case Authenticated:
			if p == nil {
				return errLoginNeeded
			}
			return c.Next()
		case Platform:
			if p == nil {
				return errLoginNeeded
			}
			if !s.authz.Allowed(p.RolesIn(false), r.Obj, r.Act) {
				return errForbidden
			}
			return c.Next()
		case Tenant:
			if p == nil {
				return errLoginNeeded
			}
			if len(p.TenantRoles) == 0 {
				return errNotFound
			}
			if !s.authz.Allowed(p.TenantRoles, r.Obj, r.Act) {
				return errForbidden
			}
			return c.Next()
		}
		return errForbidden
	}
}

// principal returns the request's caller, or nil when anonymous.
func principal(c *fiber.Ctx) *accounts.Principal {
	p, _ := c.Locals(localPrincipal).(*accounts.Principal)
	return p
}

// tenant returns the request's tenant (routes under /t/:slug only).
func tenant(c *fiber.Ctx) tenants.Tenant {
	t, _ := c.Locals(localTenant).(tenants.Tenant)
	return t
}

// TenantOf is tenant for code outside this package (benchmarks, tests).
func TenantOf(c *fiber.Ctx) tenants.Tenant { return tenant(c) }

// ctx is the context handlers pass to domain services: the request's context, carrying the audit actor.
func ctx(c *fiber.Ctx) context.Context { return c.UserContext() }

func (s *Server) clearSessionCookie(c *fiber.Ctx) {
	s.expireCookie(c, SessionCookie)
}

// SetSessionCookie writes the session cookie after login (used by the login flow).
func (s *Server) SetSessionCookie(c *fiber.Ctx, raw string) {
	c.Cookie(&fiber.Cookie{Name: SessionCookie, Value: raw, Path: "/", Secure: s.cfg.CookieSecure, HTTPOnly: true,
		SameSite: fiber.CookieSameSiteLaxMode, MaxAge: int(s.accounts.Sessions.Absolute().Seconds())})
}

// expireCookie tells the browser to drop a cookie. An expiry in the past is what does it:
// fasthttp writes no Max-Age for a negative MaxAge, so MaxAge: -1 alone would leave an empty
// cookie behind.
func (s *Server) expireCookie(c *fiber.Ctx, name string) {
	c.Cookie(&fiber.Cookie{Name: name, Value: "", Path: "/", Expires: time.Unix(0, 0), Secure: s.cfg.CookieSecure,
		HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode})
}
