package main

// The black-box page walk: each demo person, after a real login, follows every link of the pages they reach
// (breadth first, within the site) on the demo data, and no page they read shows a UUID, a message ID, a legal
// rule key or raw JSON, nor answers with a server error.

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"maillage/app/web"
)

var (
	hrefRe = regexp.MustCompile(`href="(/[^"#]*)"`)
	jsonRe = regexp.MustCompile(`\{"[a-z_]+":`)
)

// notAPage are links that lead to files, actions or other languages, not to a page to read.
func notAPage(p string) bool {
	for _, s := range []string{"/logout", "/lang/", "/static/", "/api/", "/dev/", ".csv", ".pdf", ".xlsx", ".atom", "/export",
		"format=", "/desabonnement", "/auth/", "/login"} {
		if strings.Contains(p, s) {
			return true
		}
	}
	return false
}

// pageText is what a person reads on a page: its text, without scripts, styles and the head.
func pageText(t *testing.T, body string) string {
	d, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && (n.Data == "script" || n.Data == "style" || n.Data == "head") {
			return
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
			b.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(d)
	return b.String()
}

// codeWords are the words no page may show: every message ID and every legal rule key.
func codeWords(t *testing.T) map[string]bool {
	keys := map[string]bool{}
	for _, lang := range []string{"fr", "en"} {
		for id := range web.MessageIDs(lang) {
			if strings.Contains(id, ".") {
				keys[id] = true
			}
		}
	}
	raw, err := os.ReadFile("../../app/rules/legal_defaults.json")
	if err != nil {
		t.Fatal(err)
	}
	var legal struct {
		Values []struct {
			Key string `json:"key"`
		} `json:"values"`
	}
	if err := json.Unmarshal(raw, &legal); err != nil || len(legal.Values) == 0 {
		t.Fatalf("legal keys: %v", err)
	}
	for _, v := range legal.Values {
		keys[v.Key] = true
	}
	return keys
}

// textProblems lists what a page's text shows that people should never read.
func textProblems(text string, keys map[string]bool) []string {
	var out []string
	if m := uuidRe.FindString(text); m != "" {
		out = append(out, "a UUID ("+m+")")
	}
	if m := jsonRe.FindString(text); m != "" {
		out = append(out, "raw JSON ("+m+")")
	}
	for _, w := range strings.FieldsFunc(text, func(r rune) bool {
		return !(r == '.' || r == '_' || (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9'))
	}) {
		if keys[strings.Trim(w, ".")] {
			out = append(out, "the code "+w)
		}
	}
	return out
}

// walkAs follows the links of every page p reaches from start, up to max pages; it returns how many pages it
// read and the problems seen.
func walkAs(t *testing.T, p *person, start string, keys map[string]bool, max int) (read int, problems []string) {
	walked := 0
	seen := map[string]bool{start: true}
	queue := []string{start}
	for len(queue) > 0 && walked < max {
		path := queue[0]
		queue = queue[1:]
		status, body, h := p.get(path)
		walked++
		switch {
		case status >= 500:
			problems = append(problems, path+": "+http.StatusText(status))
			continue
		case status != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/html"):
			t.Logf("%s: %d %s (not read)", path, status, h.Get("Content-Type"))
			continue
		}
		read++
		for _, pr := range textProblems(pageText(t, body), keys) {
			problems = append(problems, path+" shows "+pr)
		}
		for _, m := range hrefRe.FindAllStringSubmatch(body, -1) {
			next := html.UnescapeString(m[1])
			if u, err := url.Parse(next); err != nil || notAPage(next) || seen[u.Path] {
				continue
			} else {
				seen[u.Path] = true // one visit per path: the same list with other filters says nothing new
			}
			queue = append(queue, next)
		}
	}
	sort.Strings(problems)
	return read, problems
}

func TestAcceptancePageWalkAsTheDemoPeople(t *testing.T) {
	t.Parallel()
	base := startDemo(t)
	keys := codeWords(t)
	total := 0
	for _, email := range []string{"elue@longueuil.example", "acheteur@longueuil.example", "admin@longueuil.example",
		"entreprise@coop-demo.example", "catalogue@pole-demo.example", "analyste@province.example", "admin@maillage.example"} {
		t.Run(email, func(t *testing.T) {
			p, landed := login(t, base, email)
			read, problems := walkAs(t, p, landed, keys, 120)
			total += read
			if read < 4 {
				t.Errorf("only %d pages read from %s", read, landed)
			}
			for _, pr := range problems {
				t.Error(pr)
			}
			t.Logf("%d pages read from %s", read, landed)
		})
	}
	t.Logf("%d pages read in all", total)
}

// The walk's check sees what it must see (and nothing in a clean sentence).
func TestTextProblemsCanFail(t *testing.T) {
	t.Parallel()
	keys := codeWords(t)
	cases := []struct {
		name, html string
		want       int
	}{
		{"clean", `<p>Mathieu Acheteur a accepté l’inscription de Coop Érable (Montérégie).</p>`, 0},
		{"a UUID", `<p>Fournisseur 0b6f7c1e-7d2a-4a53-9a3e-2f0f6b1f7c11</p>`, 1},
		{"a message ID", `<p>suppliers.col.neq</p>`, 1},
		{"raw JSON", `<pre>{"legal_name":"X"}</pre>`, 1},
		{"a UUID in a link is not read", `<a href="/t/x/fournisseurs/0b6f7c1e-7d2a-4a53-9a3e-2f0f6b1f7c11">Coop</a>`, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := textProblems(pageText(t, c.html), keys); len(got) != c.want {
				t.Errorf("%d problems %v, want %d", len(got), got, c.want)
			}
		})
	}
}
