package web

import (
	"fmt"
	"html/template"

	"github.com/gofiber/fiber/v2"

	"maillage/app/charts"
	"maillage/app/declarations"
	"maillage/app/report"
)

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
