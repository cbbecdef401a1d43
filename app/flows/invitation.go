package flows

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/accounts"
	"maillage/app/mail"
	"maillage/tenants"
)

// InvitationMail writes the e-mail that tells an invited person where to log in, once the
// person is known (their language and name decide its wording).
type InvitationMail func(accounts.User) (mail.Message, error)

// InviteMember grants a role in a body to the person with this e-mail address (creating the
// pending user when new) and queues the invitation e-mail, in one tenant transaction: the grant
// is never kept without its e-mail, nor the e-mail sent for a grant that failed.
func (s *Service) InviteMember(ctx context.Context, tenantID uuid.UUID, email, role string, invitation InvitationMail) (accounts.User, error) {
	var u accounts.User
	err := tenants.Tx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		var err error
		if u, err = s.accounts.GrantTenantRoleTx(ctx, tx, tenantID, email, role); err != nil {
			return err
		}
		m, err := invitation(u)
		if err != nil {
			return fmt.Errorf("invitation of %s: %w", u.Email, err)
		}
		return mail.Enqueue(tx, m)
	})
	if err != nil {
		return accounts.User{}, err
	}
	return u, nil
}
