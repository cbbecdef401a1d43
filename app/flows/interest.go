package flows

import (
	"context"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/declarations"
	"maillage/app/opportunities"
	"maillage/tenants"
)

// Interest records an enterprise's interest in a body's opportunity and, when it says it is
// interested, writes the contact to the body's maillage contact log (credited to the buyer who
// published the opportunity), in one tenant transaction: both or neither.
func (s *Service) Interest(ctx context.Context, v opportunities.Viewer, id uuid.UUID, in opportunities.InterestInput) (opportunities.Interest, error) {
	t, err := s.opps.InterestTarget(ctx, v, id)
	if err != nil {
		return opportunities.Interest{}, err
	}
	var out opportunities.Interest
	err = tenants.Tx(ctx, s.db, t.TenantID, func(tx *gorm.DB) error {
		if out, err = opportunities.SetInterestTx(ctx, tx, t, v, in); err != nil {
			return err
		}
		if in.Decision != "interested" || t.CreatedBy == uuid.Nil {
			return nil
		}
		_, err := s.decl.AddContactTx(ctx, tx, t.TenantID, declarations.Contact{Date: s.now(), Kind: declarations.Interest,
			BuyerID: t.CreatedBy.String(), EnterpriseName: out.Name, Outcome: t.Title})
		return err
	})
	return out, err
}
