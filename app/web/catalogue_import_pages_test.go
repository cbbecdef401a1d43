package web_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/url"
	"strings"
	"testing"

	"maillage/app/accounts"
	"maillage/app/catalogue"
	"maillage/app/quebec"
)

// A steward imports a pôle's file in the browser flow: upload (camel-case headers mapped with
// their confidence), a line in error fixed on the preview, a repeated line skipped, an unknown
// column mapped by hand, then apply.
func TestCatalogueImportPages(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	seedCatalogue(t, e, 60)
	u, err := accounts.NewStore(e.DB.App).GrantPlatformRole(context.Background(), "pole@longueuil.test", accounts.RoleCatalogueSteward, nil)
	if err != nil {
		t.Fatal(err)
	}
	st := e.as(u.ID)
	file := "NomEntreprise;Municipalite;CodePostal;Statut;Services\r\n" +
		"Cuisine du Vieux-Longueuil;Longueuil (Québec);J4H 1A1;OBNL;Traiteur\r\n" +
		"Vélo Partage Coop;Montréal;H2X 1Y4;;Location de vélos\r\n" +
		"Friperie Nouvelle Vague;Springfield;J4K 2T5;OBNL;Friperie\r\n" +
		"Vélo Partage Coop;Montréal;H2X 1Y4;;Location de vélos\r\n"
	upload := func(t *testing.T, name, content, source string) resp {
		var buf bytes.Buffer
		w := multipart.NewWriter(&buf)
		fw, _ := w.CreateFormFile("file", name)
		fw.Write([]byte(content))
		w.WriteField("source", source)
		w.WriteField("_csrf", e.Srv.CSRFTokenFor(st.cookies["__Host-maillage_csrf"]))
		w.Close()
		return st.do("POST", "/catalogue/imports", &buf, w.FormDataContentType())
	}
	r := upload(t, "pole.csv", file, "Pôle Agglo")
	if r.Status != 303 {
		t.Fatalf("upload: %d %s", r.Status, r.Body)
	}
	page := r.Header.Get("Location")
	body := st.get(page).Body
	for _, want := range []string{"NomEntreprise", "Sûre", "Ignorer cette colonne", "Colonne « Municipalite » :", "Springfield", "répète la ligne 3"} {
		if !strings.Contains(body, want) {
			t.Errorf("import page lacks %q", want)
		}
	}
	id := strings.TrimPrefix(page, "/catalogue/imports/")
	svc := catalogue.NewService(e.DB.App, nil)
	t.Run("applying with undecided lines changes nothing and names them", func(t *testing.T) {
		r := st.postForm(page+"/decisions", url.Values{"action": {"apply"}})
		if r.Status != 422 || !strings.Contains(r.Body, "Ligne 4") || !strings.Contains(r.Body, "Ligne 5") {
			t.Errorf("apply: %d", r.Status)
		}
		if v, _ := svc.Import(context.Background(), id); v.Status != "planned" {
			t.Errorf("status %s", v.Status)
		}
	})
	r = st.postForm(page+"/mapping", url.Values{"map_0": {"name"}, "map_1": {"municipality"}, "map_2": {"postal_code"}, "map_3": {"legal_form"}, "map_4": {"products"}})
	if r.Status != 303 {
		t.Fatalf("remap: %d %s", r.Status, r.Body)
	}
	r = st.postForm(page+"/decisions", url.Values{"line": {"4", "5"}, "decision_4": {"fix"}, "fix_4_municipality": {"Longueuil"}, "decision_5": {"skip"}, "action": {"save"}})
	if r.Status != 303 {
		t.Fatalf("decide: %d %s", r.Status, r.Body)
	}
	v, err := svc.Import(context.Background(), id)
	if err != nil || v.Report.Counts[catalogue.OutcomeNew] != 3 || v.Decisions[5] != catalogue.DecisionSkip || v.Fixes[4][catalogue.FieldMunicipality] != "Longueuil" {
		t.Fatalf("after decisions %v %v %v %v", v.Report.Counts, v.Decisions, v.Fixes, err)
	}
	if r := st.postForm(page+"/decisions", url.Values{"action": {"apply"}}); r.Status != 303 {
		t.Fatalf("apply: %d %s", r.Status, r.Body)
	}
	if body := st.get(page).Body; !strings.Contains(body, "3 nouvelles fiches") || !strings.Contains(body, "1 lignes non importées") {
		t.Errorf("result not shown")
	}
	res, _ := catalogue.NewStore(e.DB.App).Search(context.Background(), catalogue.SearchParams{Q: "velo partage"})
	if res.Total != 1 || res.Hits[0].LegalForm != quebec.CollectiveCoop || res.Hits[0].EES.Trust != catalogue.TrustUnknown {
		t.Errorf("imported entry %+v", res.Hits)
	}
	t.Run("a file without a header row is refused on the form, values kept", func(t *testing.T) {
		r := upload(t, "sans-entete.csv", "Coop A;Longueuil;J4H 1A1\r\n", "Pôle Sud")
		if r.Status != 422 || !strings.Contains(r.Body, "ligne d’en-tête") || !strings.Contains(r.Body, `value="Pôle Sud"`) {
			t.Errorf("%d %s", r.Status, r.Body)
		}
	})
	t.Run("a buyer cannot reach the import pages", func(t *testing.T) {
		tn := e.tenant("longueuil")
		b := e.member("b@longueuil.test", &tn, "buyer")
		if r := b.get("/catalogue/imports/new"); r.Status != 403 {
			t.Errorf("%d", r.Status)
		}
	})
}

// A steward creates an entry in the form (municipality typed by name), then edits it.
func TestCatalogueEntryForms(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	seedCatalogue(t, e, 20)
	u, err := accounts.NewStore(e.DB.App).GrantPlatformRole(context.Background(), "pole@estrie.test", accounts.RoleCatalogueSteward, []string{"05"})
	if err != nil {
		t.Fatal(err)
	}
	st := e.as(u.ID)
	if r := st.get("/catalogue/entries/new"); r.Status != 200 || !strings.Contains(r.Body, `name="municipality"`) {
		t.Fatalf("new page: %d", r.Status)
	}
	form := url.Values{"name": {"Coopérative de solidarité Le Rucher"}, "legal_form": {"coop_solidarity"}, "municipality": {"Magog"},
		"products": {"Miel\nCire d'abeille"}, "sectors": {"alimentation"}, "phone": {"(819) 555-0142"}, "website": {"lerucher.example"}}
	r := st.postForm("/catalogue/entries", form)
	if r.Status != 303 {
		t.Fatalf("create: %d %s", r.Status, r.Body)
	}
	id := strings.TrimPrefix(r.Header.Get("Location"), "/catalogue/")
	got, err := catalogue.NewStore(e.DB.App).Get(context.Background(), id)
	if err != nil || got.Address.MunicipalityCode != "45072" || got.Contact.Phone != "819-555-0142" || len(got.Products) != 2 || got.Website != "https://lerucher.example" {
		t.Fatalf("created %+v %v", got, err)
	}
	cases := []struct {
		name   string
		form   url.Values
		status int
	}{
		{"edit keeps the version", url.Values{"name": {"Le Rucher, coopérative de solidarité"}, "legal_form": {"coop_solidarity"}, "municipality": {"45072"}, "version": {"1"}}, 303},
		{"stale version", url.Values{"name": {"Autre"}, "legal_form": {"coop_solidarity"}, "municipality": {"45072"}, "version": {"1"}}, 409},
		{"moving out of the steward's region", url.Values{"name": {"Le Rucher"}, "legal_form": {"coop_solidarity"}, "municipality": {"Laval"}, "version": {"2"}}, 403},
		{"unknown municipality", url.Values{"name": {"Le Rucher"}, "legal_form": {"coop_solidarity"}, "municipality": {"Springfield"}, "version": {"2"}}, 422},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if r := st.postForm("/catalogue/"+id+"/edit", c.form); r.Status != c.status {
				t.Errorf("%d %s", r.Status, r.Body)
			}
		})
	}
	if got, _ := catalogue.NewStore(e.DB.App).Get(context.Background(), id); got.Version != 2 || got.Name != "Le Rucher, coopérative de solidarité" {
		t.Errorf("after edits %+v", got)
	}
}

// An enterprise claims its entry and proposes a change; a steward decides both from the queue.
func TestCatalogueClaimQueue(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	refs := seedCatalogue(t, e, 40)
	acc := accounts.NewStore(e.DB.App)
	ent, _ := acc.GrantPlatformRole(context.Background(), "coop@velocargo.test", accounts.RoleEnterprise, nil)
	other, _ := acc.GrantPlatformRole(context.Background(), "autre@ailleurs.test", accounts.RoleEnterprise, nil)
	stU, _ := acc.GrantPlatformRole(context.Background(), "pole@mtl.test", accounts.RoleCatalogueSteward, []string{"06"})
	estrieU, _ := acc.GrantPlatformRole(context.Background(), "pole@estrie.test", accounts.RoleCatalogueSteward, []string{"05"})
	entC, otherC, st, estrie := e.tokenClient(ent.ID), e.tokenClient(other.ID), e.as(stU.ID), e.as(estrieU.ID)
	velo := refs["A15"] // Vélo Cargo Coop, Montréal (06)
	if r := otherC.sendJSON("POST", "/api/v1/catalogue/"+velo.ID+"/claims", map[string]any{"neq": "1199999999"}); r.Status != 422 ||
		!strings.Contains(r.Body, "catalogue.claim.neq_mismatch") {
		t.Fatalf("claim with another NEQ: %d %s", r.Status, r.Body)
	}
	r := entC.sendJSON("POST", "/api/v1/catalogue/"+velo.ID+"/claims", map[string]any{"neq": velo.NEQ, "message": "C'est nous"})
	if r.Status != 201 {
		t.Fatalf("claim: %d %s", r.Status, r.Body)
	}
	var claim catalogue.Claim
	r.json(t, &claim)
	if body := estrie.get("/catalogue/requests").Body; strings.Contains(body, claim.ID) {
		t.Error("a steward of another region sees the claim")
	}
	if r := st.get("/catalogue/requests"); !strings.Contains(r.Body, "Vélo Cargo Coop") {
		t.Fatalf("the claim is not in the queue: %d %s", r.Status, r.Body)
	}
	if r := st.postForm("/catalogue/requests/claim/"+claim.ID, url.Values{"decision": {"approve"}}); r.Status != 303 {
		t.Fatalf("approve: %d %s", r.Status, r.Body)
	}
	cur, _ := catalogue.NewStore(e.DB.App).Get(context.Background(), velo.ID)
	cur.Products = append(cur.Products, "Livraison de colis")
	r = entC.sendJSON("POST", "/api/v1/catalogue/"+velo.ID+"/proposals", cur)
	if r.Status != 201 {
		t.Fatalf("proposal: %d %s", r.Status, r.Body)
	}
	var prop catalogue.Proposal
	r.json(t, &prop)
	if r := st.postForm("/catalogue/requests/proposal/"+prop.ID, url.Values{"decision": {"approve"}}); r.Status != 303 {
		t.Fatalf("approve proposal: %d %s", r.Status, r.Body)
	}
	if got, _ := catalogue.NewStore(e.DB.App).Get(context.Background(), velo.ID); got.ClaimedBy != ent.ID.String() || got.Products[len(got.Products)-1] != "Livraison de colis" {
		t.Errorf("after decisions %+v", got)
	}
	if r := st.get("/api/v1/catalogue/requests"); r.Status != 200 || strings.Contains(r.Body, prop.ID) {
		t.Errorf("queue after decisions: %d %s", r.Status, r.Body)
	}
}
