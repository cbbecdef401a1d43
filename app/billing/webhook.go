package billing

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/webhook"
	"gorm.io/gorm"

	"maillage/app/audit"
	"maillage/app/errs"
	"maillage/app/jobs"
	"maillage/tenants"
)

// WebhookTolerance is how old a signed webhook may be (Stripe's default: 5 minutes).
const WebhookTolerance = 300 * time.Second

// JobStatusChanged is the job that follows a change of a body's subscription status (its e-mails).
const JobStatusChanged = "billing.status_changed"

// StatusChange is the payload of JobStatusChanged.
type StatusChange struct {
	TenantID uuid.UUID `json:"tenant_id"`
	From     string    `json:"from"`
	To       string    `json:"to"`
	EventID  string    `json:"event_id"`
}

// Outcome says what a webhook did.
type Outcome string

const (
	Applied   Outcome = "applied"   // the event's object changed the body's rows
	Stale     Outcome = "stale"     // a newer event about the same object was applied before: recorded, no effect
	Ignored   Outcome = "ignored"   // not an event Maillage follows, or no body found: recorded, no effect
	Duplicate Outcome = "duplicate" // the event id was already recorded: nothing at all
)

var stripeActor = audit.Actor{Label: "stripe"}

// HandleWebhook verifies a Stripe webhook on its raw body (signature with the webhook secret, tolerance 5
// minutes, API version 2023-10-16) and applies it: the event is stored once by id in the same transaction as
// its effect, and the object it carries is applied as sent unless a newer event about that object was applied.
func (s *Service) HandleWebhook(ctx context.Context, payload []byte, signature string) (Outcome, error) {
	if !s.cfg.WebhooksEnabled() {
		return "", errs.E(errs.Unavailable, "billing.webhooks_off")
	}
	ev, err := webhook.ConstructEventWithOptions(payload, signature, s.cfg.WebhookSecret, webhook.ConstructEventOptions{Tolerance: WebhookTolerance})
	if err != nil {
		return "", errs.E(errs.BadRequest, "billing.webhook_signature").Wrap(err)
	}
	if ev.ID == "" || ev.Data == nil {
		return "", errs.E(errs.BadRequest, "billing.webhook_signature").Wrap(fmt.Errorf("event without id or data"))
	}
	ctx = audit.WithActor(ctx, stripeActor)
	created := time.Unix(ev.Created, 0).UTC()
	switch {
	case strings.HasPrefix(string(ev.Type), "customer.subscription."):
		var sub stripe.Subscription
		if err := json.Unmarshal(ev.Data.Raw, &sub); err != nil {
			return s.record(ctx, ev, created, "", Ignored)
		}
		tenantID, ok := tenantOf(sub.Metadata)
		if !ok {
			s.log.Warn("stripe event without a known body", "event", ev.ID, "type", ev.Type)
			return s.record(ctx, ev, created, sub.ID, Ignored)
		}
		return s.applySubscription(ctx, ev, created, tenantID, &sub)
	case strings.HasPrefix(string(ev.Type), "invoice."):
		var inv stripe.Invoice
		if err := json.Unmarshal(ev.Data.Raw, &inv); err != nil {
			return s.record(ctx, ev, created, "", Ignored)
		}
		tenantID, ok := tenantOf(inv.Metadata)
		if !ok && inv.SubscriptionDetails != nil {
			tenantID, ok = tenantOf(inv.SubscriptionDetails.Metadata)
		}
		if !ok {
			s.log.Warn("stripe event without a known body", "event", ev.ID, "type", ev.Type)
			return s.record(ctx, ev, created, inv.ID, Ignored)
		}
		return s.applyInvoice(ctx, ev, created, tenantID, &inv)
	}
	return s.record(ctx, ev, created, "", Ignored)
}

func tenantOf(meta map[string]string) (uuid.UUID, bool) {
	id, err := uuid.Parse(meta[MetadataTenant])
	return id, err == nil && id != uuid.Nil
}

// recordTx stores the event once; false when its id was already stored (a replay).
func recordTx(tx *gorm.DB, ev stripe.Event, created time.Time, objectID string, o Outcome) (bool, error) {
	res := tx.Exec(`INSERT INTO stripe_events (id, type, created, object_id, outcome) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
		ev.ID, string(ev.Type), created, objectID, string(o))
	if res.Error != nil {
		return false, fmt.Errorf("record stripe event %s: %w", ev.ID, res.Error)
	}
	return res.RowsAffected == 1, nil
}

func (s *Service) record(ctx context.Context, ev stripe.Event, created time.Time, objectID string, o Outcome) (Outcome, error) {
	fresh, err := recordTx(s.Store.db.WithContext(ctx), ev, created, objectID, o)
	if err != nil {
		return "", err
	}
	if !fresh {
		return Duplicate, nil
	}
	return o, nil
}

// bodyExists tells a body that exists from a stale or forged metadata value.
func bodyExists(tx *gorm.DB, id uuid.UUID) (bool, error) {
	var n int64
	if err := tx.Raw(`SELECT count(*) FROM tenants WHERE id = ?`, id).Scan(&n).Error; err != nil {
		return false, fmt.Errorf("find body: %w", err)
	}
	return n == 1, nil
}

func (s *Service) applySubscription(ctx context.Context, ev stripe.Event, created time.Time, tenantID uuid.UUID, obj *stripe.Subscription) (Outcome, error) {
	exists, err := bodyExists(s.Store.db.WithContext(ctx), tenantID)
	if err != nil {
		return "", err
	}
	if !exists {
		return s.record(ctx, ev, created, obj.ID, Ignored)
	}
	status := string(obj.Status)
	if !validStatus(status) {
		return s.record(ctx, ev, created, obj.ID, Ignored)
	}
	customer := ""
	if obj.Customer != nil {
		customer = obj.Customer.ID
	}
	var out Outcome
	err = tenants.Tx(ctx, s.Store.db, tenantID, func(tx *gorm.DB) error {
		cur, err := subscriptionTx(tx, tenantID, true)
		if err != nil {
			return err
		}
		from := "" // a body billed outside Maillage until now has no row: its first event is a change
		if cur != nil {
			from = cur.Status
		} else if cur, err = ensureRowTx(tx, tenantID, status); err != nil {
			return err
		}
		out = Applied
		switch {
		case cur.StripeCustomerID != "" && customer != "" && cur.StripeCustomerID != customer:
			s.log.Warn("stripe subscription of another customer than the body's", "event", ev.ID, "tenant", tenantID)
			out = Ignored
		case cur.StripeSubscriptionID != "" && cur.StripeSubscriptionID != obj.ID && cur.Status != StatusCanceled && cur.Status != StatusIncompleteExpired &&
			status == StatusCanceled:
			out = Ignored // the end of an earlier subscription must not cancel the current one
		case cur.LastEventAt != nil && created.Before(*cur.LastEventAt):
			out = Stale
		}
		fresh, err := recordTx(tx, ev, created, obj.ID, out)
		if err != nil || !fresh {
			if !fresh {
				out = Duplicate
			}
			return err
		}
		if out != Applied {
			return nil
		}
		if err := tx.Exec(`UPDATE billing_subscriptions SET status = ?, stripe_subscription_id = ?, stripe_customer_id = coalesce(nullif(?, ''), stripe_customer_id),
			current_period_end = ?, cancel_at = ?, trial_ends_at = CASE WHEN ? > 0 THEN ? ELSE trial_ends_at END,
			last_event_at = ?, last_event_id = ?, updated_at = now() WHERE tenant_id = ?`,
			status, obj.ID, customer, unixOrNil(obj.CurrentPeriodEnd), unixOrNil(obj.CancelAt), obj.TrialEnd, unixOrNil(obj.TrialEnd),
			created, ev.ID, tenantID).Error; err != nil {
			return fmt.Errorf("apply subscription event: %w", err)
		}
		if from == status {
			return nil
		}
		if err := audit.Tenant(ctx, tx, tenantID, audit.Entry{Action: "subscription.status", ObjectType: "subscription", ObjectID: tenantID.String(),
			Before: map[string]string{"status": from}, After: map[string]string{"status": status, "event": ev.ID}}); err != nil {
			return err
		}
		return jobs.Enqueue(tx, JobStatusChanged, StatusChange{TenantID: tenantID, From: from, To: status, EventID: ev.ID}, time.Time{}, "stripe:"+ev.ID)
	})
	if err != nil {
		return "", err
	}
	return out, nil
}

func (s *Service) applyInvoice(ctx context.Context, ev stripe.Event, created time.Time, tenantID uuid.UUID, obj *stripe.Invoice) (Outcome, error) {
	exists, err := bodyExists(s.Store.db.WithContext(ctx), tenantID)
	if err != nil {
		return "", err
	}
	if !exists || obj.ID == "" || !validInvoiceStatus(string(obj.Status)) {
		return s.record(ctx, ev, created, obj.ID, Ignored)
	}
	var out Outcome
	err = tenants.Tx(ctx, s.Store.db, tenantID, func(tx *gorm.DB) error {
		cur, err := subscriptionTx(tx, tenantID, true)
		if err != nil {
			return err
		}
		if cur != nil && cur.StripeCustomerID != "" && obj.Customer != nil && obj.Customer.ID != "" && obj.Customer.ID != cur.StripeCustomerID {
			s.log.Warn("stripe invoice of another customer than the body's", "event", ev.ID, "tenant", tenantID)
			out = Ignored
			_, err := recordTx(tx, ev, created, obj.ID, out)
			return err
		}
		po := ""
		if cur != nil {
			po = cur.PONumber
		}
		var last []time.Time
		if err := tx.Raw(`SELECT last_event_at FROM billing_invoices WHERE tenant_id = ? AND stripe_invoice_id = ? AND last_event_at IS NOT NULL FOR UPDATE`,
			tenantID, obj.ID).Scan(&last).Error; err != nil {
			return fmt.Errorf("read invoice: %w", err)
		}
		out = Applied
		if len(last) == 1 && created.Before(last[0]) {
			out = Stale
		}
		fresh, err := recordTx(tx, ev, created, obj.ID, out)
		if err != nil || !fresh {
			if !fresh {
				out = Duplicate
			}
			return err
		}
		if out != Applied {
			return nil
		}
		_, err = upsertInvoiceTx(tx, tenantID, invoiceOf(obj, po), &created)
		return err
	})
	if err != nil {
		return "", err
	}
	return out, nil
}

func validStatus(s string) bool {
	for _, x := range Statuses {
		if x == s {
			return true
		}
	}
	return false
}

func validInvoiceStatus(s string) bool {
	switch s {
	case "draft", "open", "paid", "uncollectible", "void":
		return true
	}
	return false
}
