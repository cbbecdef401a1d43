package web

import (
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"maillage/app/contracts"
	"maillage/app/errs"
	"maillage/app/rules"
)

// legalRoutes: the platform's legal reference values, read by everyone's advisor, edited by platform_admin.
func (s *Server) legalRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/admin/legal", Scope: Platform, Obj: "legal_reference", Act: "write", Handler: s.legalPage},
		{Method: "POST", Path: "/admin/legal", Scope: Platform, Obj: "legal_reference", Act: "write", Handler: s.legalSubmit},
	}
}

type legalView struct {
	Values []legalRowView
	Form   map[string]string
}

type legalRowView struct {
	rules.LegalValue
	Display string
}

func (s *Server) legalPage(c *fiber.Ctx) error {
	return s.renderLegal(c, map[string]string{"kind": "cents"}, nil)
}

func (s *Server) renderLegal(c *fiber.Ctx, form map[string]string, ferr error) error {
	ref, err := s.rules.Reference(ctx(c))
	if err != nil {
		return err
	}
	v := legalView{Form: form}
	l := lang(c)
	for _, lv := range ref.Values {
		d := lv.Text
		switch lv.Kind {
		case rules.KindCents:
			d = formatMoney(int64(lv.Cents), l)
		case rules.KindPercent:
			d = formatPercent(int64(lv.Percent), l)
		case rules.KindNumber:
			d = strconv.FormatInt(lv.Number, 10)
		}
		v.Values = append(v.Values, legalRowView{LegalValue: lv, Display: d})
	}
	page := s.page(c, "rules.ui.legal_title", v)
	if ferr != nil {
		if !formErrors(page.L, page, ferr) {
			return ferr
		}
		c.Status(statusOf(errs.KindOf(ferr)))
	}
	return s.renderPage(c, "rules/legal", page)
}

// legalFromForm reads one legal value: the value field is dollars, a percentage or a number by kind.
func legalFromForm(form map[string]string) (rules.LegalValue, error) {
	v := errs.Validation{Key: "rules.err.invalid_reference"}
	lv := rules.LegalValue{Key: strings.TrimSpace(form["key"]), Version: strings.TrimSpace(form["version"]), Kind: rules.ValueKind(form["kind"]),
		Citation: strings.TrimSpace(form["citation"]), Confirmed: form["confirmed"] != "", Note: strings.TrimSpace(form["note"])}
	if lv.Version == "" {
		lv.Version = lv.Key + "/" + strings.TrimSpace(form["from"])
	}
	val := strings.TrimSpace(form["value"])
	switch lv.Kind {
	case rules.KindCents:
		c, ok := contracts.ParseAmount(val)
		if !ok {
			v.Add("value", "rules.ui.amount_invalid", nil)
		}
		lv.Cents = rules.Cents(c)
	case rules.KindPercent:
		p, ok := parsePercent(val)
		if !ok {
			v.Add("value", "rules.ui.percent_invalid", nil)
		}
		lv.Percent = p
	case rules.KindNumber:
		n, err := strconv.ParseInt(val, 10, 64)
		if err != nil {
			v.Add("value", "rules.ui.number_invalid", nil)
		}
		lv.Number = n
	default:
		lv.Text = val
	}
	var err error
	if lv.From, err = time.Parse(time.DateOnly, strings.TrimSpace(form["from"])); err != nil {
		v.Add("from", "rules.ui.date_invalid", nil)
	}
	if to := strings.TrimSpace(form["to"]); to != "" {
		if lv.To, err = time.Parse(time.DateOnly, to); err != nil {
			v.Add("to", "rules.ui.date_invalid", nil)
		}
	}
	return lv, v.Err()
}

func (s *Server) legalSubmit(c *fiber.Ctx) error {
	form := map[string]string{}
	for _, k := range []string{"key", "version", "kind", "value", "from", "to", "citation", "confirmed", "note", "replacing"} {
		form[k] = c.FormValue(k)
	}
	lv, err := legalFromForm(form)
	if err == nil {
		err = s.rules.SaveLegalValue(ctx(c), lv, strings.TrimSpace(form["replacing"]))
	}
	if err != nil {
		return s.renderLegal(c, form, err)
	}
	return c.Redirect("/admin/legal?saved=1", fiber.StatusSeeOther)
}
