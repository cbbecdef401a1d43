package web

import (
	"fmt"

	"github.com/gofiber/fiber/v2"
	"github.com/nicksnyder/go-i18n/v2/i18n"

	"maillage/app/charts"
	"maillage/app/declarations"
	"maillage/app/errs"
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

// loadProgress computes the progress of the declaration chosen by ?declaration= (default: the one
// covering today) as of ?as_of= (default today), from one read of the store.
func (s *Server) loadProgress(c *fiber.Ctx, t tenants.Tenant, l *i18n.Localizer, lang string) (progressState, error) {
	labels, err := s.reportLabels(c, l, lang)
	if err != nil {
		return progressState{}, err
	}
	st := progressState{Format: charts.NewFormat(lang), Labels: labels}
	asOf := declarations.Day(s.now())
	var v errs.Validation
	if d := dateField(&v, "as_of", c.Query("as_of")); !d.IsZero() {
		asOf = d
	}
	if err := v.Err(); err != nil {
		return st, err
	}
	data, err := s.decl.Dashboard(ctx(c), t.ID, c.Query("declaration"), asOf)
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
	on, err := s.decl.PublicProgress(ctx(c), tenant(c).ID)
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
