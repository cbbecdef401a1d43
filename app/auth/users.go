package auth

import (
	"context"
	"fmt"

	"maillage/app/errs"
)

// UserDirectory is the part of the user store the login needs; the web adapter backs it with
// the foundation's users table.
type UserDirectory interface {
	// UserByIdentity finds the user bound to (issuer, subject).
	UserByIdentity(ctx context.Context, issuer, subject string) (userID string, found bool, err error)
	// PendingUserByEmail finds a user pre-granted by email and not yet bound to any identity.
	PendingUserByEmail(ctx context.Context, email string) (userID string, found bool, err error)
	// BindIdentity binds a pending user to (issuer, subject); it fails with errs.Conflict when
	// the user was bound meanwhile.
	BindIdentity(ctx context.Context, userID, issuer, subject string) error
	// CreateUser creates a user for a new identity (self sign-up on the platform issuer).
	CreateUser(ctx context.Context, id Identity) (userID string, err error)
}

// Resolution says how a login found its user.
type Resolution struct {
	UserID  string
	Bound   bool // a pre-granted user was bound to this identity now
	Created bool // a new user was created
}

// ResolveUser finds the user of a verified identity. The key is (issuer, subject), never the
// email alone: an email is bound to an identity only when the provider vouches for it
// (email_verified), because any provider lets a person type any address. allowSignup lets a
// new identity create a user (the platform issuer, for enterprises); otherwise it is refused.
func ResolveUser(ctx context.Context, dir UserDirectory, id Identity, allowSignup bool) (Resolution, error) {
	userID, found, err := dir.UserByIdentity(ctx, id.Issuer, id.Subject)
	if err != nil {
		return Resolution{}, fmt.Errorf("find user by identity: %w", err)
	}
	if found {
		return Resolution{UserID: userID}, nil
	}
	if id.Email != "" {
		userID, found, err = dir.PendingUserByEmail(ctx, id.Email)
		if err != nil {
			return Resolution{}, fmt.Errorf("find pending user by email: %w", err)
		}
		if found {
			if !id.EmailVerified {
				return Resolution{}, errs.E(errs.Forbidden, KeyEmailUnverified).With(map[string]any{"Email": id.Email})
			}
			if err := dir.BindIdentity(ctx, userID, id.Issuer, id.Subject); err != nil {
				return Resolution{}, fmt.Errorf("bind user %s: %w", userID, err)
			}
			return Resolution{UserID: userID, Bound: true}, nil
		}
	}
	if !allowSignup {
		return Resolution{}, errs.E(errs.Forbidden, KeyNoAccount)
	}
	if id.Email == "" || !id.EmailVerified {
		// A new account is reached by e-mail (invitations, notices): it needs a vouched address.
		return Resolution{}, errs.E(errs.Forbidden, KeyEmailRequired)
	}
	userID, err = dir.CreateUser(ctx, id)
	if err != nil {
		return Resolution{}, fmt.Errorf("create user: %w", err)
	}
	return Resolution{UserID: userID, Created: true}, nil
}
