package web_test

// The check every form family's error test uses: a failed submission answers on the form, with the
// summary at the top linking to each field, the message next to the field, aria-invalid and the values
// as typed.

import (
	"strings"
	"testing"

	"maillage/app/web/pagetest"

	"golang.org/x/net/html"
)

// doc is a parsed page.
type doc struct{ root *html.Node }

func parseHTML(t testing.TB, body string) doc {
	t.Helper()
	n, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatalf("parse page: %v", err)
	}
	return doc{n}
}

func attr(n *html.Node, name string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val, true
		}
	}
	return "", false
}

func hasClass(n *html.Node, class string) bool {
	v, _ := attr(n, "class")
	for _, c := range strings.Fields(v) {
		if c == class {
			return true
		}
	}
	return false
}

// all returns the elements for which keep is true, in document order.
func (d doc) all(keep func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && keep(n) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(d.root)
	return out
}

func (d doc) byID(id string) *html.Node {
	els := d.all(func(n *html.Node) bool { v, _ := attr(n, "id"); return v == id })
	if len(els) == 0 {
		return nil
	}
	return els[0]
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// formError checks the error pattern on a response: the status, the summary (first in main), a link from
// the summary to each field named, that field's aria-invalid and its message referenced by
// aria-describedby, and the values kept (field id → value expected in the control).
func formError(t testing.TB, r resp, status int, fields []string, kept map[string]string) doc {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status %d, want %d: %.600s", r.Status, status, r.Body)
	}
	d := parseHTML(t, r.Body)
	sums := d.all(func(n *html.Node) bool { return hasClass(n, "error-summary") })
	if len(sums) != 1 {
		t.Fatalf("%d error summaries, want 1", len(sums))
	}
	links := map[string]string{}
	for _, a := range (doc{sums[0]}).all(func(n *html.Node) bool { return n.Data == "a" }) {
		href, _ := attr(a, "href")
		links[strings.TrimPrefix(href, "#")] = textOf(a)
	}
	for _, id := range fields {
		if _, ok := links[id]; !ok {
			t.Errorf("summary has no link to #%s (links: %v)", id, links)
		}
		el := d.byID(id)
		if el == nil {
			t.Errorf("no element #%s for the summary's link", id)
			continue
		}
		if v, _ := attr(el, "aria-invalid"); v != "true" {
			t.Errorf("#%s lacks aria-invalid", id)
		}
		desc, _ := attr(el, "aria-describedby")
		var msg string
		for _, ref := range strings.Fields(desc) {
			if m := d.byID(ref); m != nil && hasClass(m, "field-error") {
				msg = textOf(m)
			}
		}
		if msg == "" {
			t.Errorf("#%s: no message next to the field (aria-describedby %q)", id, desc)
		}
	}
	for href := range links {
		if d.byID(href) == nil {
			t.Errorf("summary links to #%s, which is not on the page", href)
		}
	}
	for id, want := range kept {
		el := d.byID(id)
		if el == nil {
			t.Errorf("kept value: no #%s", id)
			continue
		}
		var got string
		switch el.Data {
		case "textarea":
			got = textOf(el)
		case "select":
			for _, o := range (doc{el}).all(func(n *html.Node) bool { return n.Data == "option" }) {
				if _, sel := attr(o, "selected"); sel {
					got, _ = attr(o, "value")
				}
			}
		default:
			if typ, _ := attr(el, "type"); typ == "checkbox" || typ == "radio" {
				if _, on := attr(el, "checked"); on {
					got = "checked"
				}
			} else {
				got, _ = attr(el, "value")
			}
		}
		if got != want {
			t.Errorf("#%s keeps %q, want %q", id, got, want)
		}
	}
	return d
}

// readableText is the text a person reads on a page (pagetest.Text).
func readableText(t testing.TB, body string) string {
	t.Helper()
	text, err := pagetest.Text(body)
	if err != nil {
		t.Fatal(err)
	}
	return text
}
