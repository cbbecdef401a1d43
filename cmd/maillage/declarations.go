package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"gorm.io/gorm"

	"maillage/app/declarations"
	"maillage/tenants"
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
	err = tenants.Tx(ctx, db, t.ID, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Raw(`SELECT count(*) FROM contracts WHERE tenant_id = ?`, t.ID).Scan(&n).Error; err != nil || n > 0 {
			return err
		}
		// Two years of plausible contracts up to today: 30 suppliers, a third of them collective.
		return tx.Exec(`
			INSERT INTO contracts (tenant_id, supplier_name, supplier_ees, supplier_local, object, category, nature, procedure,
			                       awarded_cents, awarded_on, source)
			SELECT ?, (ARRAY['Coopérative de solidarité Entretien Plus','Imprime-Emploi','Traiteur La Cantine solidaire',
			          'Coop Paysagistes de la Rive-Sud','Recyclage Vanier OBNL','Groupe Construction Sud inc.','Fournitures Bureau Pro ltée',
			          'Informatique Montérégie inc.','Transport Rive-Sud inc.','Services conseils Dubé'])[1 + g % 10],
			       (g % 10) < 5, (g % 3) <> 0, 'Contrat de démonstration ' || g,
			       (ARRAY['76111500','82121500','90101500','70111700','76121500','72101500','44121600','43211500','78101800','80101500'])[1 + g % 10],
			       'services', (ARRAY['gre_a_gre','gre_a_gre','invitation','public_call'])[1 + g % 4],
			       500000 + (g * 7919) % 9000000, (date_trunc('year', now()) - interval '1 year')::date + (g * 3 % (current_date - (date_trunc('year', now()) - interval '1 year')::date)),
			       'typed'
			  FROM generate_series(1, 240) AS g`, t.ID).Error
	})
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
