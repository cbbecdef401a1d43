package charts

import (
	"encoding/xml"
	"fmt"
	"html/template"
	"strconv"
	"strings"
)

// Colours chosen for WCAG 2.1 AA: text #1a1a1a on white is 17:1; the bar blue #1b5e8c is 6.9:1 on
// white and 5.5:1 on the track grey, the marker red #a4262c is 6.9:1 on white (non-text needs 3:1).
const (
	colText   = "#1a1a1a"
	colMuted  = "#4d4d4d"
	colBar    = "#1b5e8c"
	colTrack  = "#e6e6e6"
	colTarget = "#a4262c"
	colGrid   = "#bdbdbd"
	fontStack = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
)

// canvas accumulates one SVG document.
type canvas struct {
	b strings.Builder
}

// open starts the <svg> root with its accessible name and description.
func (c *canvas) open(id, title, desc string, w, h float64) {
	fmt.Fprintf(&c.b, `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="%s-title %s-desc" viewBox="0 0 %s %s" width="100%%" font-family="%s" font-size="14" fill="%s">`,
		attr(id), attr(id), num(w), num(h), attr(fontStack), colText)
	fmt.Fprintf(&c.b, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, attr(id), esc(title), attr(id), esc(desc))
}

func (c *canvas) close() template.HTML {
	c.b.WriteString(`</svg>`)
	// The content is built from escaped text and numbers only.
	return template.HTML(c.b.String()) //nolint:gosec // every value went through esc/attr/num
}

// el writes one empty element; attrs are name, value pairs.
func (c *canvas) el(name string, attrs ...string) {
	c.b.WriteString("<" + name)
	for i := 0; i+1 < len(attrs); i += 2 {
		c.b.WriteString(" " + attrs[i] + `="` + attr(attrs[i+1]) + `"`)
	}
	c.b.WriteString("/>")
}

// text writes one <text> element.
func (c *canvas) text(s string, attrs ...string) {
	c.b.WriteString("<text")
	for i := 0; i+1 < len(attrs); i += 2 {
		c.b.WriteString(" " + attrs[i] + `="` + attr(attrs[i+1]) + `"`)
	}
	c.b.WriteString(">" + esc(s) + "</text>")
}

func (c *canvas) group(attrs ...string) {
	c.b.WriteString("<g")
	for i := 0; i+1 < len(attrs); i += 2 {
		c.b.WriteString(" " + attrs[i] + `="` + attr(attrs[i+1]) + `"`)
	}
	c.b.WriteString(">")
}

func (c *canvas) endGroup() { c.b.WriteString("</g>") }

func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s)) // writing to a strings.Builder cannot fail
	return b.String()
}

func attr(s string) string { return esc(s) }

// num writes a coordinate with at most two decimals, the way tests read it back.
func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// round2 keeps coordinates short and exact to the hundredth.
func round2(f float64) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(f, 'f', 2, 64), 64)
	return v
}
