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

// identify loads the caller from a Bearer token (API) or the session cookie, with their platform roles.
// Anonymous requests carry on without a principal; authorization decides later whether that is enough.
func (s *Server) identify(c *fiber.Ctx) error {
	ctx := c.UserContext()
	if h := c.Get(fiber.HeaderAuthorization); h != "" {
		secret, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			return errs.E(errs.Unauthenticated, "auth.token_invalid")
		}
		tok, err := s.tokens.Authenticate(ctx, strings.TrimSpace(secret))
		if err != nil {
			if errs.Is(err, errs.Unauthenticated) {
				s.recordAuthFailure(c, "api", err)
			}
			return err // a wrong token is an error, never silently anonymous
		}
		return s.withPrincipal(c, tok.UserID, "", &tok.ID)
	}
	raw := c.Cookies(SessionCookie)
	if raw == "" {
		return c.Next()
	}
	sess, err := s.sessions.Lookup(ctx, raw)
	if err != nil {
		if errs.Is(err, errs.Unauthenticated) {
			s.clearSessionCookie(c)
			return c.Next()
		}
		return err
	}
	return s.withPrincipal(c, sess.UserID, sess.IDHash, nil)
}

func (s *Server) withPrincipal(c *fiber.Ctx, userID uuid.UUID, sessionHash string, tokenID *uuid.UUID) error {
	ctx := c.UserContext()
	u, prs, err := s.accounts.UserWithPlatformRoles(ctx, userID)
	if err != nil {
		if errs.Is(err, errs.NotFound) {
			return errLoginNeeded
		}
		return err
	}
	p := &accounts.Principal{User: u, PlatformRoles: prs, SessionHash: sessionHash, TokenID: tokenID}
	c.Locals(localPrincipal, p)
	uid := u.ID
	c.SetUserContext(audit.WithActor(ctx, audit.Actor{UserID: &uid, Label: u.Email, RequestID: requestID(c)}))
	return c.Next()
}

// resolveTenant loads the tenant of /t/:slug; an unknown slug is 404. For a logged-in caller it also loads
// their roles in this tenant (fresh from the database on every request).
func (s *Server) resolveTenant(c *fiber.Ctx) error {
	t, err := s.tenantCache.BySlug(c.UserContext(), c.Params("slug"))
	if err != nil {
		return err
	}
	c.Locals(localTenant, t)
	if p := principal(c); p != nil {
		roles, err := s.accounts.TenantRolesOf(c.UserContext(), t.ID, p.User.ID)
		if err != nil {
			return err
		}
		p.TenantRoles = roles
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
		SameSite: fiber.CookieSameSiteLaxMode, MaxAge: int(s.sessions.Absolute().Seconds())})
}

// expireCookie tells the browser to drop a cookie. An expiry in the past is what does it:
// fasthttp writes no Max-Age for a negative MaxAge, so MaxAge: -1 alone would leave an empty
// cookie behind.
func (s *Server) expireCookie(c *fiber.Ctx, name string) {
	c.Cookie(&fiber.Cookie{Name: name, Value: "", Path: "/", Expires: time.Unix(0, 0), Secure: s.cfg.CookieSecure,
		HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode})
}
