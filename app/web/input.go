package web

import (
	"bytes"
	"encoding/json"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"maillage/app/errs"
	"maillage/app/input"
)

// maxInputProblems bounds the field errors reported for one request.
const maxInputProblems = 20

// checkInput runs before every route's handler (mount adds it to each chain, after authorization): every
// query parameter, and for writes every form value (urlencoded or multipart, files excepted) and every
// string of a JSON body, must be valid UTF-8, hold no NUL or other control character (tabs and line
// breaks excepted) and be at most input.MaxValue characters long. A refused request changes nothing and
// gets a 422 with one field error per value (a problem for the API, the error page for the browser).
// Shorter, per-column limits are the database's CHECK constraints, translated to the same field errors
// (database.Translate). Routes whose handler must see the raw body (signed webhooks) set RawBody.
func (s *Server) checkInput(raw bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		var v errs.Validation
		add := func(field, key string) {
			if len(v.Fields) < maxInputProblems {
				v.Add(field, key, map[string]any{"Max": input.MaxValue})
			}
		}
		c.Request().URI().QueryArgs().VisitAll(func(k, val []byte) {
			if key := input.Text(string(val), input.MaxValue); key != "" {
				add(string(k), key)
			}
		})
		if !raw && isWrite(c.Method()) {
			checkBody(c, add)
		}
		if err := v.Err(); err != nil {
			return err
		}
		if c.Method() == fiber.MethodPatch && !raw && !hasVersion(c.Body()) {
			return errs.E(errs.PreconditionRequired, "errors.version_required")
		}
		return c.Next()
	}
}

// hasVersion reports whether a JSON body names the version it changes (a top-level "version" that is not
// null): every PATCH must, so that a change made meanwhile by someone else is refused (409), never
// overwritten. A body that is not a JSON object is left to the route's decoder to refuse.
func hasVersion(body []byte) bool {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(body, &m); err != nil {
		return true
	}
	v, ok := m["version"]
	return ok && string(bytes.TrimSpace(v)) != "null"
}

func isWrite(m string) bool {
	return m == fiber.MethodPost || m == fiber.MethodPut || m == fiber.MethodPatch || m == fiber.MethodDelete
}

func checkBody(c *fiber.Ctx, add func(field, key string)) {
	ct := strings.ToLower(string(c.Request().Header.ContentType()))
	switch {
	case strings.HasPrefix(ct, fiber.MIMEApplicationForm):
		c.Request().PostArgs().VisitAll(func(k, val []byte) {
			if key := input.Text(string(val), input.MaxValue); key != "" {
				add(string(k), key)
			}
		})
	case strings.HasPrefix(ct, fiber.MIMEMultipartForm):
		form, err := c.MultipartForm()
		if err != nil {
			return // the handler reports a broken upload as it always did
		}
		for k, vals := range form.Value {
			for _, val := range vals {
				if key := input.Text(val, input.MaxValue); key != "" {
					add(k, key)
				}
			}
		}
	case strings.Contains(ct, "json") || (ct == "" && looksJSON(c.Body())):
		problems, _ := input.CheckJSON(c.Body(), maxInputProblems) // a syntax error is the handler's to report
		for _, p := range problems {
			add(p.Field, p.Key)
		}
	}
}

func looksJSON(b []byte) bool {
	b = bytes.TrimSpace(b)
	return len(b) > 0 && (b[0] == '{' || b[0] == '[')
}

// checkPath answers 404 for a path holding a control character or invalid UTF-8 once decoded: no route
// or record can have such a name, and it must never reach a query.
func (s *Server) checkPath(c *fiber.Ctx) error {
	if input.Text(c.Path(), 0) != "" {
		return errNotFound
	}
	return c.Next()
}

// dateField reads one date of a request (a form field, a query parameter or a JSON member) with
// input.Date: "" gives the zero time; text that is not a real, plausible YYYY-MM-DD date adds a field error
// to v (never silently ignored, never stored).
func dateField(v *errs.Validation, field, s string) time.Time {
	if strings.TrimSpace(s) == "" {
		return time.Time{}
	}
	d, key := input.Date(s)
	if key != "" {
		v.Add(field, key, nil)
		return time.Time{}
	}
	return d
}
