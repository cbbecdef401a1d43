package suppliers

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/audit"
	"maillage/app/errs"
	"maillage/tenants"
)

// DocType is a kind of document a body keeps on its suppliers: whether it requires it,
// and how many days before expiry it starts warning.
type DocType struct {
	Code     string `json:"code"`
	Label    string `json:"label,omitempty"` // a body's own types; built-in ones are translated by code
	Required bool   `json:"required"`
	WarnDays int    `json:"warn_days"`
	BuiltIn  bool   `json:"built_in"`
}

// BuiltInDocTypes are the types every body has.
func BuiltInDocTypes() []string {
	return []string{DocRQAttestation, DocInsurance, DocAMPAuthorization, DocRENACheck}
}

// DocTypes lists the body's document types: the built-in ones (with the body's settings
// when it has some) and its own.
func (st *Store) DocTypes(ctx context.Context, tenantID uuid.UUID) ([]DocType, error) {
	var rows []DocType
	err := tenants.ReadTx(ctx, st.db, tenantID, func(tx *gorm.DB) error {
		return tx.Raw(`SELECT code, label, required, warn_days FROM supplier_document_types WHERE tenant_id = ? ORDER BY label, code`, tenantID).Scan(&rows).Error
	})
	if err != nil {
		return nil, fmt.Errorf("document types: %w", err)
	}
	set := map[string]DocType{}
	for _, r := range rows {
		set[r.Code] = r
	}
	var out []DocType
	for _, code := range BuiltInDocTypes() {
		d, ok := set[code]
		if !ok {
			d = DocType{Code: code, WarnDays: 30}
		}
		d.BuiltIn = true
		out = append(out, d)
		delete(set, code)
	}
	for _, r := range rows {
		if _, own := set[r.Code]; own {
			out = append(out, r)
		}
	}
	return out, nil
}

// SaveDocType creates or changes one of the body's document types (audited).
func (st *Store) SaveDocType(ctx context.Context, tenantID uuid.UUID, d DocType) error {
	var v errs.Validation
	d.Code, d.Label = strings.TrimSpace(d.Code), strings.TrimSpace(d.Label)
	builtIn := false
	for _, c := range BuiltInDocTypes() {
		builtIn = builtIn || c == d.Code
	}
	if !docTypeRe.MatchString(d.Code) {
		v.Add("code", "suppliers.doc_type_invalid", nil)
	}
	if !builtIn && (d.Label == "" || utf8.RuneCountInString(d.Label) > maxName) {
		v.Add("label", "suppliers.doc_label_required", nil)
	}
	if d.WarnDays < 0 || d.WarnDays > 365 {
		v.Add("warn_days", "suppliers.warn_days_invalid", nil)
	}
	if err := v.Err(); err != nil {
		return err
	}
	return tenants.Tx(ctx, st.db, tenantID, func(tx *gorm.DB) error {
		if err := tx.Exec(`INSERT INTO supplier_document_types (tenant_id, code, label, required, warn_days) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (tenant_id, code) DO UPDATE SET label = EXCLUDED.label, required = EXCLUDED.required, warn_days = EXCLUDED.warn_days`,
			tenantID, d.Code, d.Label, d.Required, d.WarnDays).Error; err != nil {
			return fmt.Errorf("save document type: %w", err)
		}
		return audit.Tenant(ctx, tx, tenantID, audit.Entry{Action: "supplier.document_type", ObjectType: "document_type", ObjectID: d.Code, After: d})
	})
}
