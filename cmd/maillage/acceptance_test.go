package main

// The acceptance, black-box: `seed demo`, `serve`, and pages fetched as the demo people after a real
// login through the demo identity provider (authorization-code flow, as a browser does it).

import (
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is serve's output, written by its goroutine and read by the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

type person struct {
	t      *testing.T
	base   string
	client *http.Client
}

var csrfField = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

func (p *person) get(path string) (int, string, http.Header) {
	p.t.Helper()
	res, err := p.client.Get(p.base + path)
	if err != nil {
		p.t.Fatalf("GET %s: %v", path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b), res.Header
}

// post sends a form with the CSRF token of the page it comes from.
func (p *person) post(from, path string, form url.Values) (int, string, *url.URL) {
	p.t.Helper()
	_, page, _ := p.get(from)
	m := csrfField.FindStringSubmatch(page)
	if m == nil {
		p.t.Fatalf("no CSRF token on %s", from)
	}
	form.Set("_csrf", m[1])
	res, err := p.client.PostForm(p.base+path, form)
	if err != nil {
		p.t.Fatalf("POST %s: %v", path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b), res.Request.URL
}

// login goes through the login page, the demo provider and the callback; it returns where it landed.
func login(t *testing.T, base, email string) (*person, string) {
	p := &person{t: t, base: base, client: &http.Client{Jar: &browserJar{byHost: map[string]map[string]*http.Cookie{}}, Timeout: 30 * time.Second}}
	status, body, landed := p.post("/login", "/login", url.Values{"hint": {email}, "next": {""}})
	if status != http.StatusOK {
		t.Fatalf("login as %s: %d %.600s", email, status, strings.Join(strings.Fields(stripTags(body)), " "))
	}
	return p, landed.Path
}

// startDemo migrates and seeds a fresh database, serves it on free ports and returns the base address.
func startDemo(t *testing.T) string {
	t.Helper()
	c := newCLI(t)
	for _, args := range [][]string{{"migrate", "up"}, {"seed", "demo"}} {
		if out, msg := c.run(args...); msg != "" {
			t.Fatalf("%v: %s %s", args, out, msg)
		}
	}
	env := map[string]string{}
	for k, v := range c.env {
		env[k] = v
	}
	env["MAILLAGE_ADDR"], env["MAILLAGE_DEMO_IDP_ADDR"], env["MAILLAGE_METRICS_ADDR"] = freeAddr(t), freeAddr(t), "" // "": no metrics
	env["MAILLAGE_COOKIE_SECURE"], env["MAILLAGE_BLOB_DIR"], env["MAILLAGE_ENV"] = "false", t.TempDir(), "development"
	_, port, _ := strings.Cut(env["MAILLAGE_ADDR"], ":")
	base := "http://localhost:" + port
	env["MAILLAGE_BASE_URL"] = base
	ctx, cancel := context.WithCancel(context.Background())
	out := &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve"}, envOf(env), out, &bytes.Buffer{})
	}()
	deadline := time.Now().Add(60 * time.Second)
	for !strings.Contains(out.String(), "Maillage is running") {
		select {
		case err := <-done: // serve gave up: say why instead of waiting out the deadline
			cancel()
			t.Fatalf("serve stopped before it was ready: %v %q", err, out.String())
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("server not ready: %q", out.String())
		}
	}
	t.Cleanup(func() { cancel(); <-done })
	return base
}

func TestAcceptanceAsTheDemoPeople(t *testing.T) {
	t.Parallel()
	base := startDemo(t)
	t.Run("each demo person lands where their work starts", func(t *testing.T) {
		for email, want := range map[string]string{
			"elue@longueuil.example": "/t/longueuil/progress", "acheteur@longueuil.example": "/t/longueuil",
			"admin@longueuil.example": "/t/longueuil", "entreprise@coop-demo.example": "/entreprise/candidatures",
			"catalogue@pole-demo.example": "/catalogue/requests", "analyste@province.example": "/province",
			"admin@maillage.example": "/admin/legal",
		} {
			if _, landed := login(t, base, email); landed != want {
				t.Errorf("%s landed on %s, want %s", email, landed, want)
			}
		}
	})
	t.Run("the public list of bodies", func(t *testing.T) {
		anon := &person{t: t, base: base, client: &http.Client{Jar: &browserJar{byHost: map[string]map[string]*http.Cookie{}}}}
		if status, body, _ := anon.get("/organismes"); status != 200 || !strings.Contains(body, "Longueuil") {
			t.Fatalf("bodies: %d", status)
		}
	})
	buyer, _ := login(t, base, "acheteur@longueuil.example")
	t.Run("a bulk action with nothing ticked is answered on the register page", func(t *testing.T) {
		status, body, at := buyer.post("/t/longueuil/fournisseurs", "/t/longueuil/fournisseurs/lot", url.Values{"action": {"suspend"}, "reason": {"x"}})
		if status != http.StatusUnprocessableEntity || at.Path != "/t/longueuil/fournisseurs/lot" || !strings.Contains(body, `id="error-summary"`) ||
			!strings.Contains(body, "Cochez au moins un fournisseur") || !strings.Contains(body, `<table class="cards-on-phone register">`) {
			t.Fatalf("bulk with nothing ticked: %d at %s", status, at)
		}
	})
	t.Run("the register export", func(t *testing.T) {
		status, body, h := buyer.get("/t/longueuil/fournisseurs/export?format=csv")
		if status != 200 || !strings.Contains(h.Get("Content-Type"), "csv") {
			t.Fatalf("export: %d %s", status, h.Get("Content-Type"))
		}
		r := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff")))
		r.Comma = ';'
		rows, err := r.ReadAll()
		if err != nil || len(rows) < 2 {
			t.Fatalf("export: %d rows, %v", len(rows), err)
		}
		col := map[string]int{}
		for i, h := range rows[0] {
			col[h] = i
		}
		for _, h := range []string{"Personne-ressource", "Courriel", "Téléphone", "Fin de la collecte"} {
			if _, ok := col[h]; !ok {
				t.Fatalf("export header %q has no contact column %q", rows[0], h)
			}
		}
		found := false
		for _, row := range rows[1:] {
			if row[col["Courriel"]] == "soumissions@deneigement-rive-sud.example" {
				found = row[col["Personne-ressource"]] == "Julie Gagnon" && row[col["Téléphone"]] == "450 555-0101" &&
					row[col["Fin de la collecte"]] == "Soumissions et bons de commande"
			}
		}
		if !found {
			t.Errorf("the demo supplier's contact is not in the export with its name, phone and purpose")
		}
	})
	t.Run("an advice page without UUIDs and with region names", func(t *testing.T) {
		status, body, at := buyer.post("/t/longueuil/advisor", "/t/longueuil/advisor", url.Values{"object": {"Déneigement des stationnements"},
			"category": {"72100000"}, "nature": {"services"}, "amount": {"45 000"}, "launch_date": {time.Now().Format(time.DateOnly)}})
		if status != http.StatusOK || !strings.HasPrefix(at.Path, "/t/longueuil/advisor/") {
			t.Fatalf("advice: %d at %s", status, at)
		}
		text := strings.Join(strings.Fields(stripTags(body)), " ")
		if m := uuidRe.FindString(text); m != "" {
			t.Errorf("the advice page shows %s", m)
		}
		if !strings.Contains(text, "Montérégie") || strings.Contains(text, "région 16") {
			t.Errorf("the advice page does not name the body's region: %.1500s", text)
		}
	})
	admin, _ := login(t, base, "admin@longueuil.example")
	t.Run("the audit page speaks in sentences and the CSV is there", func(t *testing.T) {
		status, body, _ := admin.get("/t/longueuil/admin/audit")
		if status != 200 || strings.Contains(body, ">supplier.") || strings.Contains(body, ">application.") || !strings.Contains(body, " a ") {
			t.Fatalf("audit page: %d", status)
		}
		status, csvBody, h := admin.get("/t/longueuil/admin/audit.csv")
		if status != 200 || !strings.Contains(h.Get("Content-Disposition"), "journal-longueuil") || !strings.HasPrefix(csvBody, "\ufeffDate,Personne") {
			t.Fatalf("audit csv: %d %q", status, csvBody[:min(80, len(csvBody))])
		}
	})
}

var (
	tagRe  = regexp.MustCompile(`<[^>]*>`)
	uuidRe = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)
)

func stripTags(s string) string { return tagRe.ReplaceAllString(s, " ") }

// browserJar keeps cookies per host the way a browser does on http://localhost (a secure context for
// browsers, so Secure and __Host- cookies are kept; net/http/cookiejar would drop them over plain http).
type browserJar struct {
	mu     sync.Mutex
	byHost map[string]map[string]*http.Cookie
}

func (j *browserJar) SetCookies(u *url.URL, cs []*http.Cookie) {
	j.mu.Lock()
	defer j.mu.Unlock()
	m := j.byHost[u.Hostname()]
	if m == nil {
		m = map[string]*http.Cookie{}
		j.byHost[u.Hostname()] = m
	}
	for _, c := range cs {
		if c.MaxAge < 0 || (!c.Expires.IsZero() && c.Expires.Before(time.Now())) {
			delete(m, c.Name)
			continue
		}
		m[c.Name] = c
	}
}

func (j *browserJar) Cookies(u *url.URL) []*http.Cookie {
	j.mu.Lock()
	defer j.mu.Unlock()
	var out []*http.Cookie
	for _, c := range j.byHost[u.Hostname()] {
		out = append(out, &http.Cookie{Name: c.Name, Value: c.Value})
	}
	return out
}
