package web_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"

	"maillage/app/accounts"
	"maillage/app/web"
)

// 403, 404 and 500 pages in both languages; internal details never reach the page.
func TestErrorPages(t *testing.T) {
	t.Parallel()
	boom := web.Route{Method: "GET", Path: "/test/boom", Scope: web.Public, Handler: func(c *fiber.Ctx) error {
		return errors.New("secret internal detail: password=hunter2")
	}}
	panicky := web.Route{Method: "GET", Path: "/test/panic", Scope: web.Public, Handler: func(c *fiber.Ctx) error { panic("kaboom") }}
	adminOnly := web.Route{Method: "GET", Path: "/test/platform", Scope: web.Platform, Obj: "tenants", Act: "admin",
		Handler: func(c *fiber.Ctx) error { return c.SendString("ok") }}
	e := newEnv(t, boom, panicky, adminOnly)
	a := e.tenant("alpha")
	buyer := e.member("b@alpha.example", &a, accounts.RoleBuyer)
	cases := []struct {
		name   string
		cl     *client
		lang   string
		path   string
		status int
		want   string
	}{
		{"500 in French", e.anon(), "fr", "/test/boom", 500, "Erreur du serveur"},
		{"500 in English", e.anon(), "en", "/test/boom", 500, "Server error"},
		{"panic is a 500", e.anon(), "fr", "/test/panic", 500, "Une erreur imprévue"},
		{"403 in French", buyer, "fr", "/test/platform", 403, "Accès refusé"},
		{"403 in English", buyer, "en", "/test/platform", 403, "Access denied"},
		{"404 in English", e.anon(), "en", "/nope", 404, "Page not found"},
		{"anonymous page needing login goes to login", e.anon(), "fr", "/test/platform", 303, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.cl.lang = c.lang
			r := c.cl.get(c.path)
			if r.Status != c.status || !strings.Contains(r.Body, c.want) {
				t.Fatalf("got %d, want %d with %q:\n%s", r.Status, c.status, c.want, r.Body)
			}
			if strings.Contains(r.Body, "hunter2") || strings.Contains(r.Body, "kaboom") {
				t.Fatal("internal detail leaked into the page")
			}
			if c.status == 303 && !strings.HasPrefix(r.Header.Get("Location"), "/login?next=") {
				t.Fatalf("redirect to %q", r.Header.Get("Location"))
			}
		})
	}
}
