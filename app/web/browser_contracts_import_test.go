package web_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"maillage/app/web"
)

// A buyer imports a year of contracts in a browser: the second step (the suggested mapping, the
// problems of each line with the box to leave it out, the preview) and the page after the
// import are axe-clean, with a line in error, once it is left out, and after the import.
func TestBrowserContractsImportSteps(t *testing.T) {
	t.Parallel()
	f := newRulesFixture(t)
	base := f.e.liveServer()
	ctx := newBrowser(t)
	file := filepath.Join(t.TempDir(), "contrats.csv")
	csv := "Fournisseur;NEQ;Objet;UNSPSC;Nature;Procédure;Montant;Date d'octroi\n" +
		"Coop de solidarité Mauricie;1111111111;Déneigement;72102900;Services;Gré à gré;24 000,00 $;2025-01-15\n" +
		"Béton Montréal inc.;2222222222;Trottoirs;72141000;Travaux;Appel d'offres public;150 000;15/03/2025\n" +
		"X;;Y;72102900;Biens;Invitation;25,000;2025-01-01\n"
	if err := os.WriteFile(file, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	browse(t, ctx, setSession(base, f.buyer.cookies[web.SessionCookie]),
		chromedp.Navigate(base+"/t/alpha/contracts/import"), chromedp.WaitVisible(chromedp.CSS("#file")),
		chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{file}),
		chromedp.Click(chromedp.CSS(`main form[enctype="multipart/form-data"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("#skip-4")))
	body := text(t, ctx, "main")
	if !strings.Contains(body, "Ligne 4") || !strings.Contains(body, "Montant") {
		t.Fatalf("second step does not name the line and its column: %q", body)
	}
	if got := evalString(t, ctx, `document.getElementById("map-0").value`); got == "" {
		t.Fatal("the supplier column is not mapped by itself")
	}
	checkAxe(t, ctx, "contract import: mapping, a line in error, preview")

	browse(t, ctx, chromedp.Click(chromedp.CSS("#skip-4")))
	clickToNextPage(t, ctx, `button[name=recheck]`, `#skip-4:checked`)
	checkAxe(t, ctx, "contract import: the line left out")

	clickToNextPage(t, ctx, `button[name=confirm]`, ".notice")
	if got := text(t, ctx, ".notice"); !strings.Contains(got, "2") {
		t.Fatalf("after the import: %q", got)
	}
	checkAxe(t, ctx, "contract import: done")
}
