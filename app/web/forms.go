package web

// Forms that fail answer on the form itself: the same page again, with an error summary at the top linking
// to each field, the message next to the field (aria-invalid, aria-describedby) and what the user typed. No
// dead-end error page for input a person can correct.
//
// A handler that fails on user input calls
//
//	return s.reshow(c, err, s.somePage)             // run the page's own GET handler again, with the errors
//	return s.renderInvalid(c, tmpl, title, data, err) // or render a page it built itself
//
// and templates draw their fields with the shared partials (frontend/templates/partials/form.html):
//
//	{{template "field" (field . "neq" "suppliers.col.neq" .Data.NEQ "hint" "suppliers.neq_hint" "required" true)}}
//
// The partial takes the typed value back from the failed submission, so a form keeps what was typed even when
// the handler could not parse it (an amount "12,5x"). Errors that are not the user's to fix (a bug, an outage,
// a refusal) still go to the error handler.

import (
	"mime/multipart"
	"net/url"
	"regexp"
	"sort"
	"strings"

	"github.com/gofiber/fiber/v2"

	"maillage/app/errs"
)

const (
	localFailure  = "form_failure"
	localKeepForm = "form_keep" // show the submitted values again though nothing failed (a "test" button)
)

// FormFailure is what a form re-rendered after bad input carries.
type FormFailure struct {
	Summary string         // translated summary of the failure
	Items   []FieldMessage // one per problem, in the order the checks found them
	Values  url.Values     // the submitted values, as typed
	byField map[string]string
}

// FieldMessage is one problem of a submitted form. Label and Href are filled when the page drew the field
// with the shared partial (the summary then names the field and links to it).
type FieldMessage struct {
	Field   string
	Row     int // data row of an import, 0 otherwise
	Message string
	Label   string
	Href    string
}

// correctable reports whether an error is the user's to fix on the form (the form is shown again) rather than
// a refusal or a fault (the error page).
func correctable(err error) bool {
	switch errs.KindOf(err) {
	case errs.Invalid, errs.Conflict, errs.Unsupported, errs.TooLarge:
		return true
	}
	return false
}

// reshow answers a failed submission with the page the form lives on: it records the failure for s.page and
// runs show (that page's GET handler) with the error's status. Other errors are returned as they are.
func (s *Server) reshow(c *fiber.Ctx, err error, show fiber.Handler) error {
	if !correctable(err) || isAPI(c) {
		return err
	}
	s.keepFailure(c, err)
	if e := show(c); e != nil {
		return e
	}
	return nil
}

// renderInvalid renders a page the handler built, with the failure on its form.
func (s *Server) renderInvalid(c *fiber.Ctx, tmpl, titleID string, data any, err error) error {
	if !correctable(err) || isAPI(c) {
		return err
	}
	s.keepFailure(c, err)
	return s.render(c, tmpl, titleID, data)
}

// isAPI: the JSON API answers problems, never pages (handlers shared by a page and the API).
func isAPI(c *fiber.Ctx) bool { return strings.HasPrefix(c.Path(), "/api/") }

func (s *Server) keepFailure(c *fiber.Ctx, err error) {
	c.Locals(localFailure, err)
	c.Status(statusOf(errs.KindOf(err)))
}

// onField puts an error that names no field on one (the file input for a refused file, the reason box for a
// missing reason), so it shows next to that field. Errors that already name fields are left alone.
func onField(field string, err error) error {
	e := errs.As(err)
	if e == nil || len(e.Fields) > 0 {
		return err
	}
	c := *e
	c.Fields = []errs.FieldError{{Field: field, Key: e.Key, Args: e.Args}}
	return &c
}

// joinInvalid merges the field errors of several checks into the first error, so that one submission lists
// every problem (a form parsed in two steps, say). Nil errors are skipped; a non-validation error wins.
func joinInvalid(list ...error) error {
	var out *errs.Error
	for _, err := range list {
		if err == nil {
			continue
		}
		e := errs.As(err)
		if e == nil || e.Kind != errs.Invalid {
			return err
		}
		if out == nil {
			c := *e
			c.Fields = append([]errs.FieldError(nil), e.Fields...)
			out = &c
			continue
		}
		out.Fields = append(out.Fields, e.Fields...)
	}
	if out == nil {
		return nil
	}
	return out
}

// failureFor builds the page's form state from the error kept by reshow/renderInvalid, if any.
func (s *Server) failureFor(c *fiber.Ctx, p *Page) *FormFailure {
	err, _ := c.Locals(localFailure).(error)
	e := errs.As(err)
	if e == nil {
		if keep, _ := c.Locals(localKeepForm).(bool); keep {
			return &FormFailure{Values: submitted(c), byField: map[string]string{}}
		}
		return nil
	}
	f := &FormFailure{Summary: translate(p.L, e.Key, e.Args), Values: submitted(c), byField: map[string]string{}}
	for _, fe := range e.Fields {
		msg := translate(p.L, fe.Key, fe.Args)
		if fe.Column != "" { // an import's row: name the file's own column
			msg = translate(p.L, "forms.in_column", map[string]any{"Column": fe.Column}) + " " + msg
		}
		if fe.Row == 0 {
			if _, dup := f.byField[fe.Field]; dup {
				continue // one message per field: the first check that failed
			}
			f.byField[fe.Field] = msg
		}
		f.Items = append(f.Items, FieldMessage{Field: fe.Field, Row: fe.Row, Message: msg})
	}
	// The older per-page fields, still read by templates not yet on the partials.
	p.Error = f.Summary
	p.Errors = f.byField
	return f
}

// submitted copies the request's form values (URL-encoded or multipart), without the CSRF token.
func submitted(c *fiber.Ctx) url.Values {
	v := url.Values{}
	if form, err := c.MultipartForm(); err == nil && form != nil {
		copyValues(v, form)
	} else {
		c.Request().PostArgs().VisitAll(func(k, val []byte) { v.Add(string(k), string(val)) })
	}
	v.Del("_csrf")
	return v
}

func copyValues(v url.Values, form *multipart.Form) {
	for k, vs := range form.Value {
		for _, x := range vs {
			v.Add(k, x)
		}
	}
}

// MessageFor is the message next to a field (empty when the field is fine).
func (f *FormFailure) MessageFor(field string) string {
	if f == nil {
		return ""
	}
	return f.byField[field]
}

var unsafeIDChars = regexp.MustCompile(`[^A-Za-z0-9_-]+`)

// fieldID is the element id of a field: its name with characters outside [A-Za-z0-9_-] made dashes, so the
// summary's links and aria attributes agree with the partial.
func fieldID(name string) string { return unsafeIDChars.ReplaceAllString(name, "-") }

// labelSummary gives the summary's items the labels and anchors of the fields the page drew.
func (p *Page) labelSummary() {
	if p.Failure == nil {
		return
	}
	for i := range p.Failure.Items {
		it := &p.Failure.Items[i]
		if d, ok := p.drawn[it.Field]; ok && it.Row == 0 {
			it.Label, it.Href = d.label, "#"+d.id
		}
	}
	// The summary reads in the order of the form, whatever order the checks ran in.
	order := func(it FieldMessage) int {
		if d, ok := p.drawn[it.Field]; ok && it.Row == 0 {
			return d.order
		}
		return len(p.drawn) + it.Row
	}
	sort.SliceStable(p.Failure.Items, func(i, j int) bool { return order(p.Failure.Items[i]) < order(p.Failure.Items[j]) })
}

// drawnField records a field drawn by the partial (for the summary's labels, links and order).
type drawnField struct {
	label, id string
	order     int
}

// Pager is a list's paging: links to the previous and next pages, and either "page N of M" or "items A–B of
// T".
type Pager struct {
	PrevURL, NextURL string
	Page, Pages      int
	From, To, Total  int
}

type pagerView struct {
	Pager
	L any
}

func pagerFor(p *Page, pg Pager) pagerView { return pagerView{Pager: pg, L: p.L} }

// Kept reports whether a failed submission carried name=value (a ticked row of a bulk action, say).
func (p *Page) Kept(name, value string) bool {
	if p.Failure == nil {
		return false
	}
	for _, v := range p.Failure.Values[name] {
		if v == value {
			return true
		}
	}
	return false
}
