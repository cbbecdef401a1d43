package suppliers

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"

	"maillage/app/audit"
	"maillage/app/errs"
	"maillage/app/quebec"
	"maillage/tenants"
)

// Store keeps the registers. Every method runs in a tenant transaction (tenants.Tx) of
// the tenant it is given, and its queries also filter on tenant_id: another tenant's
// supplier is NotFound, never Forbidden.
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

var errNotFound = errs.E(errs.NotFound, "suppliers.not_found")

// Reference is the package's LoadReference on the store's pool.
func (s *Store) Reference(ctx context.Context, places *quebec.Places) (*Reference, error) {
	return LoadReference(ctx, s.db, places)
}

// LoadReference reads the UNSPSC reference list and joins it to the reference places.
func LoadReference(ctx context.Context, db *gorm.DB, places *quebec.Places) (*Reference, error) {
	var codes []string
	if err := db.WithContext(ctx).Raw(`SELECT code FROM unspsc_codes`).Scan(&codes).Error; err != nil {
		return nil, fmt.Errorf("load unspsc: %w", err)
	}
	return NewReference(places, codes), nil
}

// isUnique reports a unique violation (the NEQ already in the register).
func isUnique(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}

// Get returns one supplier of the tenant.
func (st *Store) Get(ctx context.Context, tenantID, id uuid.UUID) (Supplier, error) {
	var s Supplier
	err := tenants.ReadTx(ctx, st.db, tenantID, func(tx *gorm.DB) error {
		var err error
		s, err = get(tx, tenantID, id, false)
		return err
	})
	return s, err
}

func get(tx *gorm.DB, tenantID, id uuid.UUID, forUpdate bool) (Supplier, error) {
	q := `SELECT ` + supplierCols + ` FROM suppliers WHERE tenant_id = ? AND id = ?`
	if forUpdate {
		q += ` FOR UPDATE`
	}
	var rows []supplierRow
	if err := tx.Raw(q, tenantID, id).Scan(&rows).Error; err != nil {
		return Supplier{}, fmt.Errorf("get supplier %s: %w", id, err)
	}
	if len(rows) == 0 {
		return Supplier{}, errNotFound
	}
	return rows[0].supplier(), nil
}

// Create checks and adds a supplier (status approved unless given), with its first
// history line and an audit record.
func (st *Store) Create(ctx context.Context, tenantID uuid.UUID, ref *Reference, s *Supplier) error {
	return tenants.Tx(ctx, st.db, tenantID, func(tx *gorm.DB) error {
		return st.CreateTx(ctx, tx, tenantID, ref, s, "create")
	})
}

// CreateTx is Create inside the caller's tenant transaction (an app/flows composition):
// the supplier is checked against the register's rules, inserted with its first history
// line, and audited as "supplier.<action>" ("create", "pull"…).
func (st *Store) CreateTx(ctx context.Context, tx *gorm.DB, tenantID uuid.UUID, ref *Reference, s *Supplier, action string) error {
	if s.Status == "" {
		s.Status = StateApproved
	}
	if err := s.Check(ref); err != nil {
		return err
	}
	return insert(ctx, tx, tenantID, s, action)
}

// insert writes a checked supplier inside a tenant transaction.
func insert(ctx context.Context, tx *gorm.DB, tenantID uuid.UUID, s *Supplier, action string) error {
	if s.ID == uuid.Nil {
		s.ID = uuid.New()
	}
	s.TenantID, s.Version = tenantID, 1
	args := append([]any{tenantID, s.ID}, s.writeArgs()...)
	err := tx.Raw(`INSERT INTO suppliers (tenant_id, id, `+writeCols+`) VALUES (?, ?, `+writePlaceholders+`)
		RETURNING created_at, updated_at`, args...).Row().Scan(&s.CreatedAt, &s.UpdatedAt)
	if isUnique(err) {
		return errs.E(errs.Conflict, "suppliers.neq_taken").With(map[string]any{"NEQ": s.NEQ.Display()}).
			Field("neq", "suppliers.neq_taken", map[string]any{"NEQ": s.NEQ.Display()})
	}
	if err != nil {
		return fmt.Errorf("insert supplier: %w", err)
	}
	if err := history(ctx, tx, tenantID, s.ID, "", s.Status, action, s.StatusReason); err != nil {
		return err
	}
	return audit.Tenant(ctx, tx, tenantID, audit.Entry{Action: "supplier." + action, ObjectType: "supplier", ObjectID: s.ID.String(), After: s})
}

// history appends a status line.
func history(ctx context.Context, tx *gorm.DB, tenantID, id uuid.UUID, from, to State, action, reason string) error {
	err := tx.Exec(`INSERT INTO supplier_status_history (tenant_id, supplier_id, from_status, to_status, action, reason, actor)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, tenantID, id, string(from), string(to), action, reason, audit.ActorFrom(ctx).Label).Error
	if err != nil {
		return fmt.Errorf("supplier history: %w", err)
	}
	return nil
}

// Update applies change to the current record and saves it when it still checks.
// version, when not 0, must be the record's current version (optimistic locking: two
// buyers editing the same record do not overwrite each other silently).
func (st *Store) Update(ctx context.Context, tenantID, id uuid.UUID, ref *Reference, version int, change func(*Supplier) error) (Supplier, error) {
	var out Supplier
	err := tenants.Tx(ctx, st.db, tenantID, func(tx *gorm.DB) error {
		var err error
		out, err = st.UpdateTx(ctx, tx, tenantID, id, ref, version, "update", change)
		return err
	})
	return out, err
}

// UpdateTx is Update inside the caller's tenant transaction, audited as "supplier.<action>"
// ("update", "sync"…): the record is locked, changed, checked again and saved, with a history
// line when its status changed.
func (st *Store) UpdateTx(ctx context.Context, tx *gorm.DB, tenantID, id uuid.UUID, ref *Reference, version int, action string, change func(*Supplier) error) (Supplier, error) {
	before, err := get(tx, tenantID, id, true)
	if err != nil {
		return Supplier{}, err
	}
	if version != 0 && version != before.Version {
		return Supplier{}, errs.E(errs.Conflict, "suppliers.stale")
	}
	after := before
	after.OtherNames = append([]string(nil), before.OtherNames...)
	after.Contacts = append([]Contact(nil), before.Contacts...)
	if err := change(&after); err != nil {
		return Supplier{}, err
	}
	after.ID, after.TenantID = before.ID, before.TenantID
	if err := after.Check(ref); err != nil {
		return Supplier{}, err
	}
	if err := save(tx, tenantID, &after); err != nil {
		return Supplier{}, err
	}
	if after.Status != before.Status {
		if err := history(ctx, tx, tenantID, id, before.Status, after.Status, action, after.StatusReason); err != nil {
			return Supplier{}, err
		}
	}
	return after, audit.Tenant(ctx, tx, tenantID, audit.Entry{Action: "supplier." + action, ObjectType: "supplier", ObjectID: id.String(), Before: before, After: after})
}

func save(tx *gorm.DB, tenantID uuid.UUID, s *Supplier) error {
	args := append([]any{}, s.writeArgs()...)
	args = append(args, tenantID, s.ID)
	err := tx.Raw(`UPDATE suppliers SET (`+writeCols+`) = (`+writePlaceholders+`), version = version + 1, updated_at = now()
		WHERE tenant_id = ? AND id = ? RETURNING version, updated_at`, args...).Row().Scan(&s.Version, &s.UpdatedAt)
	if isUnique(err) {
		return errs.E(errs.Conflict, "suppliers.neq_taken").With(map[string]any{"NEQ": s.NEQ.Display()}).
			Field("neq", "suppliers.neq_taken", map[string]any{"NEQ": s.NEQ.Display()})
	}
	if errors.Is(err, gorm.ErrRecordNotFound) || errors.Is(err, sql.ErrNoRows) {
		return errNotFound
	}
	if err != nil {
		return fmt.Errorf("update supplier %s: %w", s.ID, err)
	}
	return nil
}

// Delete removes a supplier, its documents' records and history (audited with the record).
func (st *Store) Delete(ctx context.Context, tenantID, id uuid.UUID) error {
	return tenants.Tx(ctx, st.db, tenantID, func(tx *gorm.DB) error {
		before, err := get(tx, tenantID, id, true)
		if err != nil {
			return err
		}
		if err := tx.Exec(`DELETE FROM suppliers WHERE tenant_id = ? AND id = ?`, tenantID, id).Error; err != nil {
			return fmt.Errorf("delete supplier %s: %w", id, err)
		}
		return audit.Tenant(ctx, tx, tenantID, audit.Entry{Action: "supplier.delete", ObjectType: "supplier", ObjectID: id.String(), Before: before})
	})
}

// ChangeStatus applies a buyer's action (approve, reject, suspend, reinstate…) to a
// register record through the workflow's transition table.
func (st *Store) ChangeStatus(ctx context.Context, tenantID, id uuid.UUID, a Action, reason string) (Supplier, error) {
	var out Supplier
	err := tenants.Tx(ctx, st.db, tenantID, func(tx *gorm.DB) error {
		var err error
		out, err = changeStatus(ctx, tx, tenantID, id, a, reason)
		return err
	})
	return out, err
}

func changeStatus(ctx context.Context, tx *gorm.DB, tenantID, id uuid.UUID, a Action, reason string) (Supplier, error) {
	s, err := get(tx, tenantID, id, true)
	if err != nil {
		return s, err
	}
	to, err := Next(s.Status, a, RoleBuyer, reason)
	if err != nil {
		return s, fmt.Errorf("%s supplier %s: %w", a, id, err)
	}
	before := s.Status
	s.Status, s.StatusReason = to.RegisterStatus(), reason
	if err := tx.Raw(`UPDATE suppliers SET status = ?, status_reason = ?, version = version + 1, updated_at = now()
		WHERE tenant_id = ? AND id = ? RETURNING version, updated_at`, string(s.Status), reason, tenantID, id).
		Row().Scan(&s.Version, &s.UpdatedAt); err != nil {
		return s, fmt.Errorf("%s supplier %s: %w", a, id, err)
	}
	if err := history(ctx, tx, tenantID, id, before, s.Status, string(a), reason); err != nil {
		return s, err
	}
	// The enterprise's application to this body follows the register (and says why).
	if err := tx.Exec(`WITH upd AS (UPDATE applications SET state = @to, version = version + 1, updated_at = now()
			WHERE tenant_id = @t AND supplier_id = @id AND state <> @to RETURNING tenant_id, id, state)
		INSERT INTO application_messages (tenant_id, application_id, action, author_role, author, body, from_state, to_state)
		SELECT tenant_id, id, @action, 'buyer', @actor, @reason, @from, @to FROM upd`,
		map[string]any{"to": string(to), "t": tenantID, "id": id, "action": string(a), "actor": audit.ActorFrom(ctx).Label,
			"reason": reason, "from": string(before)}).Error; err != nil {
		return s, fmt.Errorf("%s supplier %s: application: %w", a, id, err)
	}
	return s, audit.Tenant(ctx, tx, tenantID, audit.Entry{Action: "supplier." + string(a), ObjectType: "supplier", ObjectID: id.String(),
		Before: map[string]any{"status": before}, After: map[string]any{"status": s.Status, "reason": reason}})
}

// Bulk applies one action to several suppliers, all or nothing.
func (st *Store) Bulk(ctx context.Context, tenantID uuid.UUID, ids []uuid.UUID, a Action, reason string) error {
	if len(ids) == 0 || len(ids) > 500 {
		return errs.E(errs.Invalid, "suppliers.bulk_count")
	}
	return tenants.Tx(ctx, st.db, tenantID, func(tx *gorm.DB) error {
		for _, id := range ids {
			var err error
			if a == "delete" {
				err = deleteIn(ctx, tx, tenantID, id)
			} else {
				_, err = changeStatus(ctx, tx, tenantID, id, a, reason)
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
}

func deleteIn(ctx context.Context, tx *gorm.DB, tenantID, id uuid.UUID) error {
	before, err := get(tx, tenantID, id, true)
	if err != nil {
		return err
	}
	if err := tx.Exec(`DELETE FROM suppliers WHERE tenant_id = ? AND id = ?`, tenantID, id).Error; err != nil {
		return fmt.Errorf("delete supplier %s: %w", id, err)
	}
	return audit.Tenant(ctx, tx, tenantID, audit.Entry{Action: "supplier.delete", ObjectType: "supplier", ObjectID: id.String(), Before: before})
}

// StatusChange is a line of a supplier's history.
type StatusChange struct {
	From   State     `json:"from" gorm:"column:from_status"`
	To     State     `json:"to" gorm:"column:to_status"`
	Action string    `json:"action"`
	Reason string    `json:"reason"`
	Actor  string    `json:"actor"`
	At     time.Time `json:"at"`
}

// History lists a supplier's status changes, oldest first.
func (st *Store) History(ctx context.Context, tenantID, id uuid.UUID) ([]StatusChange, error) {
	var out []StatusChange
	err := tenants.ReadTx(ctx, st.db, tenantID, func(tx *gorm.DB) error {
		return tx.Raw(`SELECT from_status, to_status, action, reason, actor, at FROM supplier_status_history
			WHERE tenant_id = ? AND supplier_id = ? ORDER BY id`, tenantID, id).Scan(&out).Error
	})
	return out, err
}

// GetTx returns one supplier inside the caller's tenant transaction, locked for update when
// the caller will change it.
func (st *Store) GetTx(ctx context.Context, tx *gorm.DB, tenantID, id uuid.UUID, forUpdate bool) (Supplier, error) {
	return get(tx.WithContext(ctx), tenantID, id, forUpdate)
}

// ByIDsTx returns the tenant's suppliers with these ids (unknown ids are left out), inside the
// caller's tenant transaction.
func (st *Store) ByIDsTx(ctx context.Context, tx *gorm.DB, tenantID uuid.UUID, ids []uuid.UUID) ([]Supplier, error) {
	var rows []supplierRow
	if err := tx.WithContext(ctx).Raw(`SELECT `+supplierCols+` FROM suppliers WHERE tenant_id = ? AND id IN ?`, tenantID, append(ids, uuid.Nil)).
		Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("suppliers by id: %w", err)
	}
	out := make([]Supplier, len(rows))
	for i, r := range rows {
		out[i] = r.supplier()
	}
	return out, nil
}

// InRegisterTx reports whether the register already holds a supplier with this NEQ or copied
// from this catalogue entry.
func (st *Store) InRegisterTx(ctx context.Context, tx *gorm.DB, tenantID uuid.UUID, neq quebec.NEQ, catalogueEntryID uuid.UUID) (bool, error) {
	var n int64
	err := tx.WithContext(ctx).Raw(`SELECT count(*) FROM suppliers WHERE tenant_id = ? AND (neq = ? OR catalogue_entry_id = ?)`,
		tenantID, string(neq), catalogueEntryID).Scan(&n).Error
	if err != nil {
		return false, fmt.Errorf("supplier in register: %w", err)
	}
	return n > 0, nil
}

// DetachFromCatalogueTx forgets which catalogue entry a supplier was copied from; the register
// keeps the record as it is (nothing else is changed or checked again). It is audited by the
// caller, which knows why (app/flows' Unlink).
func (st *Store) DetachFromCatalogueTx(ctx context.Context, tx *gorm.DB, tenantID, id uuid.UUID) error {
	res := tx.WithContext(ctx).Exec(`UPDATE suppliers SET catalogue_entry_id = NULL, updated_at = now() WHERE tenant_id = ? AND id = ?`, tenantID, id)
	if res.Error != nil {
		return fmt.Errorf("detach supplier %s from the catalogue: %w", id, res.Error)
	}
	if res.RowsAffected == 0 {
		return errNotFound
	}
	return nil
}

// InRegister says which of the given NEQs and catalogue entries the tenant's register already holds (the
// catalogue search marks them "already in our register").
func (st *Store) InRegister(ctx context.Context, tenantID uuid.UUID, neqs, entryIDs []string) (byNEQ, byEntry map[string]bool, err error) {
	byNEQ, byEntry = map[string]bool{}, map[string]bool{}
	if len(neqs) == 0 && len(entryIDs) == 0 {
		return byNEQ, byEntry, nil
	}
	var rows []struct{ NEQ, Entry string }
	err = tenants.ReadTx(ctx, st.db, tenantID, func(tx *gorm.DB) error {
		return tx.Raw(`SELECT coalesce(neq, '') AS neq, coalesce(catalogue_entry_id::text, '') AS entry FROM suppliers
			WHERE tenant_id = ? AND (neq = ANY(CAST(? AS text[])) OR catalogue_entry_id::text = ANY(CAST(? AS text[])))`,
			tenantID, pgTextArray(neqs), pgTextArray(entryIDs)).Scan(&rows).Error
	})
	if err != nil {
		return nil, nil, fmt.Errorf("in register: %w", err)
	}
	for _, r := range rows {
		if r.NEQ != "" {
			byNEQ[r.NEQ] = true
		}
		if r.Entry != "" {
			byEntry[r.Entry] = true
		}
	}
	return byNEQ, byEntry, nil
}

// pgTextArray writes a PostgreSQL text[] literal.
func pgTextArray(xs []string) string {
	var b strings.Builder
	b.WriteByte('{')
	for i, x := range xs {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(x) + `"`)
	}
	b.WriteByte('}')
	return b.String()
}
