package contracts

import (
	"context"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/tenants"
)

// SeedDemo fills a body's contracts with two years of plausible demo contracts up to today (30
// suppliers, a third of them collective), once: a body that has contracts is left alone.
func (s *Store) SeedDemo(ctx context.Context, tenantID uuid.UUID) error {
	return tenants.Tx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Raw(`SELECT count(*) FROM contracts WHERE tenant_id = ?`, tenantID).Scan(&n).Error; err != nil || n > 0 {
			return err
		}
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
			  FROM generate_series(1, 240) AS g`, tenantID).Error
	})
}
