package billing

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/audit"
	"maillage/app/errs"
	"maillage/tenants"
)

// Store reads and writes the billing tables; tenant rows always inside tenants.Tx / ReadTx.
type Store struct {
	db  *gorm.DB
	now func() time.Time
}

// NewStore returns a Store on the app role's pool (now nil: time.Now).
func NewStore(db *gorm.DB, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{db: db, now: now}
}

// Subscription is a body's subscription as Maillage knows it.
type Subscription struct {
	TenantID             uuid.UUID  `json:"-"`
	Status               string     `json:"status"`
	PlanCode             string     `json:"plan_code,omitempty"`
	AnnualCents          *int64     `json:"annual_cents,omitempty"`
	TrialEndsAt          *time.Time `json:"trial_ends_at,omitempty"`
	PONumber             string     `json:"po_number"`
	BillingName          string     `json:"billing_name"`
	BillingEmail         string     `json:"billing_email"`
	CardOrDebit          bool       `json:"card_or_debit"`
	StripeCustomerID     string     `json:"-"`
	StripeSubscriptionID string     `json:"-"`
	CurrentPeriodEnd     *time.Time `json:"current_period_end,omitempty"`
	CancelAt             *time.Time `json:"cancel_at,omitempty"`
	LastEventAt          *time.Time `json:"-"`
	UpdatedAt            time.Time  `json:"updated_at"`
}

const subColumns = `tenant_id, status, coalesce(plan_code, '') AS plan_code, annual_cents, trial_ends_at, po_number, billing_name,
	billing_email, card_or_debit, coalesce(stripe_customer_id, '') AS stripe_customer_id,
	coalesce(stripe_subscription_id, '') AS stripe_subscription_id, current_period_end, cancel_at, last_event_at, updated_at`

// subscriptionTx reads the body's subscription in a tenant transaction (lock: FOR UPDATE); nil when none.
func subscriptionTx(tx *gorm.DB, tenantID uuid.UUID, lock bool) (*Subscription, error) {
	q := `SELECT ` + subColumns + ` FROM billing_subscriptions WHERE tenant_id = ?`
	if lock {
		q += ` FOR UPDATE`
	}
	var rows []Subscription
	if err := tx.Raw(q, tenantID).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("read subscription: %w", err)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	return &rows[0], nil
}

// Subscription returns the body's subscription, nil when it has none.
func (s *Store) Subscription(ctx context.Context, tenantID uuid.UUID) (*Subscription, error) {
	var sub *Subscription
	err := tenants.ReadTx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		var err error
		sub, err = subscriptionTx(tx, tenantID, false)
		return err
	})
	return sub, err
}

// Contact is the body's billing contact, the person Stripe sends invoices to.
type Contact struct {
	Name  string `json:"billing_name"`
	Email string `json:"billing_email"`
}

// Validate checks the contact (both required; e-mail shaped like one).
func (c Contact) Validate() error {
	var v errs.Validation
	if l := len([]rune(strings.TrimSpace(c.Name))); l < 2 || l > 200 {
		v.Add("billing_name", "billing.err.name", nil)
	}
	e := strings.TrimSpace(c.Email)
	if len(e) > 254 || !strings.Contains(e, "@") || strings.ContainsAny(e, " <>,;\"") || strings.HasPrefix(e, "@") || !strings.Contains(e[strings.LastIndex(e, "@"):], ".") {
		v.Add("billing_email", "billing.err.email", nil)
	}
	return v.Err()
}

// StartTrialTx gives a new body its trial, in the caller's tenant transaction (the sign-up approval flow):
// the plan its kind and population call for, the person who signed up as billing contact.
func (s *Store) StartTrialTx(ctx context.Context, tx *gorm.DB, tenantID uuid.UUID, plan Plan, contact Contact, trialEnds time.Time) error {
	err := tx.Exec(`INSERT INTO billing_subscriptions (tenant_id, status, plan_code, annual_cents, trial_ends_at, billing_name, billing_email)
		VALUES (?, 'trialing', ?, ?, ?, ?, ?)`, tenantID, plan.Code, plan.AnnualCents, trialEnds, contact.Name, strings.ToLower(strings.TrimSpace(contact.Email))).Error
	if err != nil {
		return fmt.Errorf("start trial: %w", err)
	}
	return audit.Tenant(ctx, tx, tenantID, audit.Entry{Action: "subscription.trial", ObjectType: "subscription", ObjectID: tenantID.String(),
		After: map[string]any{"status": StatusTrialing, "plan": plan.Code, "trial_ends_at": trialEnds}})
}

// ensureRowTx creates the body's subscription row when missing (a body created before billing that accepts
// a quote, or an event about it), locked for the rest of tx.
func ensureRowTx(tx *gorm.DB, tenantID uuid.UUID, status string) (*Subscription, error) {
	if err := tx.Exec(`INSERT INTO billing_subscriptions (tenant_id, status) VALUES (?, ?) ON CONFLICT (tenant_id) DO NOTHING`, tenantID, status).Error; err != nil {
		return nil, fmt.Errorf("create subscription row: %w", err)
	}
	return subscriptionTx(tx, tenantID, true)
}

// SetContact changes the billing contact (and the card/debit option) locally, audited.
func (s *Store) setContact(ctx context.Context, tenantID uuid.UUID, c Contact, cardOrDebit bool) error {
	return tenants.Tx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		before, err := ensureRowTx(tx, tenantID, StatusTrialing)
		if err != nil {
			return err
		}
		if err := tx.Exec(`UPDATE billing_subscriptions SET billing_name = ?, billing_email = ?, card_or_debit = ?, updated_at = now() WHERE tenant_id = ?`,
			strings.TrimSpace(c.Name), strings.ToLower(strings.TrimSpace(c.Email)), cardOrDebit, tenantID).Error; err != nil {
			return fmt.Errorf("set billing contact: %w", err)
		}
		return audit.Tenant(ctx, tx, tenantID, audit.Entry{Action: "subscription.contact", ObjectType: "subscription", ObjectID: tenantID.String(),
			Before: Contact{Name: before.BillingName, Email: before.BillingEmail}, After: c})
	})
}

// setPO changes the purchase-order number printed on the body's invoices, audited.
func (s *Store) setPO(ctx context.Context, tenantID uuid.UUID, po string) error {
	return tenants.Tx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		before, err := ensureRowTx(tx, tenantID, StatusTrialing)
		if err != nil {
			return err
		}
		if err := tx.Exec(`UPDATE billing_subscriptions SET po_number = ?, updated_at = now() WHERE tenant_id = ?`, po, tenantID).Error; err != nil {
			return fmt.Errorf("set PO number: %w", err)
		}
		return audit.Tenant(ctx, tx, tenantID, audit.Entry{Action: "subscription.po_number", ObjectType: "subscription", ObjectID: tenantID.String(),
			Before: map[string]string{"po_number": before.PONumber}, After: map[string]string{"po_number": po}})
	})
}

// Invoice is one invoice as Stripe last described it.
type Invoice struct {
	StripeInvoiceID string     `json:"id"`
	Number          string     `json:"number"`
	Status          string     `json:"status"`
	Currency        string     `json:"currency"`
	SubtotalCents   int64      `json:"subtotal_cents"`
	TaxCents        int64      `json:"tax_cents"`
	TotalCents      int64      `json:"total_cents"`
	AmountDueCents  int64      `json:"amount_due_cents"`
	AmountPaidCents int64      `json:"amount_paid_cents"`
	PONumber        string     `json:"po_number"`
	DueAt           *time.Time `json:"due_at,omitempty"`
	HostedURL       string     `json:"hosted_url"`
	PDFURL          string     `json:"pdf_url"`
	StripeCreatedAt time.Time  `json:"created_at"`
}

// Overdue reports whether the invoice is open past its due date.
func (i Invoice) Overdue(now time.Time) bool {
	return i.Status == "open" && i.DueAt != nil && now.After(*i.DueAt)
}

// Invoices lists the body's invoices, newest first.
func (s *Store) Invoices(ctx context.Context, tenantID uuid.UUID) ([]Invoice, error) {
	var out []Invoice
	err := tenants.ReadTx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		return tx.Raw(`SELECT stripe_invoice_id, number, status, currency, subtotal_cents, tax_cents, total_cents, amount_due_cents,
			amount_paid_cents, po_number, due_at, hosted_url, pdf_url, stripe_created_at FROM billing_invoices WHERE tenant_id = ?
			ORDER BY stripe_created_at DESC, stripe_invoice_id`, tenantID).Scan(&out).Error
	})
	if err != nil {
		return nil, fmt.Errorf("list invoices: %w", err)
	}
	return out, nil
}

// upsertInvoiceTx records an invoice unless a newer description of it was already applied (eventAt: the
// event's created time; zero for the invoice returned when the subscription was created).
func upsertInvoiceTx(tx *gorm.DB, tenantID uuid.UUID, inv Invoice, eventAt *time.Time) (bool, error) {
	res := tx.Exec(`INSERT INTO billing_invoices (tenant_id, stripe_invoice_id, number, status, currency, subtotal_cents, tax_cents, total_cents,
		amount_due_cents, amount_paid_cents, po_number, due_at, hosted_url, pdf_url, stripe_created_at, last_event_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (tenant_id, stripe_invoice_id) DO UPDATE SET number = EXCLUDED.number, status = EXCLUDED.status,
		  currency = EXCLUDED.currency, subtotal_cents = EXCLUDED.subtotal_cents, tax_cents = EXCLUDED.tax_cents,
		  total_cents = EXCLUDED.total_cents, amount_due_cents = EXCLUDED.amount_due_cents, amount_paid_cents = EXCLUDED.amount_paid_cents,
		  po_number = CASE WHEN EXCLUDED.po_number <> '' THEN EXCLUDED.po_number ELSE billing_invoices.po_number END,
		  due_at = EXCLUDED.due_at, hosted_url = EXCLUDED.hosted_url, pdf_url = EXCLUDED.pdf_url,
		  last_event_at = coalesce(EXCLUDED.last_event_at, billing_invoices.last_event_at), updated_at = now()
		WHERE EXCLUDED.last_event_at IS NULL OR billing_invoices.last_event_at IS NULL OR billing_invoices.last_event_at <= EXCLUDED.last_event_at`,
		tenantID, inv.StripeInvoiceID, inv.Number, inv.Status, inv.Currency, inv.SubtotalCents, inv.TaxCents, inv.TotalCents,
		inv.AmountDueCents, inv.AmountPaidCents, inv.PONumber, inv.DueAt, inv.HostedURL, inv.PDFURL, inv.StripeCreatedAt, eventAt)
	if res.Error != nil {
		return false, fmt.Errorf("record invoice %s: %w", inv.StripeInvoiceID, res.Error)
	}
	return res.RowsAffected > 0, nil
}
