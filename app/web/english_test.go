package web_test

// No French on English pages. Templates say nothing themselves: every word and every piece of punctuation that
// differs between the languages (French puts a no-break space before ":" and uses guillemets) comes from the
// messages, so an English page only shows English, and the page walk checks it on rendered pages.

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// templateWords are the only words a template may write itself: names and acronyms that are the same in both
// languages.
var templateWords = map[string]bool{"Maillage": true, "NEQ": true, "EES": true}

var (
	tmplAction   = regexp.MustCompile(`(?s)\{\{.*?\}\}`)
	tmplScript   = regexp.MustCompile(`(?is)<(script|style)\b.*?</(script|style)>`)
	tmplTag      = regexp.MustCompile(`(?s)<[^>]*>`)
	tmplHumanAtt = regexp.MustCompile(`\b(title|alt|placeholder|aria-label|data-label)="([^"]*)"`)
	tmplWord     = regexp.MustCompile(`\p{L}{2,}`)
	// French punctuation: a space (plain or no-break) before a colon or semicolon, guillemets, no-break spaces.
	tmplFrenchPunct = regexp.MustCompile(`[ \x{00a0}\x{202f}][:;](\s|$)|[«»\x{00a0}\x{202f}]|&nbsp;|&laquo;|&raquo;|&#160;`)
)

// templateProblems lists what a template writes itself instead of taking it from the messages.
func templateProblems(src string) []string {
	src = tmplAction.ReplaceAllString(src, " ")
	src = tmplScript.ReplaceAllString(src, " ")
	var out []string
	check := func(where, s string) {
		for _, w := range tmplWord.FindAllString(s, -1) {
			if !templateWords[w] {
				out = append(out, where+" says "+w)
			}
		}
		if m := tmplFrenchPunct.FindString(s); m != "" {
			out = append(out, where+" has French punctuation "+strings.TrimSpace(m))
		}
	}
	for _, m := range tmplHumanAtt.FindAllStringSubmatch(src, -1) {
		check("attribute "+m[1], m[2])
	}
	for _, s := range tmplTag.Split(src, -1) {
		check("text", s)
	}
	return out
}

func TestTemplatesSayNothingThemselves(t *testing.T) {
	t.Run("the check can fail", func(t *testing.T) {
		for _, bad := range []string{`<p>{{t .L "x"}} : {{.N}}</p>`, `<p>« {{.Q}} »</p>`, `<a title="Fermer">x</a>`,
			`<p>Total{{t .L "x"}}</p>`, `<p>{{.N}}&nbsp;$</p>`} {
			if len(templateProblems(bad)) == 0 {
				t.Errorf("%s: no problem found", bad)
			}
		}
		good := `<p class="lead" data-x="a b">{{t .L "x"}}{{t .L "layout.colon"}}<strong>{{.N}}</strong> (NEQ {{.NEQ}}) — {{/* a comment : « */}}</p><script>if (a) { b : c }</script>`
		if p := templateProblems(good); len(p) != 0 {
			t.Errorf("a clean template: %v", p)
		}
	})
	n := 0
	err := filepath.WalkDir("../../frontend/templates", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".html") {
			return err
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		n++
		for _, p := range templateProblems(string(raw)) {
			t.Errorf("%s %s: put it in the messages (French and English)", strings.TrimPrefix(path, "../../"), p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 50 {
		t.Fatalf("only %d templates read", n)
	}
}
