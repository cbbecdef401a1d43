package report

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ledongthuc/pdf"

	"maillage/app/charts"
	"maillage/app/declarations"
)

// extract returns the PDF's text as a reader would copy it, spaces normalised.
func extract(t *testing.T, doc []byte) string {
	t.Helper()
	r, err := pdf.NewReader(bytes.NewReader(doc), int64(len(doc)))
	if err != nil {
		t.Fatalf("not a readable PDF: %v", err)
	}
	var all strings.Builder
	for i := 1; i <= r.NumPage(); i++ {
		p := r.Page(i)
		if p.V.IsNull() {
			continue
		}
		rows, err := p.GetTextByRow()
		if err != nil {
			t.Fatalf("page %d: %v", i, err)
		}
		for _, row := range rows {
			for _, w := range row.Content {
				all.WriteString(w.S)
			}
			all.WriteString("\n")
		}
	}
	text := strings.ReplaceAll(all.String(), "\u00a0", " ")
	return text
}

func TestCouncilPDF(t *testing.T) {
	d, p := fixture(t)
	pilot := declarations.PilotIndicators{Contacts: 175, EnterprisesContacted: 27, EESContracts: 52,
		NewRelationships: declarations.Ratio{Num: 26, Den: 52}}
	tests := []struct {
		lang string
		want []string
	}{
		{"fr", []string{
			"Rapport au conseil", "Ville de Saint-Éloi", "Période : du 1 janv. 2025 au 31 déc. 2025",
			"CM-2025-045", "version 2",
			"120 845,67 $", // EES spend: 48 500 + 12 345,67 + 60 000
			"520 845,67 $", // total spend
			"250 000 $",    // the amount target
			"124 657,53 $", // expected on July 1st: 250 000 × 182/365, to the cent
			"48,3 %",       // reached of the amount target
			"23,2 %",       // EES share of all spend
			"Coopérative de solidarité Entretien Plus", "108 500 $",
			"Former deux acheteurs à l'économie sociale", "Réalisé", "Formation du 12 mars 2025", "En cours",
			"Contacts avec des entreprises", "175", "26 / 52 (50 %)",
			"Dépenses admissibles : tous les contrats de la période.",
		}},
		{"en", []string{
			"Report to council", "Period: Jan 1, 2025 to Dec 31, 2025",
			"$120,845.67", "$520,845.67", "$250,000", "48.3%", "23.2%",
			"Train two buyers on the social economy", "Done", "Direct award (gré à gré)", "$124,657.53", "23.2% of eligible spend (target 15%)",
		}},
	}
	for _, tc := range tests {
		t.Run(tc.lang, func(t *testing.T) {
			l := labels(t, tc.lang)
			doc, err := PDF(Council{Lang: tc.lang, BodyName: "Ville de Saint-Éloi", Declaration: d, Progress: p,
				Pilot: &pilot, GeneratedAt: day(t, "2025-07-02")}, l)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(doc, []byte("%PDF-")) {
				t.Fatalf("not a PDF")
			}
			if dir := os.Getenv("REPORT_PDF_DIR"); dir != "" { // to look at the report: REPORT_PDF_DIR=/tmp go test
				if err := os.WriteFile(filepath.Join(dir, "council-"+tc.lang+".pdf"), doc, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			text := extract(t, doc)
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("PDF text lacks %q", w)
				}
			}
			if t.Failed() {
				t.Logf("extracted text:\n%s", text)
			}
		})
	}
}

func TestTargetRows(t *testing.T) {
	_, p := fixture(t)
	rows := TargetRows(p, charts.NewFormat("fr"), labels(t, "fr"))
	want := [][]string{
		{"Montant accordé aux entreprises d'économie sociale", "120\u00a0845,67\u00a0$", "250\u00a0000\u00a0$", "124\u00a0657,53\u00a0$"},
		{"Part des dépenses admissibles accordée aux entreprises d'économie sociale", "23,2\u00a0%", "15\u00a0%", "15\u00a0%"},
		{"Entreprises d'économie sociale ayant obtenu au moins un contrat", "2", "8", "8"}, // a count is not pro-rated
	}
	if len(rows) != len(want) {
		t.Fatalf("%d rows", len(rows))
	}
	for i, r := range rows {
		got := []string{r.Label, r.Current, r.Target, r.Expected}
		if strings.Join(got, "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d = %q, want %q", i, got, want[i])
		}
	}
	if want := "23,2\u00a0% des dépenses admissibles (cible 15\u00a0%)"; rows[1].Reached != want {
		t.Errorf("share reads %q, want %q (never a percentage of a percentage)", rows[1].Reached, want)
	}
	if rows[1].Cumulative || !rows[0].Cumulative || rows[2].Cumulative || len(rows[2].Contracts) != 2 {
		t.Errorf("row flags wrong: %+v", rows)
	}
}
