package flows

import (
	"context"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/declarations"
	"maillage/app/opportunities"
	"maillage/tenants"
)

// Interest records an enterprise's interest in a body's opportunity or in a SEAO notice and, when it says
// it is interested, writes the contact to the body's maillage contact log, in one transaction: both or
// neither. For an opportunity the contact is credited to the buyer who published it; for a notice, to the
// body that is its buyer on SEAO (nobody of the body made that contact: no buyer is named). A notice whose
// buyer is not on Maillage is recorded for the enterprise alone.
func (s *Service) Interest(ctx context.Context, v opportunities.Viewer, id uuid.UUID, in opportunities.InterestInput) (opportunities.Interest, error) {
	t, err := s.opps.InterestTarget(ctx, v, id)
	if err != nil {
		return opportunities.Interest{}, err
	}
	var out opportunities.Interest
	write := func(tx *gorm.DB) error {
		if out, err = opportunities.SetInterestTx(ctx, tx, t, v, in); err != nil {
			return err
		}
		if in.Decision != "interested" || t.TenantID == uuid.Nil || (!t.Notice && t.CreatedBy == uuid.Nil) {
			return nil
		}
		c := declarations.Contact{Date: s.now(), Kind: declarations.Interest, EnterpriseName: out.Name, Outcome: t.Title}
		if !t.Notice {
			c.BuyerID = t.CreatedBy.String()
		}
		_, err := s.decl.AddContactTx(ctx, tx, t.TenantID, c)
		return err
	}
	if t.TenantID == uuid.Nil {
		err = s.db.WithContext(ctx).Transaction(write)
	} else {
		err = tenants.Tx(ctx, s.db, t.TenantID, write)
	}
	return out, err
}
