package billing_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/ledongthuc/pdf"

	"maillage/app/billing"
	"maillage/app/errs"
	"maillage/app/testdb"
	"maillage/tenants"
)

func TestWithTaxes(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		cents, gst, qst, total int64
	}{
		{90000, 4500, 8978, 103478},    // 900 $: QST 89.775 rounds half up to 89.78
		{240000, 12000, 23940, 275940}, // 2 400 $
		{1, 0, 0, 1},                   // tiny: both round to 0
		{10, 1, 1, 12},                 // 0.50 and 0.9975 round up
		{2400000, 120000, 239400, 2759400},
	} {
		t.Run(billing.FrenchMoney(c.cents), func(t *testing.T) {
			a := billing.WithTaxes(c.cents)
			if a.GSTCents != c.gst || a.QSTCents != c.qst || a.TotalCents != c.total || a.SubtotalCents != c.cents {
				t.Fatalf("WithTaxes(%d) = %+v, want GST %d QST %d total %d", c.cents, a, c.gst, c.qst, c.total)
			}
		})
	}
}

func TestAccessOf(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)
	past, future := now.Add(-time.Hour), now.Add(time.Hour)
	for _, c := range []struct {
		name    string
		sub     *billing.Subscription
		enforce bool
		want    billing.Access
		why     string
	}{
		{"no subscription (billed outside Maillage)", nil, true, billing.Full, ""},
		{"trialing", &billing.Subscription{Status: "trialing", TrialEndsAt: &future}, true, billing.Full, ""},
		{"local trial ended, billing on", &billing.Subscription{Status: "trialing", TrialEndsAt: &past}, true, billing.ReadOnly, "trial_ended"},
		{"local trial ended, billing off", &billing.Subscription{Status: "trialing", TrialEndsAt: &past}, false, billing.Full, ""},
		{"Stripe trial past its local end", &billing.Subscription{Status: "trialing", TrialEndsAt: &past, StripeSubscriptionID: "sub_1"}, true, billing.Full, ""},
		{"active", &billing.Subscription{Status: "active"}, true, billing.Full, ""},
		{"incomplete", &billing.Subscription{Status: "incomplete"}, true, billing.Full, ""},
		{"past_due", &billing.Subscription{Status: "past_due"}, true, billing.Warned, "past_due"},
		{"unpaid", &billing.Subscription{Status: "unpaid"}, true, billing.ReadOnly, "unpaid"},
		{"canceled", &billing.Subscription{Status: "canceled"}, true, billing.ReadOnly, "canceled"},
		{"paused", &billing.Subscription{Status: "paused"}, true, billing.ReadOnly, "paused"},
		{"incomplete_expired", &billing.Subscription{Status: "incomplete_expired"}, false, billing.ReadOnly, "incomplete_expired"},
	} {
		t.Run(c.name, func(t *testing.T) {
			a, why := billing.AccessOf(c.sub, now, c.enforce)
			if a != c.want || why != c.why {
				t.Fatalf("AccessOf = %v %q, want %v %q", a, why, c.want, c.why)
			}
		})
	}
}

func TestPlanFor(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	st := billing.NewStore(db.App, nil)
	ctx := context.Background()
	day := time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC)
	pop := func(n int) *int { return &n }
	for _, c := range []struct {
		kind string
		pop  *int
		code string
	}{
		{"municipality", pop(356), "municipality-0"},
		{"municipality", pop(1999), "municipality-0"},
		{"municipality", pop(2000), "municipality-2k"},
		{"municipality", pop(7978), "municipality-2k"},
		{"municipality", pop(1_800_000), "municipality-200k"},
		{"municipality", nil, "municipality-0"},
		{"mrc", pop(60000), "mrc-50k"},
		{"school_service_centre", nil, "school-service-centre"},
		{"ministry", pop(5), "ministry"},
	} {
		t.Run(c.code, func(t *testing.T) {
			p, err := st.PlanFor(ctx, c.kind, c.pop, day)
			if err != nil {
				t.Fatal(err)
			}
			if p.Code != c.code {
				t.Fatalf("plan = %s, want %s", p.Code, c.code)
			}
		})
	}
	if _, err := st.PlanFor(ctx, "municipality", pop(10), day.AddDate(-5, 0, 0)); errs.KindOf(err) != errs.NotFound {
		t.Fatalf("no plan before the price list starts: err = %v", err)
	}
}

func newTenant(t *testing.T, db *testdb.DB, slug string, pop int) tenants.Tenant {
	t.Helper()
	tn, err := tenants.NewStore(db.App).Create(context.Background(), tenants.NewTenant{Slug: slug, Name: "Ville " + slug, Kind: "municipality", Population: &pop})
	if err != nil {
		t.Fatal(err)
	}
	return tn
}

func extract(t *testing.T, doc []byte) string {
	t.Helper()
	r, err := pdf.NewReader(bytes.NewReader(doc), int64(len(doc)))
	if err != nil {
		t.Fatalf("not a readable PDF: %v", err)
	}
	var all strings.Builder
	for i := 1; i <= r.NumPage(); i++ {
		rows, err := r.Page(i).GetTextByRow()
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range rows {
			for _, w := range row.Content {
				all.WriteString(w.S)
			}
			all.WriteString("\n")
		}
	}
	return strings.ReplaceAll(all.String(), "\u00a0", " ")
}

func TestQuotePDF(t *testing.T) {
	t.Parallel()
	q := billing.Quote{ID: uuid.New(), Number: "S-2026-00042", PlanCode: "municipality-2k", Amounts: billing.WithTaxes(240000),
		IssuedOn: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), ValidUntil: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)}
	tr := func(id string, args map[string]any) string {
		s := id
		for k, v := range args {
			s += " " + k + "=" + strings.ReplaceAll(fmt.Sprint(v), "\u00a0", " ")
		}
		return s
	}
	b, err := billing.QuotePDF(billing.QuoteDoc{Quote: q, BodyName: "Ville d'Acton Vale", T: tr, PlanLabel: "Municipalité, de 2 000 à 9 999 habitants",
		Seller: billing.Config{LegalName: "Maillage inc.", GSTNumber: "123456789 RT0001", QSTNumber: "1234567890 TQ0001", Remittance: "virement"}})
	if err != nil {
		t.Fatal(err)
	}
	text := extract(t, b)
	for _, want := range []string{"S-2026-00042", "Ville d'Acton Vale", "123456789 RT0001", "1234567890 TQ0001", "2 400,00 $", "120,00 $",
		"239,40 $", "2 759,40 $", "billing.pdf.resolution", "1er décembre 2026"} {
		if !strings.Contains(text, want) {
			t.Errorf("quote PDF lacks %q:\n%s", want, text)
		}
	}
}
