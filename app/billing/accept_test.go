package billing_test

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"maillage/app/billing"
	"maillage/app/billing/stripetest"
	"maillage/app/errs"
)

// Accepting a quote against Stripe's own mock: customer, tax rates, product and a subscription billed by
// invoice are created through stripe-go v76, and the acceptance is recorded once.
func TestAcceptQuoteWithStripeMock(t *testing.T) {
	t.Parallel()
	e := newHookEnv(t)
	svc := billing.NewService(e.db.App, nil, billing.Config{SecretKey: "sk_test_maillage", APIBase: stripetest.URL(t)}, nil)
	ctx := context.Background()
	a, b := newTenant(t, e.db, "a", 7978), newTenant(t, e.db, "b", 500)
	body := billing.Body{ID: a.ID, Name: a.Name, Kind: a.Kind, Population: a.Population}
	q, err := svc.IssueQuote(ctx, body)
	if err != nil {
		t.Fatal(err)
	}
	if q.PlanCode != "municipality-2k" || q.Amounts.TotalCents != 275940 {
		t.Fatalf("quote = %+v", q)
	}
	contact := billing.Contact{Name: "Lise Tremblay", Email: "tresorerie@ville-a.qc.ca"}
	for _, c := range []struct {
		name  string
		in    billing.Acceptance
		kind  errs.Kind
		field string
	}{
		{"no PO number", billing.Acceptance{QuoteID: q.ID, Contact: contact}, errs.Invalid, "po_number"},
		{"PO number with markup", billing.Acceptance{QuoteID: q.ID, PONumber: "<b>1</b>", Contact: contact}, errs.Invalid, "po_number"},
		{"no billing e-mail", billing.Acceptance{QuoteID: q.ID, PONumber: "BC-1", Contact: billing.Contact{Name: "Lise"}}, errs.Invalid, "billing_email"},
		{"unknown quote", billing.Acceptance{QuoteID: uuid.New(), PONumber: "BC-1", Contact: contact}, errs.NotFound, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := svc.Accept(ctx, body, c.in)
			e := errs.As(err)
			if e == nil || e.Kind != c.kind {
				t.Fatalf("err = %v, want %s", err, c.kind)
			}
			if c.field != "" && (len(e.Fields) == 0 || e.Fields[0].Field != c.field) {
				t.Fatalf("fields = %+v, want %s", e.Fields, c.field)
			}
		})
	}
	t.Run("another body cannot accept A's quote", func(t *testing.T) {
		other := billing.Body{ID: b.ID, Name: b.Name, Kind: b.Kind, Population: b.Population}
		if _, err := svc.Accept(ctx, other, billing.Acceptance{QuoteID: q.ID, PONumber: "BC-1", Contact: contact}); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("err = %v, want NotFound", err)
		}
	})
	t.Run("billing off", func(t *testing.T) {
		off := billing.NewService(e.db.App, nil, billing.Config{}, nil)
		if _, err := off.Accept(ctx, body, billing.Acceptance{QuoteID: q.ID, PONumber: "BC-1", Contact: contact}); errs.KindOf(err) != errs.Unavailable {
			t.Fatalf("err = %v, want Unavailable", err)
		}
	})
	sub, err := svc.Accept(ctx, body, billing.Acceptance{QuoteID: q.ID, PONumber: " BC-2026  017 ", Contact: contact})
	if err != nil {
		t.Fatal(err)
	}
	if sub.Status != "active" || sub.StripeCustomerID == "" || sub.StripeSubscriptionID == "" || sub.PONumber != "BC-2026 017" ||
		sub.PlanCode != "municipality-2k" || sub.BillingEmail != contact.Email {
		t.Fatalf("subscription = %+v", sub)
	}
	quotes, err := svc.Store.Quotes(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(quotes) != 1 || quotes[0].AcceptedAt == nil || quotes[0].PONumber != "BC-2026 017" {
		t.Fatalf("quotes = %+v", quotes)
	}
	if _, err := svc.Accept(ctx, body, billing.Acceptance{QuoteID: q.ID, PONumber: "BC-2", Contact: contact}); errs.KindOf(err) != errs.Conflict {
		t.Fatalf("second acceptance: err = %v, want Conflict", err)
	}
	if n := e.count(`SELECT count(*) FROM stripe_refs`); n != 3 {
		t.Fatalf("%d platform Stripe objects, want GST, QST and the plan's product", n)
	}
	t.Run("billing contact and PO change reach the customer", func(t *testing.T) {
		if err := svc.UpdateBilling(ctx, body, billing.Contact{Name: "Paul Roy", Email: "paul@ville-a.qc.ca"}, "BC-2027-001", true); err != nil {
			t.Fatal(err)
		}
		s, err := svc.Store.Subscription(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if s.PONumber != "BC-2027-001" || s.BillingEmail != "paul@ville-a.qc.ca" || !s.CardOrDebit {
			t.Fatalf("subscription = %+v", s)
		}
	})
	if s, err := svc.Store.Subscription(ctx, b.ID); err != nil || s != nil {
		t.Fatalf("body B has a subscription after A's acceptance: %+v %v", s, err)
	}
}
