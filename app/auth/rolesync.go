package auth

import (
	"context"
	"fmt"
	"slices"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/audit"
	"maillage/tenants"
)

// SyncIdPRoles is the package's SyncIdPRoles on the directory's pool.
func (u *PGUsers) SyncIdPRoles(ctx context.Context, tenantID, userID uuid.UUID, roles []string) error {
	return SyncIdPRoles(ctx, u.db, tenantID, userID, roles)
}

// SyncIdPRoles makes the roles a person holds in a tenant *through its provider* (memberships with
// source 'idp') equal to roles, the roles its claim→role rules granted at this login: a person
// removed from the group loses the role at the next login. Roles granted by an admin (source
// 'manual') are never touched. A change is audited.
func SyncIdPRoles(ctx context.Context, db *gorm.DB, tenantID, userID uuid.UUID, roles []string) error {
	return tenants.Tx(ctx, db, tenantID, func(tx *gorm.DB) error {
		var current []struct {
			Role   string
			Source string
		}
		if err := tx.Raw(`SELECT role, source FROM memberships WHERE tenant_id = ? AND user_id = ? ORDER BY role`,
			tenantID, userID).Scan(&current).Error; err != nil {
			return fmt.Errorf("load memberships: %w", err)
		}
		var before, after []string
		held := map[string]string{}
		for _, m := range current {
			held[m.Role] = m.Source
			before = append(before, m.Role)
		}
		changed := false
		for role, src := range held {
			if src == "idp" && !slices.Contains(roles, role) {
				if err := tx.Exec(`DELETE FROM memberships WHERE tenant_id = ? AND user_id = ? AND role = ? AND source = 'idp'`,
					tenantID, userID, role).Error; err != nil {
					return fmt.Errorf("withdraw role %s: %w", role, err)
				}
				delete(held, role)
				changed = true
			}
		}
		for _, role := range roles {
			if _, ok := held[role]; ok || !IsTenantRole(role) {
				continue
			}
			if err := tx.Exec(`INSERT INTO memberships (tenant_id, user_id, role, source) VALUES (?, ?, ?, 'idp') ON CONFLICT DO NOTHING`,
				tenantID, userID, role).Error; err != nil {
				return fmt.Errorf("grant role %s: %w", role, err)
			}
			held[role] = "idp"
			changed = true
		}
		if !changed {
			return nil
		}
		for role := range held {
			after = append(after, role)
		}
		slices.Sort(after)
		return audit.Tenant(ctx, tx, tenantID, audit.Entry{Action: "member.idp_sync", ObjectType: "member",
			ObjectID: userID.String(), Before: map[string]any{"roles": before}, After: map[string]any{"roles": after}})
	})
}
