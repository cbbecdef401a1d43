package web_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/mail"
	"maillage/app/opportunities"
	"maillage/frontend"
	"maillage/tenants"
)

// enterpriseUser gives an enterprise-role user an enterprise profile and returns its client.
func (e *env) enterpriseUser(t *testing.T, email, neq, name, region string) (*client, uuid.UUID) {
	t.Helper()
	cl := e.member(email, nil, "enterprise")
	var uid, ent uuid.UUID
	if err := e.DB.App.Raw(`SELECT id FROM users WHERE email = ?`, email).Row().Scan(&uid); err != nil {
		t.Fatal(err)
	}
	if err := e.DB.App.Raw(`INSERT INTO enterprises (owner_user_id, neq, profile)
		VALUES (?, ?, jsonb_build_object('legal_name', ?::text, 'region_code', ?::text)) RETURNING id`, uid, neq, name, region).Row().Scan(&ent); err != nil {
		t.Fatal(err)
	}
	return cl, ent
}

func futureISO(days int) string {
	return time.Now().AddDate(0, 0, days).UTC().Format(time.RFC3339)
}

// TestOpportunitiesAcceptance is the black-box acceptance through the API: the list of bodies,
// a body publishing (public and invited-only), another body's buyer seeing nothing of the invited one,
// a SEAO notice loaded and matched through a segment-level alert, an interest the buyer sees (and its
// contact log records), the public Atom feed valid, one-click unsubscribe without login.
func TestOpportunitiesAcceptance(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a, b := e.tenant("ville-a"), e.tenant("ville-b")
	if err := e.DB.App.Exec(`UPDATE tenants SET region_code = '04' WHERE id = ?`, a.ID).Error; err != nil {
		t.Fatal(err)
	}
	buyerA := e.member("achat@a.example", &a, "buyer")
	buyerB := e.member("achat@b.example", &b, "buyer")
	officialA := e.member("elu@a.example", &a, "official")
	admin := e.member("admin@platform.example", nil, "platform_admin")
	coop, _ := e.enterpriseUser(t, "coop@e.example", "1234567890", "Coop du Bois", "04")
	anon := e.anon()

	var pub, inv struct {
		ID          string `json:"id"`
		Invitations []struct {
			Token string `json:"token"`
		} `json:"invitations"`
	}
	r := buyerA.sendJSON("POST", "/api/v1/t/ville-a/opportunities", map[string]any{"kind": "quote_request", "title": "Mobilier de parc en bois",
		"unspsc": []string{"56101500"}, "closes_at": futureISO(10), "visibility": "public"})
	if r.Status != http.StatusCreated {
		t.Fatalf("create public = %d %s", r.Status, r.Body)
	}
	r.json(t, &pub)
	r = buyerA.sendJSON("POST", "/api/v1/t/ville-a/opportunities", map[string]any{"kind": "invitation", "title": "Plans d'aménagement (sur invitation)",
		"unspsc": []string{"81101500"}, "closes_at": futureISO(12), "visibility": "invited",
		"invitees": []map[string]any{{"name": "Coop Un", "email": "un@x.example"}, {"name": "Coop Deux", "email": "deux@x.example"}}})
	if r.Status != http.StatusCreated {
		t.Fatalf("create invited = %d %s", r.Status, r.Body)
	}
	r.json(t, &inv)

	cases := []struct {
		name   string
		cl     *client
		path   string
		status int
		body   string
	}{
		{"bodies list", anon, "/api/v1/bodies", 200, `"application_url":"/t/ville-a/inscription"`},
		{"bodies bad region", anon, "/api/v1/bodies?region=99", 422, "region"},
		{"public list has the public one", anon, "/api/v1/opportunities", 200, "Mobilier de parc"},
		{"public one by id", anon, "/api/v1/opportunities/" + pub.ID, 200, "Mobilier de parc"},
		{"invited one: 404 anonymous", anon, "/api/v1/opportunities/" + inv.ID, 404, ""},
		{"invited one: 404 for another body's buyer", buyerB, "/api/v1/opportunities/" + inv.ID, 404, ""},
		{"invited one: 404 in another body's API", buyerB, "/api/v1/t/ville-b/opportunities/" + inv.ID, 404, ""},
		{"invited one: 404 for an enterprise not invited", coop, "/api/v1/opportunities/" + inv.ID, 404, ""},
		{"invited one: the body sees it", buyerA, "/api/v1/t/ville-a/opportunities/" + inv.ID, 200, "Coop Deux"},
		{"an official reads", officialA, "/api/v1/t/ville-a/opportunities", 200, "Mobilier"},
		{"invitation link page, no account", anon, "/opportunites/invitation/" + inv.Invitations[0].Token, 200, "Plans d&#39;aménagement"},
		{"wrong invitation link", anon, "/opportunites/invitation/" + strings.Repeat("0", 64), 404, ""},
		{"bad unspsc filter", anon, "/api/v1/opportunities?unspsc=12", 422, "unspsc"},
		{"not an id", anon, "/api/v1/opportunities/abc", 404, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.cl.get(tc.path)
			if r.Status != tc.status || !strings.Contains(r.Body, tc.body) {
				t.Fatalf("%s = %d %.300s", tc.path, r.Status, r.Body)
			}
			if tc.status == 200 && strings.Contains(r.Body, "Plans d") && tc.cl == buyerB {
				t.Fatal("leak")
			}
		})
	}
	t.Run("officials read, never write", func(t *testing.T) {
		r := officialA.sendJSON("POST", "/api/v1/t/ville-a/opportunities", map[string]any{"kind": "quote_request", "title": "x y z", "visibility": "public"})
		if r.Status != http.StatusForbidden {
			t.Fatalf("official create = %d", r.Status)
		}
	})
	t.Run("other body's list has none of A's", func(t *testing.T) {
		r := buyerB.get("/api/v1/t/ville-b/opportunities")
		if r.Status != 200 || strings.Contains(r.Body, "Mobilier") || strings.Contains(r.Body, "Plans") {
			t.Fatalf("B list = %d %s", r.Status, r.Body)
		}
	})

	// A segment-level alert, then a SEAO file: the notice in 72120000 reaches it.
	var sub struct {
		ID      string `json:"id"`
		FeedURL string `json:"feed_url"`
	}
	r = coop.sendJSON("POST", "/api/v1/me/subscriptions", map[string]any{"name": "Construction", "unspsc": []string{"72000000"}, "frequency": "daily"})
	if r.Status != http.StatusCreated {
		t.Fatalf("subscribe = %d %s", r.Status, r.Body)
	}
	r.json(t, &sub)
	if r := coop.sendJSON("POST", "/api/v1/me/subscriptions", map[string]any{"name": "", "unspsc": []string{"7200"}}); r.Status != 422 ||
		!strings.Contains(r.Body, `"field":"name"`) || !strings.Contains(r.Body, `"field":"unspsc"`) {
		t.Fatalf("bad alert = %d %s", r.Status, r.Body)
	}
	file, err := os.ReadFile(seaoSample)
	if err != nil {
		t.Fatal(err)
	}
	e.Now = time.Date(2026, 8, 3, 12, 0, 0, 0, time.UTC) // the sample's week: the notice is open
	// Body A declares the sample notice's SEAO buyer id: the notice is A's call for tenders.
	if err := tenants.Tx(context.Background(), e.DB.App, a.ID, func(tx *gorm.DB) error {
		return tx.Exec(`INSERT INTO tenant_seao_buyers (tenant_id, buyer_id) VALUES (?, 'OP-59053')`, a.ID).Error
	}); err != nil {
		t.Fatal(err)
	}
	r = admin.do("POST", "/api/v1/seao/notices", strings.NewReader(string(file)), "application/json")
	if r.Status != 200 || !strings.Contains(r.Body, `"new":1`) || !strings.Contains(r.Body, `"matches":1`) {
		t.Fatalf("load notices = %d %s", r.Status, r.Body)
	}
	if r := admin.do("POST", "/api/v1/seao/notices", strings.NewReader(string(file)), "application/json"); !strings.Contains(r.Body, `"unchanged":1`) {
		t.Fatalf("reload = %s", r.Body)
	}
	if r := coop.do("POST", "/api/v1/seao/notices", strings.NewReader(string(file)), "application/json"); r.Status != http.StatusForbidden {
		t.Fatalf("enterprise loading notices = %d", r.Status)
	}
	r = coop.get("/api/v1/me/opportunities")
	if r.Status != 200 || !strings.Contains(r.Body, "Réfection des abris") || !strings.Contains(r.Body, `"kind":"code_under","item":"72120000","profile":"72000000"`) {
		t.Fatalf("matches = %d %s", r.Status, r.Body)
	}
	page := coop.get("/entreprise/opportunites")
	if page.Status != 200 || !strings.Contains(page.Body, "catégorie 72120000") || !strings.Contains(page.Body, "sous votre alerte 72000000") {
		t.Fatalf("my page = %d %.2000s", page.Status, page.Body)
	}

	t.Run("interest in a SEAO notice: its body sees it, another body does not", func(t *testing.T) {
		var mine struct {
			Items []struct {
				ID     string `json:"id"`
				Source string `json:"source"`
			} `json:"items"`
		}
		coop.get("/api/v1/me/opportunities").json(t, &mine)
		notice := ""
		for _, it := range mine.Items {
			if it.Source == "seao" {
				notice = it.ID
			}
		}
		if notice == "" {
			t.Fatalf("no notice among the matches: %+v", mine)
		}
		if r := buyerA.sendJSON("POST", "/api/v1/opportunities/"+notice+"/interest", map[string]any{"decision": "interested"}); r.Status != http.StatusForbidden {
			t.Fatalf("a buyer answering a notice = %d %s", r.Status, r.Body)
		}
		if r := coop.sendJSON("POST", "/api/v1/opportunities/"+notice+"/interest", map[string]any{"decision": "interested"}); r.Status != 200 {
			t.Fatalf("notice interest = %d %s", r.Status, r.Body)
		}
		for _, tc := range []struct {
			name       string
			cl         *client
			path, want string
			leak       bool
		}{
			{"A's API", buyerA, "/api/v1/t/ville-a/seao-notices", `"name":"Coop du Bois","decision":"interested"`, false},
			{"A's page", buyerA, "/t/ville-a/opportunites", "Vos appels d’offres sur SEAO", false},
			{"A's contact log", buyerA, "/t/ville-a/contacts?from=2026-01-01&to=2026-12-31", "Personne (réponse à votre avis SEAO)", false},
			{"the enterprise's page keeps its answer", coop, "/opportunites/" + notice, "Votre réponse actuelle : intéressé", false},
			{"B's API", buyerB, "/api/v1/t/ville-b/seao-notices", `"items":[]`, true},
			{"B's page", buyerB, "/t/ville-b/opportunites", "", true},
		} {
			r := tc.cl.get(tc.path)
			if r.Status != 200 || !strings.Contains(r.Body, tc.want) || (tc.leak && strings.Contains(r.Body, "Coop du Bois")) {
				t.Errorf("%s: %s = %d %.1500s", tc.name, tc.path, r.Status, r.Body)
			}
		}
	})

	// Interest: the buyer sees it, and the contact log has it.
	if r := coop.sendJSON("POST", "/api/v1/opportunities/"+pub.ID+"/interest", map[string]any{"decision": "declined"}); r.Status != 422 {
		t.Fatalf("declined without reason = %d %s", r.Status, r.Body)
	}
	if r := coop.sendJSON("POST", "/api/v1/opportunities/"+inv.ID+"/interest", map[string]any{"decision": "interested"}); r.Status != 404 {
		t.Fatalf("interest in an invisible one = %d", r.Status)
	}
	if r := coop.sendJSON("POST", "/api/v1/opportunities/"+pub.ID+"/interest", map[string]any{"decision": "interested"}); r.Status != 200 {
		t.Fatalf("interest = %d %s", r.Status, r.Body)
	}
	if r := buyerA.get("/api/v1/t/ville-a/opportunities/" + pub.ID); !strings.Contains(r.Body, `"name":"Coop du Bois","decision":"interested"`) {
		t.Fatalf("buyer view = %s", r.Body)
	}
	if r := buyerA.get("/t/ville-a/contacts?from=2026-01-01&to=2026-12-31"); !strings.Contains(r.Body, "Coop du Bois") {
		t.Fatalf("contact log lacks the interest: %.2000s", r.Body)
	}
	if r := anon.postForm("/opportunites/invitation/"+inv.Invitations[1].Token, url.Values{"decision": {"interested"}, "_csrf": {e.Srv.CSRFTokenFor("test-csrf-cookie-value-0123456789")}}); r.Status != http.StatusSeeOther {
		t.Fatalf("interest by link = %d %s", r.Status, r.Body)
	}
	if r := buyerA.get("/t/ville-a/opportunites/" + inv.ID); !strings.Contains(r.Body, "Coop Deux") || !strings.Contains(r.Body, "Intéressée") {
		t.Fatalf("buyer page = %.3000s", r.Body)
	}

	t.Run("questions, answers and addenda", func(t *testing.T) {
		var q struct {
			ID string `json:"id"`
		}
		r := coop.sendJSON("POST", "/api/v1/opportunities/"+pub.ID+"/questions", map[string]any{"question": "Quelle essence de bois ?"})
		if r.Status != 201 {
			t.Fatalf("ask = %d %s", r.Status, r.Body)
		}
		r.json(t, &q)
		if r := anon.get("/api/v1/opportunities/" + pub.ID + "/discussion"); strings.Contains(r.Body, "essence") {
			t.Fatalf("unanswered question public: %s", r.Body)
		}
		if r := buyerB.sendJSON("POST", "/api/v1/t/ville-b/opportunities/"+pub.ID+"/questions/"+q.ID+"/answer", map[string]any{"answer": "x"}); r.Status != 404 {
			t.Fatalf("B answering = %d", r.Status)
		}
		if r := buyerA.sendJSON("POST", "/api/v1/t/ville-a/opportunities/"+pub.ID+"/questions/"+q.ID+"/answer", map[string]any{"answer": "Du cèdre."}); r.Status != 204 {
			t.Fatalf("answer = %d %s", r.Status, r.Body)
		}
		if r := buyerA.sendJSON("POST", "/api/v1/t/ville-a/opportunities/"+pub.ID+"/addenda", map[string]any{"body": "Livraison au garage municipal."}); r.Status != 201 {
			t.Fatalf("addendum = %d %s", r.Status, r.Body)
		}
		r = anon.get("/api/v1/opportunities/" + pub.ID + "/discussion")
		if !strings.Contains(r.Body, "Du cèdre.") || !strings.Contains(r.Body, "garage municipal") {
			t.Fatalf("discussion = %s", r.Body)
		}
		if r := anon.get("/api/v1/opportunities/" + inv.ID + "/discussion"); r.Status != 404 {
			t.Fatalf("invited discussion anonymous = %d", r.Status)
		}
	})
	t.Run("award makes a contract", func(t *testing.T) {
		if r := officialA.sendJSON("POST", "/api/v1/t/ville-a/opportunities/"+pub.ID+"/award", map[string]any{}); r.Status != 403 {
			t.Fatalf("official award = %d", r.Status)
		}
		r := buyerA.sendJSON("POST", "/api/v1/t/ville-a/opportunities/"+pub.ID+"/award", map[string]any{"supplier_name": "Coop du Bois",
			"nature": "goods", "awarded_cents": 1850000, "awarded_on": time.Now().Format("2006-01-02") + "T00:00:00Z"})
		if r.Status != 201 || !strings.Contains(r.Body, `"object":"Mobilier de parc en bois"`) || !strings.Contains(r.Body, `"procedure":"gre_a_gre"`) {
			t.Fatalf("award = %d %s", r.Status, r.Body)
		}
		if r := buyerA.get("/api/v1/t/ville-a/opportunities/" + pub.ID); !strings.Contains(r.Body, `"status":"awarded"`) {
			t.Fatalf("after award = %s", r.Body)
		}
		if r := buyerA.sendJSON("POST", "/api/v1/t/ville-a/opportunities/"+pub.ID+"/award", map[string]any{"supplier_name": "Encore",
			"nature": "goods", "awarded_cents": 100, "awarded_on": time.Now().Format("2006-01-02") + "T00:00:00Z"}); r.Status != 409 {
			t.Fatalf("second award = %d %s", r.Status, r.Body)
		}
		if r := buyerA.get("/api/v1/t/ville-a/contracts"); strings.Count(r.Body, "Mobilier de parc en bois") != 1 {
			t.Fatalf("contracts = %s", r.Body)
		}
	})
	t.Run("public Atom feed is valid Atom", func(t *testing.T) {
		r := anon.get("/opportunites.atom?unspsc=72000000")
		if r.Status != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/atom+xml") {
			t.Fatalf("atom = %d %s", r.Status, r.Header.Get("Content-Type"))
		}
		checkAtom(t, r.Body, 1, "Réfection des abris")
		if strings.Contains(r.Body, "Plans d") {
			t.Fatal("invited opportunity in the public feed")
		}
	})
	t.Run("alert feed needs its token", func(t *testing.T) {
		u, err := url.Parse(sub.FeedURL)
		if err != nil {
			t.Fatal(err)
		}
		r := anon.get(u.RequestURI())
		if r.Status != 200 {
			t.Fatalf("feed = %d", r.Status)
		}
		checkAtom(t, r.Body, 1, "Réfection des abris")
		if r := anon.get(u.Path + "?jeton=wrong"); r.Status != 404 {
			t.Fatalf("wrong feed token = %d", r.Status)
		}
	})
	t.Run("one-click unsubscribe without login or CSRF token", func(t *testing.T) {
		var token string
		id := sub.ID
		link := regexp.MustCompile(`/alertes/` + id + `/desabonnement\?jeton=[0-9a-f]+`)
		// Send a digest now so the link exists in an e-mail.
		e.Now = time.Date(2026, 8, 3, 13, 0, 0, 0, time.UTC)
		body := e.digestText(t)
		m := link.FindString(body)
		if m == "" {
			t.Fatalf("no unsubscribe link in the digest:\n%s", body)
		}
		token = m[strings.Index(m, "jeton=")+6:]
		raw := &client{e: e, cookies: map[string]string{}}
		res := raw.do("POST", "/alertes/"+id+"/desabonnement?jeton="+token, strings.NewReader("List-Unsubscribe=One-Click"), "application/x-www-form-urlencoded")
		if res.Status != 200 {
			t.Fatalf("one-click = %d %s", res.Status, res.Body)
		}
		if r := raw.do("POST", "/alertes/"+id+"/desabonnement?jeton=bad", strings.NewReader("List-Unsubscribe=One-Click"), "application/x-www-form-urlencoded"); r.Status != 404 {
			t.Fatalf("bad token = %d", r.Status)
		}
		if r := coop.get("/api/v1/me/subscriptions"); !strings.Contains(r.Body, `"frequency":"never"`) {
			t.Fatalf("after unsubscribe = %s", r.Body)
		}
	})
}

// digestText runs the daily digests and returns the text of the outbox's messages.
func (e *env) digestText(t *testing.T) string {
	t.Helper()
	sub, err := fs.Sub(frontend.Mail, "mail")
	if err != nil {
		t.Fatal(err)
	}
	tpl, err := mail.Load(sub)
	if err != nil {
		t.Fatal(err)
	}
	// The same database and secret key as the server: the links it writes are the server's.
	svc := opportunities.NewService(e.DB.App, func() time.Time { return e.Now }, bytes.Repeat([]byte("k"), 32))
	if _, err := svc.SendDigests(context.Background(), tpl, "http://example.test", "daily"); err != nil {
		t.Fatal(err)
	}
	var bodies []string
	if err := e.DB.App.Raw(`SELECT text_body FROM mail_outbox WHERE template = 'opportunities_digest'`).Scan(&bodies).Error; err != nil {
		t.Fatal(err)
	}
	return strings.Join(bodies, "\n")
}

// checkAtom checks what RFC 4287 requires: the Atom namespace, a feed id, title and updated, and each
// entry's id, title, updated (RFC 3339) and link; entries with author or a feed author.
func checkAtom(t *testing.T, body string, wantEntries int, wantTitle string) {
	t.Helper()
	type link struct {
		Href string `xml:"href,attr"`
		Rel  string `xml:"rel,attr"`
	}
	type entry struct {
		ID      string `xml:"id"`
		Title   string `xml:"title"`
		Updated string `xml:"updated"`
		Links   []link `xml:"link"`
		Author  *struct {
			Name string `xml:"name"`
		} `xml:"author"`
	}
	var feed struct {
		XMLName xml.Name
		ID      string `xml:"id"`
		Title   string `xml:"title"`
		Updated string `xml:"updated"`
		Author  *struct {
			Name string `xml:"name"`
		} `xml:"author"`
		Entries []entry `xml:"entry"`
	}
	if err := xml.Unmarshal([]byte(body), &feed); err != nil {
		t.Fatalf("not XML: %v\n%s", err, body)
	}
	if feed.XMLName.Space != "http://www.w3.org/2005/Atom" || feed.XMLName.Local != "feed" {
		t.Fatalf("root = %v", feed.XMLName)
	}
	if feed.ID == "" || feed.Title == "" {
		t.Fatalf("feed id/title missing: %+v", feed)
	}
	if _, err := time.Parse(time.RFC3339, feed.Updated); err != nil {
		t.Fatalf("feed updated %q: %v", feed.Updated, err)
	}
	if len(feed.Entries) != wantEntries {
		t.Fatalf("entries = %d, want %d", len(feed.Entries), wantEntries)
	}
	for _, en := range feed.Entries {
		if en.ID == "" || en.Title == "" || len(en.Links) == 0 || en.Links[0].Href == "" {
			t.Fatalf("entry incomplete: %+v", en)
		}
		if _, err := time.Parse(time.RFC3339, en.Updated); err != nil {
			t.Fatalf("entry updated %q: %v", en.Updated, err)
		}
		if en.Author == nil && feed.Author == nil {
			t.Fatal("no author for an entry")
		}
	}
	if !strings.Contains(body, wantTitle) {
		t.Fatalf("feed lacks %q", wantTitle)
	}
}

// TestOpportunitiesOpenAPISchemas: every schema the opportunities routes name is in the document.
func TestOpportunitiesOpenAPISchemas(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	doc := e.Srv.OpenAPI()
	comps, _ := doc["components"].(map[string]any)
	schemas, _ := comps["schemas"].(map[string]any)
	n := 0
	for _, r := range e.Srv.Routes() {
		if r.Doc == nil || r.Doc.Tag != "opportunities" {
			continue
		}
		for _, name := range []string{r.Doc.Request, r.Doc.Response} {
			if name == "" {
				continue
			}
			n++
			if _, ok := schemas[name]; !ok {
				t.Errorf("%s %s names schema %q, not in the document", r.Method, r.Path, name)
			}
		}
	}
	if n < 20 {
		t.Fatalf("only %d schema names checked: the route table changed?", n)
	}
}

// TestPublishFromAdviceInvitesCatalogue: the publishing form opened from a saved advice proposes, besides
// the ranked register suppliers, the catalogue's collective enterprises that sell the category in the
// body's region and are not in its register; those checked are invited by e-mail at the catalogue's
// address. A retired entry is refused with a message; another body's register does not hide an entry.
func TestPublishFromAdviceInvitesCatalogue(t *testing.T) {
	t.Parallel()
	f := newRulesFixture(t)
	e := f.e
	r := f.buyer.postForm("/t/alpha/advisor", url.Values{"object": {"Entretien des parcs"}, "category": {"72102900"},
		"nature": {"services"}, "amount": {"20 000,00"}, "planned_date": {e.Now.Format("2006-01-02")}})
	m := idRE.FindStringSubmatch(r.Header.Get("Location"))
	if r.Status != 303 || m == nil {
		t.Fatalf("advise: %d %s", r.Status, r.Header.Get("Location"))
	}
	advice := m[1]
	entry := func(name, neq, municipality, email string) string {
		var id string
		if err := e.DB.App.Raw(`INSERT INTO catalogue_entries (name, name_key, neq, legal_form, municipality_code, unspsc, email, source_kind)
			VALUES (?, lower(?), ?, 'coop', ?, ARRAY['72102900'], ?, 'steward') RETURNING id`, name, name, neq, municipality, email).Row().Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	near := entry("Coop Parcs Mauricie", "5000000001", "37067", "parcs@coop.example")
	entry("Coop Parcs Montréal", "5000000002", "66023", "mtl@coop.example")               // serves Montréal only
	linked := entry("Coop Déjà Inscrite", "5000000003", "37067", "inscrite@coop.example") // in alpha's register
	theirs := entry("Coop du Registre Bêta", "5000000004", "37067", "beta@coop.example")  // in beta's register only
	retired := entry("Coop Fermée", "5000000005", "37067", "fermee@coop.example")
	for _, l := range []struct {
		tenant uuid.UUID
		entry  string
	}{{f.a.ID, linked}, {f.b.ID, theirs}} {
		if err := tenants.Tx(context.Background(), e.DB.App, l.tenant, func(tx *gorm.DB) error {
			sid := uuid.New()
			if err := tx.Exec(`INSERT INTO suppliers (tenant_id, id, neq, legal_name, ees, quebec_establishment, region_code, unspsc, legal_form)
				VALUES (?, ?, '7777777777', 'Copie du catalogue', true, true, '04', ARRAY['72100000'], 'nonprofit')`, l.tenant, sid).Error; err != nil {
				return err
			}
			return tx.Exec(`INSERT INTO catalogue_links (tenant_id, supplier_id, entry_id, synced_version) VALUES (?, ?, ?, 1)`, l.tenant, sid, l.entry).Error
		}); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.DB.App.Exec(`UPDATE catalogue_entries SET status = 'retired' WHERE id = ?`, retired).Error; err != nil {
		t.Fatal(err)
	}
	form := f.buyer.get("/t/alpha/opportunites/nouvelle?avis=" + advice)
	for _, tc := range []struct {
		name string
		want bool
	}{{"Coop Parcs Mauricie (Trois-Rivières)", true}, {"Coop du Registre Bêta", true}, {"Coop de solidarité Mauricie", true},
		{"Coop Parcs Montréal", false}, {"Coop Déjà Inscrite", false}, {"Coop Fermée", false}} {
		if strings.Contains(form.Body, tc.name) != tc.want {
			t.Errorf("form shows %q = %v, want %v", tc.name, !tc.want, tc.want)
		}
	}
	if form.Status != 200 || t.Failed() {
		t.Fatalf("form = %d %.4000s", form.Status, form.Body)
	}
	t.Run("the same candidates through the API", func(t *testing.T) {
		for _, tc := range []struct {
			path, want, not string
			status          int
		}{
			{"/api/v1/t/alpha/opportunity-candidates?unspsc=72102900", `"name":"Coop Parcs Mauricie"`, "Coop Déjà Inscrite", 200},
			{"/api/v1/t/alpha/opportunity-candidates?unspsc=72102900&region=06", "Coop Parcs Montréal", "Coop Déjà Inscrite", 200},
			{"/api/v1/t/alpha/opportunity-candidates?unspsc=7210", `"field":"unspsc"`, "Coop", 422},
			{"/api/v1/t/alpha/opportunity-candidates", `"field":"unspsc"`, "Coop", 422},
			{"/api/v1/t/alpha/opportunity-candidates?unspsc=72102900&region=99", `"field":"region"`, "Coop", 422},
		} {
			r := f.buyer.get(tc.path)
			if r.Status != tc.status || !strings.Contains(r.Body, tc.want) || strings.Contains(r.Body, tc.not) {
				t.Errorf("%s = %d %.1000s", tc.path, r.Status, r.Body)
			}
		}
		if r := f.official.get("/api/v1/t/alpha/opportunity-candidates?unspsc=72102900"); r.Status != http.StatusForbidden {
			t.Errorf("an official = %d", r.Status)
		}
		if r := f.other.get("/api/v1/t/alpha/opportunity-candidates?unspsc=72102900"); r.Status != http.StatusForbidden && r.Status != http.StatusNotFound {
			t.Errorf("another body's buyer = %d", r.Status)
		}
	})
	post := func(entries ...string) resp {
		return f.buyer.postForm("/t/alpha/opportunites", url.Values{"kind": {"quote_request"}, "title": {"Entretien des parcs"},
			"unspsc": {"72102900"}, "visibility": {"invited"}, "closes_at": {e.Now.AddDate(0, 0, 14).Format("2006-01-02") + "T14:00"},
			"advice_id": {advice}, "suppliers": {f.coop.String()}, "entries": entries})
	}
	if r := post(near, retired); r.Status != 422 || !strings.Contains(r.Body, "n’existe plus ou a été retirée") || !strings.Contains(r.Body, "Coop Parcs Mauricie") {
		t.Fatalf("retired entry = %d %.3000s", r.Status, r.Body)
	}
	r = post(near)
	loc := regexp.MustCompile(`/opportunites/([0-9a-f-]{36})`).FindStringSubmatch(r.Header.Get("Location"))
	if r.Status != 303 || loc == nil {
		t.Fatalf("publish = %d %s %.2000s", r.Status, r.Header.Get("Location"), r.Body)
	}
	got := f.buyer.get("/api/v1/t/alpha/opportunities/" + loc[1])
	if !strings.Contains(got.Body, `"name":"Coop Parcs Mauricie"`) || !strings.Contains(got.Body, `"name":"Coop de solidarité Mauricie"`) {
		t.Fatalf("invitations = %s", got.Body)
	}
	var sent int64
	if err := e.DB.Owner.Raw(`SELECT count(*) FROM mail_outbox WHERE to_address = 'parcs@coop.example'`).Scan(&sent).Error; err != nil || sent != 1 {
		t.Fatalf("invitation e-mails to the catalogue address = %d (%v)", sent, err)
	}
}
