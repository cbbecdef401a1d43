package mail

import (
	"bytes"
	"fmt"
	htmltemplate "html/template"
	"io/fs"
	"sort"
	"strings"
	texttemplate "text/template"
	"time"

	"maillage/app/errs"
)

// Languages are the languages every template must exist in.
func Languages() []string { return []string{"fr", "en"} }

// Templates holds the parsed e-mails of one fs.FS.
type Templates struct {
	text  map[string]*texttemplate.Template // key "name.lang"
	html  map[string]*htmltemplate.Template
	names []string
}

// Load parses every "<name>.<lang>.txt" and "<name>.<lang>.html" file at the root of
// fsys and checks that each name exists as both parts in every language.
func Load(fsys fs.FS) (*Templates, error) {
	t := &Templates{text: map[string]*texttemplate.Template{}, html: map[string]*htmltemplate.Template{}}
	layouts := map[string]string{}
	for _, lang := range Languages() {
		b, err := fs.ReadFile(fsys, "layout."+lang+".html")
		if err != nil {
			return nil, fmt.Errorf("mail layout %s: %w", lang, err)
		}
		layouts[lang] = string(b)
	}
	files, err := fs.Glob(fsys, "*.*.*")
	if err != nil {
		return nil, fmt.Errorf("mail templates: %w", err)
	}
	seen := map[string]bool{}
	for _, f := range files {
		parts := strings.Split(f, ".")
		if len(parts) != 3 || parts[0] == "layout" {
			continue
		}
		name, lang, ext := parts[0], parts[1], parts[2]
		b, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, fmt.Errorf("mail template %s: %w", f, err)
		}
		switch ext {
		case "txt":
			tt, err := texttemplate.New(f).Option("missingkey=error").Funcs(texttemplate.FuncMap(funcs(lang))).Parse(string(b))
			if err != nil {
				return nil, fmt.Errorf("mail template %s: %w", f, err)
			}
			if tt.Lookup("subject") == nil {
				return nil, fmt.Errorf("mail template %s: no subject defined", f)
			}
			t.text[name+"."+lang] = tt
		case "html":
			ht, err := htmltemplate.New(f).Option("missingkey=error").Funcs(htmltemplate.FuncMap(funcs(lang))).Parse(layouts[lang])
			if err == nil {
				ht, err = ht.Parse(string(b))
			}
			if err != nil {
				return nil, fmt.Errorf("mail template %s: %w", f, err)
			}
			t.html[name+"."+lang] = ht
		default:
			continue
		}
		if !seen[name] {
			seen[name] = true
			t.names = append(t.names, name)
		}
	}
	sort.Strings(t.names)
	for _, name := range t.names {
		for _, lang := range Languages() {
			if t.text[name+"."+lang] == nil || t.html[name+"."+lang] == nil {
				return nil, fmt.Errorf("mail template %s: missing the %s text or HTML part", name, lang)
			}
		}
	}
	return t, nil
}

// Names lists the templates, sorted.
func (t *Templates) Names() []string { return append([]string(nil), t.names...) }

// Render fills a template for one recipient. An unknown language falls back to French.
// The subject is folded onto one line, so a value in it can never add a mail header.
func (t *Templates) Render(name, lang, to, toName string, data any) (Message, error) {
	if lang != "en" {
		lang = "fr"
	}
	tt, ht := t.text[name+"."+lang], t.html[name+"."+lang]
	if tt == nil || ht == nil {
		return Message{}, errs.E(errs.Internal, "mail.template_missing").With(map[string]any{"Name": name})
	}
	var subj, text, html bytes.Buffer
	if err := tt.ExecuteTemplate(&subj, "subject", data); err != nil {
		return Message{}, fmt.Errorf("render %s subject: %w", name, err)
	}
	if err := tt.Execute(&text, data); err != nil {
		return Message{}, fmt.Errorf("render %s text: %w", name, err)
	}
	if err := ht.ExecuteTemplate(&html, "layout", data); err != nil {
		return Message{}, fmt.Errorf("render %s html: %w", name, err)
	}
	return Message{
		To: to, ToName: toName, Lang: lang, Template: name,
		Subject: strings.Join(strings.Fields(subj.String()), " "),
		Text:    strings.TrimSpace(text.String()) + "\n",
		HTML:    html.String(),
	}, nil
}

// funcs are the helpers templates may call, bound to a language.
func funcs(lang string) map[string]any {
	return map[string]any{
		"date": func(t time.Time) string { return FormatDate(t, lang) },
	}
}

// FormatDate writes a date the way each language writes it in a letter:
// "31 décembre 2026" (French, no capital), "December 31, 2026".
func FormatDate(t time.Time, lang string) string {
	if lang == "en" {
		return t.Format("January 2, 2006")
	}
	months := [...]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}
	day := fmt.Sprint(t.Day())
	if t.Day() == 1 {
		day = "1er"
	}
	return day + " " + months[t.Month()-1] + " " + fmt.Sprint(t.Year())
}
