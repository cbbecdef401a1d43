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

// legalFrench are the legal reference's shipped French descriptions, citations and notes that have an
// English wording: an English page must show the English one (rules.InLanguage), never these.
func legalFrench(t testing.TB) []string {
	raw, err := os.ReadFile("../rules/legal_defaults.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref struct {
		Values []struct {
			Text       string `json:"text"`
			TextEN     string `json:"text_en"`
			Citation   string `json:"citation"`
			CitationEN string `json:"citation_en"`
			Note       string `json:"note"`
			NoteEN     string `json:"note_en"`
		} `json:"values"`
	}
	if err := json.Unmarshal(raw, &ref); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, v := range ref.Values {
		for _, p := range [][2]string{{v.Text, v.TextEN}, {v.Citation, v.CitationEN}, {v.Note, v.NoteEN}} {
			if p[0] != "" && p[1] == "" {
				t.Errorf("legal default %q has no English wording", p[0])
			}
			if s := strings.Join(strings.Fields(p[0]), " "); len(s) > 3 && p[0] != p[1] {
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
	legal := legalFrench(t)
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
				if strings.Contains(text, l) {
					t.Errorf("%s as %s shows the legal reference in French: %q", target, role, l)
				}
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
