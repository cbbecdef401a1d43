package web_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/billing"
	"maillage/app/billing/stripetest"
	"maillage/app/mail"
	"maillage/app/services"
	"maillage/app/web"
	"maillage/tenants"
)

// billingEnv is an env whose server follows Stripe's webhooks (and calls stripe-mock when api is true).
func billingEnv(t *testing.T, api bool) *env {
	t.Helper()
	o := services.Options{Billing: billing.Config{WebhookSecret: stripetest.WebhookSecret, LegalName: "Maillage inc.",
		GSTNumber: "123456789 RT0001", QSTNumber: "1234567890 TQ0001", Remittance: "virement au compte 00123"}}
	if api {
		o.Billing.SecretKey, o.Billing.APIBase = "sk_test_maillage", stripetest.URL(t)
	}
	return newEnvServices(t, web.Config{}, o, "")
}

// webhook posts a signed event to /webhooks/stripe as Stripe does (no session, no CSRF token).
func webhook(t *testing.T, e *env, s stripetest.Signed) resp {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "http://example.test/webhooks/stripe", bytes.NewReader(s.Body))
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	if s.Signature != "" {
		req.Header.Set("Stripe-Signature", s.Signature)
	}
	res, err := e.Srv.App().Test(req, 30_000)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return resp{Status: res.StatusCode, Header: res.Header, Body: string(b)}
}

func subEvent(t *testing.T, tn tenants.Tenant, status string, created time.Time) stripetest.Signed {
	return stripetest.Event(t, stripetest.WebhookSecret, "customer.subscription.updated",
		stripetest.Subscription("sub_"+tn.Slug, "cus_"+tn.Slug, tn.ID.String(), status, created.AddDate(1, 0, 0)), created, time.Time{})
}

// The sign-up API, e-mail confirmation and the platform admin's decisions (audited); the new body's admin
// then reads its subscription.
func TestSignupAPIAndApproval(t *testing.T) {
	t.Parallel()
	e := billingEnv(t, false)
	anon := e.anon()
	admin := e.member("admin@plateforme.test", nil, "platform_admin")
	ville := e.tenant("ville")
	t.Run("bad input: a problem with the fields, nothing stored", func(t *testing.T) {
		r := anon.sendJSON("POST", "/api/v1/signups", map[string]any{"kind": "municipality", "body_name": "X", "email": "nope"})
		if r.Status != 422 || !strings.Contains(r.Body, `"field":"email"`) || !strings.Contains(r.Body, `"field":"accept_terms"`) ||
			!strings.Contains(r.Header.Get("Content-Type"), "application/problem+json") {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	})
	var su struct {
		ID       uuid.UUID `json:"id"`
		Status   string    `json:"status"`
		Verified bool      `json:"verified"`
	}
	r := anon.sendJSON("POST", "/api/v1/signups", map[string]any{"kind": "regie", "body_name": "Régie intermunicipale du Haut",
		"identification": "Décret 1234-2019", "person_name": "Ann Roy", "email": "ann@regie-haut.ca", "accept_terms": true})
	if r.Status != 201 {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	r.json(t, &su)
	if su.Status != "awaiting_email" || su.Verified {
		t.Fatalf("sign-up = %+v", su)
	}
	t.Run("approval before the e-mail is confirmed is a conflict", func(t *testing.T) {
		if r := admin.sendJSON("POST", "/api/v1/signups/"+su.ID.String()+"/approve", nil); r.Status != 409 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	})
	msgs, err := mail.Recent(context.Background(), e.DB.App, "ann@regie-haut.ca", 1)
	if err != nil || len(msgs) != 1 {
		t.Fatalf("confirmation e-mail: %v %v", msgs, err)
	}
	link := msgs[0].Text[strings.Index(msgs[0].Text, "http://example.test/organismes/inscription/confirmer?jeton="):]
	link = strings.Fields(link)[0]
	u, _ := url.Parse(link)
	if r := anon.get(u.RequestURI()); r.Status != 200 || !strings.Contains(r.Body, `name="token"`) {
		t.Fatalf("the link's page: %d", r.Status)
	}
	if r := anon.sendJSON("POST", "/api/v1/signups/confirm", map[string]string{"token": u.Query().Get("jeton")}); r.Status != 200 || !strings.Contains(r.Body, `"status":"pending"`) {
		t.Fatalf("confirm: %d %s", r.Status, r.Body)
	}
	for _, c := range []struct {
		name   string
		cl     *client
		status int
	}{
		{"anonymous", anon, 401},
		{"a body's admin", e.member("boss@ville.test", &ville, "tenant_admin"), 403},
		{"a provincial analyst", e.member("ana@gouv.test", nil, "provincial_analyst"), 403},
	} {
		t.Run(c.name+" cannot decide", func(t *testing.T) {
			if r := c.cl.sendJSON("POST", "/api/v1/signups/"+su.ID.String()+"/approve", nil); r.Status != c.status {
				t.Fatalf("%d %s", r.Status, r.Body)
			}
			if r := c.cl.get("/api/v1/signups"); r.Status != c.status {
				t.Fatalf("list: %d", r.Status)
			}
		})
	}
	if r := admin.get("/api/v1/signups?status=pending"); r.Status != 200 || !strings.Contains(r.Body, su.ID.String()) {
		t.Fatalf("queue: %d %s", r.Status, r.Body)
	}
	if r := admin.get("/admin/inscriptions"); r.Status != 200 || !strings.Contains(r.Body, "Régie intermunicipale du Haut") || strings.Contains(r.Body, su.ID.String()+"<") {
		t.Fatalf("queue page: %d", r.Status)
	}
	r = admin.sendJSON("POST", "/api/v1/signups/"+su.ID.String()+"/approve", nil)
	if r.Status != 200 {
		t.Fatalf("approve: %d %s", r.Status, r.Body)
	}
	var tn tenants.Tenant
	r.json(t, &tn)
	if tn.Slug != "regie-intermunicipale-du-haut" || tn.Kind != "regie" {
		t.Fatalf("body = %+v", tn)
	}
	var n int64
	if err := e.DB.Owner.Raw(`SELECT count(*) FROM platform_audit_log WHERE action = 'signup.approve' AND actor = 'admin@plateforme.test'`).Scan(&n).Error; err != nil || n != 1 {
		t.Fatalf("approval audit: %d %v", n, err)
	}
	t.Run("the new admin sees the trial", func(t *testing.T) {
		var ids []string
		if err := e.DB.Owner.Raw(`SELECT id::text FROM users WHERE email = 'ann@regie-haut.ca'`).Scan(&ids).Error; err != nil || len(ids) != 1 {
			t.Fatal(ids, err)
		}
		r := e.as(uuid.MustParse(ids[0])).get("/api/v1/t/" + tn.Slug + "/subscription")
		if r.Status != 200 || !strings.Contains(r.Body, `"status":"trialing"`) || !strings.Contains(r.Body, `"access":"full"`) ||
			!strings.Contains(r.Body, `"billing_enabled":false`) || !strings.Contains(r.Body, `"code":"regie"`) {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	})
	t.Run("refusal needs a reason and tells the person", func(t *testing.T) {
		r := anon.sendJSON("POST", "/api/v1/signups", map[string]any{"kind": "other", "body_name": "Société X", "identification": "NEQ 1234567890",
			"person_name": "Zed Z", "email": "zed@example.com", "accept_terms": true})
		var other struct {
			ID uuid.UUID `json:"id"`
		}
		r.json(t, &other)
		if r := admin.sendJSON("POST", "/api/v1/signups/"+other.ID.String()+"/refuse", map[string]string{"reason": ""}); r.Status != 422 {
			t.Fatalf("no reason: %d", r.Status)
		}
		if r := admin.sendJSON("POST", "/api/v1/signups/"+other.ID.String()+"/refuse", map[string]string{"reason": "Organisme non public."}); r.Status != 200 {
			t.Fatalf("refuse: %d %s", r.Status, r.Body)
		}
	})
}

// The sign-up page: bad input answers on the form (values kept), good input says to check the e-mail.
func TestSignupPage(t *testing.T) {
	t.Parallel()
	e := billingEnv(t, false)
	cl := e.anon()
	if r := cl.get("/organismes/inscription"); r.Status != 200 || !strings.Contains(r.Body, "Acton Vale") || !strings.Contains(r.Body, "900,00") {
		t.Fatalf("%d", r.Status)
	}
	form := url.Values{"kind": {"municipality"}, "body_name": {"Ville d'Acton Vale"}, "municipality_code": {"48028"}, "person_name": {"Lise Tremblay"},
		"email": {"lise@ville.actonvale.qc.ca"}}
	r := cl.postForm("/organismes/inscription", form)
	if r.Status != 422 || !strings.Contains(r.Body, `aria-invalid="true"`) || !strings.Contains(r.Body, "Lise Tremblay") {
		t.Fatalf("without the terms: %d", r.Status)
	}
	form.Set("accept_terms", "on")
	if r := cl.postForm("/organismes/inscription", form); r.Status != 200 || !strings.Contains(r.Body, "lise@ville.actonvale.qc.ca") {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
}

// The read-only rule is driven by the route table: with A's subscription canceled, every write route of the
// tenant answers 402 for A (except paying) and passes for B; A's reads pass.
func TestReadOnlyCoversEveryTenantWrite(t *testing.T) {
	t.Parallel()
	e := billingEnv(t, false)
	a, b := e.tenant("ville-a"), e.tenant("ville-b")
	if r := webhook(t, e, subEvent(t, a, "canceled", time.Now().Add(-time.Minute))); r.Status != 200 {
		t.Fatalf("webhook: %d %s", r.Status, r.Body)
	}
	probe := newProbeServer(t, e)
	adminA := e.member("admin@a.test", &a, "tenant_admin")
	adminB := e.member("admin@b.test", &b, "tenant_admin")
	e.Srv = probe
	writes := 0
	for _, r := range probe.Routes() {
		if r.Scope != web.Tenant {
			continue
		}
		write := r.Method != "GET" && r.Method != "HEAD"
		for _, c := range []struct {
			who  string
			cl   *client
			slug string
			want int
		}{
			{"A", adminA, a.Slug, map[bool]int{true: 402, false: 204}[write && !r.WhileUnpaid]},
			{"B", adminB, b.Slug, 204},
		} {
			path := concrete(r.Path, c.slug)
			var res resp
			if write {
				res = c.cl.do(r.Method, path, strings.NewReader(""), "application/x-www-form-urlencoded")
			} else {
				res = c.cl.get(path)
			}
			if res.Status != c.want {
				t.Errorf("%s %s as %s's admin: %d, want %d", r.Method, r.Path, c.who, res.Status, c.want)
			}
		}
		if write && !r.WhileUnpaid {
			writes++
		}
	}
	if writes < 30 {
		t.Fatalf("only %d tenant write routes walked: the table did not load", writes)
	}
}

// 402 as users meet it: a buyer's write is refused with the explanation (API and page) while exports and
// public pages keep working; a newer "active" event lifts it; an older one arriving late does not undo it.
func TestReadOnlyAsABuyerSeesIt(t *testing.T) {
	t.Parallel()
	e := billingEnv(t, false)
	a := e.tenant("ville-a")
	buyer := e.member("buyer@a.test", &a, "buyer")
	admin := e.member("admin@a.test", &a, "tenant_admin")
	t0 := time.Now().Add(-10 * time.Minute).Truncate(time.Second)
	contract := map[string]any{"title": "Déneigement", "supplier_name": "Coop Neige", "awarded_on": "2026-11-02", "amount_cents": 1200000,
		"procedure": "gre_a_gre", "category": "services"}
	t.Run("bad signature: 400, nothing applied", func(t *testing.T) {
		ev := subEvent(t, a, "canceled", t0)
		ev.Signature = strings.Replace(ev.Signature, "v1=", "v1=00", 1)
		if r := webhook(t, e, ev); r.Status != 400 || !strings.Contains(r.Body, "bad_request") {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		if r := webhook(t, e, stripetest.Signed{Body: ev.Body}); r.Status != 400 {
			t.Fatalf("no signature: %d", r.Status)
		}
	})
	canceled := subEvent(t, a, "canceled", t0)
	if r := webhook(t, e, canceled); r.Status != 200 || !strings.Contains(r.Body, `"outcome":"applied"`) {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	t.Run("the buyer's write: 402 with how to pay", func(t *testing.T) {
		r := buyer.sendJSON("POST", "/api/v1/t/ville-a/contracts", contract)
		if r.Status != 402 || !strings.Contains(r.Header.Get("Content-Type"), "application/problem+json") ||
			!strings.Contains(r.Body, "lecture seule") || !strings.Contains(r.Body, "/t/ville-a/admin/facturation") || !strings.Contains(r.Body, "payment_required") {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		buyer.lang = "en"
		r = buyer.sendJSON("POST", "/api/v1/t/ville-a/contracts", contract)
		buyer.lang = ""
		if r.Status != 402 || !strings.Contains(r.Body, "read-only") {
			t.Fatalf("English: %d %s", r.Status, r.Body)
		}
		page := buyer.postForm("/t/ville-a/fournisseurs", url.Values{"name": {"Coop"}})
		if page.Status != 402 || !strings.Contains(page.Body, "lecture seule") {
			t.Fatalf("form: %d", page.Status)
		}
	})
	t.Run("reads, exports and public pages keep working", func(t *testing.T) {
		for _, c := range []struct {
			cl   *client
			path string
		}{
			{buyer, "/t/ville-a"},
			{buyer, "/api/v1/t/ville-a/suppliers/export?format=csv"},
			{buyer, "/t/ville-a/fournisseurs/export?format=xlsx"},
			{buyer, "/api/v1/t/ville-a/contracts"},
			{e.anon(), "/t/ville-a/contracts/published.csv"},
			{e.anon(), "/t/ville-a/contracts/published"},
			{e.anon(), "/t/ville-a/inscription"},
			{admin, "/t/ville-a/admin/audit"},
			{admin, "/api/v1/t/ville-a/subscription"},
		} {
			if r := c.cl.get(c.path); r.Status != 200 {
				t.Errorf("GET %s: %d", c.path, r.Status)
			}
		}
		if r := buyer.get("/t/ville-a"); !strings.Contains(r.Body, "banner-error") {
			t.Errorf("no read-only banner on the buyer's pages")
		}
	})
	t.Run("paying stays open: the admin can still ask for a quote", func(t *testing.T) {
		if r := admin.sendJSON("POST", "/api/v1/t/ville-a/quotes", nil); r.Status != 201 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	})
	t.Run("replay: nothing changes", func(t *testing.T) {
		r := webhook(t, e, stripetest.Sign(t, stripetest.WebhookSecret, canceled.ID, canceled.Body, time.Time{}))
		if r.Status != 200 || !strings.Contains(r.Body, `"outcome":"duplicate"`) {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	})
	if r := webhook(t, e, subEvent(t, a, "active", t0.Add(2*time.Minute))); r.Status != 200 {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	if r := webhook(t, e, subEvent(t, a, "unpaid", t0.Add(time.Minute))); r.Status != 200 || !strings.Contains(r.Body, `"outcome":"stale"`) {
		t.Fatalf("late older event: %d %s", r.Status, r.Body)
	}
	if r := buyer.sendJSON("POST", "/api/v1/t/ville-a/contracts", contract); r.Status == 402 {
		t.Fatalf("still read-only after the newer active event: %s", r.Body)
	}
	if r := admin.get("/api/v1/t/ville-a/subscription"); !strings.Contains(r.Body, `"status":"active"`) {
		t.Fatalf("%s", r.Body)
	}
}

// A body never sees another's billing: subscription, quotes and their PDF answer 404 across bodies; a
// buyer may not see the body's billing; the platform overview is for platform admins.
func TestBillingIsolation(t *testing.T) {
	t.Parallel()
	e := billingEnv(t, false)
	a, b := e.tenant("ville-a"), e.tenant("ville-b")
	adminA, adminB := e.member("admin@a.test", &a, "tenant_admin"), e.member("admin@b.test", &b, "tenant_admin")
	r := adminB.sendJSON("POST", "/api/v1/t/ville-b/quotes", nil)
	if r.Status != 201 {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	var q billing.Quote
	r.json(t, &q)
	due := time.Now().AddDate(0, 0, -3)
	inv := stripetest.Event(t, stripetest.WebhookSecret, "invoice.finalized",
		stripetest.Invoice("in_b0001", "cus_b", b.ID.String(), "open", 90000, "BC-B", due.AddDate(0, 0, -30), due), time.Now().Add(-time.Minute), time.Time{})
	if r := webhook(t, e, inv); r.Status != 200 {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	for _, c := range []struct {
		name string
		cl   *client
		path string
		want int
	}{
		{"A reads B's subscription", adminA, "/api/v1/t/ville-b/subscription", 404},
		{"A reads B's quote PDF", adminA, "/t/ville-b/admin/facturation/soumissions/" + q.ID.String() + "/pdf", 404},
		{"A reads B's quote PDF through A's path", adminA, "/t/ville-a/admin/facturation/soumissions/" + q.ID.String() + "/pdf", 404},
		{"A's billing page", adminA, "/t/ville-a/admin/facturation", 200},
		{"B's quote PDF", adminB, "/t/ville-b/admin/facturation/soumissions/" + q.ID.String() + "/pdf", 200},
		{"a buyer of B", e.member("buyer@b.test", &b, "buyer"), "/api/v1/t/ville-b/subscription", 403},
		{"B's admin on the platform overview", adminB, "/api/v1/billing/overview", 403},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := c.cl.get(c.path)
			if r.Status != c.want {
				t.Fatalf("%d, want %d", r.Status, c.want)
			}
			if c.cl == adminA && (strings.Contains(r.Body, "BC-B") || strings.Contains(r.Body, "in_b0001") || strings.Contains(r.Body, q.Number)) {
				t.Fatalf("A's answer shows B's billing: %s", r.Body)
			}
		})
	}
	if r := adminB.get("/api/v1/t/ville-b/subscription"); !strings.Contains(r.Body, "in_b0001") || !strings.Contains(r.Body, "BC-B") {
		t.Fatalf("B's invoice missing: %s", r.Body)
	}
	pa := e.member("admin@plateforme.test", nil, "platform_admin")
	r = pa.get("/api/v1/billing/overview")
	var o billing.Overview
	r.json(t, &o)
	if r.Status != 200 || len(o.Overdue) != 1 || o.Overdue[0].Slug != "ville-b" || o.OverdueCents != 103478 || o.ByStatus[""] != 2 {
		t.Fatalf("overview: %d %+v", r.Status, o)
	}
	if r := pa.get("/admin/facturation"); r.Status != 200 || !strings.Contains(r.Body, "Ville ville-b") || !strings.Contains(r.Body, "1\u00a0034,78") {
		t.Fatalf("platform page: %d", r.Status)
	}
}

// Accepting a quote with a purchase-order number through the API, against stripe-mock.
func TestAcceptQuoteAPI(t *testing.T) {
	t.Parallel()
	e := billingEnv(t, true)
	pop := 7978
	tn, err := tenants.NewStore(e.DB.App).Create(context.Background(), tenants.NewTenant{Slug: "acton", Name: "Ville d'Acton Vale", Kind: "municipality", Population: &pop})
	if err != nil {
		t.Fatal(err)
	}
	admin := e.member("admin@acton.test", &tn, "tenant_admin")
	var q billing.Quote
	admin.sendJSON("POST", "/api/v1/t/acton/quotes", nil).json(t, &q)
	if r := admin.get("/t/acton/admin/facturation/soumissions/" + q.ID.String() + "/pdf"); r.Status != 200 || r.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(r.Body, "%PDF") {
		t.Fatalf("PDF: %d %s", r.Status, r.Header.Get("Content-Type"))
	}
	if r := admin.sendJSON("POST", "/api/v1/t/acton/quotes/"+q.ID.String()+"/accept", map[string]any{"po_number": "", "billing_name": "L T", "billing_email": "x@acton.ca"}); r.Status != 422 ||
		!strings.Contains(r.Body, `"field":"po_number"`) {
		t.Fatalf("no PO: %d %s", r.Status, r.Body)
	}
	r := admin.sendJSON("POST", "/api/v1/t/acton/quotes/"+q.ID.String()+"/accept", map[string]any{"po_number": "BC-2026-117", "billing_name": "Lise Tremblay",
		"billing_email": "tresorerie@ville.actonvale.qc.ca"})
	if r.Status != 200 || !strings.Contains(r.Body, `"status":"active"`) || !strings.Contains(r.Body, `"po_number":"BC-2026-117"`) {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	var n int64
	if err := tenants.ReadTx(context.Background(), e.DB.App, tn.ID, func(tx *gorm.DB) error {
		return tx.Raw(`SELECT count(*) FROM audit_log WHERE tenant_id = ? AND action = 'quote.accept'`, tn.ID).Scan(&n).Error
	}); err != nil || n != 1 {
		t.Fatalf("acceptance audit: %d %v", n, err)
	}
}
