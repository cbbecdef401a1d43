package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/template/html/v2"
	"github.com/nicksnyder/go-i18n/v2/i18n"

	"maillage/app/accounts"
	"maillage/app/billing"
	"maillage/app/quebec"
	"maillage/frontend"
	"maillage/tenants"
)

// Page is what every template receives. Data holds the page's own values.
type Page struct {
	Lang      string
	OtherLang string
	L         *i18n.Localizer
	Title     string // already translated
	CSRF      string
	Path      string // current path, for the language toggle's return
	User      *accounts.Principal
	Tenant    *tenants.Tenant
	Nav       []NavItem
	Data      any
	Now       time.Time
	Errors    map[string]string // field → translated message, for forms re-rendered after bad input
	Error     string            // summary of a failed submission, translated
	Flash     string
	Failure   *FormFailure  // a form shown again after bad input (forms.go); the layout draws its summary
	Body      template.HTML // the page's own content, drawn into the layout

	drawn  map[string]drawnField // fields drawn by the partial, for the summary's labels and links
	Banner *Banner               // the body's subscription, when it needs its members' attention
}

func httpFS(f fs.FS) http.FileSystem { return http.FS(f) }

func newViews(names *nameBook) (*html.Engine, error) {
	sub, err := fs.Sub(frontend.Templates, "templates")
	if err != nil {
		return nil, err
	}
	e := html.NewFileSystem(http.FS(sub), ".html")
	e.AddFuncMap(template.FuncMap{
		"t":     func(l *i18n.Localizer, id string, args ...any) string { return translate(l, id, kv(args)) },
		"money": func(cents int64, lang string) string { return formatMoney(cents, lang) },
		"date": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.Format("2006-01-02")
		},
		"datetime": func(t time.Time) string { return t.Local().Format("2006-01-02 15:04") },
		"query":    url.QueryEscape,
		"add":      func(a, b int) int { return a + b },
		"pct": func(part, whole float64) string {
			if whole == 0 {
				return "0"
			}
			return fmt.Sprintf("%.0f", 100*part/whole)
		},
		"dict": func(args ...any) map[string]any { return kv(args) },
		"derefTime": func(p *time.Time) time.Time {
			if p == nil {
				return time.Time{}
			}
			return *p
		},
		"planlabel": func(l *i18n.Localizer, p billing.Plan) string {
			return planLabel(func(id string, args map[string]any) string { return translate(l, id, args) }, p)
		},
		"deref64": func(p *int64) int64 {
			if p == nil {
				return 0
			}
			return *p
		},
		"derefInt": func(p *int) int {
			if p == nil {
				return 0
			}
			return *p
		},
		"join": strings.Join,
		// names instead of codes (app/web/names.go)
		"neq":        func(s string) string { return quebec.NEQ(s).Display() },
		"regionName": func(code string) string { return orCode(names.Region(code), code) },
		"mrcName":    func(code string) string { return orCode(names.MRC(code), code) },
		"unspscName": func(p *Page, code string) string { return orCode(names.UNSPSC(code, p.Lang), code) },
		// shared form partials (app/web/forms.go)
		"field":   field,
		"fieldID": fieldID,
		"pager":   pagerFor,
		"choice":  func(value, label string) Choice { return Choice{Value: value, Label: label} },
		// supplier forms (app/web/suppliers_form.go)
		"hasCrit":      hasCriterion,
		"firstContact": firstContact,
		"mapped":       mappedField,
		"list3":        func(a, b, c string) []string { return []string{a, b, c} },
		"scoreOf":      scoreOf,
		"scoreText":    scoreText,
		"hasRole": func(p *accounts.Principal, role string) bool {
			if p == nil {
				return false
			}
			for _, r := range p.TenantRoles {
				if r == role {
					return true
				}
			}
			return p.HasPlatformRole(role)
		},
	})
	return e, e.Load()
}

// formatMoney renders cents as Québec French ("12 345,67 $") or English ("$12,345.67").
func formatMoney(cents int64, lang string) string {
	neg := cents < 0
	if neg {
		cents = -cents
	}
	whole, frac := cents/100, cents%100
	digits := fmt.Sprint(whole)
	sep := ","
	if lang == "fr" {
		sep = "\u00a0"
	}
	var b strings.Builder
	for i, d := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(d)
	}
	sign := ""
	if neg {
		sign = "-"
	}
	if lang == "fr" {
		return fmt.Sprintf("%s%s,%02d\u00a0$", sign, b.String(), frac)
	}
	return fmt.Sprintf("%s$%s.%02d", sign, b.String(), frac)
}

// page builds the common page data.
func (s *Server) page(c *fiber.Ctx, titleID string, data any) *Page {
	l := lang(c)
	p := &Page{Lang: l, OtherLang: map[string]string{"fr": "en", "en": "fr"}[l], L: i18n.NewLocalizer(s.i18n, l),
		CSRF: csrfFrom(c), Path: currentPath(c), User: principal(c), Data: data, Now: s.now()}
	if t, ok := c.Locals(localTenant).(tenants.Tenant); ok {
		p.Tenant = &t
	}
	p.Title = translate(p.L, titleID, nil)
	p.Nav = s.nav(c, p)
	p.Failure = s.failureFor(c, p)
	if p.Flash == "" {
		p.Flash = s.takeFlash(c, p)
	}
	p.Banner = s.billingBanner(c, p)
	return p
}

// render writes a full page with the main layout.
func (s *Server) render(c *fiber.Ctx, tmpl, titleID string, data any) error {
	return s.renderPage(c, tmpl, s.page(c, titleID, data))
}

// renderPage draws the page's content first, then the layout around it: the layout's error summary then knows
// the labels of the fields the content drew. (Two plain renders also avoid the template engine's exclusive
// lock around layouts.)
func (s *Server) renderPage(c *fiber.Ctx, tmpl string, p *Page) error {
	var body, out bytes.Buffer
	if err := s.views.Render(&body, tmpl, p); err != nil {
		return fmt.Errorf("render %s: %w", tmpl, err)
	}
	p.Body = template.HTML(body.String()) //nolint:gosec // produced by html/template
	p.labelSummary()
	if err := s.views.Render(&out, "layouts/main", p); err != nil {
		return fmt.Errorf("render layout for %s: %w", tmpl, err)
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	return c.Send(out.Bytes())
}

func csrfFrom(c *fiber.Ctx) string {
	v, _ := c.Locals(localCSRF).(string)
	return v
}

// currentPath is the request's path and query (never scheme or host, even for absolute-form requests), for
// "return to this page" links.
func currentPath(c *fiber.Ctx) string {
	if q := c.Request().URI().QueryString(); len(q) > 0 {
		return c.Path() + "?" + string(q)
	}
	return c.Path()
}
