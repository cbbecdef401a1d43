package charts

import (
	"fmt"
	"html/template"
	"math"
	"strings"
	"time"
)

// LinePoint is one step of a cumulative series.
type LinePoint struct {
	Day   time.Time
	Value float64 // cumulative value at the end of Day
}

// LineChart is a cumulative line over a period against a straight pro-rata target line that goes
// from zero on the first day to Target on the last.
type LineChart struct {
	ID          string
	Title       string
	Desc        string
	Start, End  time.Time // the period, inclusive
	AsOf        time.Time // the actual line stops here
	Points      []LinePoint
	Target      float64
	ActualLabel string // legend texts
	TargetLabel string
	YText       func(float64) string   // axis labels, e.g. money in the page's language
	XText       func(time.Time) string // axis labels, e.g. "2025-03"
}

// Geometry of the line chart, exported for tests.
const (
	LineWidth  = 640.0
	LineHeight = 300.0
	LineLeft   = 90.0 // room for the y labels
	LineRight  = 16.0
	LineTop    = 16.0
	LineBottom = 64.0 // room for the x labels and the legend
)

// Line draws the chart. The y scale runs from 0 to the larger of Target and the last value.
func Line(ch LineChart) template.HTML {
	var c canvas
	c.open(ch.ID, ch.Title, ch.Desc, LineWidth, LineHeight)
	sx, sy := ch.scales()
	plotBottom := LineHeight - LineBottom
	top := ch.yMax()
	// Grid and y labels at 0, 25, 50, 75 and 100 % of the scale.
	for i := 0; i <= 4; i++ {
		v := top * float64(i) / 4
		y := sy(v)
		c.el("line", "x1", num(LineLeft), "x2", num(LineWidth-LineRight), "y1", num(y), "y2", num(y), "stroke", colGrid, "stroke-width", "1")
		if ch.YText != nil {
			c.text(ch.YText(v), "x", num(LineLeft-6), "y", num(y+4), "text-anchor", "end", "font-size", "12", "class", "y-label")
		}
	}
	// x labels: first day, middle, last day.
	if ch.XText != nil {
		mid := ch.Start.Add(ch.End.Sub(ch.Start) / 2)
		for i, d := range []time.Time{ch.Start, mid, ch.End} {
			anchor := []string{"start", "middle", "end"}[i]
			c.text(ch.XText(d), "x", num(sx(d)), "y", num(plotBottom+18), "text-anchor", anchor, "font-size", "12", "class", "x-label")
		}
	}
	c.el("line", "class", "target", "x1", num(sx(ch.Start)), "y1", num(sy(0)), "x2", num(sx(ch.End)), "y2", num(sy(ch.Target)),
		"stroke", colTarget, "stroke-width", "2", "stroke-dasharray", "6 4", "data-value", num(ch.Target))
	c.el("polyline", "class", "actual", "points", ch.path(sx, sy), "fill", "none", "stroke", colBar, "stroke-width", "3")
	// Legend: line samples with their labels (dashed = target, solid = actual).
	ly := LineHeight - 16
	c.el("line", "x1", num(LineLeft), "x2", num(LineLeft+28), "y1", num(ly-4), "y2", num(ly-4), "stroke", colBar, "stroke-width", "3")
	c.text(ch.ActualLabel, "x", num(LineLeft+34), "y", num(ly), "font-size", "13")
	lx := LineLeft + 280
	c.el("line", "x1", num(lx), "x2", num(lx+28), "y1", num(ly-4), "y2", num(ly-4), "stroke", colTarget, "stroke-width", "2", "stroke-dasharray", "6 4")
	c.text(ch.TargetLabel, "x", num(lx+34), "y", num(ly), "font-size", "13")
	return c.close()
}

func (ch LineChart) yMax() float64 {
	top := ch.Target
	for _, p := range ch.Points {
		top = math.Max(top, p.Value)
	}
	if top <= 0 {
		top = 1
	}
	return top
}

// scales maps days and values to SVG coordinates.
func (ch LineChart) scales() (func(time.Time) float64, func(float64) float64) {
	start, end := day(ch.Start), day(ch.End)
	span := end.Sub(start).Hours()
	plotW := LineWidth - LineLeft - LineRight
	plotH := LineHeight - LineTop - LineBottom
	top := ch.yMax()
	sx := func(d time.Time) float64 {
		if span <= 0 {
			return LineLeft
		}
		f := day(d).Sub(start).Hours() / span
		return round2(LineLeft + math.Min(math.Max(f, 0), 1)*plotW)
	}
	sy := func(v float64) float64 { return round2(LineTop + plotH - v/top*plotH) }
	return sx, sy
}

// path draws the cumulative series as steps (a value holds until the next award) and stops at
// AsOf or the end of the period, whichever comes first.
func (ch LineChart) path(sx func(time.Time) float64, sy func(float64) float64) string {
	stop := day(ch.End)
	if !ch.AsOf.IsZero() && day(ch.AsOf).Before(stop) {
		stop = day(ch.AsOf)
	}
	var pts []string
	add := func(d time.Time, v float64) { pts = append(pts, fmt.Sprintf("%s,%s", num(sx(d)), num(sy(v)))) }
	last := 0.0
	add(ch.Start, 0)
	for _, p := range ch.Points {
		if day(p.Day).After(stop) {
			break
		}
		add(p.Day, last)
		add(p.Day, p.Value)
		last = p.Value
	}
	if !day(ch.Start).After(stop) {
		add(stop, last)
	}
	return strings.Join(pts, " ")
}

func day(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
