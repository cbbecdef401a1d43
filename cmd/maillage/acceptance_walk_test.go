package main

// The black-box page walk: each demo person, after a real login, follows every link of the pages they reach
// (breadth first, within the site) on the demo data, and no page they read shows a UUID, a message ID, a legal
// rule key or raw JSON, nor answers with a server error.

import (
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"

	"maillage/app/web/pagetest"

	"golang.org/x/net/html"
)

var (
	hrefRe = regexp.MustCompile(`href="(/[^"#]*)"`)
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

// pageText is what a person reads on a page (pagetest.Text).
func pageText(t *testing.T, body string) string {
	text, err := pagetest.Text(body)
	if err != nil {
		t.Fatal(err)
	}
	return text
}

// codeWords are the words no page may show: every message ID and every legal rule key.
func codeWords(t *testing.T) map[string]bool {
	keys, err := pagetest.CodeWords()
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

// textProblems lists what a page's text shows that people should never read.
func textProblems(text string, keys map[string]bool) []string { return pagetest.Problems(text, keys) }

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
