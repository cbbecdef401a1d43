package opportunities

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
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
	items = uniqueItems(items)
	endAlerts := s.phase("match: read alerts")
	alertSQL := `SELECT id::text, array_to_string(unspsc, E'\x1f'), array_to_string(regions, E'\x1f'), array_to_string(keywords, E'\x1f')
		FROM subscriptions WHERE active AND (?::uuid IS NULL OR id = ?::uuid) ORDER BY id`
	alertIDs, alertIx, err := s.profiles(ctx, alertSQL, only, only)
	if err != nil {
		return 0, err
	}
	endAlerts()
	endEntries := s.phase("match: read catalogue entries")
	entrySQL := `SELECT id::text, array_to_string(unspsc, E'\x1f'), array_to_string(regions_served || region_code, E'\x1f'),
		array_to_string(products, E'\x1f') FROM catalogue_entries WHERE status = 'active' AND ?::boolean ORDER BY id`
	entryIDs, entryIx, err := s.profiles(ctx, entrySQL, only == nil)
	if err != nil {
		return 0, err
	}
	endEntries()
	defer s.phase("match: match and write")()
	// Rows stream straight from the matcher into COPY (one item's hits at a time), so memory does not grow
	// with the number of matches; then one statement merges them.
	newAlerts, now := 0, s.now()
	err = s.withCopy(ctx, func(conn *pgx.Conn) error {
		next := hitRows(items, alertIx.Match, func(it matchItem, h Hit, reasons string) []any {
			return []any{alertIDs[h.Profile], it.ID, it.Kind, int32(h.Score), reasons, now}
		})
		itemIDs := make([]uuid.UUID, len(items))
		for i, it := range items {
			itemIDs[i] = it.ID
		}
		// Items never matched before (a week's new notices, a new opportunity) take their matches straight
		// into alert_matches; only items matched before need the merge that keeps what was already sent.
		var seen bool
		if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM alert_matches WHERE item_id = ANY ($1))`, itemIDs).Scan(&seen); err != nil {
			return fmt.Errorf("alert matches: %w", err)
		}
		if !seen {
			n, err := conn.CopyFrom(ctx, pgx.Identifier{"alert_matches"},
				[]string{"subscription_id", "item_id", "item_kind", "score", "reasons", "matched_at"}, copyFunc(next))
			if err != nil {
				return fmt.Errorf("copy alert matches: %w", err)
			}
			newAlerts = int(n)
		} else if err := mergeAlertMatches(ctx, conn, next, now, &newAlerts); err != nil {
			return err
		}
		if only != nil {
			return nil
		}
		// The best catalogue entries of each item.
		nextEntry := entryMatchRows(items, entryIx, entryIDs, nil)
		if _, err := conn.Exec(ctx, `DELETE FROM item_entry_matches WHERE item_id = ANY ($1)`, itemIDs); err != nil {
			return fmt.Errorf("entry matches: %w", err)
		}
		if _, err := conn.CopyFrom(ctx, pgx.Identifier{"item_entry_matches"}, []string{"item_id", "catalogue_entry_id", "score", "reasons"},
			copyFunc(nextEntry)); err != nil {
			return fmt.Errorf("copy entry matches: %w", err)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return newAlerts, nil
}

// mergeAlertMatches writes the matches of items matched before: through a temporary table, merged so
// that a match already sent in a digest stays sent (its score and reasons are refreshed). It counts the
// matches that are new.
func mergeAlertMatches(ctx context.Context, conn *pgx.Conn, next func() ([]any, error), now time.Time, newAlerts *int) error {
	if _, err := conn.Exec(ctx, `CREATE TEMP TABLE new_alert_matches (s uuid, i uuid, k text, sc int, r jsonb, at timestamptz) ON COMMIT DROP`); err != nil {
		return err
	}
	if _, err := conn.CopyFrom(ctx, pgx.Identifier{"new_alert_matches"}, []string{"s", "i", "k", "sc", "r", "at"}, copyFunc(next)); err != nil {
		return fmt.Errorf("copy alert matches: %w", err)
	}
	var inserted int64
	if err := conn.QueryRow(ctx, `WITH merged AS (
		INSERT INTO alert_matches (subscription_id, item_id, item_kind, score, reasons, matched_at)
		SELECT s, i, k, sc, r, at FROM new_alert_matches
		ON CONFLICT (subscription_id, item_id) DO UPDATE SET score = EXCLUDED.score, reasons = EXCLUDED.reasons
		RETURNING (xmax = 0) AS inserted)
		SELECT count(*) FILTER (WHERE inserted) FROM merged`).Scan(&inserted); err != nil {
		return fmt.Errorf("alert matches: %w", err)
	}
	*newAlerts = int(inserted)
	return nil
}

// uniqueItems drops repeated items (an id given twice), keeping the first.
func uniqueItems(items []matchItem) []matchItem {
	seen := make(map[uuid.UUID]bool, len(items))
	out := items[:0]
	for _, it := range items {
		if !seen[it.ID] {
			seen[it.ID] = true
			out = append(out, it)
		}
	}
	return out
}

// copyFunc adapts a row generator (nil row: done) to pgx's CopyFromSource.
func copyFunc(next func() ([]any, error)) pgx.CopyFromSource {
	return pgx.CopyFromFunc(next)
}

// withCopy runs fn on the pool's pgx connection inside one transaction (COPY needs the driver's own
// connection; database/sql has no COPY).
func (s *Service) withCopy(ctx context.Context, fn func(conn *pgx.Conn) error) error {
	return s.withPgxTx(ctx, func(tx pgx.Tx) error { return fn(tx.Conn()) })
}

// withPgxTx runs fn in one pgx transaction on a connection of the pool.
func (s *Service) withPgxTx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	c, err := sqlDB.Conn(ctx)
	if err != nil {
		return fmt.Errorf("connection: %w", err)
	}
	defer c.Close()
	return c.Raw(func(dc any) error {
		sc, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("copy: the driver is not pgx (%T)", dc)
		}
		conn := sc.Conn()
		tx, err := conn.Begin(ctx)
		if err != nil {
			return err
		}
		defer func() { _ = tx.Rollback(ctx) }()
		if err := fn(tx); err != nil {
			return err
		}
		return tx.Commit(ctx)
	})
}

// profiles streams profile rows (id, unspsc, regions, terms — arrays joined by the unit separator, which
// decodes several times faster than JSON for 100,000 rows) into an index, without keeping the rows.
func (s *Service) profiles(ctx context.Context, q string, args ...any) ([]uuid.UUID, *Index, error) {
	rows, err := s.db.WithContext(ctx).Raw(q, args...).Rows()
	if err != nil {
		return nil, nil, fmt.Errorf("profiles: %w", err)
	}
	defer rows.Close()
	var ids []uuid.UUID
	var ps []Profile
	var id, codes, regions, terms sql.RawBytes
	split := func(b sql.RawBytes) []string {
		if len(b) == 0 {
			return nil
		}
		return strings.Split(string(b), "\x1f")
	}
	for rows.Next() {
		if err := rows.Scan(&id, &codes, &regions, &terms); err != nil {
			return nil, nil, fmt.Errorf("profiles: %w", err)
		}
		u, err := uuid.ParseBytes(id)
		if err != nil {
			return nil, nil, fmt.Errorf("profiles: %w", err)
		}
		ids = append(ids, u)
		ps = append(ps, Profile{UNSPSC: split(codes), Regions: split(regions), Terms: split(terms)})
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("profiles: %w", err)
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

// entryMatchRows yields the COPY rows of item_entry_matches (item, entry, score, reasons): each item's best
// catalogue entries; n, when not nil, counts the rows given.
func entryMatchRows(items []matchItem, ix *Index, entryIDs []uuid.UUID, n *int) func() ([]any, error) {
	best := func(it Item) []Hit { return ix.MatchTop(it, EntriesPerItem) }
	return hitRows(items, best, func(it matchItem, h Hit, reasons string) []any {
		if n != nil {
			*n++
		}
		return []any{it.ID, entryIDs[h.Profile], int32(h.Score), reasons}
	})
}

// hitRows yields one COPY row per hit of each item in turn (row builds it from the item, the hit and its
// reasons as JSON), so rows stream from the matcher and no list of every match is held.
func hitRows(items []matchItem, match func(Item) []Hit, row func(it matchItem, h Hit, reasons string) []any) func() ([]any, error) {
	var cur int
	var hits []Hit
	return func() ([]any, error) {
		for cur < len(items) && len(hits) == 0 {
			it := items[cur]
			hits = match(Item{UNSPSC: it.UNSPSC, Regions: it.Regions, Text: it.Text})
			if len(hits) == 0 {
				cur++
			}
		}
		if cur >= len(items) {
			return nil, nil
		}
		h, it := hits[0], items[cur]
		hits = hits[1:]
		if len(hits) == 0 {
			cur++
		}
		reasons, err := json.Marshal(h.Reasons)
		if err != nil {
			return nil, err
		}
		return row(it, h, string(reasons)), nil
	}
}
