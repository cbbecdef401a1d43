package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"gorm.io/gorm"

	"maillage/app/contracts"
	"maillage/app/declarations"
)

// seedDeclarations gives Longueuil two adopted yearly declarations (last year's and this year's),
// contracts to measure them by when it has none yet, and a few maillage contacts (idempotent).
func seedDeclarations(ctx context.Context, db *gorm.DB, d demoSet, out io.Writer) error {
	t, ok := d.Tenants["longueuil"]
	if !ok {
		return nil
	}
	store := declarations.NewStore(db, nil)
	existing, err := store.List(ctx, t.ID)
	if err != nil || len(existing) > 0 {
		return err
	}
	year := time.Now().Year()
	for _, y := range []int{year - 1, year} {
		decl, err := store.Create(ctx, t.ID, declarations.Declaration{
			PeriodStart: time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), PeriodEnd: time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC),
			TextFR:      "La Ville de Longueuil s'engage à considérer les entreprises d'économie sociale dans ses achats, à les inviter lorsque les règles le permettent, à former ses acheteurs et à participer aux activités de maillage.",
			TextEN:      "The City of Longueuil commits to consider social economy enterprises in its purchases, invite them where the rules allow, train its buyers and take part in maillage events.",
			Eligibility: declarations.Eligibility{Rule: declarations.BelowThreshold},
			Targets: []declarations.Target{
				{Key: "amount", Kind: declarations.EESAmount, Value: 750_000_00},
				{Key: "share", Kind: declarations.EESShare, Value: 1_500},
				{Key: "distinct", Kind: declarations.DistinctEES, Value: 15},
				{Key: "new", Kind: declarations.NewRelationships, Value: 5},
				{Key: "local", Kind: declarations.LocalShare, Territory: declarations.Territory{Level: declarations.LevelPolicy}, Value: 4_000},
			},
			Commitments: []declarations.Commitment{
				{Key: "train", TextFR: "Former deux acheteurs à l'offre des entreprises d'économie sociale", TextEN: "Train two buyers on what social economy enterprises offer", Status: declarations.Done, Evidence: "Formation du Pôle de l'économie sociale, mars"},
				{Key: "invite", TextFR: "Inviter une EES à chaque appel d'offres sur invitation en entretien ménager", TextEN: "Invite an EES to every invitation to tender in cleaning services", Status: declarations.InProgress, Evidence: "3 invitations sur 4"},
			},
		})
		if err != nil {
			return fmt.Errorf("seed declaration %d: %w", y, err)
		}
		if _, err := store.Adopt(ctx, t.ID, decl.ID, fmt.Sprintf("CM-%d-014", y), time.Date(y, 1, 20, 0, 0, 0, 0, time.UTC)); err != nil {
			return fmt.Errorf("adopt declaration %d: %w", y, err)
		}
	}
	err = contracts.NewStore(db, nil).SeedDemo(ctx, t.ID)
	if err != nil {
		return fmt.Errorf("seed demo contracts: %w", err)
	}
	var buyer string
	for email, id := range d.Users {
		if email == "acheteur@longueuil.example" {
			buyer = id.String()
		}
	}
	if buyer != "" {
		for i, name := range []string{"Imprime-Emploi", "Coop Paysagistes de la Rive-Sud", "Traiteur La Cantine solidaire"} {
			if _, err := store.AddContact(ctx, t.ID, declarations.Contact{Date: time.Now().AddDate(0, -i-1, 0), Kind: declarations.ContactKinds[i],
				BuyerID: buyer, EnterpriseName: name, Outcome: "Présentation de l'offre; invitée au prochain appel"}); err != nil {
				return fmt.Errorf("seed contact: %w", err)
			}
		}
	}
	fmt.Fprintln(out, "declarations: 2 adopted declarations for longueuil")
	return nil
}
