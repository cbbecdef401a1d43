package web_test

import (
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"
)

// englishKnown are pages that show French on purpose in English.
var englishKnown = map[string]string{
	"/dev/courriels": "development mailbox: the e-mails as sent, in their recipient's language",
}

// legalTexts are the legal reference's descriptions, citations and notes: the law's own words, in French
// only (the reference has no English for them yet), so the English walk reads past them.
func legalTexts(t testing.TB) []string {
	raw, err := os.ReadFile("../rules/legal_defaults.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref struct {
		Values []struct{ Text, Citation, Note string } `json:"values"`
	}
	if err := json.Unmarshal(raw, &ref); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, v := range ref.Values {
		for _, s := range []string{v.Text, v.Citation, v.Note} {
			if s = strings.Join(strings.Fields(s), " "); len(s) > 3 {
				out = append(out, s)
			}
		}
	}
	if len(out) < 50 {
		t.Fatalf("only %d legal texts", len(out))
	}
	return out
}

// walkEnglish walks the pages of the page walk again, as every role, in English: a page whose readable text
// shows French fails (englishProblems).
func walkEnglish(t *testing.T, f *walkFixture, paths, roles []string) {
	fragments := frenchFragments(t)
	legal := legalTexts(t)
	for _, role := range roles {
		c := f.clients[role]
		c.lang = "en"
		defer func() { c.lang = "" }()
	}
	walked := 0
	for _, p := range paths {
		target, ok, _ := f.fill(p)
		if !ok || englishKnown[p] != "" {
			continue
		}
		for _, role := range roles {
			r := f.clients[role].get(target)
			if r.Status != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
				continue
			}
			walked++
			if !strings.Contains(r.Body, `<html lang="en"`) {
				t.Errorf("%s as %s: not in English", target, role)
				continue
			}
			text := pageText(r.Body)
			for _, l := range legal {
				text = strings.ReplaceAll(text, l, " ")
			}
			if problems := englishProblems(text, fragments); len(problems) > 0 {
				t.Errorf("%s as %s shows %s", target, role, strings.Join(problems, ", "))
			}
		}
	}
	if walked < 100 {
		t.Fatalf("only %d English pages walked", walked)
	}
	t.Logf("%d English pages walked", walked)
}
