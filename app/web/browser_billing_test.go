package web_test

import (
	"context"
	"net"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"maillage/app/accounts"
	"maillage/app/auth"
	"maillage/app/auth/demoidp"
	"maillage/app/billing"
	"maillage/app/billing/stripetest"
	"maillage/app/mail"
	"maillage/app/services"
	"maillage/app/testdb"
	"maillage/app/web"
	"maillage/tenants"
)

// Journey 1 in a browser: a body signs up, confirms its e-mail, a platform admin approves, the new admin logs
// in, accepts a quote with a purchase-order number and sees the invoice; then Stripe says the subscription is
// canceled: a buyer's write is refused with the explanation while the export still works. axe-core on every page.
func TestBrowserSignupToInvoice(t *testing.T) {
	t.Parallel()
	newAdmin := demoidp.Account{Key: "dg_abercorn", Role: "tenant_admin", Subject: "demo-dg-abercorn", Email: "dg@courriel-abercorn.ca",
		EmailVerified: true, Name: "Diane Gagnon"}
	idp, err := demoidp.Start(func(string) string { return "test" }, demoidp.Config{Accounts: append(demoidp.Accounts(), newAdmin)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = idp.Shutdown(context.Background()) })
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://localhost:" + strings.TrimPrefix(ln.Addr().String(), "127.0.0.1:")
	e := &env{t: t, DB: testdb.New(t), Now: time.Now()}
	e.Srv = newServer(t, e.DB.App, web.Config{Env: "test", BaseURL: base, SecretKey: []byte("kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk"), CookieSecure: true},
		services.Options{Billing: billing.Config{SecretKey: "sk_test_maillage", APIBase: stripetest.URL(t), WebhookSecret: stripetest.WebhookSecret,
			LegalName: "Maillage inc.", GSTNumber: "123456789 RT0001", QSTNumber: "1234567890 TQ0001"}}, "",
		web.Deps{Now: func() time.Time { return e.Now },
			Auth: web.AuthDeps{Platform: auth.Issuer{URL: idp.Issuer(), ClientID: idp.ClientID(), ClientSecret: idp.ClientSecret()}, DemoAccounts: idp.Accounts()}})
	ctx0, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { _ = e.Srv.Serve(ctx0, ln, 5*time.Second); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	if _, err := accounts.NewStore(e.DB.App).GrantPlatformRole(context.Background(), "platform_admin@demo.maillage.test", "platform_admin", nil); err != nil {
		t.Fatal(err)
	}
	ctx := newBrowser(t)
	logout := func(t *testing.T) {
		browse(t, ctx, chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)), chromedp.WaitVisible(chromedp.CSS(`a[href^="/login"]`)))
	}

	t.Run("sign up", func(t *testing.T) {
		browse(t, ctx, chromedp.Navigate(base+"/organismes/inscription"), chromedp.WaitVisible(chromedp.CSS("#body_name")))
		checkAxe(t, ctx, "sign-up form")
		browse(t, ctx, chromedp.SetValue(chromedp.CSS("#kind"), "municipality"), chromedp.SendKeys(chromedp.CSS("#body_name"), "Municipalité d'Abercorn"),
			chromedp.SetValue(chromedp.CSS("#municipality_code"), "46005"), chromedp.SendKeys(chromedp.CSS("#person_name"), "Diane Gagnon"),
			chromedp.SendKeys(chromedp.CSS("#email"), newAdmin.Email), chromedp.Click(chromedp.CSS("#accept_terms")),
			chromedp.Click(chromedp.CSS(`form[action="/organismes/inscription"] button[type="submit"]`)))
		if h := waitText(t, ctx, "main", "vérifiera"); !strings.Contains(h, newAdmin.Email) {
			t.Fatalf("after sign-up: %q", h)
		}
		checkAxe(t, ctx, "sign-up sent")
	})
	t.Run("confirm the e-mail", func(t *testing.T) {
		msgs, err := mail.Recent(context.Background(), e.DB.App, newAdmin.Email, 1)
		if err != nil || len(msgs) != 1 {
			t.Fatalf("confirmation e-mail: %v %v", msgs, err)
		}
		link := strings.Fields(msgs[0].Text[strings.Index(msgs[0].Text, base+"/organismes/inscription/confirmer"):])[0]
		browse(t, ctx, chromedp.Navigate(link), chromedp.WaitVisible(chromedp.CSS(`form[action="/organismes/inscription/confirmer"] button`)))
		checkAxe(t, ctx, "confirm page")
		browse(t, ctx, chromedp.Click(chromedp.CSS(`form[action="/organismes/inscription/confirmer"] button`)))
		waitText(t, ctx, "main", "attend maintenant la vérification")
	})
	var slug string
	t.Run("a platform admin approves", func(t *testing.T) {
		browse(t, ctx, chromedp.Navigate(base+"/login?next=/admin/inscriptions"), chromedp.Click(chromedp.CSS(`button[data-demo="platform_admin"]`)),
			chromedp.WaitVisible(chromedp.CSS(`form[action$="/approuver"] button`)))
		checkAxe(t, ctx, "sign-up queue")
		if q := text(t, ctx, "main"); !strings.Contains(q, "Municipalité d'Abercorn") || !strings.Contains(q, "hors des domaines officiels") {
			t.Fatalf("queue: %q", q)
		}
		browse(t, ctx, chromedp.Click(chromedp.CSS(`form[action$="/approuver"] button`)), chromedp.WaitVisible(chromedp.CSS(`.notice`)))
		ts, err := tenants.NewStore(e.DB.App).List(context.Background())
		if err != nil || len(ts) != 1 {
			t.Fatalf("bodies: %v %v", ts, err)
		}
		slug = ts[0].Slug
		browse(t, ctx, chromedp.Navigate(base+"/admin/facturation"), chromedp.WaitVisible(chromedp.CSS("main table")))
		if v := text(t, ctx, "main"); !strings.Contains(v, "Municipalité d'Abercorn") || !strings.Contains(v, "Période d'essai") {
			t.Fatalf("platform billing page: %q", v)
		}
		checkAxe(t, ctx, "platform billing page")
		logout(t)
	})
	t.Run("the new admin logs in and accepts a quote with a PO number", func(t *testing.T) {
		browse(t, ctx, chromedp.Navigate(base+"/t/"+slug+"/login"), chromedp.Click(chromedp.CSS(`button[data-demo="dg_abercorn"]`)),
			chromedp.WaitVisible(chromedp.CSS(`form[action="/logout"]`)), chromedp.Navigate(base+"/t/"+slug+"/admin/facturation"),
			chromedp.WaitVisible(chromedp.CSS(`form[action$="/soumissions"] button`)))
		checkAxe(t, ctx, "billing page (trial)")
		browse(t, ctx, chromedp.Click(chromedp.CSS(`form[action$="/soumissions"] button`)), chromedp.WaitVisible(chromedp.CSS(`form[action$="/accepter"]`)))
		if v := text(t, ctx, "main"); !strings.Contains(v, "S-") || !strings.Contains(v, "Télécharger le PDF") {
			t.Fatalf("quote: %q", v)
		}
		checkAxe(t, ctx, "billing page (quote)")
		browse(t, ctx, chromedp.SendKeys(chromedp.CSS("#po_number"), "BC-2026-117"),
			chromedp.Click(chromedp.CSS(`form[action$="/accepter"] button[type="submit"]`)))
		waitText(t, ctx, "main", "Soumission acceptée")
		sub, err := billing.NewStore(e.DB.App, nil).Subscription(context.Background(), mustTenant(t, e, slug).ID)
		if err != nil || sub == nil || sub.Status != "active" || sub.PONumber != "BC-2026-117" || sub.BillingEmail != newAdmin.Email {
			t.Fatalf("subscription: %+v %v", sub, err)
		}
		// Stripe finalizes the first invoice and says so by webhook.
		now := time.Now()
		ev := stripetest.Event(t, stripetest.WebhookSecret, "invoice.finalized",
			stripetest.Invoice("in_abc1", sub.StripeCustomerID, sub.TenantID.String(), "open", 90000, "BC-2026-117", now, now.AddDate(0, 0, 30)), now, time.Time{})
		if r := webhook(t, e, ev); r.Status != 200 {
			t.Fatalf("webhook: %d %s", r.Status, r.Body)
		}
		browse(t, ctx, chromedp.Navigate(base+"/t/"+slug+"/admin/facturation"), chromedp.WaitVisible(chromedp.CSS("main table")))
		v := strings.ReplaceAll(text(t, ctx, "main"), "\u00a0", " ")
		for _, want := range []string{"MAI-abc1", "BC-2026-117", "1 034,78 $", "À payer", "Payer en ligne"} {
			if !strings.Contains(v, want) {
				t.Errorf("billing page lacks %q: %q", want, v)
			}
		}
		checkAxe(t, ctx, "billing page (invoice)")
		logout(t)
	})
	t.Run("canceled: a buyer's write is refused with the explanation, the export works", func(t *testing.T) {
		tn := mustTenant(t, e, slug)
		if _, err := accounts.NewStore(e.DB.App).GrantTenantRole(context.Background(), tn.ID, "buyer@demo.maillage.test", "buyer"); err != nil {
			t.Fatal(err)
		}
		sub, err := billing.NewStore(e.DB.App, nil).Subscription(context.Background(), tn.ID)
		if err != nil {
			t.Fatal(err)
		}
		ev := stripetest.Event(t, stripetest.WebhookSecret, "customer.subscription.deleted",
			stripetest.Subscription(sub.StripeSubscriptionID, sub.StripeCustomerID, tn.ID.String(), "canceled", time.Now()), time.Now(), time.Time{})
		if r := webhook(t, e, ev); r.Status != 200 {
			t.Fatalf("webhook: %d %s", r.Status, r.Body)
		}
		browse(t, ctx, chromedp.Navigate(base+"/t/"+slug+"/login"), chromedp.Click(chromedp.CSS(`button[data-demo="buyer"]`)),
			chromedp.WaitVisible(chromedp.CSS(`.banner-error`)))
		checkAxe(t, ctx, "tenant home (read-only)")
		browse(t, ctx, chromedp.Navigate(base+"/t/"+slug+"/fournisseurs/nouveau"), chromedp.WaitVisible(chromedp.CSS("#legal_name")),
			chromedp.SendKeys(chromedp.CSS("#legal_name"), "Coop de solidarité Abercorn"),
			chromedp.Click(chromedp.CSS(`main form[method="post"] button[type="submit"]`)), chromedp.WaitVisible(chromedp.CSS("main p.error-summary")))
		page := text(t, ctx, "main")
		if !strings.Contains(page, "lecture seule") || !strings.Contains(page, "Les consultations, les exportations et les pages publiques restent accessibles") {
			t.Fatalf("refusal page: %q", page)
		}
		checkAxe(t, ctx, "402 page")
		status, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`fetch("/t/`+url.PathEscape(slug)+`/fournisseurs/export?format=csv").then(r => r.status)`,
			chromedp.EvalAwaitPromise))
		if err != nil || status != 200 {
			t.Fatalf("export: %v %v", status, err)
		}
	})
}

func mustTenant(t *testing.T, e *env, slug string) tenants.Tenant {
	t.Helper()
	tn, err := tenants.NewStore(e.DB.App).BySlug(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	return tn
}

// waitText waits until the element's text holds want (after a click that navigates, the old page's elements
// are still there for a moment) and returns the text.
func waitText(t *testing.T, ctx context.Context, sel, want string) string {
	t.Helper()
	var last string
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		c, cancel := context.WithTimeout(ctx, 5*time.Second)
		s, err := chromedp.Run(c, chromedp.Text(chromedp.CSS(sel)))
		cancel()
		if err == nil && strings.Contains(s, want) {
			return s
		}
		last = s
	}
	t.Fatalf("%s never showed %q: %q", sel, want, last)
	return ""
}
