package contracts

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"

	"maillage/app/audit"
	"maillage/app/errs"
	"maillage/tenants"
)

// Contract is a stored contract.
type Contract struct {
	ID uuid.UUID `json:"id"`
	Input
	Source      string      `json:"source"`
	AmendedBy   int64       `json:"amended_cents"` // sum of the amendments' deltas
	Amendments  []Amendment `json:"amendments,omitempty"`
	CreatedAt   time.Time   `json:"created_at"`
	UpdatedAt   time.Time   `json:"updated_at"`
	SEAOOCIDOut string      `json:"seao_ocid,omitempty"`
}

// Expense is what the contract costs before taxes as far as is known: the final amount when there is
// one, else the awarded amount plus the amendments.
func (c Contract) Expense() int64 {
	if c.FinalCents != nil {
		return *c.FinalCents
	}
	return c.AwardedCents + c.AmendedBy
}

// Amendment changes a contract's expense.
type Amendment struct {
	ID              uuid.UUID `json:"id"`
	AmendedOn       time.Time `json:"amended_on"`
	DeltaCents      int64     `json:"delta_cents"`
	DeltaTaxedCents *int64    `json:"delta_taxed_cents,omitempty"`
	Reason          string    `json:"reason"`
}

// Store keeps contracts per tenant.
type Store struct {
	db  *gorm.DB
	now func() time.Time
}

// NewStore returns a store on the app role's pool.
func NewStore(db *gorm.DB, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{db: db, now: now}
}

type row struct {
	ID                uuid.UUID
	SupplierID        *uuid.UUID
	SupplierName      string
	SupplierNeq       *string
	SupplierEes       bool
	SupplierAdapted   bool
	SupplierLocal     bool
	SupplierLegalForm string
	SupplierRegion    *string
	Object            string
	Category          *string
	Nature            string
	Procedure         string
	AwardedCents      int64
	AwardedTaxedCents *int64
	FinalCents        *int64
	FinalTaxedCents   *int64
	AwardedOn         time.Time
	StartsOn          *time.Time
	EndsOn            *time.Time
	Status            string
	SeaoNumber        *string
	SeaoOcid          *string
	SeaoAwardID       *string
	Source            string
	AdviceID          *uuid.UUID
	AmendedBy         int64
	CreatedAt         time.Time
	UpdatedAt         time.Time
}

const selectContracts = `SELECT c.*, coalesce((SELECT sum(delta_cents) FROM contract_amendments a
	WHERE a.tenant_id = c.tenant_id AND a.contract_id = c.id), 0) AS amended_by FROM contracts c`

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func opt(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func dayPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	d := day(*t)
	return &d
}

func (r row) contract() Contract {
	c := Contract{ID: r.ID, Source: r.Source, AmendedBy: r.AmendedBy, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt, SEAOOCIDOut: str(r.SeaoOcid)}
	c.Input = Input{SupplierName: r.SupplierName, SupplierNEQ: str(r.SupplierNeq), SupplierEES: r.SupplierEes,
		SupplierAdapted: r.SupplierAdapted, SupplierLocal: r.SupplierLocal, SupplierLegalForm: r.SupplierLegalForm,
		SupplierRegion: str(r.SupplierRegion), Object: r.Object, Category: str(r.Category), Nature: r.Nature, Procedure: r.Procedure,
		AwardedCents: r.AwardedCents, AwardedTaxedCents: r.AwardedTaxedCents, FinalCents: r.FinalCents, FinalTaxedCents: r.FinalTaxedCents,
		AwardedOn: day(r.AwardedOn), StartsOn: dayPtr(r.StartsOn), EndsOn: dayPtr(r.EndsOn), Status: r.Status, SEAONumber: str(r.SeaoNumber),
		SEAOOCID: str(r.SeaoOcid), SEAOAwardID: str(r.SeaoAwardID)}
	if r.SupplierID != nil {
		c.SupplierID = r.SupplierID.String()
	}
	if r.AdviceID != nil {
		c.AdviceID = r.AdviceID.String()
	}
	return c
}

// registerMatch is what the register says of a supplier, captured at award time.
type registerMatch struct {
	ID                  uuid.UUID
	Neq                 string
	LegalName           string
	Ees                 bool
	Adapted             bool
	LegalForm           string
	CoopKind            string
	RegionCode          string
	QuebecEstablishment bool
}

// capture links an input to its register supplier (by id, else by NEQ) and copies the supplier's status
// as of now. Local means an establishment in the tenant's own region.
func capture(tx *gorm.DB, tenantID uuid.UUID, in *Input) error {
	var ms []registerMatch
	q := `SELECT id, neq, legal_name, ees, adapted, legal_form, coalesce(coop_kind, '') AS coop_kind, coalesce(region_code, '') AS region_code,
		quebec_establishment FROM suppliers WHERE tenant_id = ? AND `
	var err error
	switch {
	case in.SupplierID != "":
		id, perr := uuid.Parse(in.SupplierID)
		if perr != nil {
			return (&errs.Validation{}).ErrWith("supplier_id", "contracts.supplier_unknown", nil)
		}
		err = tx.Raw(q+`id = ?`, tenantID, id).Scan(&ms).Error
	case in.SupplierNEQ != "":
		err = tx.Raw(q+`neq = ?`, tenantID, in.SupplierNEQ).Scan(&ms).Error
	default:
		return nil
	}
	if err != nil {
		return fmt.Errorf("match supplier: %w", err)
	}
	if len(ms) == 0 {
		if in.SupplierID != "" {
			return (&errs.Validation{}).ErrWith("supplier_id", "contracts.supplier_unknown", nil)
		}
		return nil
	}
	var tenantRegion string
	if err := tx.Raw(`SELECT coalesce(region_code, '') FROM tenants WHERE id = ?`, tenantID).Scan(&tenantRegion).Error; err != nil {
		return fmt.Errorf("tenant region: %w", err)
	}
	ms[0].apply(in, tenantRegion)
	return nil
}

// apply copies the register's view of the supplier onto the contract.
func (m registerMatch) apply(in *Input, tenantRegion string) {
	in.SupplierID, in.SupplierNEQ, in.SupplierEES, in.SupplierAdapted = m.ID.String(), m.Neq, m.Ees, m.Adapted
	if in.SupplierName == "" {
		in.SupplierName = m.LegalName
	}
	in.SupplierLocal = m.QuebecEstablishment && m.RegionCode != "" && m.RegionCode == tenantRegion
	in.SupplierRegion = ""
	if m.QuebecEstablishment {
		in.SupplierRegion = m.RegionCode
	}
	switch {
	case m.LegalForm == "nonprofit":
		in.SupplierLegalForm = "nonprofit"
	case m.LegalForm == "cooperative" && m.CoopKind == "solidarity":
		in.SupplierLegalForm = "solidarity_coop"
	case m.LegalForm == "cooperative":
		in.SupplierLegalForm = "coop"
	default:
		in.SupplierLegalForm = ""
	}
}

func insert(tx *gorm.DB, tenantID, id uuid.UUID, in Input, source string, now time.Time) error {
	_, err := insertRow(tx, tenantID, id, in, source, now, "")
	return err
}

// insertRow inserts one contract; suffix may add an ON CONFLICT clause. It returns the rows inserted.
func insertRow(tx *gorm.DB, tenantID, id uuid.UUID, in Input, source string, now time.Time, suffix string) (int64, error) {
	var supplierID, adviceID *uuid.UUID
	if in.SupplierID != "" {
		u := uuid.MustParse(in.SupplierID)
		supplierID = &u
	}
	if in.AdviceID != "" {
		u, err := uuid.Parse(in.AdviceID)
		if err != nil {
			return 0, (&errs.Validation{}).ErrWith("advice_id", "contracts.advice_unknown", nil)
		}
		adviceID = &u
	}
	res := tx.Exec(`INSERT INTO contracts (tenant_id, id, supplier_id, supplier_name, supplier_neq, supplier_ees, supplier_adapted,
		supplier_local, supplier_legal_form, supplier_region, object, category, nature, procedure, awarded_cents, awarded_taxed_cents,
		final_cents, final_taxed_cents, awarded_on, starts_on, ends_on, status, seao_number, seao_ocid, seao_award_id, source, advice_id,
		created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`+suffix,
		tenantID, id, supplierID, in.SupplierName, opt(in.SupplierNEQ), in.SupplierEES, in.SupplierAdapted, in.SupplierLocal,
		in.SupplierLegalForm, opt(in.SupplierRegion), in.Object, opt(in.Category), in.Nature, in.Procedure, in.AwardedCents,
		in.AwardedTaxedCents, in.FinalCents, in.FinalTaxedCents, day(in.AwardedOn), dayPtr(in.StartsOn), dayPtr(in.EndsOn), in.Status,
		opt(in.SEAONumber), opt(in.SEAOOCID), opt(in.SEAOAwardID), source, adviceID, now, now)
	return res.RowsAffected, mapConstraint(res.Error)
}

// mapConstraint says the register of contracts' own constraints in its words (a duplicate, an unknown
// supplier); every other database refusal is already an error kind (app/database translates it).
func mapConstraint(err error) error {
	if err == nil {
		return nil
	}
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		switch pg.Code {
		case "23505":
			return errs.E(errs.Conflict, "contracts.duplicate").Wrap(err)
		case "23503":
			return errs.E(errs.Invalid, "contracts.reference_unknown").Wrap(err)
		}
	}
	return err
}

// Create validates and stores a typed contract, captures its supplier's status, and audits it.
func (s *Store) Create(ctx context.Context, tenantID uuid.UUID, in Input) (Contract, error) {
	var id uuid.UUID
	err := tenants.Tx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		var err error
		id, err = s.CreateTx(ctx, tx, tenantID, in)
		return err
	})
	if err != nil {
		return Contract{}, fmt.Errorf("create contract: %w", err)
	}
	return s.Get(ctx, tenantID, id)
}

// CreateTx is Create inside the caller's tenant transaction (flows composing areas use it, e.g. an
// opportunity's award); it returns the new contract's id.
func (s *Store) CreateTx(ctx context.Context, tx *gorm.DB, tenantID uuid.UUID, in Input) (uuid.UUID, error) {
	in.Normalize()
	id := uuid.New()
	// The register may fill the supplier's name, so validation comes after matching.
	if err := capture(tx, tenantID, &in); err != nil {
		return uuid.Nil, err
	}
	v := errs.Validation{Key: "contracts.invalid"}
	in.Validate(&v, 0)
	if err := v.Err(); err != nil {
		return uuid.Nil, err
	}
	if err := insert(tx, tenantID, id, in, SourceTyped, s.now()); err != nil {
		return uuid.Nil, err
	}
	return id, audit.Tenant(ctx, tx, tenantID, audit.Entry{Action: "contract.create", ObjectType: "contract", ObjectID: id.String(), After: in})
}

// Get returns one contract with its amendments; NotFound when it is not this tenant's.
func (s *Store) Get(ctx context.Context, tenantID, id uuid.UUID) (Contract, error) {
	var c Contract
	err := tenants.ReadTx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		var rows []row
		if err := tx.Raw(selectContracts+` WHERE c.tenant_id = ? AND c.id = ?`, tenantID, id).Scan(&rows).Error; err != nil {
			return err
		}
		if len(rows) == 0 {
			return errs.E(errs.NotFound, "errors.not_found")
		}
		c = rows[0].contract()
		return tx.Raw(`SELECT id, amended_on, delta_cents, delta_taxed_cents, reason FROM contract_amendments
			WHERE tenant_id = ? AND contract_id = ? ORDER BY amended_on, created_at`, tenantID, id).Scan(&c.Amendments).Error
	})
	if err != nil {
		return Contract{}, fmt.Errorf("get contract %s: %w", id, err)
	}
	return c, nil
}

// Filter narrows a listing.
type Filter struct {
	From, To time.Time // award dates, inclusive; zero: unbounded
	Limit    int       // 0: all
	After    *uuid.UUID
	AfterOn  time.Time // keyset: contracts before (AfterOn, After) in the listing order
	// EndingFrom/EndingTo select contracts whose end date falls in the days given (inclusive; both set),
	// ordered by end date: the purchases to plan again.
	EndingFrom, EndingTo time.Time
}

// List returns the tenant's contracts, latest award first.
func (s *Store) List(ctx context.Context, tenantID uuid.UUID, f Filter) ([]Contract, error) {
	var rows []row
	err := tenants.ReadTx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		q, args := selectContracts+` WHERE c.tenant_id = ?`, []any{tenantID}
		if !f.From.IsZero() {
			q, args = q+` AND c.awarded_on >= ?`, append(args, day(f.From))
		}
		if !f.To.IsZero() {
			q, args = q+` AND c.awarded_on <= ?`, append(args, day(f.To))
		}
		if f.After != nil {
			q, args = q+` AND (c.awarded_on, c.id) < (?, ?)`, append(args, day(f.AfterOn), *f.After)
		}
		if !f.EndingFrom.IsZero() && !f.EndingTo.IsZero() {
			q, args = q+` AND c.ends_on BETWEEN ? AND ? ORDER BY c.ends_on, c.id`, append(args, day(f.EndingFrom), day(f.EndingTo))
		} else {
			q += ` ORDER BY c.awarded_on DESC, c.id DESC`
		}
		if f.Limit > 0 {
			q, args = q+` LIMIT ?`, append(args, f.Limit)
		}
		return tx.Raw(q, args...).Scan(&rows).Error
	})
	if err != nil {
		return nil, fmt.Errorf("list contracts: %w", err)
	}
	out := make([]Contract, len(rows))
	for i, r := range rows {
		out[i] = r.contract()
	}
	return out, nil
}

// Delete removes a contract (and its amendments), audited.
func (s *Store) Delete(ctx context.Context, tenantID, id uuid.UUID) error {
	before, err := s.Get(ctx, tenantID, id)
	if err != nil {
		return err
	}
	return tenants.Tx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		res := tx.Exec(`DELETE FROM contracts WHERE tenant_id = ? AND id = ?`, tenantID, id)
		if res.Error != nil {
			return fmt.Errorf("delete contract: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return errs.E(errs.NotFound, "errors.not_found")
		}
		return audit.Tenant(ctx, tx, tenantID, audit.Entry{Action: "contract.delete", ObjectType: "contract", ObjectID: id.String(), Before: before})
	})
}

// AmendmentInput is a new amendment.
type AmendmentInput struct {
	AmendedOn       time.Time `json:"amended_on"`
	DeltaCents      int64     `json:"delta_cents"`
	DeltaTaxedCents *int64    `json:"delta_taxed_cents,omitempty"`
	Reason          string    `json:"reason"`
}

// AddAmendment records an amendment of one of the tenant's contracts.
func (s *Store) AddAmendment(ctx context.Context, tenantID, contractID uuid.UUID, a AmendmentInput) (Amendment, error) {
	v := errs.Validation{Key: "contracts.invalid"}
	if a.AmendedOn.IsZero() || a.AmendedOn.Before(minDate) || !a.AmendedOn.Before(maxDate) {
		v.Add("amended_on", "contracts.date_out_of_range", nil)
	}
	if a.DeltaCents < -MaxCents || a.DeltaCents > MaxCents || a.DeltaCents == 0 {
		v.Add("delta_cents", "contracts.delta_invalid", nil)
	}
	if l := len([]rune(a.Reason)); l < 1 || l > 1000 {
		v.Add("reason", "contracts.reason_required", nil)
	}
	if err := v.Err(); err != nil {
		return Amendment{}, err
	}
	am := Amendment{ID: uuid.New(), AmendedOn: day(a.AmendedOn), DeltaCents: a.DeltaCents, DeltaTaxedCents: a.DeltaTaxedCents, Reason: a.Reason}
	err := tenants.Tx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Raw(`SELECT count(*) FROM contracts WHERE tenant_id = ? AND id = ?`, tenantID, contractID).Scan(&n).Error; err != nil {
			return err
		}
		if n == 0 {
			return errs.E(errs.NotFound, "errors.not_found")
		}
		if err := tx.Exec(`INSERT INTO contract_amendments (tenant_id, id, contract_id, amended_on, delta_cents, delta_taxed_cents, reason)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, tenantID, am.ID, contractID, am.AmendedOn, am.DeltaCents, am.DeltaTaxedCents, am.Reason).Error; err != nil {
			return mapConstraint(err)
		}
		return audit.Tenant(ctx, tx, tenantID, audit.Entry{Action: "contract.amend", ObjectType: "contract", ObjectID: contractID.String(), After: am})
	})
	if err != nil {
		return Amendment{}, fmt.Errorf("amend contract %s: %w", contractID, err)
	}
	return am, nil
}

// RegisterOption is a register supplier offered in the contract form.
type RegisterOption struct {
	ID        uuid.UUID
	LegalName string
	Neq       string
	Status    string
}

// RegisterOptions lists the tenant's register suppliers by name, for choosing a contract's supplier.
func (s *Store) RegisterOptions(ctx context.Context, tenantID uuid.UUID) ([]RegisterOption, error) {
	var out []RegisterOption
	err := tenants.ReadTx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		return tx.Raw(`SELECT id, legal_name, neq, status FROM suppliers WHERE tenant_id = ? ORDER BY legal_name, id`, tenantID).Scan(&out).Error
	})
	if err != nil {
		return nil, fmt.Errorf("register options: %w", err)
	}
	return out, nil
}

// Update replaces a contract's fields (its source and SEAO identity stay), capturing the supplier's
// status again when the supplier changed; audited with the values before and after.
func (s *Store) Update(ctx context.Context, tenantID, id uuid.UUID, in Input) (Contract, error) {
	before, err := s.Get(ctx, tenantID, id)
	if err != nil {
		return Contract{}, err
	}
	in.Normalize()
	if in.SupplierID == before.SupplierID && in.SupplierNEQ == before.SupplierNEQ {
		// Same supplier: keep the status captured at award time.
		in.SupplierEES, in.SupplierAdapted, in.SupplierLocal = before.SupplierEES, before.SupplierAdapted, before.SupplierLocal
		in.SupplierLegalForm, in.SupplierRegion = before.SupplierLegalForm, before.SupplierRegion
	}
	in.SEAOOCID, in.SEAOAwardID = before.SEAOOCID, before.SEAOAwardID
	err = tenants.Tx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		if in.SupplierID != before.SupplierID || in.SupplierNEQ != before.SupplierNEQ {
			if err := capture(tx, tenantID, &in); err != nil {
				return err
			}
		}
		v := errs.Validation{Key: "contracts.invalid"}
		in.Validate(&v, 0)
		if err := v.Err(); err != nil {
			return err
		}
		var supplierID *uuid.UUID
		if in.SupplierID != "" {
			u := uuid.MustParse(in.SupplierID)
			supplierID = &u
		}
		res := tx.Exec(`UPDATE contracts SET supplier_id = ?, supplier_name = ?, supplier_neq = ?, supplier_ees = ?, supplier_adapted = ?,
			supplier_local = ?, supplier_legal_form = ?, supplier_region = ?, object = ?, category = ?, nature = ?, procedure = ?,
			awarded_cents = ?, awarded_taxed_cents = ?, final_cents = ?, final_taxed_cents = ?, awarded_on = ?, starts_on = ?, ends_on = ?,
			status = ?, seao_number = ?, updated_at = ? WHERE tenant_id = ? AND id = ?`,
			supplierID, in.SupplierName, opt(in.SupplierNEQ), in.SupplierEES, in.SupplierAdapted, in.SupplierLocal, in.SupplierLegalForm,
			opt(in.SupplierRegion), in.Object, opt(in.Category), in.Nature, in.Procedure, in.AwardedCents, in.AwardedTaxedCents, in.FinalCents,
			in.FinalTaxedCents, day(in.AwardedOn), dayPtr(in.StartsOn), dayPtr(in.EndsOn), in.Status, opt(in.SEAONumber), s.now(), tenantID, id)
		if res.Error != nil {
			return mapConstraint(res.Error)
		}
		if res.RowsAffected == 0 {
			return errs.E(errs.NotFound, "errors.not_found")
		}
		return audit.Tenant(ctx, tx, tenantID, audit.Entry{Action: "contract.update", ObjectType: "contract", ObjectID: id.String(),
			Before: before.Input, After: in})
	})
	if err != nil {
		return Contract{}, fmt.Errorf("update contract %s: %w", id, err)
	}
	return s.Get(ctx, tenantID, id)
}
