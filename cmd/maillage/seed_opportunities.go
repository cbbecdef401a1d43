package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"gorm.io/gorm"

	"maillage/app/opportunities"
)

// seedOpportunities: the demo enterprise's alert (grounds maintenance and catering, Montérégie), and two
// public opportunities of Longueuil (a quote request, a planned purchase) that it matches. Idempotent: a
// second run finds the alert and the opportunities and adds nothing.
func seedOpportunities(ctx context.Context, db *gorm.DB, d demoSet, out io.Writer) error {
	svc := opportunities.NewService(db, nil, []byte("demo-seed-key-not-used-for-links-0000"))
	user, ok := d.Users["entreprise@coop-demo.example"]
	buyer, okb := d.Users["acheteur@longueuil.example"]
	body, okt := d.Tenants["longueuil"]
	if !ok || !okb || !okt {
		return nil
	}
	subs, err := svc.Subscriptions(ctx, user)
	if err != nil {
		return err
	}
	if len(subs) == 0 {
		if _, err := svc.CreateSubscription(ctx, user, opportunities.SubscriptionInput{Name: "Entretien et traiteur",
			UNSPSC: []string{"70000000", "90100000"}, Regions: []string{"16"}, Keywords: []string{"traiteur", "entretien paysager"}, Frequency: "weekly"}); err != nil {
			return fmt.Errorf("demo alert: %w", err)
		}
	}
	list, err := svc.List(ctx, body.ID)
	if err != nil {
		return err
	}
	if len(list) > 0 {
		return nil
	}
	closes := time.Now().AddDate(0, 0, 21).Truncate(time.Hour)
	expected := time.Now().AddDate(0, 4, 0).Truncate(24 * time.Hour)
	for _, in := range []opportunities.Input{
		{Kind: "quote_request", Title: "Entretien paysager des parcs de quartier (saison 2027)", Description: "Tonte, taille et plates-bandes de six parcs.",
			UNSPSC: []string{"70111700"}, ClosesAt: &closes, Visibility: "public", ContactName: "Mathieu Acheteur", ContactEmail: "acheteur@longueuil.example"},
		{Kind: "upcoming", Title: "Service de traiteur pour les séances du conseil", Description: "Achat prévu : repas légers pour 24 séances par année.",
			UNSPSC: []string{"90101600"}, ExpectedOn: &expected, Visibility: "public"},
	} {
		if _, err := svc.Create(ctx, body.ID, buyer, in); err != nil {
			return fmt.Errorf("demo opportunity: %w", err)
		}
	}
	fmt.Fprintln(out, "opportunities: 2 demo opportunities and 1 alert")
	return nil
}
