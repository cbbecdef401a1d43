package web

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/nicksnyder/go-i18n/v2/i18n"

	"maillage/app/contracts"
	"maillage/app/errs"
	"maillage/app/quebec"
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
	Values  []legalRowView
	Keys    []Choice    // every key, named, for the form's choice
	Kinds   []msgChoice // the kinds of value
	Form    map[string]string
	Editing string // label of the value being replaced, "" when adding
}

var legalKinds = []msgChoice{{"cents", "rules.ui.kind_cents"}, {"percent", "rules.ui.kind_percent"}, {"rate", "rules.ui.kind_rate"},
	{"number", "rules.ui.kind_number"}, {"flag", "rules.ui.kind_flag"}, {"text", "rules.ui.kind_text"}}

type legalRowView struct {
	rules.LegalValue
	Label   string
	Display string
}

// legalPage lists every legal value; ?edit=<version> fills the form with that version to replace it.
func (s *Server) legalPage(c *fiber.Ctx) error {
	form := map[string]string{"kind": "cents"}
	if r := c.FormValue("replacing"); c.Method() == fiber.MethodPost && r != "" {
		form["replacing"] = r // a failed replacement shown again (reshow): still a replacement
	}
	if v := c.Query("edit"); v != "" {
		ref, err := s.rules.Reference(ctx(c))
		if err != nil {
			return err
		}
		found := false
		for _, lv := range ref.Values {
			if lv.Version == v {
				form, found = legalForm(lv), true
			}
		}
		if !found {
			return errNotFound
		}
	}
	return s.renderLegal(c, form)
}

// legalForm writes a value as the form shows it, to replace it.
func legalForm(lv rules.LegalValue) map[string]string {
	f := map[string]string{"key": lv.Key, "kind": string(lv.Kind), "from": lv.From.Format(time.DateOnly), "citation": lv.Citation,
		"note": lv.Note, "source": lv.Source, "confidence": lv.Confidence, "replacing": lv.Version, "value": lv.Text}
	if !lv.To.IsZero() {
		f["to"] = lv.To.Format(time.DateOnly)
	}
	if lv.Confirmed {
		f["confirmed"] = "on"
	}
	switch lv.Kind {
	case rules.KindCents:
		f["value"] = strings.ReplaceAll(formatMoney(int64(lv.Cents), "fr"), "\u00a0$", "")
	case rules.KindPercent:
		f["value"] = strings.TrimSuffix(formatPercent(int64(lv.Percent), "fr"), "\u00a0%")
	case rules.KindRate:
		f["value"] = strings.TrimSuffix(formatRate(lv.Number, "fr"), "\u00a0%")
	case rules.KindNumber:
		f["value"] = strconv.FormatInt(lv.Number, 10)
	}
	return f
}

// legalLabel names a legal key in the reader's language; LCOP thresholds are named from their parts.
func legalLabel(l *i18n.Localizer, key string) string {
	if rest, ok := strings.CutPrefix(key, "lcop_tender_threshold_"); ok {
		if body, nature, ok := strings.Cut(rest, "_"); ok {
			return translate(l, "rules.legal_key.lcop_tender_threshold", map[string]any{"Body": translate(l, "rules.body."+body, nil),
				"Nature": translate(l, "rules.nature."+nature, nil)})
		}
	}
	id := "rules.legal_key." + key
	if t := translate(l, id, nil); t != id {
		return t
	}
	return key
}

func (s *Server) renderLegal(c *fiber.Ctx, form map[string]string) error {
	ref, err := s.rules.Reference(ctx(c))
	if err != nil {
		return err
	}
	page := s.page(c, "rules.ui.legal_title", nil)
	v := legalView{Form: form, Kinds: legalKinds}
	l := page.Lang
	seen := map[string]bool{}
	for _, lv := range ref.Values {
		lv := rules.InLanguage(lv, l) // shown in the page's language; the edit form keeps the stored wording
		d := lv.Text
		switch lv.Kind {
		case rules.KindCents:
			d = formatMoney(int64(lv.Cents), l)
		case rules.KindPercent:
			d = formatPercent(int64(lv.Percent), l)
		case rules.KindRate:
			d = formatRate(lv.Number, l)
		case rules.KindNumber:
			d = strconv.FormatInt(lv.Number, 10)
		}
		row := legalRowView{LegalValue: lv, Label: legalLabel(page.L, lv.Key), Display: d}
		v.Values = append(v.Values, row)
		if !seen[lv.Key] {
			seen[lv.Key] = true
			v.Keys = append(v.Keys, Choice{Value: lv.Key, Label: row.Label})
		}
		if lv.Version == form["replacing"] {
			v.Editing = row.Label + " (" + lv.From.Format(time.DateOnly) + ")"
		}
	}
	quebec.SortNames(v.Keys, func(k Choice) string { return k.Label })
	page.Data = v
	return s.renderPage(c, "rules/legal", page)
}

// legalFromForm reads one legal value: the value field is dollars, a percentage or a number by kind.
func legalFromForm(form map[string]string) (rules.LegalValue, error) {
	v := errs.Validation{Key: "rules.err.invalid_reference"}
	lv := rules.LegalValue{Key: strings.TrimSpace(form["key"]), Version: strings.TrimSpace(form["version"]), Kind: rules.ValueKind(form["kind"]),
		Citation: strings.TrimSpace(form["citation"]), Confirmed: form["confirmed"] != "", Note: strings.TrimSpace(form["note"]),
		Source: strings.TrimSpace(form["source"]), Confidence: strings.TrimSpace(form["confidence"])}
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
	case rules.KindRate:
		r, ok := parseRate(val)
		if !ok {
			v.Add("value", "rules.ui.percent_invalid", nil)
		}
		lv.Number = r
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
	for _, k := range []string{"key", "version", "kind", "value", "from", "to", "citation", "confirmed", "note", "replacing", "source", "confidence"} {
		form[k] = c.FormValue(k)
	}
	lv, err := legalFromForm(form)
	if err == nil {
		err = s.rules.SaveLegalValue(ctx(c), lv, strings.TrimSpace(form["replacing"]))
	}
	if err != nil {
		return s.reshow(c, err, s.legalPage)
	}
	return c.Redirect("/admin/legal?saved=1", fiber.StatusSeeOther)
}

// parseRate reads a percentage with up to four decimals ("4,9875") into parts per million.
func parseRate(s string) (int64, bool) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\u00a0", ""), ",", ".")
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 || f > 100 {
		return 0, false
	}
	return int64(math.Round(f * 10_000)), true
}
