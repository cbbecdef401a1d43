package opportunities

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"gorm.io/gorm"

	"maillage/app/jobs"
)

// JobRematch is the job that matches again the catalogue entries changed since its last run.
const JobRematch = "opportunities.rematch"

// ScheduleRematch enqueues the hourly re-match (one job per hour, whatever the number of workers).
func ScheduleRematch(tx *gorm.DB, now time.Time) error {
	hour := now.UTC().Format("2006-01-02T15")
	return jobs.Enqueue(tx, JobRematch, map[string]string{"hour": hour}, now, "opportunity_rematch:"+hour)
}

// RematchJob is the handler of JobRematch.
func (s *Service) RematchJob() jobs.Handler {
	return func(ctx context.Context, _ json.RawMessage) error {
		_, err := s.RematchEntries(ctx)
		return err
	}
}

// RematchReport says what a re-match did.
type RematchReport struct {
	Entries int `json:"entries"` // catalogue entries changed since the last run (retired ones included)
	Items   int `json:"items"`   // open items they were matched against
	Matches int `json:"matches"` // entry matches written for them (before keeping each item's best)
}

// openItemsSQL reads the items still open to bids: notices active or planned whose tender period has not
// ended, public opportunities open and not past their closing. Closed items keep the matches they had.
const openItemsSQL = `
SELECT to_jsonb(x)::text FROM (
  SELECT n.id, 'notice' AS kind, n.unspsc, CASE WHEN n.region_code IS NULL THEN '{}'::text[] ELSE ARRAY[n.region_code::text] END AS regions,
         n.title || ' ' || n.description AS text
    FROM seao_notices n WHERE n.status IN ('active', 'planned') AND (n.tender_end IS NULL OR n.tender_end > ?)
  UNION ALL
  SELECT o.id, 'opportunity', o.unspsc,
         CASE WHEN cardinality(o.regions) > 0 THEN o.regions::text[] WHEN t.region_code IS NOT NULL THEN ARRAY[t.region_code::text] ELSE '{}'::text[] END,
         o.title || ' ' || o.description
    FROM opportunities o JOIN tenants t ON t.id = o.tenant_id
   WHERE o.visibility = 'public' AND o.status = 'open' AND (o.closes_at IS NULL OR o.closes_at > ?)
) x`

// RematchEntries matches again, against every open item, the catalogue entries changed (products,
// categories, regions served, retired) since the last run: an enterprise that starts selling something,
// or serving a region, appears in the pôles' and buyers' lists of the items still open; one that stops
// leaves them. Items are matched when they are loaded or published; this is the other direction. Each
// item keeps its best EntriesPerItem entries. The watermark (the newest change seen) moves in the same
// transaction as the matches, so a failed run is simply run again.
func (s *Service) RematchEntries(ctx context.Context) (RematchReport, error) {
	var rep RematchReport
	var since time.Time
	if err := s.db.WithContext(ctx).Raw(`SELECT coalesce((SELECT seen_until FROM match_watermarks WHERE name = 'catalogue_entries'), '-infinity')`).
		Row().Scan(&since); err != nil {
		return rep, fmt.Errorf("rematch watermark: %w", err)
	}
	var changed []struct {
		ID        uuid.UUID
		UpdatedAt time.Time
	}
	// updated_at is its transaction's start: a change committed after the last run may carry an older
	// time. Ten minutes of overlap catch it; matching an entry again is harmless.
	if err := s.db.WithContext(ctx).Raw(`SELECT id, updated_at FROM catalogue_entries WHERE updated_at > ?::timestamptz - interval '10 minutes'
		ORDER BY updated_at`, since).
		Scan(&changed).Error; err != nil {
		return rep, fmt.Errorf("rematch entries: %w", err)
	}
	if len(changed) == 0 {
		return rep, nil
	}
	rep.Entries = len(changed)
	until := changed[len(changed)-1].UpdatedAt
	ids := make([]string, len(changed))
	uids := make([]uuid.UUID, len(changed))
	for i, c := range changed {
		ids[i], uids[i] = c.ID.String(), c.ID
	}
	entryIDs, entryIx, err := s.profiles(ctx, `SELECT id::text, array_to_string(unspsc, E'\x1f'), array_to_string(regions_served || region_code, E'\x1f'),
		array_to_string(products, E'\x1f') FROM catalogue_entries
		WHERE status = 'active' AND id IN (SELECT (jsonb_array_elements_text(?::jsonb))::uuid) ORDER BY id`, jsonArray(ids))
	if err != nil {
		return rep, err
	}
	var items []matchItem
	now := s.now()
	if err := s.scanJSON(ctx, s.db.WithContext(ctx).Raw(openItemsSQL, now, now), func(b []byte) error {
		var it matchItem
		if err := json.Unmarshal(b, &it); err != nil {
			return err
		}
		items = append(items, it)
		return nil
	}); err != nil {
		return rep, fmt.Errorf("rematch items: %w", err)
	}
	rep.Items = len(items)
	itemIDs := make([]uuid.UUID, len(items))
	for i, it := range items {
		itemIDs[i] = it.ID
	}
	err = s.withCopy(ctx, func(conn *pgx.Conn) error {
		if _, err := conn.Exec(ctx, `DELETE FROM item_entry_matches WHERE catalogue_entry_id = ANY ($1) AND item_id = ANY ($2)`, uids, itemIDs); err != nil {
			return fmt.Errorf("rematch: %w", err)
		}
		next := entryMatchRows(items, entryIx, entryIDs, &rep.Matches)
		if _, err := conn.CopyFrom(ctx, pgx.Identifier{"item_entry_matches"}, []string{"item_id", "catalogue_entry_id", "score", "reasons"},
			copyFunc(next)); err != nil {
			return fmt.Errorf("rematch: copy: %w", err)
		}
		// Each item keeps its best entries only (the changed ones may push others out).
		if _, err := conn.Exec(ctx, `DELETE FROM item_entry_matches m USING (
				SELECT item_id, catalogue_entry_id, row_number() OVER (PARTITION BY item_id ORDER BY score DESC, catalogue_entry_id) AS rn
				  FROM item_entry_matches WHERE item_id = ANY ($1)) r
			WHERE m.item_id = r.item_id AND m.catalogue_entry_id = r.catalogue_entry_id AND r.rn > $2`, itemIDs, EntriesPerItem); err != nil {
			return fmt.Errorf("rematch: trim: %w", err)
		}
		_, err := conn.Exec(ctx, `INSERT INTO match_watermarks (name, seen_until) VALUES ('catalogue_entries', $1)
			ON CONFLICT (name) DO UPDATE SET seen_until = EXCLUDED.seen_until`, until)
		return err
	})
	if err != nil {
		return RematchReport{}, err
	}
	return rep, nil
}
