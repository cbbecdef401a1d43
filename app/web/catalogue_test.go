package web_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"maillage/app/accounts"
	"maillage/app/catalogue"
	"maillage/app/errs"
	"maillage/app/flows"
	"maillage/app/quebec"
	"maillage/app/suppliers"
	"maillage/tenants"

	"gorm.io/gorm"
)

var catDay = time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)

// seedCatalogue loads the demo catalogue (n generated entries with the anchors first) and
// returns it by source ref.
func seedCatalogue(t *testing.T, e *env, n int) map[string]catalogue.Entry {
	t.Helper()
	st := catalogue.NewStore(e.DB.App)
	ms, err := quebec.LoadMunicipalities(context.Background(), e.DB.App)
	if err != nil {
		t.Fatal(err)
	}
	es, err := catalogue.Generate(1, n, ms, catDay)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.BulkInsert(context.Background(), es); err != nil {
		t.Fatal(err)
	}
	out := map[string]catalogue.Entry{}
	for _, x := range es {
		out[x.Source.Ref] = x
	}
	return out
}

func (e *env) stewardClient(email string, regions []string) *client {
	e.t.Helper()
	u, err := accounts.NewStore(e.DB.App).GrantPlatformRole(context.Background(), email, accounts.RoleCatalogueSteward, regions)
	if err != nil {
		e.t.Fatal(err)
	}
	return e.tokenClient(u.ID)
}

type searchBody struct {
	Items []struct {
		ID     string `json:"id"`
		Name   string `json:"name"`
		Source struct {
			Ref string `json:"ref"`
		} `json:"source"`
	} `json:"items"`
	Total      int                               `json:"total"`
	NextCursor string                            `json:"next_cursor"`
	Facets     map[string][]catalogue.FacetValue `json:"facets"`
}

func TestCatalogueAPISearch(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	refs := seedCatalogue(t, e, catalogue.SizeDemo)
	tn := e.tenant("longueuil")
	buyer := e.member("acheteur@longueuil.test", &tn, "buyer")
	cases := []struct {
		name   string
		path   string
		status int
		check  func(t *testing.T, b searchBody)
	}{
		{"text, accents dropped", "/api/v1/catalogue?q=deneigement+rouyn", 200, func(t *testing.T, b searchBody) {
			if b.Total == 0 || b.Items[0].Source.Ref != "A01" {
				t.Errorf("first %+v", b.Items)
			}
		}},
		{"typo in a name", "/api/v1/catalogue?q=marmitte+solidaire", 200, func(t *testing.T, b searchBody) {
			if b.Total == 0 || b.Items[0].ID != refs["A03"].ID {
				t.Errorf("items %+v", b.Items)
			}
		}},
		{"two facets with counts", "/api/v1/catalogue?region=16&sector=alimentation&limit=5", 200, func(t *testing.T, b searchBody) {
			if len(b.Facets["region"]) != 1 || b.Facets["region"][0].Value != "16" || b.Facets["region"][0].Count != b.Total {
				t.Errorf("region facet %+v total %d", b.Facets["region"], b.Total)
			}
			if b.Total > 5 && b.NextCursor != "2" {
				t.Errorf("next cursor %q", b.NextCursor)
			}
		}},
		{"cursor", "/api/v1/catalogue?limit=10&cursor=2", 200, func(t *testing.T, b searchBody) {
			if len(b.Items) != 10 || b.NextCursor != "3" {
				t.Errorf("%d items, next %q", len(b.Items), b.NextCursor)
			}
		}},
		{"bad adapted", "/api/v1/catalogue?adapted=maybe", 422, nil},
		{"bad limit", "/api/v1/catalogue?limit=0", 422, nil},
		{"near my region from the body", "/api/v1/t/longueuil/catalogue?near=region", 200, nil},
		{"bad near", "/api/v1/t/longueuil/catalogue?near=moon", 422, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := buyer.get(c.path)
			if r.Status != c.status {
				t.Fatalf("status %d: %s", r.Status, r.Body)
			}
			if c.check != nil {
				var b searchBody
				r.json(t, &b)
				c.check(t, b)
			}
		})
	}
	t.Run("anonymous callers must log in", func(t *testing.T) {
		if r := e.anon().get("/api/v1/catalogue?q=traiteur"); r.Status != http.StatusUnauthorized {
			t.Errorf("status %d", r.Status)
		}
	})
	t.Run("one entry and a missing one", func(t *testing.T) {
		if r := buyer.get("/api/v1/catalogue/" + refs["A03"].ID); r.Status != 200 || !strings.Contains(r.Body, "Marmite") {
			t.Errorf("%d %s", r.Status, r.Body)
		}
		if r := buyer.get("/api/v1/catalogue/00000000-0000-0000-0000-000000000000"); r.Status != 404 {
			t.Errorf("status %d", r.Status)
		}
	})
	t.Run("OpenAPI documents the catalogue", func(t *testing.T) {
		r := e.anon().get("/api/v1/openapi.json")
		for _, p := range []string{`"/api/v1/catalogue"`, `"/api/v1/catalogue/{id}"`, `"/api/v1/t/{slug}/suppliers/pull"`, `"CatalogueSearch"`} {
			if !strings.Contains(r.Body, p) {
				t.Errorf("missing %s", p)
			}
		}
	})
}

func TestCataloguePermissions(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	refs := seedCatalogue(t, e, 60)
	tn := e.tenant("gatineau")
	buyerU, _ := accounts.NewStore(e.DB.App).GrantTenantRole(context.Background(), tn.ID, "b@gatineau.test", "buyer")
	buyer := e.tokenClient(buyerU.ID)
	estrie := e.stewardClient("estrie@pole.test", []string{"05"})
	all := e.stewardClient("tous@pole.test", nil)
	sherb, long := refs["A02"], refs["A03"] // Sherbrooke (05), Longueuil (16)
	get := func(id string) catalogue.Entry {
		x, err := catalogue.NewStore(e.DB.App).Get(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	edit := func(x catalogue.Entry) catalogue.Entry {
		x.Products = append(x.Products, "Nouveau service")
		return x
	}
	cases := []struct {
		name   string
		cl     *client
		method string
		path   string
		body   any
		status int
	}{
		{"buyer cannot create", buyer, "POST", "/api/v1/catalogue", sherb, 403},
		{"buyer cannot edit", buyer, "PUT", "/api/v1/catalogue/" + sherb.ID, edit(get(sherb.ID)), 403},
		{"buyer cannot retire", buyer, "POST", "/api/v1/catalogue/" + sherb.ID + "/retire", nil, 403},
		{"buyer cannot import", buyer, "POST", "/api/v1/catalogue/imports/x/apply", nil, 403},
		{"region steward cannot edit another region", estrie, "PUT", "/api/v1/catalogue/" + long.ID, edit(get(long.ID)), 403},
		{"region steward cannot verify another region", estrie, "POST", "/api/v1/catalogue/" + long.ID + "/verify", nil, 403},
		{"region steward edits own region", estrie, "PUT", "/api/v1/catalogue/" + sherb.ID, edit(get(sherb.ID)), 200},
		{"stale version is a conflict", estrie, "PUT", "/api/v1/catalogue/" + sherb.ID, edit(get(sherb.ID)), 409},
		{"steward of all regions edits anywhere", all, "PUT", "/api/v1/catalogue/" + long.ID, edit(get(long.ID)), 200},
		{"steward cannot pull into a body's register", all, "POST", "/api/v1/t/gatineau/suppliers/pull", map[string]any{"catalogue_ids": []string{long.ID}}, 404},
		{"invalid entry is a problem", all, "POST", "/api/v1/catalogue", map[string]any{"name": "", "legal_form": "sarl"}, 422},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := get(long.ID).Version
			if c.name == "stale version is a conflict" {
				x := get(sherb.ID)
				x.Version--
				c.body = edit(x)
			}
			var r resp
			if c.body == nil {
				r = c.cl.do(c.method, c.path, nil, "")
			} else {
				r = c.cl.sendJSON(c.method, c.path, c.body)
			}
			if r.Status != c.status {
				t.Fatalf("status %d: %s", r.Status, r.Body)
			}
			if c.status >= 400 && c.name != "steward of all regions edits anywhere" && get(long.ID).Version != before {
				t.Error("the entry changed on a refused request")
			}
			if c.status >= 400 && !strings.Contains(r.Header.Get("Content-Type"), "problem+json") {
				t.Errorf("not a problem: %s", r.Header.Get("Content-Type"))
			}
		})
	}
}

func TestCataloguePullAndSyncAPI(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	refs := seedCatalogue(t, e, 60)
	ta, tb := e.tenant("longueuil"), e.tenant("laval")
	acc := accounts.NewStore(e.DB.App)
	ua, _ := acc.GrantTenantRole(context.Background(), ta.ID, "a@longueuil.test", "buyer")
	ub, _ := acc.GrantTenantRole(context.Background(), tb.ID, "b@laval.test", "buyer")
	uo, _ := acc.GrantTenantRole(context.Background(), ta.ID, "elu@longueuil.test", "official")
	buyerA, buyerB, official := e.tokenClient(ua.ID), e.tokenClient(ub.ID), e.tokenClient(uo.ID)
	ids := []string{refs["A03"].ID, refs["A24"].ID}

	r := buyerA.sendJSON("POST", "/api/v1/t/longueuil/suppliers/pull", map[string]any{"catalogue_ids": ids})
	if r.Status != 201 {
		t.Fatalf("pull: %d %s", r.Status, r.Body)
	}
	var pulled flows.PullResult
	r.json(t, &pulled)
	cases := []struct {
		name   string
		cl     *client
		body   any
		status int
		code   string
	}{
		{"again: already in the register", buyerA, map[string]any{"catalogue_ids": ids[:1]}, 422, "catalogue.pull.already"},
		{"unknown entry", buyerA, map[string]any{"catalogue_ids": []string{"00000000-0000-0000-0000-000000000000"}}, 422, "catalogue.not_found"},
		{"empty selection", buyerA, map[string]any{"catalogue_ids": []string{}}, 422, "catalogue.pull.empty"},
		{"an official cannot pull", official, map[string]any{"catalogue_ids": ids}, 403, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := c.cl.sendJSON("POST", "/api/v1/t/longueuil/suppliers/pull", c.body)
			if r.Status != c.status || !strings.Contains(r.Body, c.code) {
				t.Fatalf("status %d: %s", r.Status, r.Body)
			}
		})
	}
	t.Run("pulled suppliers get the status of the body's register setting", func(t *testing.T) {
		if pulled.Suppliers[0].Status != "approved" {
			t.Fatalf("default setting: pulled as %q", pulled.Suppliers[0].Status)
		}
		if _, err := suppliers.NewStore(e.DB.App, nil).SaveSettings(context.Background(), tb.ID, suppliers.RegisterSettings{PullStatus: "invited"}); err != nil {
			t.Fatal(err)
		}
		r := buyerB.sendJSON("POST", "/api/v1/t/laval/suppliers/pull", map[string]any{"catalogue_ids": ids[:1]})
		var got flows.PullResult
		r.json(t, &got)
		if r.Status != 201 || len(got.Suppliers) != 1 || got.Suppliers[0].Status != "invited" {
			t.Fatalf("with the invited setting: %d %s", r.Status, r.Body)
		}
	})
	t.Run("the other body's register is untouched and cannot be reached", func(t *testing.T) {
		r := buyerB.get("/api/v1/t/laval/catalogue/links")
		if r.Status != 200 || strings.Contains(r.Body, pulled.Suppliers[0].SupplierID) {
			t.Errorf("%d %s", r.Status, r.Body)
		}
		for _, p := range []string{"/api/v1/t/laval/catalogue/links/" + pulled.Suppliers[0].SupplierID,
			"/api/v1/t/longueuil/catalogue/links"} {
			if r := buyerB.get(p); r.Status != 404 {
				t.Errorf("%s: %d", p, r.Status)
			}
		}
		if r := buyerB.sendJSON("POST", "/api/v1/t/laval/catalogue/links/"+pulled.Suppliers[0].SupplierID+"/sync", map[string]any{}); r.Status != 404 {
			t.Errorf("sync: %d", r.Status)
		}
	})
	// Upstream change by a steward, then the buyer syncs.
	all := e.stewardClient("tous@pole.test", nil)
	cur, _ := catalogue.NewStore(e.DB.App).Get(context.Background(), ids[0])
	cur.Website = "https://lamarmite.example"
	if r := all.sendJSON("PUT", "/api/v1/catalogue/"+cur.ID, cur); r.Status != 200 {
		t.Fatalf("edit: %d %s", r.Status, r.Body)
	}
	link := "/api/v1/t/longueuil/catalogue/links/" + pulled.Suppliers[0].SupplierID
	var l catalogue.Link
	buyerA.get(link).json(t, &l)
	if !l.Pending || len(l.Changes) != 1 || l.Changes[0].Field != catalogue.FieldWebsite || l.Changes[0].To[0] != "https://lamarmite.example" {
		t.Fatalf("link %+v", l)
	}
	if r := buyerA.sendJSON("POST", link+"/sync", map[string]any{"fields": []string{"website"}}); r.Status != 200 {
		t.Fatalf("sync %d %s", r.Status, r.Body)
	}
	buyerA.get(link).json(t, &l)
	if l.Pending || len(l.Changes) != 0 {
		t.Errorf("after sync %+v", l)
	}
	if r := buyerA.do("POST", link+"/unlink", nil, ""); r.Status != 204 {
		t.Errorf("unlink %d", r.Status)
	}
	if r := buyerA.get(link); r.Status != 404 {
		t.Errorf("link after unlink: %d", r.Status)
	}
	var n int64
	_ = tenants.Tx(context.Background(), e.DB.App, ta.ID, func(tx *gormDB) error {
		return tx.Raw(`SELECT count(*) FROM suppliers WHERE tenant_id = ?`, ta.ID).Scan(&n).Error
	})
	if n != 2 {
		t.Errorf("%d suppliers after unlink, want the 2 copies", n)
	}
}

func TestCatalogueImportAPI(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	refs := seedCatalogue(t, e, 60)
	st := e.stewardClient("tous@pole.test", nil)
	file := "Nom de l'entreprise;Ville;Forme juridique;Produits et services;Téléphone\r\n" +
		"Traiteur La Marmite solidaire;Longueuil;OBNL;Service de traiteur; Boîtes à lunch;450-555-0101\r\n" +
		"Coopérative de solidarité Le Grenier;Longueuil;;Épicerie;450-555-0102\r\n"
	file = strings.ReplaceAll(file, "Service de traiteur; Boîtes à lunch", "\"Service de traiteur; Boîtes à lunch\"")
	upload := func(content []byte, source string) resp {
		var buf bytes.Buffer
		w := multipart.NewWriter(&buf)
		fw, _ := w.CreateFormFile("file", "pole.csv")
		fw.Write(content)
		w.WriteField("source", source)
		w.Close()
		return st.do("POST", "/api/v1/catalogue/imports", &buf, w.FormDataContentType())
	}
	win1252 := func(s string) []byte { // the accents of this file are all in Latin-1
		var b []byte
		for _, r := range s {
			b = append(b, byte(r))
		}
		return b
	}
	var plan struct {
		ID       string            `json:"id"`
		Encoding string            `json:"encoding"`
		Mapping  map[string]string `json:"mapping"`
		Report   catalogue.Report  `json:"report"`
	}
	r := upload(win1252(file), "Pôle Agglo")
	if r.Status != 201 {
		t.Fatalf("plan: %d %s", r.Status, r.Body)
	}
	r.json(t, &plan)
	if plan.Encoding != "windows-1252" || plan.Mapping["Ville"] != "municipality" || plan.Report.Counts["update"] != 1 || plan.Report.Counts["new"] != 1 {
		t.Fatalf("plan %+v", plan)
	}
	if plan.Report.Rows[0].MatchID != refs["A03"].ID {
		t.Errorf("row 1 matched %s", plan.Report.Rows[0].MatchID)
	}
	if r := st.sendJSON("POST", "/api/v1/catalogue/imports/"+plan.ID+"/apply", map[string]any{}); r.Status != 200 || !strings.Contains(r.Body, `"created":1`) {
		t.Fatalf("apply: %d %s", r.Status, r.Body)
	}
	t.Run("the same file again changes nothing", func(t *testing.T) {
		r := upload([]byte(file), "Pôle Agglo") // now in UTF-8: same content
		r.json(t, &plan)
		if plan.Report.Counts["unchanged"] != 2 {
			t.Errorf("counts %v", plan.Report.Counts)
		}
	})
	t.Run("an unknown municipality refuses the file", func(t *testing.T) {
		r := upload([]byte(strings.Replace(file, "Longueuil;;", "Springfield;;", 1)), "Pôle Agglo")
		r.json(t, &plan)
		ar := st.sendJSON("POST", "/api/v1/catalogue/imports/"+plan.ID+"/apply", map[string]any{})
		if ar.Status != 422 || !strings.Contains(ar.Body, "catalogue.import.unknown_municipality") || !strings.Contains(ar.Body, `"row":3`) ||
			!strings.Contains(ar.Body, `"column":"Ville"`) {
			t.Errorf("apply: %d %s", ar.Status, ar.Body)
		}
		if plan.Report.Rows[1].Status != catalogue.RowError || plan.Report.Rows[1].Line != 3 {
			t.Errorf("row %+v", plan.Report.Rows[1])
		}
		ar = st.sendJSON("POST", "/api/v1/catalogue/imports/"+plan.ID+"/apply", map[string]any{"decisions": map[string]string{"3": "skip"}})
		if ar.Status != 200 || !strings.Contains(ar.Body, `"skipped":1`) {
			t.Errorf("apply with the line skipped: %d %s", ar.Status, ar.Body)
		}
	})
	t.Run("a binary file is refused", func(t *testing.T) {
		r := upload([]byte{0x00, 0x01, 0x02, 0xff, 0x00}, "Pôle Agglo")
		if r.Status < 400 || !strings.Contains(r.Header.Get("Content-Type"), "problem+json") {
			t.Errorf("%d %s", r.Status, r.Body)
		}
	})
	t.Run("no source name", func(t *testing.T) {
		if r := upload([]byte(file), ""); r.Status != 422 {
			t.Errorf("%d %s", r.Status, r.Body)
		}
	})
	_ = errs.Invalid
}

func TestCataloguePages(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	refs := seedCatalogue(t, e, 60)
	tn := e.tenant("longueuil")
	buyer := e.member("acheteur@longueuil.test", &tn, "buyer")
	cases := []struct {
		name, path, want string
		status           int
	}{
		{"search page", "/catalogue?q=traiteur", "Traiteur La Marmite solidaire", 200},
		{"tenant search page with pull", "/t/longueuil/catalogue?q=traiteur&near=region", "catalogue_ids", 200},
		{"entry page", "/catalogue/" + refs["A03"].ID, "Boîtes à lunch", 200},
		{"public regional directory", "/repertoire/16", "Montérégie", 200},
		{"unknown region", "/repertoire/42", "", 404},
		{"links page", "/t/longueuil/catalogue/links", "", 200},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := buyer.get(c.path)
			if r.Status != c.status || !strings.Contains(r.Body, c.want) {
				t.Fatalf("%d, body lacks %q", r.Status, c.want)
			}
		})
	}
	t.Run("pull form then links page", func(t *testing.T) {
		r := buyer.postForm("/t/longueuil/catalogue/pull", url.Values{"catalogue_ids": {refs["A03"].ID}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		page := buyer.get(r.Header.Get("Location"))
		if !strings.Contains(page.Body, "Traiteur La Marmite solidaire") {
			t.Errorf("links page lacks the supplier")
		}
	})
}

type gormDB = gorm.DB
