package web

import (
	"context"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
)

// platformRoutes: health probes and the language toggle.
func (s *Server) platformRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/healthz", Scope: Public, Handler: s.healthz},
		{Method: "GET", Path: "/readyz", Scope: Public, Handler: s.readyz},
		{Method: "GET", Path: "/lang/:lang", Scope: Public, Handler: s.setLanguage},
	}
}

// healthz says the process is alive (no dependency checked: a database outage must not restart pods).
func (s *Server) healthz(c *fiber.Ctx) error { return c.JSON(fiber.Map{"status": "ok"}) }

// readyz says the instance can serve: the database answers and every migration is applied.
func (s *Server) readyz(c *fiber.Ctx) error {
	if s.draining.Load() {
		return c.Status(fiber.StatusServiceUnavailable).JSON(fiber.Map{"status": "unavailable", "reason": "shutting down"})
	}
	ctx, cancel := context.WithTimeout(c.UserContext(), 3*time.Second)
	defer cancel()
	ok, err := s.readiness.check(ctx, s)
	if err != nil || !ok {
		reason := "migrations pending"
		if err != nil {
			reason = "database unreachable"
			s.log.Warn("not ready", "error", err.Error())
		}
		return c.Status(fiber.StatusServiceUnavailable).JSON(fiber.Map{"status": "unavailable", "reason": reason})
	}
	return c.JSON(fiber.Map{"status": "ready"})
}

// readiness caches a positive migration check briefly so probes do not hammer the database.
type readiness struct {
	mu      sync.Mutex
	okUntil time.Time
}

func (r *readiness) check(ctx context.Context, s *Server) (bool, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if s.now().Before(r.okUntil) {
		return true, nil
	}
	ok, err := s.health.Ready(ctx)
	if ok && err == nil {
		r.okUntil = s.now().Add(5 * time.Second)
	}
	return ok, err
}

// setLanguage stores the chosen language in a cookie and goes back to the page (our own paths only).
func (s *Server) setLanguage(c *fiber.Ctx) error {
	l := c.Params("lang")
	if l != "fr" && l != "en" {
		return errNotFound
	}
	c.Cookie(&fiber.Cookie{Name: "lang", Value: l, Path: "/", MaxAge: 365 * 24 * 3600, Secure: s.cfg.CookieSecure,
		HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode})
	return c.Redirect(SafeReturnPath(c.Query("next")), fiber.StatusSeeOther)
}
