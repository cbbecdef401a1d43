package rules

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"

	"maillage/app/audit"
	"maillage/app/errs"
)

// Store keeps the legal reference values (platform level), the tenants' policy versions and their
// saved advice, and reads the register and past awards the advisor needs.
type Store struct {
	db   *gorm.DB
	now  func() time.Time
	refs *referenceCache
	// encoders are kept for writing saved answers, one per processor (more answers written at once make their own).
	encoders *encoders
}

// NewStore returns a store on the app role's pool.
func NewStore(db *gorm.DB, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{db: db, now: now, refs: &referenceCache{}, encoders: newEncoders(runtime.GOMAXPROCS(0))}
}

// referenceCache keeps the legal reference between answers. Every answer still checks a fingerprint of the
// whole table (a sum of the rows' hashes, one aggregate over a hundred rows), so an edit made by another
// instance, a migration or by hand is seen at once; only the rows' transfer and decoding are saved.
type referenceCache struct {
	mu    sync.Mutex
	stamp string
	ref   Reference
}

// cachedReference is Reference through the cache, inside the caller's transaction.
func (s *Store) cachedReference(ctx context.Context, tx *gorm.DB) (Reference, error) {
	var stamp string
	if err := tx.WithContext(ctx).Raw(`SELECT count(*)::text || '/' || coalesce(sum(hashtext(l::text)), 0)::text FROM legal_values l`).
		Row().Scan(&stamp); err != nil {
		return Reference{}, fmt.Errorf("legal reference fingerprint: %w", err)
	}
	if s.refs != nil {
		s.refs.mu.Lock()
		if s.refs.stamp == stamp {
			ref := s.refs.ref
			s.refs.mu.Unlock()
			return ref, nil
		}
		s.refs.mu.Unlock()
	}
	ref, err := (&Store{db: tx}).Reference(ctx)
	if err != nil {
		return Reference{}, err
	}
	if s.refs != nil {
		s.refs.mu.Lock()
		s.refs.stamp, s.refs.ref = stamp, ref
		s.refs.mu.Unlock()
	}
	return ref, nil
}

type legalRow struct {
	Version    string
	Key        string
	Kind       string
	Cents      *int64
	Percent    *int64
	Number     *int64
	TextValue  string
	ValidFrom  time.Time
	ValidTo    *time.Time
	Citation   string
	Confirmed  bool
	Note       string
	Source     string
	Confidence string
}

func (r legalRow) value() LegalValue {
	v := LegalValue{Key: r.Key, Version: r.Version, Kind: ValueKind(r.Kind), Text: r.TextValue, From: Truncate(r.ValidFrom),
		Citation: r.Citation, Confirmed: r.Confirmed, Note: r.Note, Source: r.Source, Confidence: r.Confidence}
	if r.Cents != nil {
		v.Cents = Cents(*r.Cents)
	}
	if r.Percent != nil {
		v.Percent = Percent(*r.Percent)
	}
	if r.Number != nil {
		v.Number = *r.Number
	}
	if r.ValidTo != nil {
		v.To = Truncate(*r.ValidTo)
	}
	return v
}

// Reference loads every legal value, by key then period.
func (s *Store) Reference(ctx context.Context) (Reference, error) {
	var rows []legalRow
	if err := s.db.WithContext(ctx).Raw(`SELECT version, key, kind, cents, percent, number, text_value, valid_from, valid_to,
		citation, confirmed, note, source, confidence FROM legal_values ORDER BY key, valid_from`).Scan(&rows).Error; err != nil {
		return Reference{}, fmt.Errorf("load legal reference: %w", err)
	}
	ref := Reference{Values: make([]LegalValue, 0, len(rows))}
	for _, r := range rows {
		ref.Values = append(ref.Values, r.value())
	}
	return ref, nil
}

// SaveLegalValue adds a version, or replaces the version named replacing. The whole reference must
// stay valid (no overlapping periods): otherwise nothing changes. Audited on the platform log.
func (s *Store) SaveLegalValue(ctx context.Context, v LegalValue, replacing string) error {
	if err := v.Validate(); err != nil {
		return err
	}
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec(`LOCK TABLE legal_values IN SHARE ROW EXCLUSIVE MODE`).Error; err != nil {
			return fmt.Errorf("lock legal values: %w", err)
		}
		cur, err := (&Store{db: tx}).Reference(ctx)
		if err != nil {
			return err
		}
		var before *LegalValue
		next := Reference{}
		for _, x := range cur.Values {
			if replacing != "" && x.Version == replacing {
				b := x
				before = &b
				continue
			}
			next.Values = append(next.Values, x)
		}
		if replacing != "" && before == nil {
			return errs.E(errs.NotFound, "rules.err.legal_not_found")
		}
		next.Values = append(next.Values, v)
		if err := next.Validate(); err != nil {
			return err
		}
		if before != nil {
			if err := tx.Exec(`DELETE FROM legal_values WHERE version = ?`, replacing).Error; err != nil {
				return fmt.Errorf("replace legal value %s: %w", replacing, err)
			}
		}
		a := audit.ActorFrom(ctx)
		err = tx.Exec(`INSERT INTO legal_values (version, key, kind, cents, percent, number, text_value, valid_from, valid_to,
			citation, confirmed, note, source, confidence, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			v.Version, v.Key, string(v.Kind), nullable(int64(v.Cents), v.Kind == KindCents), nullable(int64(v.Percent), v.Kind == KindPercent),
			nullable(v.Number, v.Kind == KindNumber || v.Kind == KindRate), v.Text, v.From, nullDate(v.To), v.Citation, v.Confirmed, v.Note,
			v.Source, v.Confidence, a.UserID).Error
		if err != nil {
			return mapConstraint(err, "save legal value "+v.Version)
		}
		action := "legal_value.create"
		if before != nil {
			action = "legal_value.update"
		}
		return audit.Platform(ctx, tx, audit.Entry{Action: action, ObjectType: "legal_value", ObjectID: v.Version, Before: before, After: v})
	})
}

func nullable(v int64, set bool) *int64 {
	if !set {
		return nil
	}
	return &v
}

func nullDate(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// mapConstraint says the advisor's own constraints in its words (an overlapping period, a duplicate);
// every other database refusal is already an error kind (app/database translates it, with its field).
func mapConstraint(err error, op string) error {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		switch pg.Code {
		case "23P01": // exclusion: overlapping periods
			return errs.E(errs.Conflict, "rules.err.period_overlap").Wrap(err)
		case "23505":
			return errs.E(errs.Conflict, "rules.err.duplicate").Wrap(err)
		}
	}
	return fmt.Errorf("%s: %w", op, err)
}
