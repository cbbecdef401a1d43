package web_test

import (
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
)

func TestContractsImportAndSEAOPages(t *testing.T) {
	t.Parallel()
	f := newRulesFixture(t)
	head := "Fournisseur;NEQ;Objet;UNSPSC;Nature;Procédure;Montant;Date d'octroi\n"
	good := "Coop de solidarité Mauricie;1111111111;Déneigement;72102900;Services;Gré à gré;24 000,00 $;2025-01-15\n" +
		"Béton Montréal inc.;2222222222;Trottoirs;72141000;Travaux;Appel d'offres public;150 000;15/03/2025\n"
	importID := regexp.MustCompile(`name="import_id" value="([^"]+)"`)
	t.Run("a broken row imports nothing and names the row, its column, and can be left out", func(t *testing.T) {
		body, ct := multipartBody(t, "contrats.csv", []byte(head+good+"X;;Y;72102900;Biens;Invitation;25,000;2025-01-01\n"), nil)
		r := f.buyer.do("POST", "/t/alpha/contracts/import", body, ct)
		if r.Status != 422 || !strings.Contains(r.Body, "Ligne 4") || !strings.Contains(r.Body, "25,000") || !strings.Contains(r.Body, "«\u00a0Montant\u00a0»") {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		m := importID.FindStringSubmatch(r.Body)
		if m == nil {
			t.Fatal("no kept file on the second step")
		}
		again := f.buyer.postForm("/t/alpha/contracts/import/confirm", url.Values{"import_id": {m[1]}, "skip": {"4"}})
		if again.Status != 200 || !strings.Contains(again.Body, `value="4" checked`) {
			t.Fatalf("left out: %d", again.Status)
		}
		if p := f.buyer.get("/t/alpha/contracts?year=2025"); strings.Contains(p.Body, "Déneigement") {
			t.Fatal("rows were imported")
		}
	})
	t.Run("a good file imports every row, on the second step", func(t *testing.T) {
		body, ct := multipartBody(t, "contrats.csv", []byte(head+good), nil)
		r := f.buyer.do("POST", "/t/alpha/contracts/import", body, ct)
		m := importID.FindStringSubmatch(r.Body)
		if r.Status != 200 || m == nil || !strings.Contains(r.Body, "Coop de solidarité Mauricie") {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		r = f.buyer.postForm("/t/alpha/contracts/import/confirm", url.Values{"import_id": {m[1]}, "confirm": {"1"}})
		if r.Status != 200 || !strings.Contains(r.Body, "2 contrats importés") {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		p := f.buyer.get("/t/alpha/contracts?year=2025")
		if !strings.Contains(p.Body, "Déneigement") || !strings.Contains(p.Body, "Trottoirs") || !strings.Contains(p.Body, "EÉS") {
			t.Fatal("imported rows not listed with the captured EES status")
		}
	})
	t.Run("the template maps itself and reads the app's own labels", func(t *testing.T) {
		tpl := f.buyer.get("/t/alpha/contracts/import/template.csv")
		if tpl.Status != 200 || !strings.Contains(tpl.Body, "Mode d'adjudication") || !strings.Contains(tpl.Body, "Invitation écrite") {
			t.Fatalf("template: %d %s", tpl.Status, tpl.Body)
		}
		body, ct := multipartBody(t, "gabarit.csv", []byte(tpl.Body), nil)
		r := f.buyer.do("POST", "/api/v1/t/alpha/contracts/import?dry_run=true", body, ct)
		if r.Status != 200 || !strings.Contains(r.Body, `"Mode d'adjudication":"procedure"`) {
			t.Fatalf("template back: %d %s", r.Status, r.Body)
		}
	})
	t.Run("the export imports back as it is, and only the body's contracts", func(t *testing.T) {
		exp := f.buyer.get("/t/alpha/contracts/export.csv?year=2025")
		if exp.Status != 200 || !strings.Contains(exp.Body, "Coop de solidarité Mauricie") || !strings.Contains(exp.Body, "Mode d'adjudication") ||
			!strings.Contains(exp.Body, "Travaux de construction") || !strings.Contains(exp.Body, "24000,00") {
			t.Fatalf("export: %d %s", exp.Status, exp.Body)
		}
		body, ct := multipartBody(t, "contrats-2025.csv", []byte(exp.Body), nil)
		r := f.buyer.do("POST", "/api/v1/t/alpha/contracts/import?dry_run=true", body, ct)
		if r.Status != 200 || !strings.Contains(r.Body, `"rows":2`) {
			t.Fatalf("export back: %d %s", r.Status, r.Body)
		}
		if x := f.buyer.get("/t/alpha/contracts/export.xlsx?year=2025"); x.Status != 200 || !strings.HasPrefix(x.Body, "PK") {
			t.Fatalf("xlsx: %d", x.Status)
		}
		if x := f.other.get("/t/beta/contracts/export.csv?year=2025"); x.Status != 200 || strings.Contains(x.Body, "Mauricie") {
			t.Fatalf("another body's export: %d", x.Status)
		}
		if x := f.other.get("/t/alpha/contracts/export.csv?year=2025"); x.Status == 200 {
			t.Fatalf("another body's buyer exports alpha: %d", x.Status)
		}
		if x := f.buyer.get("/t/alpha/contracts/export.pdf"); x.Status != 404 {
			t.Fatalf("unknown format: %d", x.Status)
		}
	})
	t.Run("a binary file is refused", func(t *testing.T) {
		body, ct := multipartBody(t, "x.csv", []byte{0, 1, 2, 0, 0, 0, 5}, nil)
		if r := f.buyer.do("POST", "/t/alpha/contracts/import", body, ct); r.Status != 415 {
			t.Fatalf("%d", r.Status)
		}
	})
	t.Run("SEAO page: load, unknown suppliers offered", func(t *testing.T) {
		data, err := os.ReadFile(seaoSample)
		if err != nil {
			t.Fatal(err)
		}
		if r := f.admin.postForm("/t/alpha/admin/acheteurs-seao", url.Values{"buyer_ids": {"OP-70289"}}); r.Status != 303 {
			t.Fatalf("admin sets the SEAO buyer id: %d %.300s", r.Status, r.Body)
		}
		body, ct := multipartBody(t, "hebdo.json", data, nil)
		r := f.buyer.do("POST", "/t/alpha/contracts/seao", body, ct)
		if r.Status != 200 || !strings.Contains(r.Body, "ajoutés\u00a0: 2") || !strings.Contains(r.Body, "/t/alpha/catalogue?q=1177604668") {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		body, ct = multipartBody(t, "hebdo.json", []byte(`{"not":"ocds"}`), nil)
		if r := f.buyer.do("POST", "/t/alpha/contracts/seao", body, ct); r.Status != 422 || !strings.Contains(r.Body, "OCDS") {
			t.Fatalf("not ocds: %d", r.Status)
		}
	})
	t.Run("edit a contract", func(t *testing.T) {
		p := f.buyer.get("/t/alpha/contracts?year=2025")
		m := regexp.MustCompile(`/t/alpha/contracts/([0-9a-f-]{36})">Déneigement`).FindStringSubmatch(p.Body)
		if m == nil {
			t.Fatal("contract link not found")
		}
		edit := f.buyer.get("/t/alpha/contracts/" + m[1] + "/edit")
		if edit.Status != 200 || !strings.Contains(edit.Body, `value="24000,00"`) {
			t.Fatalf("edit form: %d", edit.Status)
		}
		r := f.buyer.postForm("/t/alpha/contracts/"+m[1], url.Values{"supplier_name": {"Coop de solidarité Mauricie"}, "supplier_neq": {"1111111111"},
			"supplier_id": {f.coop.String()}, "object": {"Déneigement des rues"}, "category": {"72102900"}, "nature": {"services"},
			"procedure": {"gre_a_gre"}, "awarded": {"24 500"}, "awarded_on": {"2025-01-15"}})
		if r.Status != 303 {
			t.Fatalf("update: %d %s", r.Status, r.Body)
		}
		if show := f.buyer.get("/t/alpha/contracts/" + m[1]); !strings.Contains(show.Body, "Déneigement des rues") || !strings.Contains(show.Body, "24\u00a0500,00") {
			t.Fatal("update not shown")
		}
		bad := f.buyer.postForm("/t/alpha/contracts/"+m[1], url.Values{"supplier_name": {"X"}, "object": {"Y"}, "nature": {"services"},
			"procedure": {"gre_a_gre"}, "awarded": {"-3"}, "awarded_on": {"2025-01-15"}})
		if bad.Status != 422 {
			t.Fatalf("bad update: %d", bad.Status)
		}
	})
	t.Run("concentration alert on the list", func(t *testing.T) {
		p := f.buyer.get("/t/alpha/contracts?year=2025")
		if !strings.Contains(p.Body, "reçoivent plus de 50\u00a0%") || !strings.Contains(p.Body, `class="warning"`) {
			t.Fatal("no concentration alert although one supplier has all the gré-à-gré spend of its family")
		}
	})
}
