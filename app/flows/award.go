package flows

import (
	"context"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/contracts"
	"maillage/app/opportunities"
	"maillage/tenants"
)

// Award records the contract an opportunity led to and marks the opportunity awarded, in one tenant
// transaction: the contract then counts in the declaration's progress like any other.
func (s *Service) Award(ctx context.Context, tenantID, oppID uuid.UUID, in contracts.Input) (uuid.UUID, error) {
	var id uuid.UUID
	err := tenants.Tx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		var err error
		if id, err = s.contracts.CreateTx(ctx, tx, tenantID, in); err != nil {
			return err
		}
		return opportunities.AwardTx(ctx, tx, tenantID, oppID, id)
	})
	return id, err
}
