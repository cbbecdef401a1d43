package web

import (
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"
	"github.com/nicksnyder/go-i18n/v2/i18n"

	"maillage/app/billing"
	"maillage/app/errs"
	"maillage/app/flows"
	"maillage/app/mail"
	"maillage/app/signups"
	"maillage/tenants"
)

// billingArea holds the sign-up and billing services.
type billingArea struct {
	svc     *billing.Service
	signups *signups.Service
	flow    *flows.Signups
}

func newBillingArea(d Deps) *billingArea {
	b := d.Services.Billing
	return &billingArea{svc: b.Service, signups: b.Signups, flow: b.Flow}
}

func (s *Server) billingRoutes() []Route {
	const adm = "/t/:slug/admin/facturation"
	return []Route{
		{Method: "GET", Path: adm, Scope: Tenant, Obj: "billing", Act: "read", Handler: s.billingPage},
		{Method: "POST", Path: adm + "/soumissions", Scope: Tenant, Obj: "billing", Act: "write", Handler: s.billingIssueQuote, WhileUnpaid: true},
		{Method: "GET", Path: adm + "/soumissions/:id/pdf", Scope: Tenant, Obj: "billing", Act: "read", Handler: s.billingQuotePDF},
		{Method: "POST", Path: adm + "/soumissions/:id/accepter", Scope: Tenant, Obj: "billing", Act: "write", Handler: s.billingAccept, WhileUnpaid: true},
		{Method: "POST", Path: adm + "/contact", Scope: Tenant, Obj: "billing", Act: "write", Handler: s.billingContact, WhileUnpaid: true},
		{Method: "GET", Path: "/api/v1/t/:slug/subscription", Scope: Tenant, Obj: "billing", Act: "read", Handler: s.apiSubscription,
			Doc: &APIDoc{Summary: "The body's subscription: status, what it allows, plan, PO number, invoices", Tag: "billing", Response: "SubscriptionView"}},
		{Method: "POST", Path: "/api/v1/t/:slug/quotes", Scope: Tenant, Obj: "billing", Act: "write", Handler: s.apiIssueQuote, WhileUnpaid: true,
			Doc: &APIDoc{Summary: "Issue a quote for the body's plan (PDF at /t/{slug}/admin/facturation/soumissions/{id}/pdf)", Tag: "billing", Response: "Quote", Status: 201}},
		{Method: "POST", Path: "/api/v1/t/:slug/quotes/:id/accept", Scope: Tenant, Obj: "billing", Act: "write", Handler: s.apiAcceptQuote, WhileUnpaid: true,
			Doc: &APIDoc{Summary: "Accept a quote with the purchase-order number: starts the subscription billed by invoice", Tag: "billing", Request: "QuoteAcceptance", Response: "SubscriptionView"}},
		{Method: "POST", Path: "/webhooks/stripe", Scope: Public, Handler: s.stripeWebhook, RawBody: true},
		{Method: "GET", Path: "/admin/facturation", Scope: Platform, Obj: "billing_overview", Act: "read", Handler: s.billingOverviewPage},
		{Method: "GET", Path: "/api/v1/billing/overview", Scope: Platform, Obj: "billing_overview", Act: "read", Handler: s.apiBillingOverview,
			Doc: &APIDoc{Summary: "Every body by billing status, MRR and overdue invoices (platform admin)", Tag: "billing", Response: "BillingOverview"}},
	}
}

func billingSchemas() map[string]any {
	plan := obj(map[string]any{"code": str(""), "kind": str(""), "population_min": map[string]any{"type": "integer"},
		"population_max": map[string]any{"type": "integer"}, "annual_cents": map[string]any{"type": "integer"}})
	amounts := obj(map[string]any{"subtotal_cents": map[string]any{"type": "integer"}, "gst_cents": map[string]any{"type": "integer"},
		"qst_cents": map[string]any{"type": "integer"}, "total_cents": map[string]any{"type": "integer"}})
	return map[string]any{
		"Quote": obj(map[string]any{"id": str("uuid"), "number": str(""), "plan_code": str(""), "amounts": amounts,
			"issued_on": str("date-time"), "valid_until": str("date-time"), "accepted_at": str("date-time"), "po_number": str("")}),
		"QuoteAcceptance": obj(map[string]any{"po_number": str(""), "billing_name": str(""), "billing_email": str("email"),
			"card_or_debit": map[string]any{"type": "boolean"}}),
		"SubscriptionView": obj(map[string]any{"billing_enabled": map[string]any{"type": "boolean"}, "status": str(""),
			"access": map[string]any{"type": "string", "enum": []string{"full", "warned", "read_only"}}, "reason": str(""),
			"subscription": nullable(map[string]any{"type": "object"}), "plan": plan, "invoices": arr(map[string]any{"type": "object"}),
			"quotes": arr(ref("Quote"))}),
		"BillingOverview": obj(map[string]any{"bodies": arr(map[string]any{"type": "object"}), "by_status": map[string]any{"type": "object"},
			"mrr_cents": map[string]any{"type": "integer"}, "overdue_cents": map[string]any{"type": "integer"}, "overdue": arr(map[string]any{"type": "object"})}),
		"SignupRequest": obj(map[string]any{"body_name": str(""), "kind": str(""), "municipality_code": str(""), "mrc_code": str(""),
			"identification": str(""), "person_name": str(""), "person_title": str(""), "email": str("email"), "accept_terms": map[string]any{"type": "boolean"}}),
		"Signup": obj(map[string]any{"id": str("uuid"), "status": str(""), "body_name": str(""), "kind": str(""), "email": str("email"),
			"verified": map[string]any{"type": "boolean"}, "municipality_code": str(""), "mrc_code": str(""), "created_at": str("date-time")}),
		"SignupRefusal":      obj(map[string]any{"reason": str("")}),
		"SignupConfirmation": obj(map[string]any{"token": str("")}),
	}
}

// requirePaid is the read-only rule, driven by the route table: on a tenant's write route (any method but
// GET and HEAD, unless the route is marked WhileUnpaid, like paying itself), a body whose subscription has
// lapsed gets 402 with how to pay. Reads, exports and public pages never pass through it.
func (s *Server) requirePaid(c *fiber.Ctx) error {
	t := tenant(c)
	a, why, _, err := s.bill.svc.Access(ctx(c), t.ID)
	if err != nil {
		return err
	}
	if a != billing.ReadOnly {
		return c.Next()
	}
	return errs.E(errs.PaymentRequired, "billing.read_only."+why).With(map[string]any{"Link": "/t/" + t.Slug + "/admin/facturation"})
}

func bodyOf(t tenants.Tenant) billing.Body {
	return billing.Body{ID: t.ID, Name: t.Name, Kind: t.Kind, Population: t.Population}
}

// subscriptionView is the tenant admin's billing page and API answer.
type subscriptionView struct {
	BillingEnabled bool                  `json:"billing_enabled"`
	Status         string                `json:"status"`
	Access         string                `json:"access"`
	Reason         string                `json:"reason,omitempty"`
	Subscription   *billing.Subscription `json:"subscription"`
	Plan           *billing.Plan         `json:"plan"`
	PlanAmounts    billing.Amounts       `json:"-"`
	Invoices       []billing.Invoice     `json:"invoices"`
	Quotes         []billing.Quote       `json:"quotes"`
	Seller         billing.Config        `json:"-"`
	// the form's values (the partials put back what was typed after bad input)
	PONumber, BillingName, BillingEmail string `json:"-"`
	CardOrDebit                         bool   `json:"-"`
	// OpenQuote is the quote the admin may accept now (none once a subscription runs).
	OpenQuote *billing.Quote `json:"-"`
}

func (s *Server) loadSubscriptionView(c *fiber.Ctx) (subscriptionView, error) {
	t := tenant(c)
	a, why, sub, err := s.bill.svc.Access(ctx(c), t.ID)
	if err != nil {
		return subscriptionView{}, err
	}
	v := subscriptionView{BillingEnabled: s.bill.svc.Enabled(), Access: [...]string{"full", "warned", "read_only"}[a], Reason: why,
		Subscription: sub, Invoices: []billing.Invoice{}, Quotes: []billing.Quote{}, Seller: s.bill.svc.Config()}
	if sub != nil {
		v.Status = sub.Status
		v.PONumber, v.BillingName, v.BillingEmail, v.CardOrDebit = sub.PONumber, sub.BillingName, sub.BillingEmail, sub.CardOrDebit
	}
	if plan, err := s.bill.svc.Store.PlanFor(ctx(c), t.Kind, t.Population, s.now()); err == nil {
		v.Plan = &plan
		v.PlanAmounts = billing.WithTaxes(plan.AnnualCents)
	} else if e := errs.As(err); e == nil || e.Kind != errs.NotFound {
		return subscriptionView{}, err
	}
	if v.Invoices, err = s.bill.svc.Store.Invoices(ctx(c), t.ID); err != nil {
		return subscriptionView{}, err
	}
	if v.Quotes, err = s.bill.svc.Store.Quotes(ctx(c), t.ID); err != nil {
		return subscriptionView{}, err
	}
	if v.Invoices == nil {
		v.Invoices = []billing.Invoice{}
	}
	running := sub != nil && sub.StripeSubscriptionID != "" && sub.Status != billing.StatusCanceled && sub.Status != billing.StatusIncompleteExpired
	for i, q := range v.Quotes {
		if !running && q.AcceptedAt == nil && !q.Expired(s.now()) {
			v.OpenQuote = &v.Quotes[i]
			break
		}
	}
	if v.Quotes == nil {
		v.Quotes = []billing.Quote{}
	}
	return v, nil
}

func (s *Server) apiSubscription(c *fiber.Ctx) error {
	v, err := s.loadSubscriptionView(c)
	if err != nil {
		return err
	}
	return c.JSON(v)
}

func (s *Server) billingPage(c *fiber.Ctx) error {
	v, err := s.loadSubscriptionView(c)
	if err != nil {
		return err
	}
	return s.render(c, "billing/tenant", "billing.title", v)
}

func (s *Server) billingIssueQuote(c *fiber.Ctx) error {
	if _, err := s.bill.svc.IssueQuote(ctx(c), bodyOf(tenant(c))); err != nil {
		return s.reshow(c, err, s.billingPage)
	}
	return s.redirectWith(c, "/t/"+tenant(c).Slug+"/admin/facturation", "billing.flash.quote", nil)
}

func (s *Server) apiIssueQuote(c *fiber.Ctx) error {
	q, err := s.bill.svc.IssueQuote(ctx(c), bodyOf(tenant(c)))
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(q)
}

func quoteID(c *fiber.Ctx) (uuid.UUID, error) {
	id, err := uuid.Parse(c.Params("id"))
	if err != nil {
		return uuid.Nil, errs.E(errs.NotFound, "billing.quote_not_found")
	}
	return id, nil
}

func (s *Server) billingAccept(c *fiber.Ctx) error {
	id, err := quoteID(c)
	if err != nil {
		return err
	}
	_, err = s.bill.svc.Accept(ctx(c), bodyOf(tenant(c)), billing.Acceptance{QuoteID: id, PONumber: c.FormValue("po_number"),
		Contact: billing.Contact{Name: c.FormValue("billing_name"), Email: c.FormValue("billing_email")}, CardOrDebit: c.FormValue("card_or_debit") != ""})
	if err != nil {
		return s.reshow(c, err, s.billingPage)
	}
	return s.redirectWith(c, "/t/"+tenant(c).Slug+"/admin/facturation", "billing.flash.accepted", nil)
}

func (s *Server) apiAcceptQuote(c *fiber.Ctx) error {
	id, err := quoteID(c)
	if err != nil {
		return err
	}
	var in struct {
		PONumber     string `json:"po_number"`
		BillingName  string `json:"billing_name"`
		BillingEmail string `json:"billing_email"`
		CardOrDebit  bool   `json:"card_or_debit"`
	}
	if err := c.BodyParser(&in); err != nil {
		return errs.E(errs.Invalid, "errors.invalid_input")
	}
	if _, err := s.bill.svc.Accept(ctx(c), bodyOf(tenant(c)), billing.Acceptance{QuoteID: id, PONumber: in.PONumber,
		Contact: billing.Contact{Name: in.BillingName, Email: in.BillingEmail}, CardOrDebit: in.CardOrDebit}); err != nil {
		return err
	}
	return s.apiSubscription(c)
}

func (s *Server) billingContact(c *fiber.Ctx) error {
	err := s.bill.svc.UpdateBilling(ctx(c), bodyOf(tenant(c)), billing.Contact{Name: c.FormValue("billing_name"), Email: c.FormValue("billing_email")},
		c.FormValue("po_number"), c.FormValue("card_or_debit") != "")
	if err != nil {
		return s.reshow(c, err, s.billingPage)
	}
	return s.redirectWith(c, "/t/"+tenant(c).Slug+"/admin/facturation", "billing.flash.contact", nil)
}

func (s *Server) billingQuotePDF(c *fiber.Ctx) error {
	id, err := quoteID(c)
	if err != nil {
		return err
	}
	t := tenant(c)
	q, err := s.bill.svc.Store.Quote(ctx(c), t.ID, id)
	if err != nil {
		return err
	}
	plan, err := s.bill.svc.Store.PlanByCode(ctx(c), q.PlanCode)
	if err != nil {
		return err
	}
	sub, err := s.bill.svc.Store.Subscription(ctx(c), t.ID)
	if err != nil {
		return err
	}
	var contact billing.Contact
	if sub != nil {
		contact = billing.Contact{Name: sub.BillingName, Email: sub.BillingEmail}
	}
	l := i18n.NewLocalizer(s.i18n, "fr")
	fr := func(id string, args map[string]any) string { return translate(l, id, args) }
	b, err := billing.QuotePDF(billing.QuoteDoc{Quote: q, Plan: plan, BodyName: t.Name, Contact: contact, Seller: s.bill.svc.Config(), T: fr,
		PlanLabel: planLabel(fr, plan)})
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "application/pdf")
	c.Set(fiber.HeaderContentDisposition, `inline; filename="soumission-`+q.Number+`.pdf"`)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Send(b)
}

// planLabel names a plan in words: "Municipalité, de 2 000 à 9 999 habitants".
func planLabel(t func(string, map[string]any) string, p billing.Plan) string {
	kind := t("billing.kind."+p.Kind, nil)
	switch {
	case p.PopulationMax == nil && p.PopulationMin == 0:
		return kind
	case p.PopulationMax == nil:
		return t("billing.band_from", map[string]any{"Kind": kind, "Min": groupDigits(p.PopulationMin)})
	case p.PopulationMin == 0:
		return t("billing.band_under", map[string]any{"Kind": kind, "Max": groupDigits(*p.PopulationMax)})
	}
	return t("billing.band_between", map[string]any{"Kind": kind, "Min": groupDigits(p.PopulationMin), "Max": groupDigits(*p.PopulationMax - 1)})
}

// groupDigits writes 12000 as "12 000" (a no-break space, as both French and our English pages write populations).
func groupDigits(n int) string {
	d := []rune(strings.TrimSpace(itoaInt(n)))
	var b strings.Builder
	for i, r := range d {
		if i > 0 && (len(d)-i)%3 == 0 {
			b.WriteRune('\u00a0')
		}
		b.WriteRune(r)
	}
	return b.String()
}

func itoaInt(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}

// stripeWebhook receives Stripe's events: no session, no CSRF (the signature on the raw body is the
// authentication), 400 on a wrong or missing signature, 200 once the event is stored (applied, stale,
// ignored or a replay).
func (s *Server) stripeWebhook(c *fiber.Ctx) error {
	out, err := s.bill.svc.HandleWebhook(ctx(c), c.Body(), c.Get("Stripe-Signature"))
	if err != nil {
		if e := errs.As(err); e != nil && e.Kind == errs.BadRequest {
			s.log.Warn("stripe webhook refused", "error", err.Error())
		}
		return err
	}
	return c.JSON(fiber.Map{"received": true, "outcome": out})
}

func (s *Server) billingOverviewPage(c *fiber.Ctx) error {
	o, err := s.bill.svc.Store.Overview(ctx(c))
	if err != nil {
		return err
	}
	return s.render(c, "billing/platform", "billing.platform_title", overviewView{Overview: o, Statuses: append([]string{""}, billing.Statuses...),
		BillingEnabled: s.bill.svc.Enabled()})
}

type overviewView struct {
	billing.Overview
	Statuses       []string
	BillingEnabled bool
}

func (s *Server) apiBillingOverview(c *fiber.Ctx) error {
	o, err := s.bill.svc.Store.Overview(ctx(c))
	if err != nil {
		return err
	}
	if o.Bodies == nil {
		o.Bodies = []billing.BodyBilling{}
	}
	if o.Overdue == nil {
		o.Overdue = []billing.BodyBilling{}
	}
	return c.JSON(o)
}

// Banner is a notice at the top of a body's pages about its subscription.
type Banner struct {
	Level string // "warning" or "error"
	Text  string // translated
	Link  string // the billing page, for those who may act on it
}

// billingBanner tells a body's members that it is read-only (everyone), and its admins that an invoice is
// overdue or that the trial ends soon. Errors only drop the banner (the page itself must not fail for it).
func (s *Server) billingBanner(c *fiber.Ctx, p *Page) *Banner {
	if p.Tenant == nil || p.User == nil || len(p.User.TenantRoles) == 0 || s.bill == nil {
		return nil
	}
	a, why, sub, err := s.bill.svc.Access(ctx(c), p.Tenant.ID)
	if err != nil || sub == nil {
		return nil
	}
	admin := s.authz.Allowed(p.User.TenantRoles, "billing", "write")
	link := ""
	if admin {
		link = "/t/" + p.Tenant.Slug + "/admin/facturation"
	}
	switch {
	case a == billing.ReadOnly:
		return &Banner{Level: "error", Text: translate(p.L, "billing.banner.read_only."+why, nil), Link: link}
	case a == billing.Warned && admin:
		return &Banner{Level: "warning", Text: translate(p.L, "billing.banner.past_due", nil), Link: link}
	case admin && sub.Status == billing.StatusTrialing && sub.StripeSubscriptionID == "" && sub.TrialEndsAt != nil &&
		sub.TrialEndsAt.Sub(s.now()) < 14*24*time.Hour:
		return &Banner{Level: "warning", Text: translate(p.L, "billing.banner.trial_ends", map[string]any{"Date": mail.FormatDate(*sub.TrialEndsAt, p.Lang)}), Link: link}
	}
	return nil
}
