package charts

import (
	"html/template"
	"strings"
)

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
	rows := make([][]string, len(ch.Items))
	h := 0.0
	for i, it := range ch.Items {
		rows[i] = wrap(it.Label, barsLabelChars)
		h += rowHeight(len(rows[i]))
	}
	h = max(h, barsRowH)
	c.open(ch.ID, ch.Title, ch.Desc, BarsWidth, h)
	var top float64
	for _, it := range ch.Items {
		top = max(top, it.Value)
	}
	y := 0.0
	for i, it := range ch.Items {
		rh := rowHeight(len(rows[i]))
		mid := y + rh/2
		w := 0.0
		if top > 0 && it.Value > 0 {
			w = round2(it.Value / top * BarsTrack)
		}
		c.group("class", "bar-row")
		// A long label wraps onto more lines (never cut): the row grows with it.
		first := mid - float64(len(rows[i])-1)*barsLineH/2 + 4
		for j, line := range rows[i] {
			c.text(line, "x", num(barsLabelW-8), "y", num(round2(first+float64(j)*barsLineH)), "text-anchor", "end", "font-size", "12")
		}
		c.el("rect", "class", "bar", "x", num(barsLabelW), "y", num(round2(mid-9)), "width", num(w), "height", "18",
			"fill", colBar, "data-value", num(it.Value))
		c.text(it.ValueText, "x", num(barsLabelW+w+6), "y", num(round2(mid+4)), "fill", colMuted, "font-size", "13")
		c.endGroup()
		y += rh
	}
	return c.close()
}

const (
	barsLabelChars = 34   // characters of a label line at 12 px in the label column
	barsLineH      = 14.0 // height of one label line
)

// rowHeight is the height of a bar row whose label takes n lines.
func rowHeight(n int) float64 { return max(barsRowH, float64(n)*barsLineH+8) }

// wrap breaks a label into lines of at most n characters at spaces (a word longer than a line stays whole).
func wrap(s string, n int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		switch {
		case line == "":
			line = w
		case len([]rune(line))+1+len([]rune(w)) <= n:
			line += " " + w
		default:
			lines = append(lines, line)
			line = w
		}
	}
	if line != "" || len(lines) == 0 {
		lines = append(lines, line)
	}
	return lines
}
