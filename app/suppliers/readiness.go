package suppliers

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/errs"
)

// RequiredDoc is a document a body requires of the enterprises that apply to its register, with the
// enterprise's current document of that type (nil when it has none) and its state.
type RequiredDoc struct {
	Type  DocType
	Doc   *DocInfo
	State DocState // missing, expired, expiring or valid
}

// Ready reports whether the document lets the application be sent (present and not expired).
func (r RequiredDoc) Ready() bool { return r.State == DocValid || r.State == DocExpiring }

// Readiness lists the documents the body requires before an application is sent, with the enterprise's.
// The RENA check is the body's own verification, never asked of the enterprise.
func (a *Applications) Readiness(ctx context.Context, tenantID, userID uuid.UUID) ([]RequiredDoc, error) {
	types, err := a.store.DocTypes(ctx, tenantID)
	if err != nil {
		return nil, err
	}
	ent, err := a.Mine(ctx, userID)
	if err != nil && !errs.Is(err, errs.NotFound) {
		return nil, err
	}
	var docs []DocInfo
	if err == nil {
		if docs, err = enterpriseDocs(a.db.WithContext(ctx), ent.ID, a.now()); err != nil {
			return nil, err
		}
	}
	return RequiredStatus(types, docs), nil
}

// RequiredStatus pairs the body's required types (RENA check aside) with the current document of each.
func RequiredStatus(types []DocType, docs []DocInfo) []RequiredDoc {
	var out []RequiredDoc
	for _, t := range types {
		if !t.Required || t.Code == DocRENACheck {
			continue
		}
		r := RequiredDoc{Type: t, State: DocMissing}
		for i := range docs {
			if docs[i].Type == t.Code && !docs[i].Superseded {
				d := docs[i]
				r.Doc, r.State = &d, d.State
				break
			}
		}
		out = append(out, r)
	}
	return out
}

// checkReadiness refuses to send an application while a required document is missing or expired.
func (a *Applications) checkReadiness(ctx context.Context, tx *gorm.DB, tenantID uuid.UUID, ent Enterprise) error {
	var types []DocType
	if err := tx.Raw(`SELECT code, label, required, warn_days FROM supplier_document_types WHERE tenant_id = ? AND required`, tenantID).
		Scan(&types).Error; err != nil {
		return fmt.Errorf("required documents: %w", err)
	}
	docs, err := enterpriseDocs(tx, ent.ID, a.now())
	if err != nil {
		return err
	}
	var v errs.Validation
	v.Key = "suppliers.apply_documents_missing"
	for _, r := range RequiredStatus(types, docs) {
		if !r.Ready() {
			v.Add("documents", "suppliers.apply_document_missing", map[string]any{"Type": r.Type.Code, "Label": r.Type.Label, "State": string(r.State)})
		}
	}
	return v.Err()
}
