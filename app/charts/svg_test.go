package charts

import (
	"encoding/xml"
	"html/template"
	"math"
	"strconv"
	"strings"
	"testing"
)

// node is a generic XML element, enough to walk an SVG document.
type node struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Text    string     `xml:",chardata"`
	Nodes   []node     `xml:",any"`
}

func (n node) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func (n node) float(t *testing.T, name string) float64 {
	t.Helper()
	f, err := strconv.ParseFloat(n.attr(name), 64)
	if err != nil {
		t.Fatalf("<%s %s=%q>: %v", n.XMLName.Local, name, n.attr(name), err)
	}
	return f
}

// all returns every element below n (n included) matching tag and, when class is not empty, class.
func (n node) all(tag, class string) []node {
	var out []node
	if n.XMLName.Local == tag && (class == "" || n.attr("class") == class) {
		out = append(out, n)
	}
	for _, c := range n.Nodes {
		out = append(out, c.all(tag, class)...)
	}
	return out
}

func (n node) texts() []string {
	var out []string
	for _, t := range n.all("text", "") {
		out = append(out, t.Text)
	}
	return out
}

// parse decodes the SVG and checks what every chart must have: role="img", a title and a desc
// that label it, and nothing a strict CSP would block.
func parse(t *testing.T, svg template.HTML, id, title, desc string) node {
	t.Helper()
	var root node
	if err := xml.Unmarshal([]byte(svg), &root); err != nil {
		t.Fatalf("SVG does not parse: %v\n%s", err, svg)
	}
	if root.XMLName.Local != "svg" || root.XMLName.Space != "http://www.w3.org/2000/svg" || root.attr("role") != "img" {
		t.Errorf("root = %v role=%q", root.XMLName, root.attr("role"))
	}
	if got := root.attr("aria-labelledby"); got != id+"-title "+id+"-desc" {
		t.Errorf("aria-labelledby = %q", got)
	}
	if len(root.Nodes) < 2 || root.Nodes[0].XMLName.Local != "title" || root.Nodes[0].Text != title ||
		root.Nodes[0].attr("id") != id+"-title" || root.Nodes[1].XMLName.Local != "desc" || root.Nodes[1].Text != desc {
		t.Errorf("title/desc missing or wrong: %+v", root.Nodes[:min(2, len(root.Nodes))])
	}
	var walk func(n node)
	walk = func(n node) {
		if n.XMLName.Local == "script" || n.XMLName.Local == "style" || n.XMLName.Local == "foreignObject" {
			t.Errorf("forbidden element <%s>", n.XMLName.Local)
		}
		for _, a := range n.Attrs {
			if a.Name.Local == "style" || strings.HasPrefix(strings.ToLower(a.Name.Local), "on") || strings.Contains(a.Value, "javascript:") {
				t.Errorf("forbidden attribute %s=%q on <%s>", a.Name.Local, a.Value, n.XMLName.Local)
			}
		}
		for _, c := range n.Nodes {
			walk(c)
		}
	}
	walk(root)
	return root
}

func near(a, b float64) bool { return math.Abs(a-b) < 0.011 }

// contrast is the WCAG contrast ratio of two #rrggbb colours.
func contrast(a, b string) float64 {
	lum := func(hex string) float64 {
		var rgb [3]float64
		for i := range rgb {
			v, _ := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
			c := float64(v) / 255
			if c <= 0.03928 {
				rgb[i] = c / 12.92
			} else {
				rgb[i] = math.Pow((c+0.055)/1.055, 2.4)
			}
		}
		return 0.2126*rgb[0] + 0.7152*rgb[1] + 0.0722*rgb[2]
	}
	la, lb := lum(a), lum(b)
	return (math.Max(la, lb) + 0.05) / (math.Min(la, lb) + 0.05)
}

func TestColoursContrast(t *testing.T) {
	tests := []struct {
		fg, bg string
		min    float64
	}{
		{colText, "#ffffff", 4.5},
		{colMuted, "#ffffff", 4.5},
		{colBar, "#ffffff", 3},
		{colBar, colTrack, 3},
		{colTarget, "#ffffff", 3},
		{colTarget, colTrack, 3},
	}
	for _, tc := range tests {
		t.Run(tc.fg+" on "+tc.bg, func(t *testing.T) {
			if got := contrast(tc.fg, tc.bg); got < tc.min {
				t.Errorf("contrast %.2f < %.1f", got, tc.min)
			}
		})
	}
}
