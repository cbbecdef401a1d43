package web

import (
	"net/netip"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// clientIP is the address of the person behind a request. X-Forwarded-For is believed only from the
// proxies of Config.TrustedProxies (MAILLAGE_TRUSTED_PROXIES), and read from the right: each trusted proxy
// appends the address it received the request from, so the first address from the right that is not a
// trusted proxy is the client; whatever a client writes in the header itself sits further left and is
// never taken. Without trusted proxies the connection's address is the client.
func (s *Server) clientIP(c *fiber.Ctx) string {
	addr, ok := netip.AddrFromSlice(c.Context().RemoteIP())
	if !ok {
		return c.Context().RemoteIP().String()
	}
	addr = addr.Unmap()
	if !s.trustedProxy(addr) {
		return addr.String()
	}
	var hops []string
	for _, h := range c.Request().Header.PeekAll(fiber.HeaderXForwardedFor) {
		hops = append(hops, strings.Split(string(h), ",")...)
	}
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break // not written by a proxy we trust: the last trusted hop is all we know
		}
		addr = a.Unmap()
		if !s.trustedProxy(addr) {
			return addr.String()
		}
	}
	return addr.String()
}

func (s *Server) trustedProxy(a netip.Addr) bool {
	for _, p := range s.cfg.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
