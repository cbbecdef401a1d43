package web

import (
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"
)

// rateLimit allows limit requests per minute per client (clientIP) and route, counted in PostgreSQL and so
// shared by every instance (app/ratelimit). A refusal is a 429 with Retry-After; a refused login or token
// step is also written to the authentication failure log.
func (s *Server) rateLimit(limit int) fiber.Handler {
	return func(c *fiber.Ctx) error {
		ip := s.clientIP(c)
		d, err := s.limits.Allow(ctx(c), ip+" "+c.Route().Path, limit, time.Minute)
		if err != nil {
			return err
		}
		if !d.Allowed {
			s.log.Warn("rate limit reached", "route", c.Route().Path, "ip", ip, "count", d.Count)
			s.recordAuthLimit(c)
			c.Set(fiber.HeaderRetryAfter, strconv.Itoa(int(d.RetryAfter/time.Second)))
			return errRateLimited
		}
		return c.Next()
	}
}
