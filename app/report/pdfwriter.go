package report

import "github.com/go-pdf/fpdf"

// writer wraps fpdf with the few layouts the report uses; every string goes through tr.
type writer struct {
	pdf *fpdf.Fpdf
	tr  func(string) string
}

func (w writer) heading(s string, size float64) {
	if w.pdf.GetY() > 279.4-margin-40 { // keep a heading with the first lines under it
		w.pdf.AddPage()
	}
	w.pdf.SetFont("Helvetica", "B", size)
	w.pdf.SetTextColor(26, 26, 26)
	w.pdf.MultiCell(0, size*0.5, w.tr(s), "", "L", false)
	w.pdf.Ln(1.5)
}

func (w writer) para(s string, size float64, style string) {
	w.pdf.SetFont("Helvetica", style, size)
	w.pdf.SetTextColor(26, 26, 26)
	w.pdf.MultiCell(0, lineH, w.tr(s), "", "L", false)
}

// table writes label/value pairs.
func (w writer) table(widths []float64, rows [][2]string, align []string) {
	cells := make([][]string, len(rows))
	for i, r := range rows {
		cells[i] = []string{r[0], r[1]}
	}
	w.grid(widths, nil, cells, align)
}

// grid writes a table with an optional header row; cells wrap, each row as tall as its tallest cell.
func (w writer) grid(widths []float64, head []string, rows [][]string, align []string) {
	pdf := w.pdf
	if head != nil {
		pdf.SetFont("Helvetica", "B", 9.5)
		pdf.SetFillColor(230, 236, 242)
		w.row(widths, head, align, true)
	}
	pdf.SetFont("Helvetica", "", 9.5)
	for _, r := range rows {
		w.row(widths, r, align, false)
	}
}

func (w writer) row(widths []float64, cells []string, align []string, fill bool) {
	pdf := w.pdf
	const h = 5.0
	lines := 1
	split := make([][]string, len(cells))
	for i, c := range cells {
		// SplitLines works on the translated cp1252 bytes (SplitText expects UTF-8 and would
		// misread them).
		for _, line := range pdf.SplitLines([]byte(w.tr(c)), widths[i]-2) {
			split[i] = append(split[i], string(line))
		}
		lines = max(lines, len(split[i]))
	}
	height := float64(lines)*h + 2
	if pdf.GetY()+height > 279.4-margin-6 {
		pdf.AddPage()
	}
	x, y := pdf.GetXY()
	for i := range cells {
		pdf.Rect(x, y, widths[i], height, map[bool]string{true: "FD", false: "D"}[fill])
		for j, line := range split[i] {
			pdf.SetXY(x+1, y+1+float64(j)*h)
			pdf.CellFormat(widths[i]-2, h, line, "", 0, align[i], false, 0, "")
		}
		x += widths[i]
	}
	pdf.SetXY(margin, y+height)
}

// bars draws each target's progress as a bar against its track, with the pro-rata marker.
func (w writer) bars(rows []Row) {
	pdf := w.pdf
	for _, r := range rows {
		if pdf.GetY()+16 > 279.4-margin-6 {
			pdf.AddPage()
		}
		pdf.SetFont("Helvetica", "", 9)
		pdf.SetTextColor(26, 26, 26)
		pdf.CellFormat(0, 5, w.tr(r.Label+" — "+r.Reached), "", 1, "L", false, 0, "")
		x, y := pdf.GetXY()
		pdf.SetFillColor(230, 230, 230)
		pdf.Rect(x, y, bodyW, 5, "F")
		frac := r.Fraction
		if frac > 1 {
			frac = 1
		}
		if frac > 0 {
			pdf.SetFillColor(27, 94, 140)
			pdf.Rect(x, y, bodyW*frac, 5, "F")
		}
		if r.Cumulative && r.Progress.Target.Value > 0 {
			ex := float64(r.Progress.Expected) / float64(r.Progress.Target.Value)
			pdf.SetDrawColor(164, 38, 44)
			pdf.SetLineWidth(0.8)
			pdf.Line(x+bodyW*min(ex, 1), y-1, x+bodyW*min(ex, 1), y+6)
			pdf.SetLineWidth(0.2)
			pdf.SetDrawColor(0, 0, 0)
		}
		pdf.SetY(y + 8)
	}
}
