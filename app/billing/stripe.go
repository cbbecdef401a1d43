package billing

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/google/uuid"
	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/client"
	"gorm.io/gorm"

	"maillage/app/errs"
)

// MetadataTenant is the metadata key set on every Stripe object Maillage creates for a body; webhooks find
// the body through it.
const MetadataTenant = "maillage_tenant_id"

// POFieldName is the invoice custom field that prints the purchase-order number on every invoice.
const POFieldName = "Bon de commande"

// stripeAPI is the Stripe client (stripe-go v76 pins API version 2023-10-16) for the platform's account.
type stripeAPI struct {
	c  *client.API
	db *gorm.DB
}

func newStripeAPI(cfg Config, db *gorm.DB) *stripeAPI {
	bc := &stripe.BackendConfig{HTTPClient: &http.Client{Timeout: 30 * time.Second}, MaxNetworkRetries: stripe.Int64(2),
		LeveledLogger: &stripe.LeveledLogger{Level: stripe.LevelError}}
	if cfg.APIBase != "" {
		bc.URL = stripe.String(cfg.APIBase)
	}
	backends := &stripe.Backends{API: stripe.GetBackendWithConfig(stripe.APIBackend, bc),
		Connect: stripe.GetBackendWithConfig(stripe.ConnectBackend, bc), Uploads: stripe.GetBackendWithConfig(stripe.UploadsBackend, bc)}
	return &stripeAPI{c: client.New(cfg.SecretKey, backends), db: db}
}

// unavailable reports a Stripe failure without its details (logged by the caller through the wrapped error).
func unavailable(op string, err error) error {
	var se *stripe.Error
	if errors.As(err, &se) && se.HTTPStatusCode >= 400 && se.HTTPStatusCode < 500 && se.HTTPStatusCode != http.StatusTooManyRequests {
		return errs.E(errs.Internal, "errors.internal").Wrap(fmt.Errorf("stripe %s: %w", op, err))
	}
	return errs.E(errs.Unavailable, "billing.stripe_unavailable").Wrap(fmt.Errorf("stripe %s: %w", op, err))
}

// ref returns the id of a platform-wide Stripe object created once (tax rates, products), creating it with
// create when missing. Two instances racing create two objects; the first stored wins and the other is unused.
func (a *stripeAPI) ref(ctx context.Context, key string, create func() (string, error)) (string, error) {
	var id string
	if err := a.db.WithContext(ctx).Raw(`SELECT stripe_id FROM stripe_refs WHERE key = ?`, key).Scan(&id).Error; err != nil {
		return "", fmt.Errorf("stripe ref %s: %w", key, err)
	}
	if id != "" {
		return id, nil
	}
	id, err := create()
	if err != nil {
		return "", err
	}
	if err := a.db.WithContext(ctx).Exec(`INSERT INTO stripe_refs (key, stripe_id) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`, key, id).Error; err != nil {
		return "", fmt.Errorf("stripe ref %s: %w", key, err)
	}
	if err := a.db.WithContext(ctx).Raw(`SELECT stripe_id FROM stripe_refs WHERE key = ?`, key).Scan(&id).Error; err != nil {
		return "", fmt.Errorf("stripe ref %s: %w", key, err)
	}
	return id, nil
}

// taxRates returns the GST and QST tax rates (exclusive, Québec), created once.
func (a *stripeAPI) taxRates(ctx context.Context) ([]*string, error) {
	var out []*string
	for _, r := range []struct {
		key, name, desc, kind, juris string
		pct                          float64
	}{
		{"tax_rate.gst", "TPS", "Taxe sur les produits et services (TPS/GST)", "gst", "Canada", 5},
		{"tax_rate.qst", "TVQ", "Taxe de vente du Québec (TVQ/QST)", "qst", "Québec", 9.975},
	} {
		id, err := a.ref(ctx, r.key, func() (string, error) {
			p := &stripe.TaxRateParams{DisplayName: stripe.String(r.name), Description: stripe.String(r.desc), Percentage: stripe.Float64(r.pct),
				Inclusive: stripe.Bool(false), Country: stripe.String("CA"), State: stripe.String("QC"), Jurisdiction: stripe.String(r.juris),
				TaxType: stripe.String(r.kind), Metadata: map[string]string{"maillage_scope": "platform"}}
			p.Context = ctx
			p.SetIdempotencyKey("maillage-" + r.key)
			tr, err := a.c.TaxRates.New(p)
			if err != nil {
				return "", unavailable("create tax rate", err)
			}
			return tr.ID, nil
		})
		if err != nil {
			return nil, err
		}
		out = append(out, stripe.String(id))
	}
	return out, nil
}

// product returns the product of a plan, created once.
func (a *stripeAPI) product(ctx context.Context, plan Plan) (string, error) {
	return a.ref(ctx, "product."+plan.Code, func() (string, error) {
		p := &stripe.ProductParams{Name: stripe.String("Maillage — abonnement annuel (" + plan.Code + ")"),
			Metadata: map[string]string{"maillage_scope": "platform", "maillage_plan": plan.Code}}
		p.Context = ctx
		p.SetIdempotencyKey("maillage-product-" + plan.Code)
		pr, err := a.c.Products.New(p)
		if err != nil {
			return "", unavailable("create product", err)
		}
		return pr.ID, nil
	})
}

// customerFields are what Maillage sets on a body's Stripe customer.
type customerFields struct {
	TenantID uuid.UUID
	BodyName string
	Contact  Contact
	PO       string
	Footer   string
}

func (f customerFields) invoiceSettings() *stripe.CustomerInvoiceSettingsParams {
	s := &stripe.CustomerInvoiceSettingsParams{Footer: stripe.String(f.Footer)}
	if f.PO != "" {
		s.CustomFields = []*stripe.CustomerInvoiceSettingsCustomFieldParams{{Name: stripe.String(POFieldName), Value: stripe.String(f.PO)}}
	}
	return s
}

// createCustomer creates the body's customer (one per body: the idempotency key is the body's id).
func (a *stripeAPI) createCustomer(ctx context.Context, f customerFields) (string, error) {
	p := &stripe.CustomerParams{Name: stripe.String(f.BodyName), Email: stripe.String(f.Contact.Email),
		Description: stripe.String(f.Contact.Name), PreferredLocales: []*string{stripe.String("fr-CA"), stripe.String("en-CA")},
		InvoiceSettings: f.invoiceSettings(), Metadata: map[string]string{MetadataTenant: f.TenantID.String()}}
	p.Context = ctx
	p.SetIdempotencyKey("maillage-customer-" + f.TenantID.String())
	c, err := a.c.Customers.New(p)
	if err != nil {
		return "", unavailable("create customer", err)
	}
	return c.ID, nil
}

// updateCustomer sets the contact and the purchase-order number (printed on the invoices issued from now on).
func (a *stripeAPI) updateCustomer(ctx context.Context, id string, f customerFields) error {
	p := &stripe.CustomerParams{Email: stripe.String(f.Contact.Email), Description: stripe.String(f.Contact.Name),
		InvoiceSettings: f.invoiceSettings(), Metadata: map[string]string{MetadataTenant: f.TenantID.String()}}
	p.Context = ctx
	if _, err := a.c.Customers.Update(id, p); err != nil {
		return unavailable("update customer", err)
	}
	return nil
}

// subscriptionFields are the parts of a new subscription.
type subscriptionFields struct {
	TenantID    uuid.UUID
	CustomerID  string
	ProductID   string
	Plan        Plan
	TaxRates    []*string
	Quote       Quote
	PO          string
	CardOrDebit bool
}

// createSubscription starts a yearly subscription billed by invoice: 30 days to pay, CAD, GST and QST.
// Cards and pre-authorised debit (acss_debit) are offered on the invoice only when the body asked for them;
// otherwise it pays by transfer or cheque as the invoice's footer says. The idempotency key is the quote's id,
// so a retried acceptance never starts a second subscription.
func (a *stripeAPI) createSubscription(ctx context.Context, f subscriptionFields) (*stripe.Subscription, error) {
	meta := map[string]string{MetadataTenant: f.TenantID.String(), "maillage_quote": f.Quote.Number, "maillage_plan": f.Plan.Code, "po_number": f.PO}
	p := &stripe.SubscriptionParams{
		Customer: stripe.String(f.CustomerID), CollectionMethod: stripe.String("send_invoice"), DaysUntilDue: stripe.Int64(30),
		Currency: stripe.String("cad"), DefaultTaxRates: f.TaxRates, Metadata: meta,
		Description: stripe.String("Maillage — devis " + f.Quote.Number + ", bon de commande " + f.PO),
		Items: []*stripe.SubscriptionItemsParams{{
			PriceData: &stripe.SubscriptionItemPriceDataParams{Currency: stripe.String("cad"), Product: stripe.String(f.ProductID),
				UnitAmount: stripe.Int64(f.Quote.Amounts.SubtotalCents), TaxBehavior: stripe.String("exclusive"),
				Recurring: &stripe.SubscriptionItemPriceDataRecurringParams{Interval: stripe.String("year")}},
			Metadata: map[string]string{MetadataTenant: f.TenantID.String()},
		}},
	}
	if f.CardOrDebit {
		p.PaymentSettings = &stripe.SubscriptionPaymentSettingsParams{PaymentMethodTypes: []*string{stripe.String("card"), stripe.String("acss_debit")}}
	}
	p.Context = ctx
	p.AddExpand("latest_invoice")
	p.SetIdempotencyKey("maillage-subscription-" + f.Quote.ID.String())
	sub, err := a.c.Subscriptions.New(p)
	if err != nil {
		return nil, unavailable("create subscription", err)
	}
	return sub, nil
}
