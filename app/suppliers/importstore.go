package suppliers

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/audit"
	"maillage/app/errs"
	"maillage/app/tabular"
	"maillage/tenants"
)

// importBatch rows per INSERT statement (28 parameters each, well under PostgreSQL's 65,535).
const importBatch = 500

// Import writes the suppliers of a checked file (ImportRows, in the order of recs), all
// or nothing: a NEQ already in the register is a row error like any other, and nothing
// is written while v holds an error. One audit record names the import and its NEQs.
func (st *Store) Import(ctx context.Context, tenantID uuid.UUID, recs []tabular.Record, ss []Supplier, v *errs.Validation) (int, error) {
	if len(recs) != len(ss) {
		return 0, fmt.Errorf("import: %d records for %d suppliers", len(recs), len(ss))
	}
	if err := v.Err(); err != nil {
		return 0, err
	}
	neqs := make([]string, 0, len(ss))
	for _, s := range ss {
		neqs = append(neqs, string(s.NEQ))
	}
	err := tenants.Tx(ctx, st.db, tenantID, func(tx *gorm.DB) error {
		var taken []string
		if err := tx.Raw(`SELECT neq FROM suppliers WHERE tenant_id = ? AND neq = ANY(?::char(10)[])`, tenantID, pgArray(neqs)).
			Scan(&taken).Error; err != nil {
			return fmt.Errorf("import: existing NEQs: %w", err)
		}
		exists := make(map[string]bool, len(taken))
		for _, n := range taken {
			exists[strings.TrimSpace(n)] = true
		}
		for i, s := range ss {
			if exists[string(s.NEQ)] {
				v.Fields = append(v.Fields, errs.FieldError{Row: recs[i].Line, Field: "neq", Column: column(recs[i], "neq"),
					Key: "suppliers.import_neq_taken", Args: map[string]any{"NEQ": s.NEQ.Display()}})
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		for start := 0; start < len(ss); start += importBatch {
			if err := insertBatch(tx, tenantID, ss[start:min(start+importBatch, len(ss))]); err != nil {
				return err
			}
		}
		if err := tx.Exec(`INSERT INTO supplier_status_history (tenant_id, supplier_id, to_status, action, reason, actor)
			SELECT tenant_id, id, status, 'import', status_reason, ? FROM suppliers WHERE tenant_id = ? AND neq = ANY(?::char(10)[])`,
			audit.ActorFrom(ctx).Label, tenantID, pgArray(neqs)).Error; err != nil {
			return fmt.Errorf("import: history: %w", err)
		}
		return audit.Tenant(ctx, tx, tenantID, audit.Entry{Action: "supplier.import", ObjectType: "supplier", ObjectID: "import",
			After: map[string]any{"count": len(ss), "neqs": neqs}})
	})
	if err != nil {
		return 0, err
	}
	return len(ss), nil
}

// column is the file's header of a field, as the error messages about it name it.
func column(r tabular.Record, field string) string { return r.Columns[field] }

func insertBatch(tx *gorm.DB, tenantID uuid.UUID, ss []Supplier) error {
	var sb strings.Builder
	sb.WriteString(`INSERT INTO suppliers (tenant_id, id, ` + writeCols + `) VALUES `)
	args := make([]any, 0, len(ss)*30)
	for i := range ss {
		s := &ss[i]
		if s.ID == uuid.Nil {
			s.ID = uuid.New()
		}
		s.TenantID, s.Version = tenantID, 1
		if i > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString(`(?, ?, ` + writePlaceholders + `)`)
		args = append(args, tenantID, s.ID)
		args = append(args, s.writeArgs()...)
	}
	if err := tx.Exec(sb.String(), args...).Error; err != nil {
		if isUnique(err) {
			return errs.E(errs.Conflict, "suppliers.neq_taken_import")
		}
		return fmt.Errorf("import: insert: %w", err)
	}
	return nil
}
