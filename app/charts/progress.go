package charts

import "html/template"

// ProgressRow is one target drawn as a bar against a full-width track.
type ProgressRow struct {
	Label       string  // what is measured, translated
	Value       float64 // current value, in the target's unit
	Target      float64 // the target, same unit; the track's full width
	Expected    float64 // pro-rata value expected today, same unit; ignored when HasExpected is false
	HasExpected bool
	ValueText   string // the numbers as words next to the bar: "45 000 $ sur 100 000 $ (45 %)"
}

// ProgressChart is a set of progress bars.
type ProgressChart struct {
	ID            string // unique in the page; prefixes the title and desc ids
	Title         string
	Desc          string
	ExpectedLabel string // legend for the pro-rata marker, e.g. "Attendu à ce jour"
	Rows          []ProgressRow
}

// Geometry of the progress chart, exported for tests and print layouts.
const (
	ProgressWidth  = 640.0
	progressLeft   = 8.0
	ProgressTrack  = ProgressWidth - 2*progressLeft
	progressRowH   = 64.0
	progressBarH   = 18.0
	progressLegend = 28.0
)

// Progress draws one bar per target: the filled part is Value/Target of the track (capped at the
// full track; the text says when a target is exceeded), a vertical marker shows the expected value.
func Progress(ch ProgressChart) template.HTML {
	var c canvas
	h := float64(len(ch.Rows))*progressRowH + progressLegend
	c.open(ch.ID, ch.Title, ch.Desc, ProgressWidth, h)
	for i, r := range ch.Rows {
		y := float64(i)*progressRowH + 4
		c.group("class", "progress-row")
		c.text(r.Label, "x", num(progressLeft), "y", num(y+14), "font-weight", "bold")
		barY := y + 22
		c.el("rect", "class", "track", "x", num(progressLeft), "y", num(barY), "width", num(ProgressTrack),
			"height", num(progressBarH), "fill", colTrack)
		c.el("rect", "class", "bar", "x", num(progressLeft), "y", num(barY), "width", num(barWidth(r.Value, r.Target)),
			"height", num(progressBarH), "fill", colBar, "data-value", num(r.Value), "data-target", num(r.Target))
		if r.HasExpected {
			x := progressLeft + barWidth(r.Expected, r.Target)
			c.el("line", "class", "expected", "x1", num(x), "x2", num(x), "y1", num(barY-4), "y2", num(barY+progressBarH+4),
				"stroke", colTarget, "stroke-width", "3", "data-value", num(r.Expected))
		}
		c.text(r.ValueText, "x", num(progressLeft), "y", num(barY+progressBarH+16), "fill", colMuted, "font-size", "13")
		c.endGroup()
	}
	if ch.ExpectedLabel != "" {
		ly := h - progressLegend + 14
		c.el("line", "x1", num(progressLeft), "x2", num(progressLeft), "y1", num(ly-10), "y2", num(ly+4), "stroke", colTarget, "stroke-width", "3")
		c.text(ch.ExpectedLabel, "x", num(progressLeft+10), "y", num(ly+2), "font-size", "13")
	}
	return c.close()
}

// barWidth scales value against target on the track, capped to the track; a zero target counts
// as reached.
func barWidth(value, target float64) float64 {
	if target <= 0 {
		if value > 0 || target == 0 {
			return ProgressTrack
		}
		return 0
	}
	f := value / target
	if f < 0 {
		f = 0
	}
	if f > 1 {
		f = 1
	}
	return round2(f * ProgressTrack)
}
