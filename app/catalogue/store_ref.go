package catalogue

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// Sectors returns the steward-managed sector list in display order, retired ones left out.
func (s *Store) Sectors(ctx context.Context) ([]Sector, error) {
	var out []Sector
	err := s.db.WithContext(ctx).Raw(`SELECT code, name_fr, name_en FROM catalogue_sectors WHERE NOT retired ORDER BY position, code`).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("load sectors: %w", err)
	}
	return out, nil
}

// BulkInsert loads many entries at once (demo data, benchmarks), in batches of one
// statement each, without history: they are new and nobody edited them.
func (s *Store) BulkInsert(ctx context.Context, es []Entry) error {
	now := time.Now().UTC()
	const batch = 2000
	for i := 0; i < len(es); i += batch {
		rows := make([]dbRow, 0, batch)
		for _, e := range es[i:min(i+batch, len(es))] {
			rows = append(rows, toRow(e, 1, now))
		}
		doc, err := json.Marshal(rows)
		if err != nil {
			return err
		}
		err = s.db.WithContext(ctx).Exec(`INSERT INTO catalogue_entries SELECT * FROM jsonb_populate_recordset(NULL::catalogue_entries, ?::jsonb)
			ON CONFLICT (id) DO NOTHING`, string(doc)).Error
		if err != nil {
			return fmt.Errorf("bulk insert catalogue entries %d-%d: %w", i, i+len(rows), mapWriteError(err))
		}
	}
	return nil
}
