// Package pagetest is how the page walks (app/web's and cmd/maillage's acceptance walk) read a page as a
// person does and find what no page may show: UUIDs, raw JSON, message IDs left untranslated, legal rule
// keys. Tests import it; the server does not.
package pagetest

import (
	"errors"
	"regexp"
	"strings"

	"golang.org/x/net/html"

	"maillage/app/rules"
	"maillage/app/web"
)

var (
	uuidRe = regexp.MustCompile(`[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`)
	jsonRe = regexp.MustCompile(`\{"[a-z_]+":`)
)

// Text is the text a person reads on a page: the text nodes outside the head, scripts and styles, words
// separated by single spaces.
func Text(body string) (string, error) {
	d, err := html.Parse(strings.NewReader(body))
	if err != nil {
		return "", err
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
	return strings.Join(strings.Fields(b.String()), " "), nil
}

// CodeWords are the words no page may show: every message ID of either language and every legal rule key.
func CodeWords() (map[string]bool, error) {
	words := map[string]bool{}
	for _, lang := range []string{"fr", "en"} {
		for id := range web.MessageIDs(lang) {
			if strings.Contains(id, ".") {
				words[id] = true
			}
		}
	}
	ref, err := rules.DefaultReference()
	if err != nil {
		return nil, err
	}
	if len(ref.Values) == 0 {
		return nil, errors.New("no legal rule keys")
	}
	for _, v := range ref.Values {
		words[v.Key] = true
	}
	return words, nil
}

// Problems lists what text (a page's Text) shows that people should never read.
func Problems(text string, codeWords map[string]bool) []string {
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
		if codeWords[strings.Trim(w, ".")] {
			out = append(out, "the code "+w)
		}
	}
	return out
}
