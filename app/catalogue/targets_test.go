package catalogue

import (
	"os"
	"testing"

	"maillage/app/errs"
	"maillage/app/quebec"
	"maillage/app/tabular"
)

func readPoleFile(t *testing.T, name string) ([]Row, *tabular.Table) {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var v errs.Validation
	tab, err := tabular.Read(f, tabular.Options{}, &v)
	if err != nil || v.Err() != nil {
		t.Fatalf("read %s: %v %v", name, err, v.Err())
	}
	m := tabular.Suggest(tab.Headers, ImportTargets())
	if err := m.Check(tab.Headers, ImportTargets()); err != nil {
		t.Fatalf("mapping: %v", err)
	}
	recs := m.Apply(tab, ImportTargets(), &v)
	if v.Err() != nil {
		t.Fatalf("apply mapping: %v", v.Err())
	}
	return RowsFromRecords(recs), tab
}

func TestImportAPolesFileAsItComes(t *testing.T) {
	t.Parallel()
	places := quebec.NewPlaces(testMunicipalities(t))
	rows, tab := readPoleFile(t, "pole_win1252_semicolon.csv")
	t.Run("encoding and delimiter detected", func(t *testing.T) {
		if tab.Encoding != tabular.Windows1252 || tab.Delimiter != ';' {
			t.Errorf("encoding %s delimiter %q", tab.Encoding, tab.Delimiter)
		}
	})
	t.Run("headers mapped by their French names", func(t *testing.T) {
		m := tabular.Suggest(tab.Headers, ImportTargets())
		want := map[string]string{"No de fiche": TargetSourceRef, "Nom de l'entreprise": "name", "Ville": "municipality",
			"Région": TargetRegion, "Secteur d'activité": "sectors", "Produits et services": "products", "Téléphone": "phone",
			"Courriel": "email", "Forme juridique": "legal_form", "Entreprise adaptée": "adapted"}
		for h, f := range want {
			if m[h] != f {
				t.Errorf("%q mapped to %q, want %q", h, m[h], f)
			}
		}
	})
	rep := PlanImport(rows, existingCatalogue(), places, newSectorIndex(DefaultSectors()), pole(), nil)
	t.Run("match report", func(t *testing.T) {
		if !rep.Applicable() {
			t.Fatalf("errors: %v", rep.Errors())
		}
		want := []Outcome{OutcomeUpdate, OutcomeNew, OutcomeNew, OutcomeNew}
		for i, r := range rep.Rows {
			if r.Outcome != want[i] {
				t.Errorf("row %d: %s, want %s", r.Line, r.Outcome, want[i])
			}
		}
		if c := rep.Rows[1].Candidate; c.LegalForm != quebec.CollectiveCoopSolidarity || c.Address.MunicipalityName != "Lévis" || len(c.Products) != 2 {
			t.Errorf("row 2 candidate %+v", c)
		}
		if c := rep.Rows[2].Candidate; !c.Adapted || c.Sectors[0] != "entretien" || c.Contact.Phone != "514-555-0111" {
			t.Errorf("row 3 candidate %+v", c)
		}
		if c := rep.Rows[3].Candidate; c.Address.MunicipalityCode != "62060" || c.Source.Ref != "PA-004" {
			t.Errorf("row 4 resolved to %+v", c.Address)
		}
	})
	t.Run("the same file again changes nothing", func(t *testing.T) {
		again := PlanImport(rows, applyReport(existingCatalogue(), rep), places, newSectorIndex(DefaultSectors()), pole(), nil)
		if again.Counts[OutcomeUnchanged] != len(rows) {
			t.Errorf("second import counts %v", again.Counts)
		}
	})
}

func TestImportFileWithAnUnknownMunicipalityIsRefusedWhole(t *testing.T) {
	t.Parallel()
	rows, tab := readPoleFile(t, "pole_bad_municipality.csv")
	if tab.Encoding != tabular.UTF8BOM {
		t.Errorf("encoding %s", tab.Encoding)
	}
	rep := PlanImport(rows, nil, quebec.NewPlaces(testMunicipalities(t)), newSectorIndex(DefaultSectors()), pole(), nil)
	if rep.Applicable() {
		t.Fatal("applicable")
	}
	e := errs.As(rep.Errors())
	if e == nil || e.Kind != errs.Invalid || len(e.Fields) != 1 || e.Fields[0].Row != 4 || e.Fields[0].Key != "catalogue.import.unknown_municipality" {
		t.Errorf("error %+v", e)
	}
}
