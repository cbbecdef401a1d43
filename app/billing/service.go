package billing

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/stripe/stripe-go/v76"
	"gorm.io/gorm"

	"maillage/app/audit"
	"maillage/app/errs"
	"maillage/tenants"
)

// Config is billing's part of the environment.
type Config struct {
	SecretKey     string // MAILLAGE_STRIPE_SECRET_KEY: Stripe API calls (off when empty)
	WebhookSecret string // MAILLAGE_STRIPE_WEBHOOK_SECRET: webhook signatures (webhooks refused when empty)
	APIBase       string // MAILLAGE_STRIPE_API_BASE: another API address (stripe-mock in tests)
	// The platform as seller, printed on quotes and invoice footers.
	LegalName string // MAILLAGE_BILLING_LEGAL_NAME
	Address   string // MAILLAGE_BILLING_ADDRESS
	GSTNumber string // MAILLAGE_BILLING_GST_NUMBER (TPS)
	QSTNumber string // MAILLAGE_BILLING_QST_NUMBER (TVQ)
	// Remittance says how to pay by transfer or cheque (MAILLAGE_BILLING_REMITTANCE).
	Remittance string
	TrialDays  int // length of a new body's trial (default 60)
}

// APIEnabled reports whether Maillage may call Stripe.
func (c Config) APIEnabled() bool { return c.SecretKey != "" }

// WebhooksEnabled reports whether Stripe's webhooks are accepted.
func (c Config) WebhooksEnabled() bool { return c.WebhookSecret != "" }

// Trial is the length of a new body's trial.
func (c Config) Trial() time.Duration {
	if c.TrialDays <= 0 {
		return 60 * 24 * time.Hour
	}
	return time.Duration(c.TrialDays) * 24 * time.Hour
}

// footer is printed at the bottom of every invoice: the platform's tax numbers and how to pay.
func (c Config) footer() string {
	var parts []string
	if c.LegalName != "" {
		parts = append(parts, c.LegalName)
	}
	if c.GSTNumber != "" {
		parts = append(parts, "TPS/GST "+c.GSTNumber)
	}
	if c.QSTNumber != "" {
		parts = append(parts, "TVQ/QST "+c.QSTNumber)
	}
	if c.Remittance != "" {
		parts = append(parts, c.Remittance)
	}
	return strings.Join(parts, " · ")
}

// Service is the billing area's entry point.
type Service struct {
	Store *Store
	cfg   Config
	api   *stripeAPI // nil when billing is off
	log   *slog.Logger
}

// NewService builds the service (log nil: discard).
func NewService(db *gorm.DB, now func() time.Time, cfg Config, log *slog.Logger) *Service {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Service{Store: NewStore(db, now), cfg: cfg, log: log}
	if cfg.APIEnabled() {
		s.api = newStripeAPI(cfg, db)
	}
	return s
}

// Config returns the configuration (the seller's details for pages and the quote).
func (s *Service) Config() Config { return s.cfg }

// Enabled reports whether billing is on (Stripe API calls can be made).
func (s *Service) Enabled() bool { return s.api != nil }

// Access returns what the body may do now, with the reason (a status, or "trial_ended") and its subscription.
func (s *Service) Access(ctx context.Context, tenantID uuid.UUID) (Access, string, *Subscription, error) {
	sub, err := s.Store.Subscription(ctx, tenantID)
	if err != nil {
		return Full, "", nil, err
	}
	a, why := AccessOf(sub, s.Store.now(), s.Enabled())
	return a, why, sub, nil
}

// Body is what billing needs to know of a tenant.
type Body struct {
	ID         uuid.UUID
	Name       string
	Kind       string
	Population *int
}

// IssueQuote prices the body's plan today and records the quote.
func (s *Service) IssueQuote(ctx context.Context, b Body) (Quote, error) {
	plan, err := s.Store.PlanFor(ctx, b.Kind, b.Population, s.Store.now())
	if err != nil {
		return Quote{}, err
	}
	return s.Store.CreateQuote(ctx, b.ID, plan)
}

// Acceptance is a body admin's acceptance of a quote.
type Acceptance struct {
	QuoteID     uuid.UUID
	PONumber    string
	Contact     Contact
	CardOrDebit bool
}

// Accept turns a quote into a Stripe subscription billed by invoice, then records the acceptance, the
// subscription and its first invoice in one tenant transaction (audited). Stripe is called first with
// idempotency keys (the body for its customer, the quote for the subscription): when the recording fails,
// accepting again reuses the same Stripe objects.
func (s *Service) Accept(ctx context.Context, b Body, in Acceptance) (*Subscription, error) {
	po, err := NormalizePO(in.PONumber)
	var v errs.Validation
	if err != nil {
		v.Add("po_number", "billing.err.po_number", nil)
	}
	if err := in.Contact.Validate(); err != nil {
		for _, f := range errs.As(err).Fields {
			v.Add(f.Field, f.Key, f.Args)
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	q, err := s.Store.Quote(ctx, b.ID, in.QuoteID)
	if err != nil {
		return nil, err
	}
	now := s.Store.now()
	switch {
	case q.AcceptedAt != nil:
		return nil, errs.E(errs.Conflict, "billing.quote_already_accepted")
	case q.Expired(now):
		return nil, errs.E(errs.Conflict, "billing.quote_expired")
	}
	if !s.Enabled() {
		return nil, errs.E(errs.Unavailable, "billing.off")
	}
	sub, err := s.Store.Subscription(ctx, b.ID)
	if err != nil {
		return nil, err
	}
	if sub != nil && sub.StripeSubscriptionID != "" && sub.Status != StatusCanceled && sub.Status != StatusIncompleteExpired {
		return nil, errs.E(errs.Conflict, "billing.already_subscribed")
	}
	plan, err := s.Store.PlanByCode(ctx, q.PlanCode)
	if err != nil {
		return nil, err
	}
	cf := customerFields{TenantID: b.ID, BodyName: b.Name, Contact: in.Contact, PO: po, Footer: s.cfg.footer()}
	customerID := ""
	if sub != nil {
		customerID = sub.StripeCustomerID
	}
	if customerID == "" {
		if customerID, err = s.api.createCustomer(ctx, cf); err != nil {
			return nil, err
		}
	} else if err := s.api.updateCustomer(ctx, customerID, cf); err != nil {
		return nil, err
	}
	taxes, err := s.api.taxRates(ctx)
	if err != nil {
		return nil, err
	}
	product, err := s.api.product(ctx, plan)
	if err != nil {
		return nil, err
	}
	ss, err := s.api.createSubscription(ctx, subscriptionFields{TenantID: b.ID, CustomerID: customerID, ProductID: product, Plan: plan,
		TaxRates: taxes, Quote: q, PO: po, CardOrDebit: in.CardOrDebit})
	if err != nil {
		return nil, err
	}
	err = tenants.Tx(ctx, s.Store.db, b.ID, func(tx *gorm.DB) error {
		before, err := ensureRowTx(tx, b.ID, StatusTrialing)
		if err != nil {
			return err
		}
		res := tx.Exec(`UPDATE billing_quotes SET accepted_at = ?, accepted_by = ?, po_number = ? WHERE tenant_id = ? AND id = ? AND accepted_at IS NULL`,
			now, audit.ActorFrom(ctx).UserID, po, b.ID, q.ID)
		if res.Error != nil {
			return fmt.Errorf("accept quote: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return errs.E(errs.Conflict, "billing.quote_already_accepted")
		}
		status := string(ss.Status)
		if status == "" {
			status = StatusActive
		}
		if err := tx.Exec(`UPDATE billing_subscriptions SET status = CASE WHEN last_event_at IS NULL OR stripe_subscription_id IS DISTINCT FROM ? THEN ? ELSE status END,
			plan_code = ?, annual_cents = ?, trial_ends_at = NULL, po_number = ?, billing_name = ?, billing_email = ?, card_or_debit = ?,
			stripe_customer_id = ?, stripe_subscription_id = ?, current_period_end = ?, updated_at = now() WHERE tenant_id = ?`,
			ss.ID, status, plan.Code, q.Amounts.SubtotalCents, po, strings.TrimSpace(in.Contact.Name), strings.ToLower(strings.TrimSpace(in.Contact.Email)),
			in.CardOrDebit, customerID, ss.ID, unixOrNil(ss.CurrentPeriodEnd), b.ID).Error; err != nil {
			return fmt.Errorf("record subscription: %w", err)
		}
		if ss.LatestInvoice != nil && ss.LatestInvoice.ID != "" && ss.LatestInvoice.Status != "" {
			if _, err := upsertInvoiceTx(tx, b.ID, invoiceOf(ss.LatestInvoice, po), nil); err != nil {
				return err
			}
		}
		return audit.Tenant(ctx, tx, b.ID, audit.Entry{Action: "quote.accept", ObjectType: "quote", ObjectID: q.Number,
			Before: map[string]any{"status": before.Status},
			After:  map[string]any{"status": status, "po_number": po, "plan": plan.Code, "billing_email": in.Contact.Email}})
	})
	if err != nil {
		return nil, fmt.Errorf("accept quote %s: %w", q.Number, err)
	}
	return s.Store.Subscription(ctx, b.ID)
}

// UpdateBilling changes the billing contact, the purchase-order number and the card/debit option, on the
// Stripe customer first (when there is one), then locally.
func (s *Service) UpdateBilling(ctx context.Context, b Body, c Contact, po string, cardOrDebit bool) error {
	var v errs.Validation
	if err := c.Validate(); err != nil {
		for _, f := range errs.As(err).Fields {
			v.Add(f.Field, f.Key, f.Args)
		}
	}
	if strings.TrimSpace(po) != "" {
		var err error
		if po, err = NormalizePO(po); err != nil {
			v.Add("po_number", "billing.err.po_number", nil)
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	sub, err := s.Store.Subscription(ctx, b.ID)
	if err != nil {
		return err
	}
	if sub != nil && sub.StripeCustomerID != "" {
		if !s.Enabled() {
			return errs.E(errs.Unavailable, "billing.off")
		}
		if err := s.api.updateCustomer(ctx, sub.StripeCustomerID, customerFields{TenantID: b.ID, BodyName: b.Name, Contact: c, PO: po, Footer: s.cfg.footer()}); err != nil {
			return err
		}
	}
	if err := s.Store.setContact(ctx, b.ID, c, cardOrDebit); err != nil {
		return err
	}
	if sub == nil || po != sub.PONumber {
		return s.Store.setPO(ctx, b.ID, po)
	}
	return nil
}

func unixOrNil(sec int64) *time.Time {
	if sec <= 0 {
		return nil
	}
	t := time.Unix(sec, 0).UTC()
	return &t
}

// invoiceOf maps a Stripe invoice; the PO number comes from its custom field, else from fallback.
func invoiceOf(in *stripe.Invoice, fallbackPO string) Invoice {
	po := fallbackPO
	for _, f := range in.CustomFields {
		if f != nil && f.Name == POFieldName {
			po = f.Value
		}
	}
	tax := in.Tax
	if tax == 0 {
		for _, t := range in.TotalTaxAmounts {
			if t != nil {
				tax += t.Amount
			}
		}
	}
	inv := Invoice{StripeInvoiceID: in.ID, Number: in.Number, Status: string(in.Status), Currency: strings.ToLower(string(in.Currency)),
		SubtotalCents: in.Subtotal, TaxCents: tax, TotalCents: in.Total, AmountDueCents: in.AmountDue, AmountPaidCents: in.AmountPaid,
		PONumber: po, DueAt: unixOrNil(in.DueDate), HostedURL: in.HostedInvoiceURL, PDFURL: in.InvoicePDF}
	if inv.Currency == "" {
		inv.Currency = "cad"
	}
	if c := unixOrNil(in.Created); c != nil {
		inv.StripeCreatedAt = *c
	} else {
		inv.StripeCreatedAt = time.Now().UTC()
	}
	return inv
}
