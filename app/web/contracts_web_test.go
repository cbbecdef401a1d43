package web_test

import (
	"os"
	"strings"
	"testing"
)

func TestContractsImportAndSEAOPages(t *testing.T) {
	f := newRulesFixture(t)
	head := "Fournisseur;NEQ;Objet;UNSPSC;Nature;Procédure;Montant;Date d'octroi\n"
	good := "Coop de solidarité Mauricie;1111111111;Déneigement;72102900;Services;Gré à gré;24 000,00 $;2025-01-15\n" +
		"Béton Montréal inc.;2222222222;Trottoirs;72141000;Travaux;Appel d'offres public;150 000;15/03/2025\n"
	t.Run("a broken row imports nothing and names the row", func(t *testing.T) {
		body, ct := multipartBody(t, "contrats.csv", []byte(head+good+"X;;Y;72102900;Biens;Invitation;25,000;2025-01-01\n"), nil)
		r := f.buyer.do("POST", "/t/alpha/contracts/import", body, ct)
		if r.Status != 422 || !strings.Contains(r.Body, "Ligne 3") || !strings.Contains(r.Body, "25,000") {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		if p := f.buyer.get("/t/alpha/contracts?year=2025"); strings.Contains(p.Body, "Déneigement") {
			t.Fatal("rows were imported")
		}
	})
	t.Run("a good file imports every row", func(t *testing.T) {
		body, ct := multipartBody(t, "contrats.csv", []byte(head+good), nil)
		r := f.buyer.do("POST", "/t/alpha/contracts/import", body, ct)
		if r.Status != 200 || !strings.Contains(r.Body, "2 contrat(s) importé(s)") {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		p := f.buyer.get("/t/alpha/contracts?year=2025")
		if !strings.Contains(p.Body, "Déneigement") || !strings.Contains(p.Body, "Trottoirs") || !strings.Contains(p.Body, "EÉS") {
			t.Fatal("imported rows not listed with the captured EES status")
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
		body, ct := multipartBody(t, "hebdo.json", data, map[string]string{"buyers": "OP-70289"})
		r := f.buyer.do("POST", "/t/alpha/contracts/seao", body, ct)
		if r.Status != 200 || !strings.Contains(r.Body, "2 ajouté(s)") || !strings.Contains(r.Body, "/t/alpha/catalogue?q=1177604668") {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		body, ct = multipartBody(t, "hebdo.json", []byte(`{"not":"ocds"}`), map[string]string{"buyers": "OP-70289"})
		if r := f.buyer.do("POST", "/t/alpha/contracts/seao", body, ct); r.Status != 422 || !strings.Contains(r.Body, "OCDS") {
			t.Fatalf("not ocds: %d", r.Status)
		}
	})
	t.Run("concentration alert on the list", func(t *testing.T) {
		p := f.buyer.get("/t/alpha/contracts?year=2025")
		if !strings.Contains(p.Body, "au-delà de la limite") {
			t.Fatal("no concentration alert although one supplier has all the gré-à-gré spend of its family")
		}
	})
}
