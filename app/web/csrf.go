package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"strings"

	"github.com/gofiber/fiber/v2"

	"maillage/app/errs"
)

// csrfCookie holds a random value per browser; forms carry HMAC(secret, value) in the _csrf field (or the
// X-CSRF-Token header). This "signed double-submit cookie" needs no server-side storage, so it works the same
// on every instance behind a load balancer, and an attacker who cannot read our cookie cannot forge the
// token. SameSite=Lax on the session cookie and the Origin check below are further layers.
const csrfCookie = "__Host-maillage_csrf"

// csrf issues the cookie when missing and, for unsafe methods, checks the token. The JSON API is exempt only
// for Bearer-token requests (no ambient credentials to abuse); a cookie-authenticated API request must
// carry the token like a form.
func (s *Server) csrf(c *fiber.Ctx) error {
	if c.Path() == "/webhooks/stripe" && c.Method() == fiber.MethodPost {
		return c.Next() // Stripe's signature on the raw body authenticates it; no browser, no cookie
	}
	val := c.Cookies(csrfCookie)
	if len(val) < 16 {
		b := make([]byte, 24)
		_, _ = rand.Read(b)
		val = base64.RawURLEncoding.EncodeToString(b)
		c.Cookie(&fiber.Cookie{Name: csrfCookie, Value: val, Path: "/", Secure: s.cfg.CookieSecure, HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode})
	}
	want := s.csrfToken(val)
	c.Locals(localCSRF, want)
	switch c.Method() {
	case fiber.MethodGet, fiber.MethodHead, fiber.MethodOptions:
		return c.Next()
	}
	if strings.HasPrefix(c.Get(fiber.HeaderAuthorization), "Bearer ") {
		return c.Next()
	}
	if oneClickUnsubscribe(c) {
		return c.Next()
	}
	if o := c.Get(fiber.HeaderOrigin); o != "" && o != "null" && !s.sameOrigin(c, o) {
		return errs.E(errs.Forbidden, "errors.csrf")
	}
	got := c.FormValue("_csrf")
	if got == "" {
		got = c.Get("X-CSRF-Token")
	}
	if subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		return errs.E(errs.Forbidden, "errors.csrf")
	}
	return c.Next()
}

func (s *Server) csrfToken(cookie string) string {
	m := hmac.New(sha256.New, s.cfg.SecretKey)
	m.Write([]byte("csrf:" + cookie))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

func (s *Server) sameOrigin(c *fiber.Ctx, origin string) bool {
	return origin == c.Protocol()+"://"+c.Hostname() || (s.cfg.BaseURL != "" && origin == strings.TrimRight(s.cfg.BaseURL, "/"))
}

// CSRFTokenFor returns the form token that matches a CSRF cookie value (for tests and API clients that hold
// a browser session).
func (s *Server) CSRFTokenFor(cookie string) string { return s.csrfToken(cookie) }

// oneClickUnsubscribe is a mail client's RFC 8058 unsubscribe: a POST to a digest's signed unsubscribe
// address with the body "List-Unsubscribe=One-Click". It carries no cookie and no form token; the signed
// token in the address is its authority, and it can only stop an alert's e-mails.
func oneClickUnsubscribe(c *fiber.Ctx) bool {
	p := c.Path()
	return strings.HasPrefix(p, "/alertes/") && strings.HasSuffix(p, "/desabonnement") && c.Query("jeton") != "" &&
		string(c.Body()) == "List-Unsubscribe=One-Click"
}
