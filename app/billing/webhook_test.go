package billing_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/billing"
	"maillage/app/billing/stripetest"
	"maillage/app/errs"
	"maillage/app/testdb"
	"maillage/tenants"
)

type hookEnv struct {
	t    *testing.T
	db   *testdb.DB
	svc  *billing.Service
	base time.Time
}

func newHookEnv(t *testing.T) *hookEnv {
	db := testdb.New(t)
	return &hookEnv{t: t, db: db, svc: billing.NewService(db.App, nil, billing.Config{WebhookSecret: stripetest.WebhookSecret}, nil),
		base: time.Now().Add(-time.Hour).Truncate(time.Second)}
}

func (e *hookEnv) post(s stripetest.Signed) (billing.Outcome, error) {
	return e.svc.HandleWebhook(context.Background(), s.Body, s.Signature)
}

func (e *hookEnv) subEvent(tenant uuid.UUID, customer, status string, at time.Duration) stripetest.Signed {
	return stripetest.Event(e.t, stripetest.WebhookSecret, "customer.subscription.updated",
		stripetest.Subscription("sub_A", customer, tenant.String(), status, e.base.AddDate(1, 0, 0)), e.base.Add(at), time.Time{})
}

func (e *hookEnv) status(tenant uuid.UUID) string {
	e.t.Helper()
	s, err := e.svc.Store.Subscription(context.Background(), tenant)
	if err != nil {
		e.t.Fatal(err)
	}
	if s == nil {
		return ""
	}
	return s.Status
}

func (e *hookEnv) count(q string, args ...any) int64 {
	e.t.Helper()
	var n int64
	if err := e.db.Owner.Raw(q, args...).Scan(&n).Error; err != nil {
		e.t.Fatal(err)
	}
	return n
}

// countIn counts in a tenant transaction (tenant tables are behind RLS, even for their owner).
func (e *hookEnv) countIn(tenant uuid.UUID, q string, args ...any) int64 {
	e.t.Helper()
	var n int64
	if err := tenants.ReadTx(context.Background(), e.db.App, tenant, func(tx *gorm.DB) error { return tx.Raw(q, args...).Scan(&n).Error }); err != nil {
		e.t.Fatal(err)
	}
	return n
}

func TestWebhookSignature(t *testing.T) {
	t.Parallel()
	e := newHookEnv(t)
	a := newTenant(t, e.db, "a", 500)
	good := e.subEvent(a.ID, "cus_A", "active", 0)
	for _, c := range []struct {
		name string
		s    stripetest.Signed
	}{
		{"no signature", stripetest.Signed{Body: good.Body}},
		{"another secret", stripetest.Sign(t, "whsec_other", good.ID, good.Body, time.Time{})},
		{"signed 10 minutes ago (tolerance 5)", stripetest.Sign(t, stripetest.WebhookSecret, good.ID, good.Body, time.Now().Add(-10*time.Minute))},
		{"body changed after signing", stripetest.Signed{Body: append(append([]byte{}, good.Body[:len(good.Body)-1]...), ' ', '}'), Signature: good.Signature}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := e.post(c.s)
			if errs.KindOf(err) != errs.BadRequest {
				t.Fatalf("err = %v, want BadRequest", err)
			}
			if n := e.count(`SELECT count(*) FROM stripe_events`); n != 0 {
				t.Fatalf("%d events stored from a refused request", n)
			}
			if st := e.status(a.ID); st != "" {
				t.Fatalf("status %q after a refused request", st)
			}
		})
	}
	t.Run("webhooks off without a secret", func(t *testing.T) {
		off := billing.NewService(e.db.App, nil, billing.Config{}, nil)
		if _, err := off.HandleWebhook(context.Background(), good.Body, good.Signature); errs.KindOf(err) != errs.Unavailable {
			t.Fatalf("err = %v, want Unavailable", err)
		}
	})
}

func TestWebhookOrderReplayAndIsolation(t *testing.T) {
	t.Parallel()
	e := newHookEnv(t)
	a, b := newTenant(t, e.db, "a", 500), newTenant(t, e.db, "b", 500)
	type step struct {
		name   string
		s      stripetest.Signed
		want   billing.Outcome
		status string
	}
	var steps []step
	pastDue := e.subEvent(a.ID, "cus_A", "past_due", 10*time.Second)
	steps = append(steps,
		step{"active", e.subEvent(a.ID, "cus_A", "active", 0), billing.Applied, "active"},
		step{"past_due, newer", pastDue, billing.Applied, "past_due"},
		step{"canceled, newest", e.subEvent(a.ID, "cus_A", "canceled", 30*time.Second), billing.Applied, "canceled"},
		step{"unpaid, older, arriving late", e.subEvent(a.ID, "cus_A", "unpaid", 20*time.Second), billing.Stale, "canceled"},
		step{"replay of past_due (re-signed)", stripetest.Sign(t, stripetest.WebhookSecret, pastDue.ID, pastDue.Body, time.Time{}), billing.Duplicate, "canceled"},
		step{"another customer's subscription naming this body", e.subEvent(a.ID, "cus_EVIL", "active", 40*time.Second), billing.Ignored, "canceled"},
		step{"unknown body", e.subEvent(uuid.New(), "cus_X", "active", 50*time.Second), billing.Ignored, "canceled"},
		step{"an event Maillage does not follow", stripetest.Event(t, stripetest.WebhookSecret, "charge.succeeded", map[string]any{"id": "ch_1"}, e.base, time.Time{}), billing.Ignored, "canceled"},
	)
	for _, c := range steps {
		t.Run(c.name, func(t *testing.T) {
			got, err := e.post(c.s)
			if err != nil {
				t.Fatal(err)
			}
			if got != c.want {
				t.Fatalf("outcome %s, want %s", got, c.want)
			}
			if st := e.status(a.ID); st != c.status {
				t.Fatalf("status %q, want %q", st, c.status)
			}
			if st := e.status(b.ID); st != "" {
				t.Fatalf("body B changed by A's events: %q", st)
			}
		})
	}
	if n := e.count(`SELECT count(*) FROM stripe_events`); n != int64(len(steps)-1) {
		t.Fatalf("%d events stored, want %d (the replay stores nothing)", n, len(steps)-1)
	}
	if n := e.count(`SELECT count(*) FROM jobs WHERE kind = ?`, billing.JobStatusChanged); n != 3 {
		t.Fatalf("%d follow-up jobs, want one per status change (3)", n)
	}
	if n := e.countIn(a.ID, `SELECT count(*) FROM audit_log WHERE tenant_id = ? AND action = 'subscription.status'`, a.ID); n != 3 {
		t.Fatalf("%d audited status changes, want 3", n)
	}
}

func TestWebhookEachStatus(t *testing.T) {
	t.Parallel()
	e := newHookEnv(t)
	for i, st := range billing.Statuses {
		t.Run(st, func(t *testing.T) {
			tn := newTenant(t, e.db, "s"+string(rune('a'+i)), 500)
			if _, err := e.post(e.subEvent(tn.ID, "cus_"+st, st, time.Duration(i)*time.Second)); err != nil {
				t.Fatal(err)
			}
			a, why, sub, err := e.svc.Access(context.Background(), tn.ID)
			if err != nil {
				t.Fatal(err)
			}
			want, wantWhy := billing.AccessOf(&billing.Subscription{Status: st, StripeSubscriptionID: "sub_A"}, time.Now(), false)
			if sub == nil || sub.Status != st || a != want || why != wantWhy {
				t.Fatalf("status %v access %v %q, want %s %v %q", sub, a, why, st, want, wantWhy)
			}
		})
	}
}

func TestWebhookInvoices(t *testing.T) {
	t.Parallel()
	e := newHookEnv(t)
	a, b := newTenant(t, e.db, "a", 500), newTenant(t, e.db, "b", 500)
	inv := func(status string, at time.Duration) stripetest.Signed {
		return stripetest.Event(t, stripetest.WebhookSecret, "invoice."+map[string]string{"open": "finalized", "paid": "paid"}[status],
			stripetest.Invoice("in_0001", "cus_A", a.ID.String(), status, 90000, "BC-2026-17", e.base, e.base.AddDate(0, 0, 30)), e.base.Add(at), time.Time{})
	}
	for _, c := range []struct {
		name   string
		s      stripetest.Signed
		want   billing.Outcome
		status string
	}{
		{"finalized", inv("open", 0), billing.Applied, "open"},
		{"paid", inv("paid", 20*time.Second), billing.Applied, "paid"},
		{"finalized again, older, late", inv("open", 10*time.Second), billing.Stale, "paid"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := e.post(c.s)
			if err != nil {
				t.Fatal(err)
			}
			if got != c.want {
				t.Fatalf("outcome %s, want %s", got, c.want)
			}
			list, err := e.svc.Store.Invoices(context.Background(), a.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(list) != 1 || list[0].Status != c.status || list[0].PONumber != "BC-2026-17" || list[0].TotalCents != 103478 || list[0].Currency != "cad" {
				t.Fatalf("invoices = %+v", list)
			}
			other, err := e.svc.Store.Invoices(context.Background(), b.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(other) != 0 {
				t.Fatalf("body B sees A's invoices: %+v", other)
			}
		})
	}
}
