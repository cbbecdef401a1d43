package report

import (
	"maillage/app/charts"
	"maillage/app/declarations"
)

// Translate returns the message for id in the report's language.
type Translate func(id string, data map[string]any) string

// Labels are the words a report needs besides its message IDs.
type Labels struct {
	T         Translate
	Segment   func(code string) string              // UNSPSC segment title; nil writes the code
	Territory func(t declarations.Territory) string // MRC or region name; nil writes the code
	Procedure func(code string) string              // procedure name; nil translates declarations.procedure.<code>
}

// Row is one target as the table and the bars show it.
type Row struct {
	Key        string
	Label      string
	Current    string
	Target     string
	Expected   string
	Reached    string  // "45 %"
	Fraction   float64 // current / target
	OnTrack    bool
	Cumulative bool // has a pro-rata expectation (amounts only)
	Share      bool // a share of spend: the value reads "51,9 % of eligible spend (target 15 %)"
	Contracts  []string
	Progress   declarations.TargetProgress
}

// TargetLabel names a target in the report's language.
func (l Labels) TargetLabel(t declarations.Target) string {
	data := map[string]any{}
	switch t.Kind {
	case declarations.SegmentEESAmount, declarations.SegmentEESShare:
		data["Segment"] = t.Segment
		if l.Segment != nil {
			data["Segment"] = t.Segment + " " + l.Segment(t.Segment)
		}
	case declarations.LocalShare:
		data["Territory"] = t.Territory.Code
		if l.Territory != nil {
			data["Territory"] = l.Territory(t.Territory)
		}
	}
	return l.T("declarations.kind."+string(t.Kind), data)
}

// ProcedureLabel names a procedure.
func (l Labels) ProcedureLabel(code string) string {
	if l.Procedure != nil {
		return l.Procedure(code)
	}
	if code == "" {
		return l.T("declarations.procedure.unknown", nil)
	}
	return l.T("declarations.procedure."+code, nil)
}

// SegmentLabel names a UNSPSC segment.
func (l Labels) SegmentLabel(code string) string {
	if code == "" {
		return l.T("declarations.segment_unknown", nil)
	}
	if l.Segment != nil {
		return code + " " + l.Segment(code)
	}
	return code
}

// Value writes a value in a target's unit.
func Value(f charts.Format, u declarations.Unit, v int64) string {
	switch u {
	case declarations.Cents:
		return f.Money(v)
	case declarations.BasisPoints:
		return f.Percent(v)
	}
	return f.Int(v)
}

// TargetRows turns the progress of every target into table rows.
func TargetRows(p declarations.Progress, f charts.Format, l Labels) []Row {
	rows := make([]Row, 0, len(p.Targets))
	for _, tp := range p.Targets {
		rows = append(rows, targetRow(tp, f, l))
	}
	return rows
}

// targetRow is one target's row; a share reads as a share of spend against the share aimed at.
func targetRow(tp declarations.TargetProgress, f charts.Format, l Labels) Row {
	r := Row{
		Key:        tp.Target.Key,
		Label:      l.TargetLabel(tp.Target),
		Current:    Value(f, tp.Unit, tp.Current),
		Target:     Value(f, tp.Unit, tp.Target.Value),
		Expected:   Value(f, tp.Unit, tp.Expected),
		Reached:    f.Fraction(tp.Reached),
		Fraction:   tp.Reached,
		OnTrack:    tp.OnTrack,
		Cumulative: tp.Target.Kind.ProRated(),
		Share:      tp.Unit == declarations.BasisPoints,
		Contracts:  tp.ContractIDs,
		Progress:   tp,
	}
	if r.Share {
		r.Reached = valueText(r, l)
	}
	return r
}

// ProgressChart is the progress-bars chart of the rows.
func ProgressChart(id string, rows []Row, l Labels) charts.ProgressChart {
	ch := charts.ProgressChart{
		ID:            id,
		Title:         l.T("declarations.chart_progress_title", nil),
		Desc:          l.T("declarations.chart_progress_desc", map[string]any{"Count": len(rows)}),
		ExpectedLabel: l.T("declarations.expected_today", nil),
	}
	for _, r := range rows {
		tp := r.Progress
		ch.Rows = append(ch.Rows, charts.ProgressRow{
			Label: r.Label, Value: float64(tp.Current), Target: float64(tp.Target.Value),
			Expected: float64(tp.Expected), HasExpected: r.Cumulative,
			ValueText: valueText(r, l),
		})
	}
	return ch
}

// CumulativeChart is the line of cumulative EES spend against the pro-rata line of the EES amount
// target (or no target line when the declaration has none).
func CumulativeChart(id string, p declarations.Progress, f charts.Format, l Labels) charts.LineChart {
	var target int64
	for _, tp := range p.Targets {
		if tp.Target.Kind == declarations.EESAmount {
			target = tp.Target.Value
		}
	}
	ch := charts.LineChart{
		ID: id, Start: p.PeriodStart, End: p.PeriodEnd, AsOf: p.AsOf, Target: float64(target),
		Title:       l.T("declarations.chart_cumulative_title", nil),
		Desc:        l.T("declarations.chart_cumulative_desc", map[string]any{"Spent": f.Money(p.Totals.EESSpend), "Target": f.Money(target), "Expected": f.Money(declarations.ProRata(target, p.PeriodStart, p.PeriodEnd, p.AsOf))}),
		ActualLabel: l.T("declarations.legend_actual", nil),
		TargetLabel: l.T("declarations.legend_prorata", nil),
		YText:       func(v float64) string { return f.Money(int64(v)) },
		XText:       f.Month,
	}
	for _, pt := range p.Cumulative {
		ch.Points = append(ch.Points, charts.LinePoint{Day: pt.Day, Value: float64(pt.Cents)})
	}
	return ch
}

// SliceBars is a horizontal bar chart of a breakdown; name labels each slice.
func SliceBars(id, title string, slices []declarations.Slice, f charts.Format, name func(declarations.Slice) string, l Labels) charts.BarChart {
	ch := charts.BarChart{ID: id, Title: title, Desc: l.T("declarations.chart_bars_desc", map[string]any{"Title": title, "Count": len(slices)})}
	for _, s := range slices {
		ch.Items = append(ch.Items, charts.BarItem{Label: name(s), Value: float64(s.Cents), ValueText: f.Money(s.Cents)})
	}
	return ch
}

// valueText says a target's value in words: an amount or a count against its target ("45 %"), a share as what
// it is — a share of spend — next to the share aimed at, never as a percentage of a percentage.
func valueText(r Row, l Labels) string {
	if r.Share {
		return l.T("declarations.share_of_target", map[string]any{"Current": r.Current, "Target": r.Target, "Base": l.T(shareBase(r.Progress.Target.Kind), nil)})
	}
	return l.T("declarations.value_of_target", map[string]any{"Current": r.Current, "Target": r.Target, "Reached": r.Reached})
}

// shareBase names what a share is a share of.
func shareBase(k declarations.TargetKind) string {
	switch k {
	case declarations.SegmentEESShare:
		return "declarations.share_base_segment"
	case declarations.LocalShare:
		return "declarations.share_base_local"
	}
	return "declarations.share_base_eligible"
}
