package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"maillage/app/accounts"
)

// The journey of issue 4: an enterprise applies with a document, a buyer requests
// information, the enterprise answers, the buyer approves, and the supplier is approved
// in the register. Every page on the way is axe-clean.
func TestBrowserApplicationJourney(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tn := e.tenant("levis")
	acc := accounts.NewStore(e.DB.App)
	buyer, err := acc.GrantTenantRole(context.Background(), tn.ID, "acheteuse@levis.test", "buyer")
	if err != nil {
		t.Fatal(err)
	}
	ent, err := acc.GrantPlatformRole(context.Background(), "marie@coopneige.test", "enterprise", nil)
	if err != nil {
		t.Fatal(err)
	}
	session := func(id [16]byte) string {
		raw, _, err := accounts.NewSessions(e.DB.App, accounts.SessionPolicy{}, nil).Create(context.Background(), id, "test", "chromium", "127.0.0.1", "")
		if err != nil {
			t.Fatal(err)
		}
		return raw
	}
	buyerSession, entSession := session(buyer.ID), session(ent.ID)
	pdf := filepath.Join(t.TempDir(), "attestation-rq.pdf")
	if err := os.WriteFile(pdf, []byte(minimalPDF), 0o600); err != nil {
		t.Fatal(err)
	}
	base := e.liveServer()
	ctx := newBrowser(t)
	page := func(path, name string) {
		t.Helper()
		browse(t, ctx, chromedp.Navigate(base+path), chromedp.WaitVisible(chromedp.CSS("h1")))
		checkAxe(t, ctx, name)
	}
	submit := func(form string) chromedp.Action[chromedp.Void] {
		return chromedp.Click(chromedp.CSS(form + " button[type=submit]"))
	}

	// The enterprise reads the public page, fills its profile once and adds a document.
	browse(t, ctx, setSession(base, entSession))
	page("/t/levis/inscription", "public application page")
	page("/entreprise/profil?apply=levis", "profile form")
	browse(t, ctx,
		chromedp.SetValue(chromedp.CSS("#neq"), "1143 456 789"),
		chromedp.SetValue(chromedp.CSS("#legal_name"), "Coopérative de déneigement de Lévis"),
		chromedp.SetValue(chromedp.CSS("#legal_form"), "cooperative"),
		chromedp.SetValue(chromedp.CSS("#municipality"), "levis"),
		chromedp.SetValue(chromedp.CSS("#unspsc"), "72101500"),
		chromedp.SetValue(chromedp.CSS("#contact_email"), "marie@coopneige.test"),
		chromedp.SetValue(chromedp.CSS("#contact_purpose"), "Soumissions"),
		submit(`main form[method=post]`),
		chromedp.WaitVisible(chromedp.CSS("#apply")),
	)
	page("/entreprise/candidatures", "my applications (no application yet)")
	browse(t, ctx,
		chromedp.SetValue(chromedp.CSS("#type"), "rq_attestation"),
		chromedp.SetValue(chromedp.CSS("#expires_on"), "2099-01-31"),
		chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{pdf}),
		submit(`form[action="/entreprise/documents"]`),
		chromedp.WaitVisible(chromedp.CSS(".notice")),
	)
	if body := text(t, ctx, "main"); !strings.Contains(body, "attestation-rq.pdf") {
		t.Fatalf("document not listed: %q", body)
	}
	// It applies.
	page("/t/levis/inscription", "public page with the apply button")
	browse(t, ctx, chromedp.Click(chromedp.CSS("#apply")), chromedp.WaitVisible(chromedp.CSS(".notice")))
	if body := text(t, ctx, "main"); !strings.Contains(body, "Ville levis") || !strings.Contains(body, "Inscription reçue") {
		t.Fatalf("after applying: %q", body)
	}

	// The buyer opens the queue and asks a question.
	browse(t, ctx, setSession(base, buyerSession))
	page("/t/levis/candidatures", "review queue")
	browse(t, ctx, chromedp.Click(chromedp.CSS("tbody a")), chromedp.WaitVisible(chromedp.CSS("#act-approve")))
	checkAxe(t, ctx, "review page")
	if body := text(t, ctx, "main"); !strings.Contains(body, "attestation-rq.pdf") {
		t.Fatalf("the buyer does not see the enterprise's document: %q", body)
	}
	reviewURL := location(t, ctx)
	// Asking without a message is answered on the page, with the message box marked.
	browse(t, ctx, chromedp.Click(chromedp.CSS("#act-request_info")), chromedp.WaitVisible(chromedp.CSS("#error-summary")))
	if inv := evalString(t, ctx, `document.getElementById("message").getAttribute("aria-invalid") || ""`); inv != "true" {
		t.Fatal("the missing message is not marked on its field")
	}
	checkAxe(t, ctx, "review page with an error")
	browse(t, ctx,
		chromedp.SetValue(chromedp.CSS("#message"), "Quelle est votre capacité en hiver?"),
		chromedp.Click(chromedp.CSS("#act-request_info")), chromedp.WaitVisible(chromedp.CSS(".notice")),
	)

	// The enterprise answers in the application.
	browse(t, ctx, setSession(base, entSession))
	page("/entreprise/candidatures", "my applications")
	browse(t, ctx, chromedp.Click(chromedp.CSS("tbody a")), chromedp.WaitVisible(chromedp.CSS("#act-answer")))
	checkAxe(t, ctx, "my application with the question")
	if body := text(t, ctx, "main"); !strings.Contains(body, "Quelle est votre capacité en hiver?") {
		t.Fatalf("question not shown: %q", body)
	}
	browse(t, ctx,
		chromedp.SetValue(chromedp.CSS("#message"), "Trois équipes, 24 heures sur 24."),
		chromedp.SetValue(chromedp.CSS("#type"), "insurance"),
		chromedp.SetValue(chromedp.CSS("#expires_on"), "2099-06-30"),
		chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{pdf}),
		chromedp.Click(chromedp.CSS("#act-answer")), chromedp.WaitVisible(chromedp.CSS(".notice")),
	)

	// The buyer approves.
	browse(t, ctx, setSession(base, buyerSession), chromedp.Navigate(reviewURL), chromedp.WaitVisible(chromedp.CSS("#act-approve")))
	if body := text(t, ctx, "main"); !strings.Contains(body, "Trois équipes") || !strings.Contains(body, "Document joint") {
		t.Fatalf("answer or its document not shown to the buyer: %q", body)
	}
	for _, v := range sizes {
		browse(t, ctx, resize(v))
		shoot(t, ctx, "application-review-"+v.name)
	}
	browse(t, ctx, resize(desk), chromedp.Click(chromedp.CSS("#act-approve")), chromedp.WaitVisible(chromedp.CSS(".notice")))
	checkAxe(t, ctx, "approved application")

	// The supplier is approved in the register.
	page("/t/levis/fournisseurs?status=approved&q=deneigement", "register")
	if got := text(t, ctx, "tbody"); !strings.Contains(got, "Coopérative de déneigement de Lévis") || !strings.Contains(got, "Acceptée") {
		t.Fatalf("register: %q", got)
	}
	clickToNextPage(t, ctx, "tbody a", "h1") // the register page has an h1 too
	checkAxe(t, ctx, "supplier page")
	page("/t/levis/fournisseurs/importer", "import page")
	page("/t/levis/fournisseurs/nouveau", "new supplier form")
	page("/t/levis/fournisseurs/documents-requis", "document types")
	admin, err := acc.GrantPlatformRole(context.Background(), "admin@maillage.test", "platform_admin", nil)
	if err != nil {
		t.Fatal(err)
	}
	browse(t, ctx, setSession(base, session(admin.ID)))
	page("/dev/courriels", "dev mailbox")
}

func location(t *testing.T, ctx context.Context) string {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, 10e9)
	defer cancel()
	u, err := chromedp.Run(c, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	return u
}
