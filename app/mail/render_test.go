package mail

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func testFS() fstest.MapFS {
	f := fstest.MapFS{}
	for _, lang := range Languages() {
		f["layout."+lang+".html"] = &fstest.MapFile{Data: []byte(`{{define "layout"}}<html lang="` + lang + `"><body>{{template "content" .}}</body></html>{{end}}`)}
		f["hello."+lang+".txt"] = &fstest.MapFile{Data: []byte(`{{define "subject"}}[` + lang + `] {{.Name}}{{end}}` + lang + `: {{.Name}} {{date .When}}`)}
		f["hello."+lang+".html"] = &fstest.MapFile{Data: []byte(`{{define "content"}}<p>{{.Name}}</p><a href="{{.Link}}">x</a>{{end}}`)}
	}
	return f
}

type helloData struct {
	Name string
	Link string
	When time.Time
}

func TestRender(t *testing.T) {
	tpl, err := Load(testFS())
	if err != nil {
		t.Fatal(err)
	}
	when := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name, lang string
		data       helloData
		subject    string
		text       string
		htmlHas    []string
		htmlNot    []string
	}{
		{"french", "fr", helloData{"Café Coop", "https://x.example/a", when}, "[fr] Café Coop", "fr: Café Coop 1er décembre 2026\n",
			[]string{`<html lang="fr">`, "<p>Café Coop</p>", `href="https://x.example/a"`}, nil},
		{"english", "en", helloData{"Café Coop", "https://x.example/a", when}, "[en] Café Coop", "en: Café Coop December 1, 2026\n",
			[]string{`<html lang="en">`}, nil},
		{"unknown language falls back to French", "de", helloData{"A", "https://x.example", when}, "[fr] A", "fr: A 1er décembre 2026\n", nil, nil},
		{"script is escaped in HTML, kept as text in the text part", "fr", helloData{"<script>alert(1)</script>", "javascript:alert(1)", when},
			"[fr] <script>alert(1)</script>", "fr: <script>alert(1)</script> 1er décembre 2026\n",
			[]string{"&lt;script&gt;alert(1)&lt;/script&gt;", `href="#ZgotmplZ"`}, []string{"<script>", "javascript:"}},
		{"line breaks cannot reach the subject", "fr", helloData{"A\r\nBcc: victim@example.com", "https://x.example", when},
			"[fr] A Bcc: victim@example.com", "", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := tpl.Render("hello", tt.lang, "a@example.com", "A", tt.data)
			if err != nil {
				t.Fatal(err)
			}
			if m.Subject != tt.subject {
				t.Errorf("subject = %q, want %q", m.Subject, tt.subject)
			}
			if tt.text != "" && m.Text != tt.text {
				t.Errorf("text = %q, want %q", m.Text, tt.text)
			}
			for _, s := range tt.htmlHas {
				if !strings.Contains(m.HTML, s) {
					t.Errorf("HTML lacks %q:\n%s", s, m.HTML)
				}
			}
			for _, s := range tt.htmlNot {
				if strings.Contains(m.HTML, s) {
					t.Errorf("HTML contains %q:\n%s", s, m.HTML)
				}
			}
			if m.Template != "hello" || m.To != "a@example.com" {
				t.Errorf("message = %+v", m)
			}
		})
	}
	if _, err := tpl.Render("nope", "fr", "a@example.com", "", helloData{}); err == nil {
		t.Error("rendering an unknown template succeeded")
	}
	if _, err := tpl.Render("hello", "fr", "a@example.com", "", map[string]any{"Name": "x"}); err == nil {
		t.Error("a missing value rendered silently")
	}
}

func TestLoadRejects(t *testing.T) {
	tests := []struct {
		name   string
		change func(fstest.MapFS)
	}{
		{"missing English HTML", func(f fstest.MapFS) { delete(f, "hello.en.html") }},
		{"missing French text", func(f fstest.MapFS) { delete(f, "hello.fr.txt") }},
		{"no subject", func(f fstest.MapFS) { f["hello.fr.txt"] = &fstest.MapFile{Data: []byte("body")} }},
		{"syntax error", func(f fstest.MapFS) { f["hello.en.html"] = &fstest.MapFile{Data: []byte("{{define")} }},
		{"no layout", func(f fstest.MapFS) { delete(f, "layout.fr.html") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := testFS()
			tt.change(f)
			if _, err := Load(f); err == nil {
				t.Fatal("Load succeeded")
			}
		})
	}
}

func TestFormatDate(t *testing.T) {
	tests := []struct {
		date, lang, want string
	}{
		{"2026-08-01", "fr", "1er août 2026"},
		{"2026-02-28", "fr", "28 février 2026"},
		{"2026-12-31", "en", "December 31, 2026"},
	}
	for _, tt := range tests {
		d, _ := time.Parse(time.DateOnly, tt.date)
		if got := FormatDate(d, tt.lang); got != tt.want {
			t.Errorf("FormatDate(%s, %s) = %q, want %q", tt.date, tt.lang, got, tt.want)
		}
	}
}
