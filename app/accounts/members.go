package accounts

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/audit"
	"maillage/app/errs"
	"maillage/tenants"
)

// Member is one person with at least one role in a tenant (the tenant admin's members page).
type Member struct {
	UserID      uuid.UUID  `json:"user_id"`
	Email       string     `json:"email"`
	Name        string     `json:"name"`
	Roles       []string   `json:"roles"`
	FromIdP     bool       `json:"from_idp"` // some role came from the tenant's identity provider
	Invited     bool       `json:"invited"`  // granted by e-mail, never logged in yet
	LastLoginAt *time.Time `json:"last_login_at,omitempty"`
}

// Members lists a tenant's members by e-mail.
func (s *Store) Members(ctx context.Context, tenantID uuid.UUID) ([]Member, error) {
	var rows []struct {
		UserID      uuid.UUID
		Email       string
		Name        string
		Roles       string
		Sources     string
		Bound       bool
		LastLoginAt *time.Time
	}
	err := tenants.ReadTx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		return tx.Raw(`SELECT u.id AS user_id, u.email, u.name, string_agg(m.role, ',' ORDER BY m.role) AS roles,
			string_agg(m.source, ',') AS sources, u.issuer IS NOT NULL AS bound, u.last_login_at
			FROM memberships m JOIN users u ON u.id = m.user_id
			WHERE m.tenant_id = ? GROUP BY u.id ORDER BY NULLIF(u.name, ''), u.email`, tenantID).Scan(&rows).Error
	})
	if err != nil {
		return nil, fmt.Errorf("list members: %w", err)
	}
	out := make([]Member, 0, len(rows))
	for _, r := range rows {
		out = append(out, Member{UserID: r.UserID, Email: r.Email, Name: r.Name, Roles: strings.Split(r.Roles, ","),
			FromIdP: strings.Contains(r.Sources, "idp"), Invited: !r.Bound, LastLoginAt: r.LastLoginAt})
	}
	return out, nil
}

func (s *Store) memberRoles(tx *gorm.DB, tenantID, userID uuid.UUID) ([]string, error) {
	var roles []string
	err := tx.Raw(`SELECT role FROM memberships WHERE tenant_id = ? AND user_id = ? ORDER BY role`, tenantID, userID).Scan(&roles).Error
	return roles, err
}

// SetMemberRole gives a member exactly one role in the tenant (the admin's "change role"), audited
// with the roles before and after. A user with no role here is NotFound (another tenant's user too).
func (s *Store) SetMemberRole(ctx context.Context, tenantID, userID uuid.UUID, role string) error {
	if !IsTenantRole(role) {
		return (&errs.Validation{}).ErrWith("role", "accounts.role_invalid", map[string]any{"Role": role})
	}
	return tenants.Tx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		before, err := s.memberRoles(tx, tenantID, userID)
		if err != nil {
			return err
		}
		if len(before) == 0 {
			return errs.E(errs.NotFound, "errors.not_found")
		}
		if slices.Equal(before, []string{role}) {
			return nil
		}
		if err := tx.Exec(`DELETE FROM memberships WHERE tenant_id = ? AND user_id = ? AND role <> ?`, tenantID, userID, role).Error; err != nil {
			return err
		}
		if err := tx.Exec(`INSERT INTO memberships (tenant_id, user_id, role) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`, tenantID, userID, role).Error; err != nil {
			return err
		}
		if err := keepAnAdmin(tx, tenantID); err != nil {
			return err
		}
		return audit.Tenant(ctx, tx, tenantID, audit.Entry{Action: "member.role", ObjectType: "user", ObjectID: userID.String(),
			Before: map[string]any{"roles": before}, After: map[string]any{"roles": []string{role}}})
	})
}

// RemoveMember withdraws every role of a user in the tenant, audited. The user's sessions stay
// (they may belong to other tenants), but roles are read on every request, so access ends now.
func (s *Store) RemoveMember(ctx context.Context, tenantID, userID uuid.UUID) error {
	return tenants.Tx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		before, err := s.memberRoles(tx, tenantID, userID)
		if err != nil {
			return err
		}
		if len(before) == 0 {
			return errs.E(errs.NotFound, "errors.not_found")
		}
		if err := tx.Exec(`DELETE FROM memberships WHERE tenant_id = ? AND user_id = ?`, tenantID, userID).Error; err != nil {
			return err
		}
		if err := keepAnAdmin(tx, tenantID); err != nil {
			return err
		}
		return audit.Tenant(ctx, tx, tenantID, audit.Entry{Action: "member.remove", ObjectType: "user", ObjectID: userID.String(),
			Before: map[string]any{"roles": before}})
	})
}

// keepAnAdmin refuses a change that leaves the tenant without a tenant_admin (nobody could then
// manage its members); the transaction rolls back.
func keepAnAdmin(tx *gorm.DB, tenantID uuid.UUID) error {
	var n int64
	if err := tx.Raw(`SELECT count(*) FROM memberships WHERE tenant_id = ? AND role = 'tenant_admin'`, tenantID).Scan(&n).Error; err != nil {
		return err
	}
	if n == 0 {
		return errs.E(errs.Conflict, "accounts.last_admin")
	}
	return nil
}
