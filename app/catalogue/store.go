package catalogue

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"

	"maillage/app/errs"
)

// Store reads and writes the catalogue tables. They are platform level (no tenant, no RLS);
// who may change what is decided by the Service above it.
type Store struct{ db *gorm.DB }

// NewStore returns a Store on db.
func NewStore(db *gorm.DB) *Store { return &Store{db: db} }

// entryColumns selects an entry as one JSON document, without the search vector.
const entryColumns = `(to_jsonb(e) - 'search' - 'search_names' - 'search_terms') || jsonb_build_object('municipality_name', mu.name)`

// Get returns one entry, retired ones included.
func (s *Store) Get(ctx context.Context, id string) (Entry, error) {
	return getTx(ctx, s.db, id)
}

func getTx(ctx context.Context, tx *gorm.DB, id string) (Entry, error) {
	if _, err := uuid.Parse(id); err != nil {
		return Entry{}, errs.E(errs.NotFound, "catalogue.not_found")
	}
	es, err := queryEntries(ctx, tx, `SELECT `+entryColumns+` FROM catalogue_entries e JOIN municipalities mu ON mu.code = e.municipality_code WHERE e.id = ?`, id)
	if err != nil {
		return Entry{}, fmt.Errorf("get catalogue entry %s: %w", id, err)
	}
	if len(es) == 0 {
		return Entry{}, errs.E(errs.NotFound, "catalogue.not_found")
	}
	return es[0], nil
}

// ActiveByNEQ returns the active entry with this NEQ (as stored, normalized), and whether there is one.
func (s *Store) ActiveByNEQ(ctx context.Context, neq string) (Entry, bool, error) {
	if neq == "" {
		return Entry{}, false, nil
	}
	es, err := queryEntries(ctx, s.db, `SELECT `+entryColumns+` FROM catalogue_entries e JOIN municipalities mu ON mu.code = e.municipality_code
		WHERE e.neq = ? AND e.status = 'active' ORDER BY e.id LIMIT 1`, neq)
	if err != nil {
		return Entry{}, false, fmt.Errorf("catalogue entry by NEQ: %w", err)
	}
	if len(es) == 0 {
		return Entry{}, false, nil
	}
	return es[0], true, nil
}

// ByIDs returns the entries with the given ids, in no particular order; unknown ids are skipped.
func (s *Store) ByIDs(ctx context.Context, ids []string) ([]Entry, error) {
	valid := make([]string, 0, len(ids))
	for _, id := range ids {
		if _, err := uuid.Parse(id); err == nil {
			valid = append(valid, id)
		}
	}
	if len(valid) == 0 {
		return nil, nil
	}
	return queryEntries(ctx, s.db, `SELECT `+entryColumns+` FROM catalogue_entries e JOIN municipalities mu ON mu.code = e.municipality_code WHERE e.id IN (SELECT jsonb_array_elements_text(?::jsonb)::uuid)`, jsonList(valid))
}

func queryEntries(ctx context.Context, tx *gorm.DB, sql string, args ...any) ([]Entry, error) {
	rows, err := tx.WithContext(ctx).Raw(sql, args...).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var raw [][]byte
	for rows.Next() {
		var b []byte
		if err := rows.Scan(&b); err != nil {
			return nil, err
		}
		raw = append(raw, b)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return decodeRows(raw)
}

// jsonList passes a list of strings as one JSON parameter; SQL unpacks it with
// jsonb_array_elements_text, which works the same through any driver.
func jsonList(v []string) string {
	if v == nil {
		v = []string{}
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// insertTx writes a new entry and its first history record.
func insertTx(ctx context.Context, tx *gorm.DB, e Entry, action string, now time.Time) (Entry, error) {
	if e.ID == "" {
		e.ID = uuid.NewString()
	}
	row, err := json.Marshal(toRow(e, 1, now))
	if err != nil {
		return Entry{}, err
	}
	if err := tx.WithContext(ctx).Exec(`INSERT INTO catalogue_entries SELECT * FROM jsonb_populate_record(NULL::catalogue_entries, ?::jsonb)`, string(row)).Error; err != nil {
		return Entry{}, mapWriteError(err)
	}
	saved, err := getTx(ctx, tx, e.ID)
	if err != nil {
		return Entry{}, err
	}
	return saved, historyTx(ctx, tx, Entry{}, saved, action)
}

// updateTx replaces an entry whose version is still before.Version, bumps the version and
// records the change. A concurrent edit makes it fail with Conflict.
func updateTx(ctx context.Context, tx *gorm.DB, before, after Entry, action string, now time.Time) (Entry, error) {
	after.ID = before.ID
	row, err := json.Marshal(toRow(after, before.Version+1, now))
	if err != nil {
		return Entry{}, err
	}
	res := tx.WithContext(ctx).Exec(`UPDATE catalogue_entries e SET (`+writableColumns+`) =
		(SELECT `+writableColumns+` FROM jsonb_populate_record(NULL::catalogue_entries, ?::jsonb))
		WHERE e.id = ? AND e.version = ?`, string(row), before.ID, before.Version)
	if res.Error != nil {
		return Entry{}, mapWriteError(res.Error)
	}
	if res.RowsAffected == 0 {
		return Entry{}, errs.E(errs.Conflict, "catalogue.stale")
	}
	saved, err := getTx(ctx, tx, before.ID)
	if err != nil {
		return Entry{}, err
	}
	return saved, historyTx(ctx, tx, before, saved, action)
}

// writableColumns are the columns an update replaces (not id, created_at, nor what the trigger derives).
const writableColumns = `neq, name, name_key, other_names, legal_form, legal_form_evidence, ees_criteria, ees_trust, ees_verified_by,
	ees_verified_at, no_ristourne, adapted, street, municipality_code, postal_code, regions_served, sectors, unspsc,
	products, description, website, email, phone, source_kind, source_name, source_ref, last_verified, status,
	merged_into, claimed_by, version`

func historyTx(ctx context.Context, tx *gorm.DB, before, after Entry, action string) error {
	a := actorOf(ctx)
	changes, err := json.Marshal(nonNilChanges(Diff(before, after)))
	if err != nil {
		return err
	}
	snap, err := json.Marshal(after)
	if err != nil {
		return err
	}
	err = tx.WithContext(ctx).Exec(`INSERT INTO catalogue_history (entry_id, version, actor_id, actor, action, changes, snapshot)
		VALUES (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb)`, after.ID, after.Version, a.userID(), a.Label, action, string(changes), string(snap)).Error
	if err != nil {
		return fmt.Errorf("catalogue history %s: %w", after.ID, err)
	}
	return platformAudit(ctx, tx, "catalogue_entry."+action, after.ID, before, after)
}

func nonNilChanges(c []Change) []Change {
	if c == nil {
		return []Change{}
	}
	return c
}

func pgCode(err error) string {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code
	}
	return ""
}

// mapWriteError says the catalogue's own constraint in its words (an NEQ already in the catalogue); every
// other refusal is already an error kind naming its field (app/database translates it).
func mapWriteError(err error) error {
	var pg *pgconn.PgError
	if errors.As(err, &pg) && pg.Code == "23505" && pg.ConstraintName == "catalogue_entries_neq_key" {
		return errs.E(errs.Conflict, "catalogue.neq_taken").Wrap(err)
	}
	return err
}

// History returns the versions of an entry, newest first.
func (s *Store) History(ctx context.Context, id string) ([]HistoryRecord, error) {
	var out []HistoryRecord
	rows, err := s.db.WithContext(ctx).Raw(`SELECT version, at, actor, action, changes FROM catalogue_history WHERE entry_id = ? ORDER BY version DESC`, id).Rows()
	if err != nil {
		return nil, fmt.Errorf("catalogue history %s: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var h HistoryRecord
		var ch []byte
		if err := rows.Scan(&h.Version, &h.At, &h.Actor, &h.Action, &ch); err != nil {
			return nil, err
		}
		if err := json.Unmarshal(ch, &h.Changes); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// HistoryRecord is one version of an entry.
type HistoryRecord struct {
	Version int       `json:"version"`
	At      time.Time `json:"at"`
	Actor   string    `json:"actor"`
	Action  string    `json:"action"`
	Changes []Change  `json:"changes"`
}
