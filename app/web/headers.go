package web

import (
	"strings"

	"github.com/gofiber/fiber/v2"
)

// contentSecurityPolicy is strict: no inline script or style anywhere, nothing from another origin.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// loginPagePolicy is the same policy for a login page, whose form leads (through our 303) to the
// identity provider's authorization endpoint: browsers apply form-action to redirects too.
func loginPagePolicy(providerOrigin string) string {
	return strings.Replace(contentSecurityPolicy, "form-action 'self'", "form-action 'self' "+providerOrigin, 1)
}

// securityHeaders sets the headers every response carries (helmet-like, explicit so nothing is left to a
// library default: HSTS in particular is off by default in Fiber's helmet).
func (s *Server) securityHeaders(c *fiber.Ctx) error {
	c.Set("Content-Security-Policy", contentSecurityPolicy)
	c.Set("X-Content-Type-Options", "nosniff")
	c.Set("X-Frame-Options", "DENY")
	c.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	c.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
	c.Set("Cross-Origin-Opener-Policy", "same-origin")
	c.Set("Cross-Origin-Resource-Policy", "same-origin")
	if s.cfg.Env == "production" {
		c.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
	}
	return c.Next()
}

// noStore marks an answer as not to be kept by browsers or proxies: every API answer and every page that
// needs a login may carry personal data (contacts, e-mails, a body's private contracts). A handler may still
// set its own Cache-Control (set before it runs, so it can override).
func noStore(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Next()
}
