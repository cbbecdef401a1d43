package web_test

// No French on English pages. Templates say nothing themselves: every word and every piece of punctuation that
// differs between the languages (French puts a no-break space before ":" and uses guillemets) comes from the
// messages, so an English page only shows English, and the page walk checks it on rendered pages.

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	"golang.org/x/net/html"
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
	t.Parallel()
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

// frenchFragments are the phrases of the French messages that English never uses: pieces of two words or more
// between a message's parameters. One of them on an English page is a message shown in the wrong language, a
// French string built in Go, or a French default left by a form.
func frenchFragments(t testing.TB) languageFragments {
	t.Helper()
	read := func(lang string) []string {
		var out []string
		for _, v := range localeMessages(t, lang) {
			out = append(out, v)
		}
		return out
	}
	collapse := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	trim := func(s string) string { return strings.Trim(collapse(s), " :;,.()«»\"'’“”—–-·") }
	english := collapse(strings.Join(read("en"), "\n"))
	var out languageFragments
	for _, msg := range read("en") {
		for _, piece := range tmplAction.Split(msg, -1) {
			for _, line := range strings.Split(piece, "\n") {
				if p := trim(line); len(tmplWord.FindAllString(p, -1)) > 0 && len([]rune(p)) >= 4 {
					out.english = append(out.english, p)
				}
			}
		}
	}
	seen := map[string]bool{}
	for _, msg := range read("fr") {
		for _, piece := range tmplAction.Split(msg, -1) {
			for _, line := range strings.Split(piece, "\n") {
				p := trim(line)
				if !strings.Contains(p, " ") || len(tmplWord.FindAllString(p, -1)) < 2 || len([]rune(p)) < 10 || seen[p] ||
					strings.Contains(english, p) {
					continue
				}
				seen[p] = true
				out.french = append(out.french, p)
			}
		}
	}
	if len(out.french) < 500 || len(out.english) < 500 {
		t.Fatalf("only %d French and %d English fragments: the reader is broken", len(out.french), len(out.english))
	}
	return out
}

// localeMessages reads every message of one language: ID → text (plural forms as "ID#one", "ID#other").
func localeMessages(t testing.TB, lang string) map[string]string {
	t.Helper()
	files, err := filepath.Glob("../../frontend/locales/*." + lang + ".toml")
	if err != nil || len(files) < 10 {
		t.Fatalf("%s locales: %v (%d files)", lang, err, len(files))
	}
	out := map[string]string{}
	for _, f := range files {
		var m map[string]any
		if _, err := toml.DecodeFile(f, &m); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for id, v := range m {
			switch v := v.(type) {
			case string:
				out[id] = v
			case map[string]any: // plural forms
				for form, s := range v {
					if s, ok := s.(string); ok {
						out[id+"#"+form] = s
					}
				}
			}
		}
	}
	return out
}

// frenchWords are words English never writes: an English message that has one and reads exactly as its
// French one was copied, not translated (names such as "Revenu Québec" or "NEQ" stay the same, legitimately).
var frenchWords = map[string]bool{"de": true, "des": true, "du": true, "la": true, "le": true, "les": true, "et": true, "à": true,
	"au": true, "aux": true, "pour": true, "par": true, "sur": true, "une": true, "dans": true, "avec": true, "est": true, "sont": true}

var letters = regexp.MustCompile(`\p{L}+`)

// untranslated lists the English messages that are copies of their French message.
func untranslated(fr, en map[string]string) []string {
	var out []string
	for id, e := range en {
		if fr[id] != e {
			continue
		}
		for _, w := range letters.FindAllString(strings.ToLower(tmplAction.ReplaceAllString(e, " ")), -1) {
			if frenchWords[w] {
				out = append(out, id)
				break
			}
		}
	}
	sort.Strings(out)
	return out
}

func TestEnglishMessagesAreTranslated(t *testing.T) {
	t.Parallel()
	fr, en := localeMessages(t, "fr"), localeMessages(t, "en")
	if got := untranslated(map[string]string{"a": "Retour à l’accueil", "b": "Revenu Québec", "c": "NEQ {{.N}}"},
		map[string]string{"a": "Retour à l’accueil", "b": "Revenu Québec", "c": "NEQ {{.N}}"}); len(got) != 1 || got[0] != "a" {
		t.Fatalf("the check finds %v, want [a]", got)
	}
	for _, id := range untranslated(fr, en) {
		t.Errorf("%s: the English message is the French one (%q)", id, en[id])
	}
}

// languageFragments are the pieces of the messages between their parameters.
type languageFragments struct {
	french  []string // French phrases English never uses
	english []string // English pieces: what the page itself says around the data
}

var (
	frenchDate   = regexp.MustCompile(`\b\d{1,2}(er)? (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) \d{4}\b`)
	frenchNumber = regexp.MustCompile(`\d,\d{1,2} ?[$%]`)
	frenchPunct  = regexp.MustCompile(`\s[:;!?»](\s|$)|«\s`)
)

// englishProblems lists what French an English page's readable text shows. Data people wrote in French (a
// description, a legal note) may use French punctuation: the page's own punctuation is the one next to an
// English message ("Reason : …" or "… : Approved").
func englishProblems(text string, f languageFragments) []string {
	var out []string
	for _, loc := range frenchPunct.FindAllStringIndex(text, -1) {
		before, after := strings.TrimSpace(text[:loc[0]]), strings.TrimSpace(text[loc[1]:])
		for _, e := range f.english {
			if strings.HasSuffix(before, e) || strings.HasPrefix(after, e) {
				out = append(out, "French punctuation ("+excerpt(text, loc[0])+")")
				break
			}
		}
	}
	if m := frenchDate.FindString(text); m != "" {
		out = append(out, "a French date ("+m+")")
	}
	if m := frenchNumber.FindString(text); m != "" {
		out = append(out, "a French number ("+excerpt(text, strings.Index(text, m))+")")
	}
	for _, fr := range f.french {
		if i := strings.Index(text, fr); i >= 0 {
			out = append(out, "French text ("+excerpt(text, i)+")")
			if len(out) > 5 {
				break
			}
		}
	}
	return out
}

// inlineElements join their text to the text around them ("<strong>Coop</strong>: approved" reads
// "Coop: approved"); other elements separate it.
var inlineElements = map[string]bool{"a": true, "abbr": true, "b": true, "bdi": true, "cite": true, "code": true, "data": true,
	"del": true, "em": true, "i": true, "ins": true, "kbd": true, "mark": true, "q": true, "s": true, "small": true, "span": true,
	"strong": true, "sub": true, "sup": true, "time": true, "u": true}

// humanAttributes are the attributes people read or hear.
var humanAttributes = map[string]bool{"aria-label": true, "title": true, "alt": true, "placeholder": true}

// pageText is the text a person reads on a page as it reads (inline elements joined, blocks separated),
// without scripts, styles and what the form holds for editing (a bilingual form's French field is French).
func pageText(body string) string {
	z := html.NewTokenizer(strings.NewReader(body))
	var b strings.Builder
	skip := ""
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return strings.Join(strings.Fields(b.String()), " ")
		case html.TextToken:
			if skip == "" {
				b.Write(z.Text())
			}
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			tag := string(name)
			for hasAttr && skip == "" {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				if humanAttributes[string(k)] { // read apart, as a screen reader or a tooltip says them
					b.WriteString(" " + string(v) + " ")
				}
			}
			switch {
			case skip != "":
				if tag == skip && tt == html.EndTagToken {
					skip = ""
				}
			case tag == "script" || tag == "style" || tag == "head" || tag == "textarea":
				if tt == html.StartTagToken {
					skip = tag
				}
			case !inlineElements[tag]:
				b.WriteByte(' ')
			}
		}
	}
}

// excerpt is the text around i, for a readable failure.
func excerpt(text string, i int) string {
	r := []rune(text)
	at := len([]rune(text[:i]))
	return strings.TrimSpace(string(r[max(0, at-30):min(len(r), at+50)]))
}

func TestEnglishProblemsCanFail(t *testing.T) {
	t.Parallel()
	fr := frenchFragments(t)
	for _, c := range []struct {
		text string
		bad  bool
	}{
		{"Supplier register Coop Neige (NEQ 1143456789) Status: approved. Total: $48,500.00, December 5, 2026", false},
		{"Snow removal (déneigement) by Coop Érable, Revenu Québec attestation, Direct award (gré à gré)", false},
		{"Reason : closed", true},
		{"Coop Neige : Approved", true},
		{"file.csv · delimiter « ; »", true},
		{"Description Coopérative offrant : livraison à vélo. Website", false},
		{"Awarded on 5 décembre 2026", true},
		{"Total 48 500,00 $", true},
		{"Share 51,9 % of spend", true},
		{pageText(`<html><head><title>Titre : x</title></head><body><p><strong>Coop Neige</strong>: <span>Approved</span></p><textarea>Retour à l’accueil</textarea><script>a = "Retour à l’accueil"</script></body></html>`), false},
		{pageText(`<p><strong>Coop Neige</strong> <span>: Approved</span></p>`), true},
		{pageText(`<nav aria-label="Retour à l’accueil"><a href="/">Home</a></nav>`), true},
		{"Retour à l’accueil", true},
	} {
		if got := englishProblems(c.text, fr); (len(got) > 0) != c.bad {
			t.Errorf("%q: problems %v, want some: %v", c.text, got, c.bad)
		}
	}
}
