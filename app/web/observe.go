package web

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"

	"github.com/gofiber/fiber/v2"

	"maillage/tenants"
)

const headerRequestID = "X-Request-Id"

// observe gives each request an id, then logs it as one JSON line (request id, route, status, duration,
// tenant, user) and records it in the metrics. Query strings are not logged: they may hold personal data.
func (s *Server) observe(c *fiber.Ctx) error {
	start := time.Now()
	id := c.Get(headerRequestID)
	if id == "" || len(id) > 64 {
		b := make([]byte, 8)
		_, _ = rand.Read(b)
		id = hex.EncodeToString(b)
	}
	c.Locals(localRequestID, id)
	c.Set(headerRequestID, id)
	err := c.Next()
	if err != nil {
		if herr := c.App().ErrorHandler(c, err); herr != nil {
			_ = c.SendStatus(fiber.StatusInternalServerError)
		}
	}
	status := c.Response().StatusCode()
	route := c.Route().Path
	elapsed := time.Since(start)
	s.metrics.observe(c.Method(), route, status, elapsed)
	attrs := []any{"request_id", id, "method", c.Method(), "route", route, "path", c.Path(), "status", status,
		"duration_ms", float64(elapsed.Microseconds()) / 1000}
	if t, ok := c.Locals(localTenant).(tenants.Tenant); ok {
		attrs = append(attrs, "tenant", t.Slug)
	}
	if p := principal(c); p != nil {
		attrs = append(attrs, "user", p.User.ID.String())
	}
	level := slog.LevelInfo
	if status >= 500 {
		level = slog.LevelError
	}
	s.log.Log(c.UserContext(), level, "request", attrs...)
	return nil
}

func (s *Server) logPanic(c *fiber.Ctx, e any) {
	s.log.Error("panic", "request_id", requestID(c), "panic", fmt.Sprint(e), "stack", string(debug.Stack()))
}

func requestID(c *fiber.Ctx) string {
	id, _ := c.Locals(localRequestID).(string)
	return id
}
