package declarations

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/audit"
	"maillage/app/errs"
	"maillage/tenants"
)

// Store keeps a tenant's declarations (with their versions, targets, target history, commitments
// and resolution PDF), its maillage contact log and its public-progress switch. Every method runs
// in one tenant transaction (row-level security) and also filters by tenant_id; writes are audited
// in the same transaction.
type Store struct {
	db  *gorm.DB
	now func() time.Time
}

// NewStore returns a store on the app role's pool; now may be nil (time.Now).
func NewStore(db *gorm.DB, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{db: db, now: now}
}

// declRow is the declarations table.
type declRow struct {
	TenantID         uuid.UUID
	ID               uuid.UUID
	Version          int
	Status           string
	ResolutionNumber string
	ResolutionDate   *time.Time
	PeriodStart      time.Time
	PeriodEnd        time.Time
	TextFR           string `gorm:"column:text_fr"`
	TextEN           string `gorm:"column:text_en"`
	Eligibility      []byte
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

type targetRow struct {
	DeclarationID  uuid.UUID
	Key            string
	Position       int
	Kind           string
	Value          int64
	Segment        string
	TerritoryLevel string
	TerritoryCode  string
}

type commitmentRow struct {
	DeclarationID uuid.UUID
	Key           string
	Position      int
	TextFR        string `gorm:"column:text_fr"`
	TextEN        string `gorm:"column:text_en"`
	Status        string
	Evidence      string
	UpdatedAt     time.Time
}

const declColumns = `tenant_id, id, version, status, resolution_number, resolution_date, period_start, period_end,
	text_fr, text_en, eligibility, created_at, updated_at`

// notFound is the one answer for a missing declaration and another tenant's.
var notFound = errs.E(errs.NotFound, "declarations.not_found")

// parseID turns a path id into a uuid; a malformed one is simply not found.
func parseID(id string) (uuid.UUID, error) {
	u, err := uuid.Parse(id)
	if err != nil {
		return uuid.Nil, notFound
	}
	return u, nil
}

// load reads declarations matching where (after the tenant filter) with their targets and
// commitments, ordered by period start.
func load(tx *gorm.DB, tenantID uuid.UUID, where string, args ...any) ([]Declaration, error) {
	var rows []declRow
	q := `SELECT ` + declColumns + ` FROM declarations WHERE tenant_id = ?`
	if where != "" {
		q += " AND " + where
	}
	if err := tx.Raw(q+` ORDER BY period_start`, append([]any{tenantID}, args...)...).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("load declarations: %w", err)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	ids := make([]uuid.UUID, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	var ts []targetRow
	if err := tx.Raw(`SELECT declaration_id, key, position, kind, value, segment, territory_level, territory_code
		FROM declaration_targets WHERE tenant_id = ? AND declaration_id IN ? ORDER BY position, key`, tenantID, ids).Scan(&ts).Error; err != nil {
		return nil, fmt.Errorf("load targets: %w", err)
	}
	var cs []commitmentRow
	if err := tx.Raw(`SELECT declaration_id, key, position, text_fr, text_en, status, evidence, updated_at
		FROM declaration_commitments WHERE tenant_id = ? AND declaration_id IN ? ORDER BY position, key`, tenantID, ids).Scan(&cs).Error; err != nil {
		return nil, fmt.Errorf("load commitments: %w", err)
	}
	out := make([]Declaration, len(rows))
	idx := map[uuid.UUID]int{}
	for i, r := range rows {
		d := Declaration{
			ID: r.ID.String(), Version: r.Version, Status: Status(r.Status), ResolutionNumber: r.ResolutionNumber,
			PeriodStart: Day(r.PeriodStart), PeriodEnd: Day(r.PeriodEnd), TextFR: r.TextFR, TextEN: r.TextEN,
			Targets: []Target{}, Commitments: []Commitment{},
		}
		if r.ResolutionDate != nil {
			d.ResolutionDate = Day(*r.ResolutionDate)
		}
		if err := json.Unmarshal(r.Eligibility, &d.Eligibility); err != nil {
			return nil, fmt.Errorf("declaration %s eligibility: %w", r.ID, err)
		}
		out[i] = d
		idx[r.ID] = i
	}
	for _, t := range ts {
		d := &out[idx[t.DeclarationID]]
		d.Targets = append(d.Targets, Target{Key: t.Key, Kind: TargetKind(t.Kind), Value: t.Value, Segment: t.Segment,
			Territory: Territory{Level: t.TerritoryLevel, Code: t.TerritoryCode}})
	}
	for _, c := range cs {
		d := &out[idx[c.DeclarationID]]
		d.Commitments = append(d.Commitments, Commitment{Key: c.Key, TextFR: c.TextFR, TextEN: c.TextEN,
			Status: CommitmentStatus(c.Status), Evidence: c.Evidence, UpdatedAt: c.UpdatedAt})
	}
	return out, nil
}

// List returns the tenant's declarations, oldest period first.
func (s *Store) List(ctx context.Context, tenantID uuid.UUID) ([]Declaration, error) {
	var out []Declaration
	err := tenants.ReadTx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		var err error
		out, err = load(tx, tenantID, "")
		return err
	})
	return out, err
}

// loadOne reads one declaration of the tenant by id; a missing (or another tenant's) one is NotFound.
func loadOne(tx *gorm.DB, tenantID, id uuid.UUID) (Declaration, error) {
	ds, err := load(tx, tenantID, "id = ?", id)
	if err != nil {
		return Declaration{}, err
	}
	if len(ds) == 0 {
		return Declaration{}, notFound
	}
	return ds[0], nil
}

// Get returns one declaration; another tenant's is NotFound.
func (s *Store) Get(ctx context.Context, tenantID uuid.UUID, id string) (Declaration, error) {
	uid, err := parseID(id)
	if err != nil {
		return Declaration{}, err
	}
	var out Declaration
	err = tenants.ReadTx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		d, err := loadOne(tx, tenantID, uid)
		if err != nil {
			return err
		}
		out = d
		return nil
	})
	return out, err
}

// Covering returns the declaration whose period covers day, or else the latest one that started
// before it; ok is false when the tenant has none.
func (s *Store) Covering(ctx context.Context, tenantID uuid.UUID, day time.Time) (d Declaration, prev *Declaration, ok bool, err error) {
	err = tenants.ReadTx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		ds, err := load(tx, tenantID, "period_start <= ?", Day(day))
		if err != nil || len(ds) == 0 {
			return err
		}
		d, ok = ds[len(ds)-1], true
		if len(ds) > 1 {
			p := ds[len(ds)-2]
			prev = &p
		}
		return nil
	})
	return d, prev, ok, err
}

// Previous returns the declaration just before d, if any.
func (s *Store) Previous(ctx context.Context, tenantID uuid.UUID, d Declaration) (*Declaration, error) {
	var out *Declaration
	err := tenants.ReadTx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		ds, err := load(tx, tenantID, "period_end < ?", d.PeriodStart)
		if err != nil || len(ds) == 0 {
			return err
		}
		out = &ds[len(ds)-1]
		return nil
	})
	return out, err
}

// isExclusion reports whether err is the database refusing an overlapping period (the Go check
// normally answers first; this covers two concurrent saves).
func isExclusion(err error) bool {
	return err != nil && strings.Contains(err.Error(), "declarations_no_overlap")
}

// overlapError is the readable conflict for a race caught by the database.
func overlapError(err error) error {
	return errs.E(errs.Conflict, "declarations.period_overlap").With(map[string]any{"Start": "", "End": ""}).Wrap(err)
}

// auditDecl writes one audit entry about a declaration.
func auditDecl(ctx context.Context, tx *gorm.DB, tenantID uuid.UUID, action, id string, before, after any) error {
	return audit.Tenant(ctx, tx, tenantID, audit.Entry{Action: action, ObjectType: "declaration", ObjectID: id, Before: before, After: after})
}
