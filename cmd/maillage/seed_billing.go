package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"gorm.io/gorm"

	"maillage/app/billing"
	"maillage/tenants"
)

// seedBilling gives one demo body (Saint-Jérôme) a trial, so its billing page shows the plan, the quote button and
// the trial's end; the other demo bodies stay billed outside Maillage (idempotent: a body with a subscription
// keeps it). Billing itself stays off unless the Stripe variables are set.
func seedBilling(ctx context.Context, db *gorm.DB, d demoSet, out io.Writer) error {
	t, ok := d.Tenants["saint-jerome"]
	if !ok {
		return nil
	}
	st := billing.NewStore(db, nil)
	sub, err := st.Subscription(ctx, t.ID)
	if err != nil || sub != nil {
		return err
	}
	plan, err := st.PlanFor(ctx, t.Kind, t.Population, time.Now())
	if err != nil {
		return err
	}
	err = tenants.Tx(ctx, db, t.ID, func(tx *gorm.DB) error {
		return st.StartTrialTx(ctx, tx, t.ID, plan, billing.Contact{Name: "Marc Admin", Email: "admin@saint-jerome.example"},
			time.Now().AddDate(0, 0, 10))
	})
	if err != nil {
		return fmt.Errorf("seed trial of %s: %w", t.Slug, err)
	}
	fmt.Fprintf(out, "billing: trial for %s (plan %s)\n", t.Slug, plan.Code)
	return nil
}
