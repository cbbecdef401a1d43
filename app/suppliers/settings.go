package suppliers

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/audit"
	"maillage/app/errs"
	"maillage/tenants"
)

// RegisterSettings are a body's choices about its register.
type RegisterSettings struct {
	// PullStatus is the status of an enterprise pulled from the shared catalogue: "approved" (straight into
	// the register) or "invited" (asked to apply first).
	PullStatus string `json:"pull_status"`
}

// defaultPullStatus applies until a body saves its own settings.
const defaultPullStatus = string(StateApproved)

// Settings returns the body's register settings (the defaults when it never saved any).
func (s *Store) Settings(ctx context.Context, tenantID uuid.UUID) (RegisterSettings, error) {
	out := RegisterSettings{PullStatus: defaultPullStatus}
	err := tenants.ReadTx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		return tx.Raw(`SELECT pull_status FROM register_settings WHERE tenant_id = ?`, tenantID).Scan(&out.PullStatus).Error
	})
	if err != nil {
		return RegisterSettings{}, fmt.Errorf("register settings: %w", err)
	}
	return out, nil
}

// SaveSettings validates and stores the body's register settings, audited with before and after.
func (s *Store) SaveSettings(ctx context.Context, tenantID uuid.UUID, in RegisterSettings) (RegisterSettings, error) {
	if in.PullStatus != string(StateApproved) && in.PullStatus != string(StateInvited) {
		return RegisterSettings{}, (&errs.Validation{}).ErrWith("pull_status", "suppliers.settings.pull_status_invalid", nil)
	}
	before, err := s.Settings(ctx, tenantID)
	if err != nil {
		return RegisterSettings{}, err
	}
	err = tenants.Tx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		if err := tx.Exec(`INSERT INTO register_settings (tenant_id, pull_status, updated_at) VALUES (?, ?, now())
			ON CONFLICT (tenant_id) DO UPDATE SET pull_status = EXCLUDED.pull_status, updated_at = now()`, tenantID, in.PullStatus).Error; err != nil {
			return err
		}
		return audit.Tenant(ctx, tx, tenantID, audit.Entry{Action: "register.settings", ObjectType: "register_settings",
			ObjectID: tenantID.String(), Before: before, After: in})
	})
	if err != nil {
		return RegisterSettings{}, fmt.Errorf("save register settings: %w", err)
	}
	return in, nil
}
