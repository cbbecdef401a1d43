package suppliers

import (
	"bytes"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"testing"
	"time"

	"maillage/app/errs"
	"maillage/app/quebec"
	"maillage/app/tabular"
)

// messages reads the locale files of the register and of app/quebec the simple way (flat quoted keys, one per line).
func messages(t testing.TB, lang string) func(string) string {
	t.Helper()
	m := map[string]string{}
	for _, area := range []string{"suppliers", "quebec"} {
		b, err := os.ReadFile("../../frontend/locales/" + area + "." + lang + ".toml")
		if err != nil {
			t.Fatal(err)
		}
		for _, sm := range regexp.MustCompile(`(?m)^"([^"]+)"\s*=\s*"(.*)"$`).FindAllStringSubmatch(string(b), -1) {
			m[sm[1]] = sm[2]
		}
	}
	return func(id string) string {
		if s, ok := m[id]; ok {
			return s
		}
		t.Errorf("no %s message %s", lang, id)
		return id
	}
}

func labels(t testing.TB, lang string, ref *Reference) Labels {
	return Labels{
		T:            messages(t, lang),
		Municipality: ref.MunicipalityLabel,
		MRC:          func(c string) string { return "MRC " + c },
		Region:       func(c string) string { return "Région " + c },
	}
}

func exported(t *testing.T, lang string, ss []Supplier) []byte {
	t.Helper()
	l := labels(t, lang, testRef())
	var buf bytes.Buffer
	w := tabular.NewCSVWriter(&buf, tabular.CSVOptions{Semicolon: lang == "fr"})
	header := []string{}
	for _, id := range ExportColumns() {
		header = append(header, l.T(id))
	}
	if err := w.Write(header); err != nil {
		t.Fatal(err)
	}
	for i := range ss {
		if err := w.Write(ExportRow(&ss[i], l)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func importFile(t *testing.T, data []byte) ([]Supplier, *errs.Validation) {
	t.Helper()
	var v errs.Validation
	tab, err := tabular.Read(bytes.NewReader(data), tabular.Options{}, &v)
	if err != nil {
		t.Fatal(err)
	}
	m := tabular.Suggest(tab.Headers, ImportTargets())
	if err := m.Check(tab.Headers, ImportTargets()); err != nil {
		t.Fatalf("mapping %v: %v", m, err)
	}
	recs := m.Apply(tab, ImportTargets(), &v)
	opts := ImportOptions{ContactPurpose: "Soumissions", ImportedBy: "acheteur@levis.example", Now: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)}
	return ImportRows(recs, testRef(), opts, &v), &v
}

// TestExportImportRoundTrip exports suppliers in each language and imports the file
// back: every exported column is recognised and the records come back the same.
func TestExportImportRoundTrip(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	a := validSupplier()
	a.EESCriteria, a.Attestation, a.AttestedBy, a.AttestedAt = EESCriteria(), AttestVerified, "x", &at
	a.NoRistourne = true // the export carries the contacts, each with the purpose it is kept for
	a.Contacts = []Contact{{Name: "Marie Tremblay", Email: "marie@coopneige.example", Phone: "418-555-0101 poste 2", Purpose: "Soumissions"},
		{Name: "Paul Gagnon", Email: "paul@coopneige.example", Purpose: "Facturation"}}
	b := Supplier{NEQ: "2264567890", LegalName: "=HYPERLINK(\"http://evil\")", LegalForm: quebec.FormNonProfit, Adapted: true,
		QuebecEstablishment: true, MunicipalityCode: "45072", Status: StateSuspended, StatusReason: "Assurance échue",
		OtherNames: []string{"Atelier A", "Atelier B"}, ProductsServices: "Couture; réparation", Contacts: []Contact{}}
	want := []Supplier{a, b}
	for i := range want {
		if err := want[i].Check(testRef()); err != nil {
			t.Fatalf("fixture %d: %v", i, errs.As(err).Fields)
		}
	}
	for _, lang := range []string{"fr", "en"} {
		t.Run(lang, func(t *testing.T) {
			got, v := importFile(t, exported(t, lang, want))
			if err := v.Err(); err != nil {
				t.Fatalf("import errors: %+v", v.Fields)
			}
			if len(got) != 2 {
				t.Fatalf("%d suppliers", len(got))
			}
			for i := range got {
				g, w := got[i], want[i]
				if w.Attestation == AttestVerified { // an import can only say "declared"
					w.Attestation, w.AttestedBy, w.AttestedAt = AttestDeclared, g.AttestedBy, g.AttestedAt
				}
				w.LegalName = tabular.SafeCell(w.LegalName) // defused on export, kept defused
				g.ID, g.Contacts, w.Contacts = w.ID, nil, nil
				if !reflect.DeepEqual(g, w) {
					t.Errorf("supplier %d:\n got %+v\nwant %+v", i, g, w)
				}
			}
		})
	}
}

func TestImportRowErrors(t *testing.T) {
	t.Parallel()
	file := "NEQ;Nom;Municipalité;EES;Régions desservies;UNSPSC;Statut;Courriel;Forme juridique\r\n" +
		"1143456789;Coop A;Lévis;oui;12;72101500;;a@coop.example;COOP\r\n" + // good
		"1143456789;Coop A bis;Lévis;non;;;;;\r\n" + // duplicate quebec.NEQ (line 2)
		"12345;Coop C;Gotham;peut-être;18;99999999;effacé;pas-un-courriel;\r\n" +
		"2264567890;;Hatley;;;;;;\r\n" + // no name, ambiguous municipality
		"3364567890;<script>alert(1)</script>;;;;;suspendue;;\r\n" // suspended without reason
	_, v := importFile(t, []byte(file))
	type re struct {
		row   int
		field string
		key   string
	}
	var got []re
	for _, f := range v.Fields {
		got = append(got, re{f.Row, f.Field, f.Key})
		if line, ok := f.Args["Line"]; ok && line != f.Row {
			t.Errorf("row %d reports another line %v", f.Row, line)
		}
		if f.Column == "" && f.Field != "contacts" && f.Field != "legal_name" && f.Field != "status_reason" { // fields with no column of their own
			t.Errorf("row %d: %s without the file's column", f.Row, f.Field)
		}
	}
	want := []re{ // rows are the lines of the file, as the person sees them (the header is line 1)
		{3, "neq", "suppliers.import_duplicate_neq"},
		{4, "ees", "suppliers.import_bad_yes_no"},
		{4, "municipality", "quebec.municipality_unknown"},
		{4, "regions_served", "quebec.region_unknown"},
		{4, "status", "suppliers.status_unknown"},
		{4, "neq", "quebec.neq_invalid"},
		{4, "unspsc", "suppliers.unspsc_unknown"},
		{4, "contacts", "suppliers.email_invalid"},
		{5, "legal_name", "tabular.required_value"},
		{5, "municipality", "quebec.municipality_ambiguous"},
		{5, "legal_name", "suppliers.legal_name_length"},
		{6, "status_reason", "suppliers.reason_required"},
	}
	// Sort-insensitive comparison: the order within a row is an implementation detail.
	count := map[re]int{}
	for _, g := range got {
		count[g]++
	}
	for _, w := range want {
		count[w]--
	}
	for k, n := range count {
		if n != 0 {
			t.Errorf("%+v: %+d against expectation", k, n)
		}
	}
}

func TestParseHelpers(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]bool{"Oui": true, "x": true, "YES": true, "": false, "Non": false, "faux": false} {
		if got, ok := parseBool(in); !ok || got != want {
			t.Errorf("parseBool(%q) = %v, %v", in, got, ok)
		}
	}
	if _, ok := parseBool("peut-être"); ok {
		t.Error("parseBool accepted peut-être")
	}
	if got := splitList("01; 05|12\n17,03"); !reflect.DeepEqual(got, []string{"01", " 05", "12", "17", "03"}) {
		t.Errorf("splitList = %q", got)
	}
}

// GenerateRegisterCSV writes a register of n distinct, valid suppliers in the French
// export format (semicolons, Windows-1252-safe text), for import benchmarks.
func generateRegisterCSV(n int) []byte {
	var buf bytes.Buffer
	buf.WriteString("NEQ;Nom;Forme juridique;Municipalité;Code postal;Régions desservies;UNSPSC;Produits et services;Site Web;Courriel\r\n")
	munis := []string{"Lévis", "Abercorn", "Hatley (Canton)", "Montréal"}
	for i := range n {
		fmt.Fprintf(&buf, "%010d;Coopérative de déneigement numéro %d;Coopérative;%s;G6V 4A1;12| 05;72101500;Déneigement, entretien paysager;www.coop%d.example;info@coop%d.example\r\n",
			1100000000+i, i, munis[i%len(munis)], i, i)
	}
	return buf.Bytes()
}

func BenchmarkImportRows10k(b *testing.B) {
	data := generateRegisterCSV(10_000)
	targets := ImportTargets()
	opts := ImportOptions{ContactPurpose: "Soumissions", ImportedBy: "bench", Now: time.Now()}
	ref := testRef()
	b.ResetTimer()
	for b.Loop() {
		var v errs.Validation
		tab, err := tabular.Read(bytes.NewReader(data), tabular.Options{}, &v)
		if err != nil {
			b.Fatal(err)
		}
		m := tabular.Suggest(tab.Headers, targets)
		ss := ImportRows(m.Apply(tab, targets, &v), ref, opts, &v)
		if v.Err() != nil || len(ss) != 10_000 {
			b.Fatalf("%d suppliers, errors %+v", len(ss), v.Fields[:min(3, len(v.Fields))])
		}
	}
}
