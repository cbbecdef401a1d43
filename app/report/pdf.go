package report

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"

	"maillage/app/charts"
	"maillage/app/declarations"
)

// Council is everything the council report shows.
type Council struct {
	Lang        string // "fr" or "en"
	BodyName    string // "Ville de Rimouski"
	Declaration declarations.Declaration
	Progress    declarations.Progress
	Previous    *declarations.Progress        // the previous period, for comparison; may be nil
	Pilot       *declarations.PilotIndicators // contact-log indicators; may be nil
	GeneratedAt time.Time
}

// page geometry, in millimetres on Letter paper (the size Québec councils print on).
const (
	margin = 18.0
	pageW  = 215.9
	bodyW  = pageW - 2*margin
	lineH  = 6.0
)

// PDF renders the council report. It uses the core Helvetica font through the cp1252 translator,
// which covers French (accents, « », ’, non-breaking spaces) and keeps the text extractable.
func PDF(c Council, l Labels) ([]byte, error) {
	f := charts.NewFormat(c.Lang)
	pdf := fpdf.New("P", "mm", "Letter", "")
	pdf.SetMargins(margin, margin, margin)
	pdf.SetAutoPageBreak(true, margin)
	if c.Lang == "en" {
		pdf.SetLang("en-CA")
	} else {
		pdf.SetLang("fr-CA")
	}
	tr := pdf.UnicodeTranslatorFromDescriptor("")
	w := writer{pdf: pdf, tr: func(s string) string { return tr(plain(s)) }}
	title := l.T("declarations.report_title", nil)
	pdf.SetTitle(title, true)
	pdf.SetAuthor(c.BodyName, true)
	pdf.SetCreator("Maillage", true)
	pdf.SetCreationDate(c.GeneratedAt)
	pdf.SetModificationDate(c.GeneratedAt)
	pdf.AliasNbPages("{nb}")
	pdf.SetFooterFunc(func() {
		pdf.SetY(-12)
		pdf.SetFont("Helvetica", "", 8)
		pdf.SetTextColor(77, 77, 77)
		footer := l.T("declarations.report_footer", map[string]any{"Body": c.BodyName, "Date": f.Date(c.GeneratedAt),
			"Page": pdf.PageNo(), "Pages": "{nb}"})
		pdf.CellFormat(0, 5, w.tr(footer), "", 0, "C", false, 0, "")
	})
	pdf.AddPage()

	d, p := c.Declaration, c.Progress
	w.heading(title, 16)
	w.para(c.BodyName, 12, "B")
	w.para(l.T("declarations.report_period", map[string]any{"Start": f.Date(p.PeriodStart), "End": f.Date(p.PeriodEnd)}), 11, "")
	if d.ResolutionNumber != "" {
		w.para(l.T("declarations.report_resolution", map[string]any{"Number": d.ResolutionNumber,
			"Date": f.Date(d.ResolutionDate), "Version": d.Version}), 11, "")
	}
	w.para(l.T("declarations.report_as_of", map[string]any{"Date": f.Date(p.AsOf), "Elapsed": f.Fraction(p.Elapsed)}), 11, "")
	pdf.Ln(3)

	w.heading(l.T("declarations.key_numbers", nil), 13)
	keys := [][2]string{
		{l.T("declarations.total_ees_spend", nil), f.Money(p.Totals.EESSpend)},
		{l.T("declarations.total_spend", nil), f.Money(p.Totals.Spend)},
		{l.T("declarations.total_eligible_spend", nil), f.Money(p.Totals.EligibleSpend)},
		{l.T("declarations.total_contracts", nil), f.Int(int64(p.Totals.Contracts))},
		{l.T("declarations.total_ees_contracts", nil), f.Int(int64(p.Totals.EESContracts))},
	}
	if c.Previous != nil {
		keys = append(keys, [2]string{l.T("declarations.previous_ees_spend", nil), f.Money(c.Previous.Totals.EESSpend)})
	}
	w.table([]float64{bodyW * 0.65, bodyW * 0.35}, keys, []string{"L", "R"})
	w.para(eligibilityText(d.Eligibility, c.Lang, l, f), 9, "I")
	pdf.Ln(2)

	rows := TargetRows(p, f, l)
	if len(rows) > 0 {
		w.heading(l.T("declarations.targets", nil), 13)
		head := []string{l.T("declarations.col_target", nil), l.T("declarations.col_current", nil),
			l.T("declarations.col_goal", nil), l.T("declarations.col_expected", nil), l.T("declarations.col_reached", nil)}
		cells := make([][]string, 0, len(rows))
		for _, r := range rows {
			exp, reached := r.Expected, r.Reached
			if !r.Cumulative {
				exp = "—"
			}
			if r.Share { // the share and its target are the two columns before: no percentage of a percentage
				reached = "—"
			}
			cells = append(cells, []string{r.Label, r.Current, r.Target, exp, reached})
		}
		w.grid([]float64{bodyW * 0.40, bodyW * 0.16, bodyW * 0.16, bodyW * 0.16, bodyW * 0.12}, head, cells,
			[]string{"L", "R", "R", "R", "R"})
		pdf.Ln(3)
		w.bars(rows)
	}

	if top := p.TopSuppliers(10); len(top) > 0 {
		w.heading(l.T("declarations.top_suppliers", nil), 13)
		var cells [][]string
		for _, s := range top {
			cells = append(cells, []string{s.Label, f.Int(int64(s.Contracts)), f.Money(s.Cents)})
		}
		w.grid([]float64{bodyW * 0.6, bodyW * 0.15, bodyW * 0.25},
			[]string{l.T("declarations.col_supplier", nil), l.T("declarations.col_contracts", nil), l.T("declarations.col_amount", nil)},
			cells, []string{"L", "R", "R"})
		pdf.Ln(3)
	}
	if by := p.ByProcedure(); len(by) > 0 {
		w.heading(l.T("declarations.by_procedure", nil), 13)
		var cells [][]string
		for _, s := range by {
			cells = append(cells, []string{l.ProcedureLabel(s.Key), f.Int(int64(s.Contracts)), f.Money(s.Cents)})
		}
		w.grid([]float64{bodyW * 0.6, bodyW * 0.15, bodyW * 0.25},
			[]string{l.T("declarations.col_procedure", nil), l.T("declarations.col_contracts", nil), l.T("declarations.col_amount", nil)},
			cells, []string{"L", "R", "R"})
		pdf.Ln(3)
	}

	if len(d.Commitments) > 0 {
		w.heading(l.T("declarations.commitments", nil), 13)
		var cells [][]string
		for _, cm := range d.Commitments {
			text := cm.TextFR
			if c.Lang == "en" && cm.TextEN != "" {
				text = cm.TextEN
			}
			cells = append(cells, []string{text, l.T("declarations.status."+string(cm.Status), nil), cm.Evidence})
		}
		w.grid([]float64{bodyW * 0.45, bodyW * 0.18, bodyW * 0.37},
			[]string{l.T("declarations.col_commitment", nil), l.T("declarations.col_status", nil), l.T("declarations.col_evidence", nil)},
			cells, []string{"L", "L", "L"})
		pdf.Ln(3)
	}

	if c.Pilot != nil {
		pi := c.Pilot
		w.heading(l.T("declarations.pilot_title", nil), 13)
		w.table([]float64{bodyW * 0.65, bodyW * 0.35}, [][2]string{
			{l.T("declarations.pilot_contacts", nil), f.Int(int64(pi.Contacts))},
			{l.T("declarations.pilot_enterprises_contacted", nil), f.Int(int64(pi.EnterprisesContacted))},
			{l.T("declarations.pilot_contracts", nil), f.Int(int64(pi.EESContracts))},
			{l.T("declarations.pilot_new_share", nil), ratio(f, pi.NewRelationships)},
			{l.T("declarations.pilot_buyers_share", nil), ratio(f, pi.BuyersWithContract)},
			{l.T("declarations.pilot_register_share", nil), ratio(f, pi.RegisterEESContract)},
		}, []string{"L", "R"})
	}

	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("council report pdf: %w", err)
	}
	return buf.Bytes(), nil
}

// ratio writes "12 / 24 (50 %)".
func ratio(f charts.Format, r declarations.Ratio) string {
	return fmt.Sprintf("%s / %s (%s)", f.Int(r.Num), f.Int(r.Den), f.Fraction(r.Fraction()))
}

// eligibilityText states the eligible-spend definition the shares divide by.
func eligibilityText(e declarations.Eligibility, lang string, l Labels, f charts.Format) string {
	switch e.Rule {
	case declarations.Custom:
		desc := e.DescriptionFR
		if lang == "en" && e.DescriptionEN != "" {
			desc = e.DescriptionEN
		}
		return l.T("declarations.eligibility_custom", map[string]any{"Description": desc})
	case declarations.AllSpend:
		return l.T("declarations.eligibility_all", nil)
	}
	return l.T("declarations.eligibility_below_threshold", nil)
}

// plain replaces the few characters outside cp1252 that translations or names may carry.
func plain(s string) string {
	return strings.NewReplacer("\u202f", "\u00a0", "≥", ">=", "≤", "<=", "−", "-", "‑", "-").Replace(s)
}
