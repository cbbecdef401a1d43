package charts

import "html/template"

// BarItem is one row of a horizontal bar chart.
type BarItem struct {
	Label     string
	Value     float64
	ValueText string // the value as words, shown at the end of the bar
}

// BarChart is a horizontal bar chart for a breakdown (category, procedure, top suppliers).
type BarChart struct {
	ID    string
	Title string
	Desc  string
	Items []BarItem
}

// Geometry of the bar chart, exported for tests.
const (
	BarsWidth  = 640.0
	barsLabelW = 250.0
	barsTextW  = 110.0
	BarsTrack  = BarsWidth - barsLabelW - barsTextW
	barsRowH   = 30.0
)

// Bars draws one bar per item, the longest item filling the track; labels sit left of the bars
// and the values right of them, so nothing relies on colour.
func Bars(ch BarChart) template.HTML {
	var c canvas
	h := float64(max(len(ch.Items), 1)) * barsRowH
	c.open(ch.ID, ch.Title, ch.Desc, BarsWidth, h)
	var top float64
	for _, it := range ch.Items {
		top = max(top, it.Value)
	}
	for i, it := range ch.Items {
		y := float64(i) * barsRowH
		w := 0.0
		if top > 0 && it.Value > 0 {
			w = round2(it.Value / top * BarsTrack)
		}
		c.group("class", "bar-row")
		c.text(clip(it.Label, 32), "x", num(barsLabelW-8), "y", num(y+19), "text-anchor", "end", "font-size", "12")
		c.el("rect", "class", "bar", "x", num(barsLabelW), "y", num(y+6), "width", num(w), "height", "18",
			"fill", colBar, "data-value", num(it.Value))
		c.text(it.ValueText, "x", num(barsLabelW+w+6), "y", num(y+19), "fill", colMuted, "font-size", "13")
		c.endGroup()
	}
	return c.close()
}

// clip shortens a long label for the drawing (the full label is in the table next to it).
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
