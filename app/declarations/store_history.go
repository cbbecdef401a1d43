package declarations

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/tenants"
)

// VersionInfo is one stored version of an adopted declaration.
type VersionInfo struct {
	Version     int         `json:"version"`
	ChangedAt   time.Time   `json:"changed_at"`
	Declaration Declaration `json:"declaration"`
}

// History returns the stored versions (oldest first) and every target change after adoption.
func (s *Store) History(ctx context.Context, tenantID uuid.UUID, id string) ([]VersionInfo, []TargetChange, error) {
	uid, err := parseID(id)
	if err != nil {
		return nil, nil, err
	}
	var versions []VersionInfo
	var changes []TargetChange
	err = tenants.ReadTx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Raw(`SELECT count(*) FROM declarations WHERE tenant_id = ? AND id = ?`, tenantID, uid).Scan(&n).Error; err != nil {
			return err
		}
		if n == 0 {
			return notFound
		}
		var vs []struct {
			Version   int
			ChangedAt time.Time
			Snapshot  []byte
		}
		if err := tx.Raw(`SELECT version, changed_at, snapshot FROM declaration_versions
			WHERE tenant_id = ? AND declaration_id = ? ORDER BY version`, tenantID, uid).Scan(&vs).Error; err != nil {
			return err
		}
		for _, v := range vs {
			vi := VersionInfo{Version: v.Version, ChangedAt: v.ChangedAt}
			if err := json.Unmarshal(v.Snapshot, &vi.Declaration); err != nil {
				return fmt.Errorf("version %d: %w", v.Version, err)
			}
			versions = append(versions, vi)
		}
		var hs []struct {
			Key       string
			Version   int
			Kind      string
			OldValue  *int64
			NewValue  *int64
			ChangedAt time.Time
		}
		if err := tx.Raw(`SELECT key, version, kind, old_value, new_value, changed_at FROM declaration_target_history
			WHERE tenant_id = ? AND declaration_id = ? ORDER BY version, key`, tenantID, uid).Scan(&hs).Error; err != nil {
			return err
		}
		for _, h := range hs {
			c := TargetChange{Key: h.Key, Kind: TargetKind(h.Kind), Version: h.Version, At: h.ChangedAt,
				Added: h.OldValue == nil, Removed: h.NewValue == nil}
			if h.OldValue != nil {
				c.Old = *h.OldValue
			}
			if h.NewValue != nil {
				c.New = *h.NewValue
			}
			changes = append(changes, c)
		}
		return nil
	})
	return versions, changes, err
}
