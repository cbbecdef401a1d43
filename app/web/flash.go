package web

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
)

// A confirmation survives the redirect after a successful POST (post/redirect/get) in a short-lived cookie:
// the message ID and its arguments, signed so that nobody can make the site say something else, shown once
// by the next page and then cleared.
const flashCookie = "__Host-maillage_flash"

type flashMessage struct {
	Key  string         `json:"k"`
	Args map[string]any `json:"a,omitempty"`
}

// flash sets the confirmation the next page shows (message ID and its arguments).
func (s *Server) flash(c *fiber.Ctx, key string, args map[string]any) {
	raw, err := json.Marshal(flashMessage{Key: key, Args: args})
	if err != nil {
		return
	}
	val := base64.RawURLEncoding.EncodeToString(raw)
	c.Cookie(&fiber.Cookie{Name: flashCookie, Value: val + "." + s.flashMAC(val), Path: "/", Secure: s.cfg.CookieSecure,
		HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode, Expires: s.now().Add(5 * time.Minute)})
}

// redirectWith redirects (303) after a successful POST, carrying a confirmation.
func (s *Server) redirectWith(c *fiber.Ctx, to, key string, args map[string]any) error {
	s.flash(c, key, args)
	return c.Redirect(to, fiber.StatusSeeOther)
}

// takeFlash returns the pending confirmation, translated, and clears it.
func (s *Server) takeFlash(c *fiber.Ctx, p *Page) string {
	v := c.Cookies(flashCookie)
	if v == "" {
		return ""
	}
	c.Cookie(&fiber.Cookie{Name: flashCookie, Value: "", Path: "/", Secure: s.cfg.CookieSecure, HTTPOnly: true,
		SameSite: fiber.CookieSameSiteLaxMode, MaxAge: -1, Expires: time.Unix(0, 0)})
	body, mac, ok := strings.Cut(v, ".")
	if !ok || !hmac.Equal([]byte(mac), []byte(s.flashMAC(body))) {
		return ""
	}
	raw, err := base64.RawURLEncoding.DecodeString(body)
	if err != nil {
		return ""
	}
	var m flashMessage
	if json.Unmarshal(raw, &m) != nil || m.Key == "" {
		return ""
	}
	return translate(p.L, m.Key, m.Args)
}

func (s *Server) flashMAC(v string) string {
	m := hmac.New(sha256.New, s.cfg.SecretKey)
	m.Write([]byte("flash:" + v))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}
