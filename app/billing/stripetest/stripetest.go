// Package stripetest helps tests talk to Stripe's own mock and post webhooks the way Stripe signs them:
// URL is the stripe-mock that `make test` starts (deploy/local/stripe-mock.sh), Event builds a signed event
// with webhook.GenerateTestSignedPayload (stripe-mock sends no webhooks).
package stripetest

import (
	"encoding/json"
	"fmt"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/webhook"
)

// WebhookSecret is the signing secret tests configure.
const WebhookSecret = "whsec_test_maillage"

// URL is the address of the running stripe-mock. Without it a test fails (never skips): run `make test`,
// or `eval "$(deploy/local/stripe-mock.sh start)"` first.
func URL(t testing.TB) string {
	t.Helper()
	u := os.Getenv("MAILLAGE_TEST_STRIPE_URL")
	if u == "" {
		t.Fatal("MAILLAGE_TEST_STRIPE_URL is not set: run the tests with `make test`, which starts stripe-mock")
	}
	return u
}

var seq atomic.Int64

// Signed is a webhook request body with its Stripe-Signature header.
type Signed struct {
	ID        string
	Body      []byte
	Signature string
}

// Event builds an event of type typ carrying obj (a map or a stripe object), created at created, signed
// with secret at signedAt (zero: now).
func Event(t testing.TB, secret, typ string, obj any, created, signedAt time.Time) Signed {
	t.Helper()
	raw, err := json.Marshal(obj)
	if err != nil {
		t.Fatal(err)
	}
	id := fmt.Sprintf("evt_test_%d_%d", time.Now().UnixNano(), seq.Add(1))
	body, err := json.Marshal(map[string]any{"id": id, "object": "event", "api_version": stripe.APIVersion, "type": typ,
		"created": created.Unix(), "livemode": false, "pending_webhooks": 1, "data": map[string]any{"object": json.RawMessage(raw)}})
	if err != nil {
		t.Fatal(err)
	}
	return Sign(t, secret, id, body, signedAt)
}

// Sign signs an arbitrary body (a replay re-signs the same body).
func Sign(t testing.TB, secret, id string, body []byte, signedAt time.Time) Signed {
	t.Helper()
	if signedAt.IsZero() {
		signedAt = time.Now()
	}
	p := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: body, Secret: secret, Timestamp: signedAt})
	return Signed{ID: id, Body: p.Payload, Signature: p.Header}
}

// Subscription is a subscription object as Stripe sends it in an event.
func Subscription(id, customer, tenantID, status string, periodEnd time.Time) map[string]any {
	return map[string]any{"id": id, "object": "subscription", "customer": customer, "status": status,
		"collection_method": "send_invoice", "days_until_due": 30, "currency": "cad", "current_period_end": periodEnd.Unix(),
		"metadata": map[string]string{"maillage_tenant_id": tenantID}}
}

// Invoice is an invoice object as Stripe sends it in an event (subscription metadata carries the body).
func Invoice(id, customer, tenantID, status string, subtotal int64, po string, created, due time.Time) map[string]any {
	gst, qst := (subtotal*5000+50000)/100000, (subtotal*9975+50000)/100000
	return map[string]any{"id": id, "object": "invoice", "customer": customer, "status": status, "currency": "cad",
		"number": "MAI-" + id[len(id)-4:], "subtotal": subtotal, "tax": gst + qst, "total": subtotal + gst + qst,
		"amount_due": subtotal + gst + qst, "amount_paid": map[bool]int64{true: subtotal + gst + qst}[status == "paid"],
		"created": created.Unix(), "due_date": due.Unix(), "collection_method": "send_invoice",
		"hosted_invoice_url": "https://invoice.stripe.test/" + id, "invoice_pdf": "https://invoice.stripe.test/" + id + "/pdf",
		"custom_fields":        []map[string]string{{"name": "Bon de commande", "value": po}},
		"subscription_details": map[string]any{"metadata": map[string]string{"maillage_tenant_id": tenantID}}}
}
