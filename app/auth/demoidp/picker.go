package demoidp

import (
	"html/template"
	"net/http"
	"strings"

	"github.com/oauth2-proxy/mockoidc"
)

// picker is the provider's "login page": an authorization request whose login_hint names a
// demo account goes on to mockoidc with that account queued (under Provider.mu, so the queue
// cannot be raced); any other shows the list of accounts, each a link back to the same request
// with login_hint set. The flow after that click is the real one.
func (p *Provider) picker(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != mockoidc.AuthorizationEndpoint {
			next.ServeHTTP(w, r)
			return
		}
		if err := r.ParseForm(); err != nil {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		if a, ok := p.accounts[r.Form.Get("login_hint")]; ok {
			p.m.QueueUser(user{a})
			next.ServeHTTP(w, r)
			return
		}
		p.renderPicker(w, r)
	})
}

type pickerEntry struct {
	Name, Role, Email, Href string
}

type pickerPage struct {
	Lang, Title, Intro string
	Entries            []pickerEntry
}

var pickerTmpl = template.Must(template.New("picker").Parse(`<!doctype html>
<html lang="{{.Lang}}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title></head>
<body><main>
<h1>{{.Title}}</h1>
<p>{{.Intro}}</p>
<ul>{{range .Entries}}
<li><a href="{{.Href}}">{{.Name}}</a> — {{.Role}} ({{.Email}})</li>{{end}}
</ul>
</main></body>
</html>
`))

func (p *Provider) renderPicker(w http.ResponseWriter, r *http.Request) {
	lang := "fr"
	if strings.HasPrefix(strings.TrimSpace(r.Form.Get("ui_locales")), "en") {
		lang = "en"
	}
	t := func(id string) string {
		if p.cfg.Translate == nil {
			return id
		}
		return p.cfg.Translate(lang, id)
	}
	page := pickerPage{Lang: lang, Title: t("auth.demo.title"), Intro: t("auth.demo.intro")}
	for _, a := range p.cfg.Accounts {
		q := r.URL.Query()
		q.Set("login_hint", a.Key)
		u := *r.URL
		u.RawQuery = q.Encode()
		page.Entries = append(page.Entries, pickerEntry{
			Name: a.Name, Role: t("auth.role." + a.Role), Email: a.Email, Href: u.RequestURI(),
		})
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	_ = pickerTmpl.Execute(w, page)
}
