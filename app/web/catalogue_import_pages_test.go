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
)

// A steward imports a pôle's file in the browser flow: upload, fix the mapping, apply.
func TestCatalogueImportPages(t *testing.T) {
	e := newEnv(t)
	seedCatalogue(t, e, 60)
	u, err := accounts.NewStore(e.DB.App).GrantPlatformRole(context.Background(), "pole@longueuil.test", accounts.RoleCatalogueSteward, nil)
	if err != nil {
		t.Fatal(err)
	}
	st := e.as(u.ID)
	// "Localité" is not a known header: the mapping step must map it by hand.
	file := "Organisme;Localité;Statut;Services\r\nCuisine du Vieux-Longueuil;Longueuil;OBNL;Traiteur\r\nVélo Partage Coop;Montréal;;Location de vélos\r\n"
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	fw, _ := w.CreateFormFile("file", "pole.csv")
	fw.Write([]byte(file))
	w.WriteField("source", "Pôle Agglo")
	w.WriteField("_csrf", e.Srv.CSRFTokenFor(st.cookies["__Host-maillage_csrf"]))
	w.Close()
	r := st.do("POST", "/catalogue/imports", &buf, w.FormDataContentType())
	if r.Status != 303 {
		t.Fatalf("upload: %d %s", r.Status, r.Body)
	}
	page := r.Header.Get("Location")
	body := st.get(page).Body
	for _, want := range []string{"Localité", "Ignorer cette colonne", "Erreur"} {
		if !strings.Contains(body, want) {
			t.Errorf("import page lacks %q", want)
		}
	}
	id := strings.TrimPrefix(page, "/catalogue/imports/")
	t.Run("applying with errors changes nothing", func(t *testing.T) {
		if r := st.postForm(page+"/apply", url.Values{}); r.Status != 422 {
			t.Errorf("apply: %d", r.Status)
		}
	})
	r = st.postForm(page+"/mapping", url.Values{"map_0": {"name"}, "map_1": {"municipality"}, "map_2": {"legal_form"}, "map_3": {"products"}})
	if r.Status != 303 {
		t.Fatalf("remap: %d %s", r.Status, r.Body)
	}
	v, _, err := catalogue.NewService(e.DB.App, nil).Import(context.Background(), id)
	if err != nil || v.Report.Counts[catalogue.OutcomeNew] != 2 {
		t.Fatalf("after remap %v %v", v.Report.Counts, err)
	}
	if r := st.postForm(page+"/apply", url.Values{}); r.Status != 303 {
		t.Fatalf("apply: %d %s", r.Status, r.Body)
	}
	if body := st.get(page).Body; !strings.Contains(body, "2 nouvelles fiches") {
		t.Errorf("result not shown")
	}
	res, _ := catalogue.NewStore(e.DB.App).Search(context.Background(), catalogue.SearchParams{Q: "velo partage"})
	if res.Total != 1 || res.Hits[0].LegalForm != catalogue.FormCoop {
		t.Errorf("imported entry %+v", res.Hits)
	}
	t.Run("a buyer cannot reach the import pages", func(t *testing.T) {
		tn := e.tenant("longueuil")
		b := e.member("b@longueuil.test", &tn, "buyer")
		if r := b.get("/catalogue/imports/new"); r.Status != 403 {
			t.Errorf("%d", r.Status)
		}
	})
}
