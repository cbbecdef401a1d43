package opportunities

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
)

// EntriesPerItem is how many catalogue entries are kept for each item (best first).
const EntriesPerItem = 20

// matchItem is an item as the matcher reads it.
type matchItem struct {
	ID      uuid.UUID `json:"id"`
	Kind    string    `json:"kind"`
	UNSPSC  []string  `json:"unspsc"`
	Regions []string  `json:"regions"`
	Text    string    `json:"text"`
}

// itemsSQL reads notices and opportunities as items. It runs without a tenant or an enterprise, so the
// visibility policies leave only public opportunities: alerts never match what their owner cannot see.
const itemsSQL = `
SELECT to_jsonb(x)::text FROM (
  SELECT n.id, 'notice' AS kind, n.unspsc, CASE WHEN n.region_code IS NULL THEN '{}'::text[] ELSE ARRAY[n.region_code::text] END AS regions,
         n.title || ' ' || n.description AS text
    FROM seao_notices n WHERE n.id IN (SELECT (jsonb_array_elements_text(?::jsonb))::uuid)
  UNION ALL
  SELECT o.id, 'opportunity', o.unspsc,
         CASE WHEN cardinality(o.regions) > 0 THEN o.regions::text[] WHEN t.region_code IS NOT NULL THEN ARRAY[t.region_code::text] ELSE '{}'::text[] END,
         o.title || ' ' || o.description
    FROM opportunities o JOIN tenants t ON t.id = o.tenant_id
   WHERE o.id IN (SELECT (jsonb_array_elements_text(?::jsonb))::uuid) AND o.visibility = 'public' AND o.status <> 'draft'
) x`

// MatchItems matches items (notices or opportunities, by id) against every active alert and every
// active catalogue entry, and keeps the results: each alert's new matches (a changed item is matched
// again; what was already sent in a digest stays sent) and each item's best catalogue entries. It
// returns how many alert matches are new.
func (s *Service) MatchItems(ctx context.Context, ids []uuid.UUID) (int, error) {
	return s.matchItemsFor(ctx, ids, nil)
}

// matchItemsFor is MatchItems; with only set, it matches that one alert and leaves entries alone.
func (s *Service) matchItemsFor(ctx context.Context, ids []uuid.UUID, only *uuid.UUID) (int, error) {
	strs := make([]string, len(ids))
	for i, id := range ids {
		strs[i] = id.String()
	}
	var items []matchItem
	err := s.scanJSON(ctx, s.db.WithContext(ctx).Raw(itemsSQL, jsonArray(strs), jsonArray(strs)), func(b []byte) error {
		var it matchItem
		if err := json.Unmarshal(b, &it); err != nil {
			return err
		}
		items = append(items, it)
		return nil
	})
	if err != nil || len(items) == 0 {
		return 0, err
	}
	alertSQL := `SELECT to_jsonb(x)::text FROM (SELECT id, unspsc, regions::text[] AS regions, keywords AS terms
		FROM subscriptions WHERE active AND (?::uuid IS NULL OR id = ?::uuid) ORDER BY id) x`
	alertIDs, alertIx, err := s.profiles(ctx, alertSQL, only, only)
	if err != nil {
		return 0, err
	}
	entrySQL := `SELECT to_jsonb(x)::text FROM (SELECT id, unspsc,
		(regions_served || region_code)::text[] AS regions, products AS terms
		FROM catalogue_entries WHERE status = 'active' AND ?::boolean ORDER BY id) x`
	entryIDs, entryIx, err := s.profiles(ctx, entrySQL, only == nil)
	if err != nil {
		return 0, err
	}
	w := &matchWriter{db: s.db.WithContext(ctx), now: s.now()}
	for _, it := range items {
		in := Item{UNSPSC: it.UNSPSC, Regions: it.Regions, Text: it.Text}
		for _, h := range alertIx.Match(in) {
			if err := w.alert(alertIDs[h.Profile], it, h); err != nil {
				return 0, err
			}
		}
		if only != nil {
			continue
		}
		if err := w.clearEntries(it.ID); err != nil {
			return 0, err
		}
		for i, h := range entryIx.Match(in) {
			if i == EntriesPerItem {
				break
			}
			if err := w.entry(entryIDs[h.Profile], it, h); err != nil {
				return 0, err
			}
		}
	}
	if err := w.flush(); err != nil {
		return 0, err
	}
	return w.newAlerts, nil
}

// profiles streams profile rows (id, unspsc, regions, terms) into an index, without keeping the rows.
func (s *Service) profiles(ctx context.Context, q string, args ...any) ([]uuid.UUID, *Index, error) {
	var ids []uuid.UUID
	var ps []Profile
	err := s.scanJSON(ctx, s.db.WithContext(ctx).Raw(q, args...), func(b []byte) error {
		var r struct {
			ID      uuid.UUID `json:"id"`
			UNSPSC  []string  `json:"unspsc"`
			Regions []string  `json:"regions"`
			Terms   []string  `json:"terms"`
		}
		if err := json.Unmarshal(b, &r); err != nil {
			return err
		}
		ids = append(ids, r.ID)
		ps = append(ps, Profile{UNSPSC: r.UNSPSC, Regions: r.Regions, Terms: r.Terms})
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return ids, NewIndex(ps), nil
}

// scanJSON runs a query whose rows are one JSON text each and hands them to fn one at a time.
func (s *Service) scanJSON(ctx context.Context, q *gorm.DB, fn func([]byte) error) error {
	rows, err := q.Rows()
	if err != nil {
		return fmt.Errorf("query: %w", err)
	}
	defer rows.Close()
	var b sql.RawBytes
	for rows.Next() {
		if err := rows.Scan(&b); err != nil {
			return fmt.Errorf("scan: %w", err)
		}
		if err := fn(b); err != nil {
			return err
		}
	}
	return rows.Err()
}

// matchWriter batches match rows (a few thousand per statement).
type matchWriter struct {
	db        *gorm.DB
	now       time.Time
	alerts    []map[string]any
	entries   []map[string]any
	clear     []string
	newAlerts int
}

const matchBatch = 2000

func (w *matchWriter) alert(sub uuid.UUID, it matchItem, h Hit) error {
	w.alerts = append(w.alerts, map[string]any{"s": sub, "i": it.ID, "k": it.Kind, "sc": h.Score, "r": h.Reasons})
	if len(w.alerts) >= matchBatch {
		return w.flushAlerts()
	}
	return nil
}

func (w *matchWriter) clearEntries(item uuid.UUID) error {
	w.clear = append(w.clear, item.String())
	return nil
}

func (w *matchWriter) entry(entry uuid.UUID, it matchItem, h Hit) error {
	w.entries = append(w.entries, map[string]any{"e": entry, "i": it.ID, "sc": h.Score, "r": h.Reasons})
	if len(w.entries) >= matchBatch {
		return w.flushEntries()
	}
	return nil
}

func (w *matchWriter) flush() error {
	if err := w.flushAlerts(); err != nil {
		return err
	}
	return w.flushEntries()
}

func (w *matchWriter) flushAlerts() error {
	if len(w.alerts) == 0 {
		return nil
	}
	b, err := json.Marshal(w.alerts)
	if err != nil {
		return err
	}
	var inserted int64
	err = w.db.Raw(`WITH ins AS (
		INSERT INTO alert_matches (subscription_id, item_id, item_kind, score, reasons, matched_at)
		SELECT s, i, k, sc, r, ? FROM jsonb_to_recordset(?::jsonb) AS x(s uuid, i uuid, k text, sc int, r jsonb)
		ON CONFLICT (subscription_id, item_id) DO UPDATE SET score = EXCLUDED.score, reasons = EXCLUDED.reasons
		RETURNING (xmax = 0) AS inserted)
		SELECT count(*) FILTER (WHERE inserted) FROM ins`, w.now, string(b)).Scan(&inserted).Error
	if err != nil {
		return fmt.Errorf("alert matches: %w", err)
	}
	w.newAlerts += int(inserted)
	w.alerts = w.alerts[:0]
	return nil
}

func (w *matchWriter) flushEntries() error {
	if len(w.clear) > 0 {
		if err := w.db.Exec(`DELETE FROM item_entry_matches WHERE item_id IN (SELECT (jsonb_array_elements_text(?::jsonb))::uuid)`,
			jsonArray(w.clear)).Error; err != nil {
			return fmt.Errorf("entry matches: %w", err)
		}
		w.clear = w.clear[:0]
	}
	if len(w.entries) == 0 {
		return nil
	}
	b, err := json.Marshal(w.entries)
	if err != nil {
		return err
	}
	if err := w.db.Exec(`INSERT INTO item_entry_matches (item_id, catalogue_entry_id, score, reasons)
		SELECT i, e, sc, r FROM jsonb_to_recordset(?::jsonb) AS x(e uuid, i uuid, sc int, r jsonb)
		ON CONFLICT (item_id, catalogue_entry_id) DO UPDATE SET score = EXCLUDED.score, reasons = EXCLUDED.reasons`, string(b)).Error; err != nil {
		return fmt.Errorf("entry matches: %w", err)
	}
	w.entries = w.entries[:0]
	return nil
}
