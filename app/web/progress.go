package web

import (
	"fmt"
	"html/template"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/nicksnyder/go-i18n/v2/i18n"

	"maillage/app/charts"
	"maillage/app/declarations"
	"maillage/app/report"
	"maillage/tenants"
)

// progressRoutes: the elected officials' dashboard, its drill-down, the printable council report
// and its PDF, and the optional public progress page.
func (s *Server) progressRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/t/:slug/progress", Scope: Tenant, Obj: "progress", Act: "read", Handler: s.progressDashboard},
		{Method: "GET", Path: "/t/:slug/progress/targets/:key", Scope: Tenant, Obj: "progress", Act: "read", Handler: s.progressDrill},
		{Method: "GET", Path: "/t/:slug/progress/report", Scope: Tenant, Obj: "progress", Act: "read", Handler: s.progressReport},
		{Method: "GET", Path: "/t/:slug/progress/report.pdf", Scope: Tenant, Obj: "progress", Act: "read", Handler: s.progressPDF},
		{Method: "GET", Path: "/t/:slug/public/progress", Scope: TenantPublic, Handler: s.progressPublic},
	}
}

func (s *Server) declStore() *declarations.Store { return declarations.NewStore(s.db, s.now) }

// progressState is a declaration's computed progress with everything the pages show.
type progressState struct {
	Found       bool
	Declaration declarations.Declaration
	Progress    declarations.Progress
	Previous    *declarations.Progress
	Pilot       declarations.PilotIndicators
	Contracts   []declarations.Contract // the period's contracts up to as-of
	Prior       []string                // suppliers contracted before the period
	Public      bool                    // the public progress page is on
	Labels      report.Labels
	Format      charts.Format
}

// thresholds are the public-tender thresholds of the legal reference data (the rules area's
// legal_values, which platform staff edit): eligible spend is decided by the one in force at award.
func (s *Server) thresholds(c *fiber.Ctx) ([]declarations.Threshold, error) {
	ref, err := s.rules.Reference(ctx(c))
	if err != nil {
		return nil, err
	}
	var out []declarations.Threshold
	for _, v := range ref.Values {
		if v.Key == "tender_threshold" {
			out = append(out, declarations.Threshold{From: v.From, To: v.To, AmountCents: int64(v.Cents), Citation: v.Citation})
		}
	}
	return out, nil
}

// loadProgress computes the progress of the declaration chosen by ?declaration= (default: the one
// covering today) as of ?as_of= (default today), from one read of the store.
func (s *Server) loadProgress(c *fiber.Ctx, t tenants.Tenant, l *i18n.Localizer, lang string) (progressState, error) {
	st := progressState{Format: charts.NewFormat(lang), Labels: s.reportLabels(c, l, lang)}
	asOf := declarations.Day(s.now())
	if v := c.Query("as_of"); v != "" {
		if d, err := time.Parse("2006-01-02", v); err == nil {
			asOf = d
		}
	}
	data, err := s.declStore().Dashboard(ctx(c), t.ID, c.Query("declaration"), asOf)
	if err != nil || !data.Found {
		return st, err
	}
	th, err := s.thresholds(c)
	if err != nil {
		return st, err
	}
	st.Found, st.Declaration, st.Contracts, st.Prior, st.Public = true, data.Declaration, data.Contracts, data.Prior, data.Public
	st.Progress = declarations.Compute(declarations.Input{Declaration: data.Declaration, Contracts: data.Contracts,
		PriorSuppliers: data.Prior, Thresholds: th, AsOf: asOf})
	if data.Previous != nil {
		p := declarations.Compute(declarations.Input{Declaration: *data.Previous, Contracts: data.PreviousContracts,
			Thresholds: th, AsOf: data.Previous.PeriodEnd})
		st.Previous = &p
	}
	st.Pilot = declarations.Pilot(declarations.PilotInput{Start: data.Declaration.PeriodStart, End: data.Declaration.PeriodEnd,
		AsOf: asOf, Contacts: data.Contacts, Contracts: data.Contracts, PriorSuppliers: data.Prior, Buyers: data.Buyers,
		RegisterEES: data.RegisterEES})
	return st, nil
}

// refNames holds the names of UNSPSC segments, regions and MRCs: platform reference data that only a
// migration changes, read once per server instead of on every dashboard.
type refNames struct {
	once     sync.Once
	segments map[string][2]string // code → French, English
	places   map[string]string    // "region/06", "mrc/460" → name
}

func (r *refNames) load(c *fiber.Ctx, s *Server) {
	r.once.Do(func() {
		var segs []struct {
			Segment, TitleFr, TitleEn string
		}
		_ = s.db.WithContext(ctx(c)).Raw(`SELECT substr(code, 1, 2) AS segment, title_fr, title_en FROM unspsc_codes WHERE level = 'segment'`).Scan(&segs).Error
		r.segments = map[string][2]string{}
		for _, sg := range segs {
			r.segments[sg.Segment] = [2]string{sg.TitleFr, sg.TitleEn}
		}
		var places []struct{ Key, Name string }
		_ = s.db.WithContext(ctx(c)).Raw(`SELECT 'region/' || code AS key, name FROM regions UNION ALL SELECT 'mrc/' || code, name FROM mrcs`).Scan(&places).Error
		r.places = map[string]string{}
		for _, p := range places {
			r.places[p.Key] = p.Name
		}
	})
}

// reportLabels names segments and places from the reference data and everything else from messages.
func (s *Server) reportLabels(c *fiber.Ctx, l *i18n.Localizer, lang string) report.Labels {
	s.refNames.load(c, s)
	names, places := s.refNames.segments, s.refNames.places
	return report.Labels{
		T: func(id string, data map[string]any) string { return translate(l, id, data) },
		Segment: func(code string) string {
			n := names[code]
			if lang == "en" || n[0] == "" {
				return n[1]
			}
			return n[0]
		},
		Territory: func(t declarations.Territory) string {
			if t.Level == declarations.LevelPolicy {
				return translate(l, "declarations.territory_policy", nil)
			}
			if n, ok := places[t.Level+"/"+t.Code]; ok {
				return n
			}
			return t.Code
		},
	}
}

// sliceRow is one row of a breakdown table.
type sliceRow struct {
	Label     string
	Amount    string
	Contracts int
}

type dashboardView struct {
	Slug        string
	Found       bool
	State       progressState
	Rows        []report.Row
	Period      string
	AsOf        string
	Elapsed     string
	Eligibility string
	Totals      map[string]string
	ProgressSVG template.HTML
	LineSVG     template.HTML
	SegmentSVG  template.HTML
	ProcSVG     template.HTML
	TopSVG      template.HTML
	Segments    []sliceRow
	Procedures  []sliceRow
	Suppliers   []sliceRow
	Previous    map[string]string
	Pilot       map[string]string
	Commitments []commitmentView
	Warnings    int
	Public      bool
}

type commitmentView struct {
	Text, Status, StatusClass, Evidence, Updated string
}

func (s *Server) dashboardData(c *fiber.Ctx, st progressState, lang string) dashboardView {
	f, l, p := st.Format, st.Labels, st.Progress
	v := dashboardView{Slug: tenant(c).Slug, Found: st.Found, State: st}
	if !st.Found {
		return v
	}
	v.Rows = report.TargetRows(p, f, l)
	v.Period = l.T("declarations.report_period", map[string]any{"Start": f.Date(p.PeriodStart), "End": f.Date(p.PeriodEnd)})
	v.AsOf, v.Elapsed = f.Date(p.AsOf), f.Fraction(p.Elapsed)
	v.Eligibility = eligibilityLine(st.Declaration.Eligibility, lang, l)
	v.Totals = map[string]string{
		"ees": f.Money(p.Totals.EESSpend), "spend": f.Money(p.Totals.Spend), "eligible": f.Money(p.Totals.EligibleSpend),
		"contracts": f.Int(int64(p.Totals.Contracts)), "ees_contracts": f.Int(int64(p.Totals.EESContracts)),
		"share": f.Fraction(declarations.Ratio{Num: p.Totals.EESEligibleSpend, Den: p.Totals.EligibleSpend}.Fraction()),
	}
	v.ProgressSVG = charts.Progress(report.ProgressChart("chart-progress", v.Rows, l))
	v.LineSVG = charts.Line(report.CumulativeChart("chart-cumulative", p, f, l))
	segs, procs, top := p.BySegment(), p.ByProcedure(), p.TopSuppliers(10)
	segName := func(sl declarations.Slice) string { return l.SegmentLabel(sl.Key) }
	procName := func(sl declarations.Slice) string { return l.ProcedureLabel(sl.Key) }
	supName := func(sl declarations.Slice) string { return sl.Label }
	v.SegmentSVG = charts.Bars(report.SliceBars("chart-segments", l.T("declarations.by_segment", nil), segs, f, segName, l))
	v.ProcSVG = charts.Bars(report.SliceBars("chart-procedures", l.T("declarations.by_procedure", nil), procs, f, procName, l))
	v.TopSVG = charts.Bars(report.SliceBars("chart-suppliers", l.T("declarations.top_suppliers", nil), top, f, supName, l))
	rows := func(ss []declarations.Slice, name func(declarations.Slice) string) []sliceRow {
		out := make([]sliceRow, len(ss))
		for i, sl := range ss {
			out[i] = sliceRow{Label: name(sl), Amount: f.Money(sl.Cents), Contracts: sl.Contracts}
		}
		return out
	}
	v.Segments, v.Procedures, v.Suppliers = rows(segs, segName), rows(procs, procName), rows(top, supName)
	if st.Previous != nil {
		pp := st.Previous
		v.Previous = map[string]string{
			"period": l.T("declarations.report_period", map[string]any{"Start": f.Date(pp.PeriodStart), "End": f.Date(pp.PeriodEnd)}),
			"ees":    f.Money(pp.Totals.EESSpend), "ees_contracts": f.Int(int64(pp.Totals.EESContracts)),
			"share": f.Fraction(declarations.Ratio{Num: pp.Totals.EESEligibleSpend, Den: pp.Totals.EligibleSpend}.Fraction()),
		}
	}
	pi := st.Pilot
	v.Pilot = map[string]string{
		"contacts": f.Int(int64(pi.Contacts)), "enterprises": f.Int(int64(pi.EnterprisesContacted)),
		"contracts": f.Int(int64(pi.EESContracts)), "new": ratioText(f, pi.NewRelationships),
		"buyers": ratioText(f, pi.BuyersWithContract), "register": ratioText(f, pi.RegisterEESContract),
	}
	for _, cm := range st.Declaration.Commitments {
		text := cm.TextFR
		if lang == "en" && cm.TextEN != "" {
			text = cm.TextEN
		}
		v.Commitments = append(v.Commitments, commitmentView{Text: text, Status: l.T("declarations.status."+string(cm.Status), nil),
			StatusClass: map[declarations.CommitmentStatus]string{declarations.Done: "ok", declarations.InProgress: "warn", declarations.NotDone: "bad"}[cm.Status],
			Evidence:    cm.Evidence, Updated: f.Date(cm.UpdatedAt)})
	}
	v.Warnings = len(p.UnknownThreshold)
	return v
}

func ratioText(f charts.Format, r declarations.Ratio) string {
	return fmt.Sprintf("%s / %s (%s)", f.Int(r.Num), f.Int(r.Den), f.Fraction(r.Fraction()))
}

func eligibilityLine(e declarations.Eligibility, lang string, l report.Labels) string {
	switch e.Rule {
	case declarations.Custom:
		d := e.DescriptionFR
		if lang == "en" && e.DescriptionEN != "" {
			d = e.DescriptionEN
		}
		return l.T("declarations.eligibility_custom", map[string]any{"Description": d})
	case declarations.AllSpend:
		return l.T("declarations.eligibility_all", nil)
	}
	return l.T("declarations.eligibility_below_threshold", nil)
}

func (s *Server) progressPage(c *fiber.Ctx, tmpl string, public bool) error {
	p := s.page(c, "declarations.dashboard_title", nil)
	st, err := s.loadProgress(c, tenant(c), p.L, p.Lang)
	if err != nil {
		return err
	}
	v := s.dashboardData(c, st, p.Lang)
	v.Public = st.Public
	if public { // no links to the members' pages
		v.Slug = ""
	}
	p.Data = v
	return s.renderPage(c, tmpl, p)
}

func (s *Server) progressDashboard(c *fiber.Ctx) error {
	return s.progressPage(c, "declarations/dashboard", false)
}

func (s *Server) progressReport(c *fiber.Ctx) error {
	return s.progressPage(c, "declarations/report", false)
}

// progressPublic shows the dashboard to anyone, only when the body switched it on (404 otherwise,
// like any page that does not exist).
func (s *Server) progressPublic(c *fiber.Ctx) error {
	on, err := s.declStore().PublicProgress(ctx(c), tenant(c).ID)
	if err != nil {
		return err
	}
	if !on {
		return errNotFound
	}
	return s.progressPage(c, "declarations/public", true)
}

func (s *Server) progressPDF(c *fiber.Ctx) error {
	p := s.page(c, "declarations.dashboard_title", nil)
	st, err := s.loadProgress(c, tenant(c), p.L, p.Lang)
	if err != nil {
		return err
	}
	if !st.Found {
		return errNotFound
	}
	pilot := st.Pilot
	doc, err := report.PDF(report.Council{Lang: p.Lang, BodyName: tenant(c).Name, Declaration: st.Declaration,
		Progress: st.Progress, Previous: st.Previous, Pilot: &pilot, GeneratedAt: s.now()}, st.Labels)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "application/pdf")
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="rapport-%s-%s.pdf"`, tenant(c).Slug, st.Progress.AsOf.Format("2006-01-02")))
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Send(doc)
}

// drillView lists the contracts behind one target's number.
type drillView struct {
	Slug      string
	Row       report.Row
	Contracts []drillContract
	Query     string
}

type drillContract struct {
	ID, Supplier, Date, Amount, Procedure, Segment string
	EES, Amended                                   bool
}

func (s *Server) progressDrill(c *fiber.Ctx) error {
	p := s.page(c, "declarations.drill_title", nil)
	st, err := s.loadProgress(c, tenant(c), p.L, p.Lang)
	if err != nil {
		return err
	}
	if !st.Found {
		return errNotFound
	}
	var row *report.Row
	for _, r := range report.TargetRows(st.Progress, st.Format, st.Labels) {
		if r.Key == c.Params("key") {
			r := r
			row = &r
		}
	}
	if row == nil {
		return errNotFound
	}
	byID := make(map[string]declarations.Contract, len(st.Contracts))
	for _, k := range st.Contracts {
		byID[k.ID] = k
	}
	v := drillView{Slug: tenant(c).Slug, Row: *row, Query: string(c.Request().URI().QueryString())}
	for _, id := range row.Contracts {
		k := byID[id]
		v.Contracts = append(v.Contracts, drillContract{ID: k.ID, Supplier: k.SupplierName, Date: st.Format.Date(k.AwardDate),
			Amount: st.Format.Money(k.Spend()), Procedure: st.Labels.ProcedureLabel(k.Procedure), Segment: st.Labels.SegmentLabel(k.Segment()),
			EES: k.EES, Amended: k.HasFinal})
	}
	p.Title = row.Label
	p.Data = v
	return s.renderPage(c, "declarations/drill", p)
}

func chartsFormat(lang string) charts.Format { return charts.NewFormat(lang) }

func reportValue(f charts.Format, k declarations.TargetKind, v int64) string {
	return report.Value(f, k.Unit(), v)
}
