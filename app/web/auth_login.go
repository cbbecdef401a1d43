package web

import (
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"maillage/app/audit"
	"maillage/app/auth"
	"maillage/app/errs"
	"maillage/tenants"
)

// loginCookie binds a login attempt to the browser that started it (its value's hash is in the
// attempt). SameSite=Lax: it must come back on the provider's top-level redirect to the callback.
const loginCookie = "__Host-maillage_login"

// authRoutes: logging in and out. Starting a login and the callbacks are rate limited per client.
func (s *Server) authRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/login", Scope: Public, Handler: s.loginPage},
		{Method: "POST", Path: "/login", Scope: Public, Handler: s.beginLogin, Limit: 20},
		{Method: "GET", Path: "/auth/callback", Scope: Public, Handler: s.loginCallback, Limit: 30},
		{Method: "GET", Path: "/t/:slug/login", Scope: TenantPublic, Handler: s.loginPage},
		{Method: "POST", Path: "/t/:slug/login", Scope: TenantPublic, Handler: s.beginLogin, Limit: 20},
		{Method: "GET", Path: "/t/:slug/auth/callback", Scope: TenantPublic, Handler: s.loginCallback, Limit: 30},
		{Method: "POST", Path: "/logout", Scope: Public, Handler: s.logout},
	}
}

type demoChoice struct {
	Key, Name, Email, Role string
}

type loginView struct {
	Action    string
	Next      string
	Available bool   // a provider is configured
	TenantIdP string // the tenant's provider host, when it has its own
	Demo      []demoChoice
}

// currentTenant returns the path's tenant, or nil outside /t/:slug.
func currentTenant(c *fiber.Ctx) *tenants.Tenant {
	if t, ok := c.Locals(localTenant).(tenants.Tenant); ok {
		return &t
	}
	return nil
}

func (s *Server) loginPage(c *fiber.Ctx) error {
	t := currentTenant(c)
	v := loginView{Action: "/login", Available: s.auth.platform.URL != ""}
	v.Next, _ = auth.SafeReturnTo(c.Query("next"))
	if t != nil {
		v.Action = "/t/" + t.Slug + "/login"
		if v.Next == "/" {
			v.Next = "/t/" + t.Slug
		}
		iss, found, err := s.auth.idps.Issuer(ctx(c), t.ID, t.Slug, tenantCallback(s.cfg, t.Slug))
		if err != nil {
			return err
		}
		if found {
			v.Available, v.TenantIdP = true, hostOf(iss.URL)
		}
	}
	// Let the form lead to the provider (CSP form-action). Discovery is cached by the registry;
	// an unreachable provider leaves the strict policy, and the login then fails with a message.
	if v.Available {
		if rp, err := s.relyingParty(c, t); err == nil && rp.AuthOrigin() != "" {
			c.Set("Content-Security-Policy", loginPagePolicy(rp.AuthOrigin()))
		}
	}
	if v.TenantIdP == "" {
		for _, a := range s.auth.demo {
			v.Demo = append(v.Demo, demoChoice{Key: a.Key, Name: a.Name, Email: a.Email, Role: a.Role})
		}
	}
	return s.render(c, "auth/login", "auth.login.title", v)
}

// relyingParty picks the provider of a login: the tenant's own when it has one, else the platform's.
func (s *Server) relyingParty(c *fiber.Ctx, t *tenants.Tenant) (*auth.RelyingParty, error) {
	if t != nil {
		iss, found, err := s.auth.idps.Issuer(ctx(c), t.ID, t.Slug, tenantCallback(s.cfg, t.Slug))
		if err != nil {
			return nil, err
		}
		if found {
			return s.auth.registry.Get(ctx(c), iss)
		}
	}
	if s.auth.platform.URL == "" {
		return nil, errs.E(errs.Unavailable, auth.KeyProviderDown)
	}
	return s.auth.registry.Get(ctx(c), s.auth.platform)
}

func (s *Server) beginLogin(c *fiber.Ctx) error {
	t := currentTenant(c)
	rp, err := s.relyingParty(c, t)
	if err != nil {
		return s.loginFailed(c, "login", err)
	}
	slug := ""
	if t != nil {
		slug = t.Slug
	}
	begun, err := rp.Begin(ctx(c), auth.BeginRequest{ReturnTo: c.FormValue("next"), TenantSlug: slug,
		LoginHint: c.FormValue("hint"), Locale: lang(c)})
	if err != nil {
		return s.loginFailed(c, "login", err)
	}
	c.Cookie(&fiber.Cookie{Name: loginCookie, Value: begun.Binding, Path: "/", MaxAge: 600,
		Secure: s.cfg.CookieSecure, HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode})
	return c.Redirect(begun.RedirectURL, fiber.StatusSeeOther)
}

// loginCallback completes a login: the attempt is checked and consumed, the identity verified,
// the user found (or bound, or created), and only then a new session is created; the session
// the browser had before, if any, is ended (no fixation).
func (s *Server) loginCallback(c *fiber.Ctx) error {
	t := currentTenant(c)
	binding := c.Cookies(loginCookie)
	s.expireCookie(c, loginCookie)
	var rp *auth.RelyingParty
	var err error
	if t != nil {
		iss, found, ierr := s.auth.idps.Issuer(ctx(c), t.ID, t.Slug, tenantCallback(s.cfg, t.Slug))
		if ierr != nil {
			return s.loginFailed(c, "callback", ierr)
		}
		if !found {
			return s.loginFailed(c, "callback", errs.E(errs.Unauthenticated, auth.KeyStateInvalid))
		}
		rp, err = s.auth.registry.Get(ctx(c), iss)
	} else {
		rp, err = s.relyingParty(c, nil)
	}
	if err != nil {
		return s.loginFailed(c, "callback", err)
	}
	id, err := rp.Complete(ctx(c), auth.Callback{State: c.Query("state"), Code: c.Query("code"),
		Error: c.Query("error"), ErrorDescription: c.Query("error_description"), Binding: binding})
	if err != nil {
		return s.loginFailed(c, "callback", err)
	}
	tenantIssuer := t != nil
	var dir auth.UserDirectory = s.auth.users
	if tenantIssuer {
		dir = auth.TenantScoped{PGUsers: s.auth.users, TenantID: t.ID.String()}
	}
	res, err := auth.ResolveUser(ctx(c), dir, id, !tenantIssuer || len(id.Roles) > 0)
	if err != nil {
		return s.loginFailed(c, "callback", err)
	}
	userID, err := uuid.Parse(res.UserID)
	if err != nil {
		return err
	}
	actx := audit.WithActor(ctx(c), audit.Actor{UserID: &userID, Label: id.Email, RequestID: requestID(c)})
	if tenantIssuer {
		if err := s.auth.users.SyncIdPRoles(actx, t.ID, userID, id.Roles); err != nil {
			return err
		}
	}
	if err := s.accounts.Store.SetNameIfEmpty(actx, userID, id.Name); err != nil {
		return err
	}
	raw, _, err := s.accounts.Sessions.Create(actx, userID, id.Issuer, c.Get(fiber.HeaderUserAgent), s.clientIP(c), c.Cookies(SessionCookie))
	if err != nil {
		return err
	}
	s.SetSessionCookie(c, raw)
	next := id.ReturnTo
	if next == "/" || next == "" {
		if next, err = s.landingPath(actx, userID, id.TenantSlug); err != nil {
			return err
		}
	}
	return c.Redirect(next, fiber.StatusSeeOther)
}

func (s *Server) logout(c *fiber.Ctx) error {
	if raw := c.Cookies(SessionCookie); raw != "" {
		if err := s.accounts.Sessions.Delete(ctx(c), raw); err != nil {
			return err
		}
	}
	s.clearSessionCookie(c)
	return c.Redirect("/", fiber.StatusSeeOther)
}

func hostOf(u string) string {
	u = strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://")
	host, _, _ := strings.Cut(u, "/")
	return host
}
