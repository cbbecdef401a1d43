package accounts

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/audit"
	"maillage/app/errs"
	"maillage/tenants"
)

// Store reads and writes users and role assignments.
type Store struct{ db *gorm.DB }

// NewStore returns a Store on db (the app role's pool).
func NewStore(db *gorm.DB) *Store { return &Store{db: db} }

// UserByID loads a user.
func (s *Store) UserByID(ctx context.Context, id uuid.UUID) (User, error) {
	var u User
	res := s.db.WithContext(ctx).Where("id = ?", id).Limit(1).Find(&u)
	if res.Error != nil {
		return User{}, fmt.Errorf("load user %s: %w", id, res.Error)
	}
	if res.RowsAffected == 0 {
		return User{}, errs.E(errs.NotFound, "errors.not_found")
	}
	return u, nil
}

// EnsureUserByEmail returns the user known by e-mail, creating an unbound one (no issuer yet) when there is
// none. A user already bound to an identity with that e-mail is reused.
func (s *Store) EnsureUserByEmail(ctx context.Context, tx *gorm.DB, email string) (User, error) {
	email = NormalizeEmail(email)
	if !validEmail(email) {
		return User{}, (&errs.Validation{}).ErrWith("email", "accounts.email_invalid", nil)
	}
	var u User
	res := tx.Where("email = ?", email).Order("issuer NULLS FIRST, created_at").Limit(1).Find(&u)
	if res.Error != nil {
		return User{}, fmt.Errorf("find user %s: %w", email, res.Error)
	}
	if res.RowsAffected > 0 {
		return u, nil
	}
	u = User{ID: uuid.New(), Email: email, Locale: "fr"}
	if err := tx.Omit("Issuer", "Subject", "LastLoginAt", "CreatedAt").Create(&u).Error; err != nil {
		return User{}, fmt.Errorf("create user %s: %w", email, err)
	}
	return u, nil
}

// GrantTenantRole gives a user (found or created by e-mail) a role in a tenant, audited.
func (s *Store) GrantTenantRole(ctx context.Context, tenantID uuid.UUID, email, role string) (User, error) {
	if !IsTenantRole(role) {
		return User{}, (&errs.Validation{}).ErrWith("role", "accounts.role_invalid", map[string]any{"Role": role})
	}
	var u User
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var err error
		u, err = s.EnsureUserByEmail(ctx, tx, email)
		return err
	})
	if err != nil {
		return User{}, err
	}
	err = tenants.Tx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		_, err := s.GrantTenantRoleTx(ctx, tx, tenantID, u.Email, role)
		return err
	})
	if err != nil {
		return User{}, fmt.Errorf("grant %s to %s: %w", role, email, err)
	}
	return u, nil
}

// GrantTenantRoleTx is GrantTenantRole inside the caller's tenant transaction of tenantID (the user is
// created unbound when unknown, and bound at first login as usual).
func (s *Store) GrantTenantRoleTx(ctx context.Context, tx *gorm.DB, tenantID uuid.UUID, email, role string) (User, error) {
	if !IsTenantRole(role) {
		return User{}, (&errs.Validation{}).ErrWith("role", "accounts.role_invalid", map[string]any{"Role": role})
	}
	u, err := s.EnsureUserByEmail(ctx, tx, email)
	if err != nil {
		return User{}, err
	}
	res := tx.Exec(`INSERT INTO memberships (tenant_id, user_id, role) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`, tenantID, u.ID, role)
	if res.Error != nil {
		return User{}, res.Error
	}
	if res.RowsAffected == 0 {
		return u, nil // already granted: nothing to audit
	}
	return u, audit.Tenant(ctx, tx, tenantID, audit.Entry{Action: "member.grant", ObjectType: "user", ObjectID: u.ID.String(),
		After: map[string]string{"email": u.Email, "role": role}})
}

// RevokeTenantRole removes a role (or every role when role is "") of a user in a tenant, audited.
func (s *Store) RevokeTenantRole(ctx context.Context, tenantID uuid.UUID, email, role string) error {
	if role != "" && !IsTenantRole(role) {
		return (&errs.Validation{}).ErrWith("role", "accounts.role_invalid", map[string]any{"Role": role})
	}
	return tenants.Tx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		var ids []uuid.UUID
		if err := tx.Raw(`SELECT id FROM users WHERE email = ?`, NormalizeEmail(email)).Scan(&ids).Error; err != nil {
			return err
		}
		q := tx.Where("tenant_id = ? AND user_id IN ?", tenantID, ids)
		if role != "" {
			q = q.Where("role = ?", role)
		}
		res := q.Table("memberships").Delete(nil)
		if res.Error != nil {
			return fmt.Errorf("revoke %s from %s: %w", role, email, res.Error)
		}
		if res.RowsAffected == 0 {
			return errs.E(errs.NotFound, "accounts.membership_not_found")
		}
		return audit.Tenant(ctx, tx, tenantID, audit.Entry{Action: "member.revoke", ObjectType: "user", ObjectID: NormalizeEmail(email),
			Before: map[string]string{"email": NormalizeEmail(email), "role": role}})
	})
}

// GrantPlatformRole gives a user (found or created by e-mail) a platform role, audited. regions limits a
// catalogue steward to some regions (empty: all).
func (s *Store) GrantPlatformRole(ctx context.Context, email, role string, regions []string) (User, error) {
	if !IsPlatformRole(role) {
		return User{}, (&errs.Validation{}).ErrWith("role", "accounts.role_invalid", map[string]any{"Role": role})
	}
	if regions == nil {
		regions = []string{}
	}
	var u User
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var err error
		if u, err = s.EnsureUserByEmail(ctx, tx, email); err != nil {
			return err
		}
		if err := tx.Exec(`INSERT INTO platform_roles (user_id, role, regions) VALUES (?, ?, ?::char(2)[])
			ON CONFLICT (user_id, role) DO UPDATE SET regions = EXCLUDED.regions`, u.ID, role, pgArray(regions)).Error; err != nil {
			return err
		}
		return audit.Platform(ctx, tx, audit.Entry{Action: "platform_role.grant", ObjectType: "user", ObjectID: u.ID.String(),
			After: map[string]any{"email": u.Email, "role": role, "regions": regions}})
	})
	if err != nil {
		return User{}, fmt.Errorf("grant %s to %s: %w", role, email, err)
	}
	return u, nil
}

// RevokePlatformRole removes a platform role, audited.
func (s *Store) RevokePlatformRole(ctx context.Context, email, role string) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Exec(`DELETE FROM platform_roles WHERE role = ? AND user_id IN (SELECT id FROM users WHERE email = ?)`, role, NormalizeEmail(email))
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return errs.E(errs.NotFound, "accounts.membership_not_found")
		}
		return audit.Platform(ctx, tx, audit.Entry{Action: "platform_role.revoke", ObjectType: "user", ObjectID: NormalizeEmail(email),
			Before: map[string]string{"role": role}})
	})
}

// Memberships lists the tenants and roles of a user across tenants: the one sanctioned cross-tenant read,
// allowed by the own_memberships policy for the transaction that names the user.
func (s *Store) Memberships(ctx context.Context, userID uuid.UUID) ([]Membership, error) {
	var ms []Membership
	err := tenants.AsUser(ctx, s.db, userID, func(tx *gorm.DB) error {
		return tx.Raw(`SELECT m.tenant_id, t.slug, t.name, m.role FROM memberships m JOIN tenants t ON t.id = m.tenant_id
			WHERE m.user_id = ? AND t.status <> 'closed' ORDER BY t.name, m.role`, userID).Scan(&ms).Error
	})
	if err != nil {
		return nil, fmt.Errorf("memberships of %s: %w", userID, err)
	}
	return ms, nil
}

// PlatformRolesOf lists a user's platform roles.
func (s *Store) PlatformRolesOf(ctx context.Context, userID uuid.UUID) ([]PlatformRole, error) {
	var rows []struct {
		Role    string
		Regions string
	}
	if err := s.db.WithContext(ctx).Raw(`SELECT role, array_to_string(regions, ',') AS regions FROM platform_roles WHERE user_id = ? ORDER BY role`, userID).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("platform roles of %s: %w", userID, err)
	}
	out := make([]PlatformRole, 0, len(rows))
	for _, r := range rows {
		out = append(out, PlatformRole{Role: r.Role, Regions: splitNonEmpty(r.Regions)})
	}
	return out, nil
}

// TenantRolesOf lists the roles of a user in one tenant (inside that tenant's transaction).
func (s *Store) TenantRolesOf(ctx context.Context, tenantID, userID uuid.UUID) ([]string, error) {
	var roles []string
	err := tenants.Tx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		return tx.Raw(`SELECT role FROM memberships WHERE tenant_id = ? AND user_id = ? ORDER BY role`, tenantID, userID).Scan(&roles).Error
	})
	if err != nil {
		return nil, fmt.Errorf("roles of %s: %w", userID, err)
	}
	return roles, nil
}

// SetNameIfEmpty records a user's display name (from their identity provider or the demo data)
// when none is known yet; a name the user already has is kept.
func (s *Store) SetNameIfEmpty(ctx context.Context, userID uuid.UUID, name string) error {
	if name == "" {
		return nil
	}
	if err := s.db.WithContext(ctx).Exec(`UPDATE users SET name = ? WHERE id = ? AND name = ''`, name, userID).Error; err != nil {
		return fmt.Errorf("name user %s: %w", userID, err)
	}
	return nil
}
