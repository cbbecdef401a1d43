package web

import (
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/nicksnyder/go-i18n/v2/i18n"

	"maillage/app/database"
	"maillage/app/errs"
)

// retryAfterOutage is the Retry-After of a 503: a PostgreSQL restart or failover takes seconds.
const retryAfterOutage = "5"

// statusOf is the one place error kinds become HTTP statuses.
func statusOf(k errs.Kind) int {
	switch k {
	case errs.Invalid:
		return fiber.StatusUnprocessableEntity
	case errs.BadRequest:
		return fiber.StatusBadRequest
	case errs.PaymentRequired:
		return fiber.StatusPaymentRequired
	case errs.Unauthenticated:
		return fiber.StatusUnauthorized
	case errs.Forbidden:
		return fiber.StatusForbidden
	case errs.NotFound:
		return fiber.StatusNotFound
	case errs.Conflict:
		return fiber.StatusConflict
	case errs.PreconditionRequired:
		return fiber.StatusPreconditionRequired
	case errs.TooLarge:
		return fiber.StatusRequestEntityTooLarge
	case errs.Unsupported:
		return fiber.StatusUnsupportedMediaType
	case errs.RateLimited:
		return fiber.StatusTooManyRequests
	case errs.Unavailable:
		return fiber.StatusServiceUnavailable
	}
	return fiber.StatusInternalServerError
}

// asAppError turns any error (ours, Fiber's, a bug) into an *errs.Error.
func asAppError(err error) *errs.Error {
	if e := errs.As(err); e != nil && e.Kind != errs.Internal {
		return e
	}
	// A database error that did not pass through GORM's translator (pgx used directly, a wrapped cause):
	// the caller's input or an outage, not a bug.
	if e := errs.As(database.Translate(errs.Cause(err))); e != nil && e.Kind != errs.Internal {
		return e
	}
	if e := errs.As(err); e != nil {
		return e
	}
	var fe *fiber.Error
	if errors.As(err, &fe) {
		switch fe.Code {
		case fiber.StatusNotFound:
			return errNotFound
		case fiber.StatusMethodNotAllowed:
			return errs.E(errs.NotFound, "errors.not_found")
		case fiber.StatusRequestEntityTooLarge:
			return errs.E(errs.TooLarge, "errors.too_large")
		case fiber.StatusBadRequest, fiber.StatusUnprocessableEntity:
			return errs.E(errs.Invalid, "errors.invalid_input")
		case fiber.StatusTooManyRequests:
			return errRateLimited
		}
	}
	return errs.E(errs.Internal, "errors.internal").Wrap(err)
}

// Problem is an RFC 9457 problem document, with our field errors as an extension member.
type Problem struct {
	Type      string         `json:"type"`
	Title     string         `json:"title"`
	Status    int            `json:"status"`
	Detail    string         `json:"detail,omitempty"`
	Instance  string         `json:"instance,omitempty"`
	Code      string         `json:"code"`
	Errors    []ProblemField `json:"errors,omitempty"`
	RequestID string         `json:"request_id,omitempty"`
}

// ProblemField is one invalid field (or import row).
type ProblemField struct {
	Row     int    `json:"row,omitempty"`
	Field   string `json:"field"`
	Column  string `json:"column,omitempty"` // an import's own header for Field
	Code    string `json:"code"`
	Message string `json:"message"`
}

// handleError is Fiber's error handler: a problem+json for the API, an error page for the browser.
// Internal errors are logged with their cause; the response never shows it.
func (s *Server) handleError(c *fiber.Ctx, err error) error {
	e := asAppError(err)
	status := statusOf(e.Kind)
	if status == fiber.StatusServiceUnavailable {
		// An outage (database or blob store unreachable): say when to come back, page or problem alike.
		c.Set(fiber.HeaderRetryAfter, retryAfterOutage)
	}
	if status >= 500 {
		s.log.Error("request failed", "request_id", requestID(c), "route", c.Route().Path, "error", err.Error())
	}
	l := i18n.NewLocalizer(s.i18n, lang(c))
	if strings.HasPrefix(c.Path(), "/api/") || strings.HasPrefix(c.Path(), "/webhooks/") || strings.Contains(c.Get(fiber.HeaderAccept), "application/problem+json") {
		p := Problem{Type: "/problems/" + string(e.Kind), Title: translate(l, "errors.title_"+string(e.Kind), nil), Status: status,
			Detail: translate(l, e.Key, e.Args), Instance: c.Path(), Code: e.Key, RequestID: requestID(c)}
		for _, f := range e.Fields {
			p.Errors = append(p.Errors, ProblemField{Row: f.Row, Field: f.Field, Column: f.Column, Code: f.Key, Message: translate(l, f.Key, f.Args)})
		}
		c.Status(status)
		c.Set(fiber.HeaderContentType, "application/problem+json; charset=utf-8")
		return c.JSON(p, "application/problem+json; charset=utf-8")
	}
	if e.Kind == errs.Unauthenticated && c.Method() == fiber.MethodGet {
		return c.Redirect("/login?next="+urlQueryEscape(currentPath(c)), fiber.StatusSeeOther)
	}
	c.Status(status)
	p := s.page(c, "errors.title_"+string(e.Kind), nil)
	p.Error = translate(l, e.Key, e.Args)
	p.Data = errorView{Status: status, Fields: fieldMessages(l, e.Fields), RequestID: requestID(c)}
	if rerr := s.renderPage(c, "errors/error", p); rerr != nil {
		s.log.Error("render error page", "error", rerr.Error())
		return c.SendString(p.Error)
	}
	return nil
}

type errorView struct {
	Status    int
	Fields    []string
	RequestID string
}

func fieldMessages(l *i18n.Localizer, fs []errs.FieldError) []string {
	out := make([]string, 0, len(fs))
	for _, f := range fs {
		msg := translate(l, f.Key, f.Args)
		_, named := f.Args["Line"] // the message names its line itself
		switch {
		case f.Row > 0 && f.Column != "": // the file's header, as the person wrote it
			msg = translate(l, "errors.row_prefix", map[string]any{"Row": f.Row, "Field": f.Column}) + " " + msg
		case f.Row > 0 && !named: // never an internal field name on a page
			msg = translate(l, "errors.line_prefix", map[string]any{"Row": f.Row}) + " " + msg
		}
		out = append(out, msg)
	}
	return out
}
