package web

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/nicksnyder/go-i18n/v2/i18n"

	"maillage/app/charts"
	"maillage/app/errs"
	"maillage/app/provincial"
)

// provincialRoutes: the aggregate picture for provincial staff (provincial_analyst, platform_admin). The
// page, the API and the CSV export read the same provincial.Summary: the same disclosure rules everywhere.
func (s *Server) provincialRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/province", Scope: Platform, Obj: "provincial", Act: "read", Handler: s.provincialPage},
		{Method: "GET", Path: "/province/export.csv", Scope: Platform, Obj: "provincial", Act: "read", Handler: s.provincialCSV},
		{Method: "GET", Path: "/api/v1/province/summary", Scope: Platform, Obj: "provincial", Act: "read", Handler: s.apiProvincial,
			Doc: &APIDoc{Summary: "Province-wide figures by region for whole calendar quarters (from = a quarter's first day, to = a quarter's last day); " +
				"a figure with fewer than 3 contributing bodies or one body above 80 %, over the period or in one of its quarters, has value null and a reason " +
				"(few_bodies, dominance, quarter); totals add up published regions only (no_region when none)", Tag: "provincial",
				Response: "ProvincialSummary", Query: []string{"from", "to"}}},
	}
}

func provincialSchemas() map[string]any {
	figure := obj(map[string]any{"value": nullable(integer()), "reason": str(""), "regions": integer()})
	region := obj(map[string]any{
		"region_code": str(""), "region_name": str(""), "bodies": integer(), "bodies_with_declaration": integer(),
		"contracts": figure, "spend_cents": figure, "ees_spend_cents": figure, "ees_suppliers": figure,
		"new_ees_relationships": figure, "register_ees": figure, "contacts": figure,
	})
	return map[string]any{"ProvincialSummary": obj(map[string]any{
		"from": str("date-time"), "to": str("date-time"), "regions": arr(region), "totals": region,
	})}
}

func integer() map[string]any { return map[string]any{"type": "integer"} }

// period reads ?from=&to= (a quarter's first day, a quarter's last day), defaulting to the last four
// complete calendar quarters (a rolling year whose every quarter has its data).
func (s *Server) period(c *fiber.Ctx) (time.Time, time.Time, error) {
	current := provincial.QuarterOf(s.now())
	from, to := current.AddDate(-1, 0, 0), current.AddDate(0, 0, -1)
	var v errs.Validation
	v.Key = "provincial.period_refused"
	if d := dateField(&v, "from", c.Query("from")); !d.IsZero() {
		from = d
	}
	if d := dateField(&v, "to", c.Query("to")); !d.IsZero() {
		to = d
	}
	if err := v.Err(); err != nil {
		return from, to, err
	}
	return from, to, provincial.CheckPeriod(from, to)
}

func (s *Server) provincialSummary(c *fiber.Ctx) (provincial.Summary, error) {
	from, to, err := s.period(c)
	if err != nil {
		return provincial.Summary{}, err
	}
	return s.provincial.Summarize(ctx(c), from, to)
}

func (s *Server) apiProvincial(c *fiber.Ctx) error {
	sum, err := s.provincialSummary(c)
	if err != nil {
		return err
	}
	return c.JSON(sum)
}

// provincialCell is one figure as shown: the number, or "n. d." with the letter of its reason.
type provincialCell struct {
	Text string
	Note string // legend letter of the reason it is withheld ("" when published)
}

type provincialRow struct {
	Name   string
	Bodies string
	Cells  []provincialCell
}

type quarterOption struct {
	Value, Label string
	Selected     bool
}

type provincialView struct {
	Rows             []provincialRow
	Totals           provincialRow
	TotalsNote       string
	Starts, Ends     []quarterOption
	From, To         string
	Period           string
	Legend           []provincialCell
	MinBodies, Share int
}

// provincialNotes are the legend letters of the reasons, in the order of the legend.
var provincialNotes = []struct{ reason, letter string }{
	{provincial.ReasonFewBodies, "a"}, {provincial.ReasonDominance, "b"}, {provincial.ReasonQuarter, "c"}, {provincial.ReasonNoRegion, "d"},
}

func noteOf(reason string) string {
	for _, n := range provincialNotes {
		if n.reason == reason {
			return n.letter
		}
	}
	return ""
}

// provincialCells formats a region's figures in the table's column order.
func provincialCells(r provincial.Region, f charts.Format, na string) []provincialCell {
	money := func(x provincial.Figure) provincialCell {
		if !x.Available() {
			return provincialCell{Text: na, Note: noteOf(x.Reason)}
		}
		return provincialCell{Text: f.Money(*x.Value)}
	}
	count := func(x provincial.Figure) provincialCell {
		if !x.Available() {
			return provincialCell{Text: na, Note: noteOf(x.Reason)}
		}
		return provincialCell{Text: f.Int(*x.Value)}
	}
	share := provincialCell{Text: na, Note: noteOf(firstReason(r.SpendCents, r.EESSpendCents))}
	if p := r.EESShare(); p != nil {
		share = provincialCell{Text: f.Fraction(*p / 100)}
	} else if r.SpendCents.Available() && r.EESSpendCents.Available() {
		share = provincialCell{Text: "—"} // no spend at all: a share of nothing
	}
	return []provincialCell{{Text: f.Int(int64(r.BodiesWithDeclaration))}, count(r.Contracts), money(r.SpendCents), money(r.EESSpendCents),
		share, count(r.EESSuppliers), count(r.NewEESRelationships), count(r.RegisterEES), count(r.Contacts)}
}

func firstReason(fs ...provincial.Figure) string {
	for _, f := range fs {
		if !f.Available() {
			return f.Reason
		}
	}
	return ""
}

// quarterOptions lists the calendar quarters a period can start or end with, newest first (ten years).
func (s *Server) quarterOptions(l *i18n.Localizer, from, to time.Time) ([]quarterOption, []quarterOption) {
	var starts, ends []quarterOption
	q := provincial.QuarterOf(s.now())
	for i := 0; i < 40; i++ {
		label := translate(l, "provincial.quarter", map[string]any{"Q": int(q.Month()-1)/3 + 1, "Year": q.Year()})
		end := q.AddDate(0, 3, -1)
		starts = append(starts, quarterOption{Value: q.Format(time.DateOnly), Label: label, Selected: q.Equal(from)})
		ends = append(ends, quarterOption{Value: end.Format(time.DateOnly), Label: label, Selected: end.Equal(to)})
		q = q.AddDate(0, -3, 0)
	}
	return starts, ends
}

func (s *Server) provincialPage(c *fiber.Ctx) error {
	l := i18n.NewLocalizer(s.i18n, lang(c))
	from, to, err := s.period(c)
	var sum provincial.Summary
	if err == nil {
		sum, err = s.provincial.Summarize(ctx(c), from, to)
	}
	if err != nil {
		return err
	}
	f := charts.NewFormat(lang(c))
	na := translate(l, "provincial.na", nil)
	v := provincialView{From: from.Format(time.DateOnly), To: to.Format(time.DateOnly), MinBodies: provincial.MinBodies, Share: provincial.MaxShare,
		Period: translate(l, "provincial.period", map[string]any{"From": f.Date(from), "To": f.Date(to)})}
	v.Starts, v.Ends = s.quarterOptions(l, from, to)
	for _, r := range sum.Regions {
		v.Rows = append(v.Rows, provincialRow{Name: r.RegionCode + " " + r.RegionName, Bodies: f.Int(int64(r.Bodies)), Cells: provincialCells(r, f, na)})
	}
	v.Totals = provincialRow{Name: translate(l, "provincial.totals", nil), Bodies: f.Int(int64(sum.Totals.Bodies)), Cells: provincialCells(sum.Totals, f, na)}
	v.TotalsNote = translate(l, "provincial.totals_note", map[string]any{"Regions": len(sum.Regions)})
	for _, n := range provincialNotes {
		v.Legend = append(v.Legend, provincialCell{Note: n.letter,
			Text: translate(l, "provincial.reason."+n.reason, map[string]any{"Min": provincial.MinBodies, "Share": provincial.MaxShare})})
	}
	return s.render(c, "provincial/summary", "provincial.title", v)
}

// provincialCSV exports the same table: withheld figures read "non disponible" with their reason in words.
func (s *Server) provincialCSV(c *fiber.Ctx) error {
	sum, err := s.provincialSummary(c)
	if err != nil {
		return err
	}
	l := i18n.NewLocalizer(s.i18n, lang(c))
	na := translate(l, "provincial.na_long", nil)
	cell := func(x provincial.Figure) string {
		if !x.Available() {
			return na + " — " + translate(l, "provincial.reason."+x.Reason, map[string]any{"Min": provincial.MinBodies, "Share": provincial.MaxShare})
		}
		return fmt.Sprint(*x.Value)
	}
	var b bytes.Buffer
	b.WriteString("\ufeff") // Excel opens UTF-8 CSV correctly only with a byte-order mark
	w := csv.NewWriter(&b)
	head := []string{"region_code", "region", "bodies", "bodies_with_declaration", "contracts", "spend_cents", "ees_spend_cents",
		"ees_suppliers", "new_ees_relationships", "register_ees", "contacts"}
	_ = w.Write(head)
	rows := append(append([]provincial.Region{}, sum.Regions...), sum.Totals)
	for i, r := range rows {
		code, name := r.RegionCode, r.RegionName
		if i == len(rows)-1 {
			code, name = "", translate(l, "provincial.totals", nil)
		}
		_ = w.Write([]string{code, name, fmt.Sprint(r.Bodies), fmt.Sprint(r.BodiesWithDeclaration), cell(r.Contracts), cell(r.SpendCents),
			cell(r.EESSpendCents), cell(r.EESSuppliers), cell(r.NewEESRelationships), cell(r.RegisterEES), cell(r.Contacts)})
	}
	w.Flush()
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="portrait-provincial-%s-%s.csv"`,
		sum.From.Format(time.DateOnly), sum.To.Format(time.DateOnly)))
	return c.Send(b.Bytes())
}
