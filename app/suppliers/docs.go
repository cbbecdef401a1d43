package suppliers

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/audit"
	"maillage/app/errs"
	"maillage/app/uploads"
	"maillage/tenants"
)

// DocInfo describes a stored document (the file itself is in the blob store).
type DocInfo struct {
	ID         uuid.UUID  `json:"id"`
	Owner      string     `json:"owner"` // "supplier" (kept by the body) or "enterprise" (the enterprise's own)
	Type       string     `json:"type"`
	IssuedOn   *time.Time `json:"issued_on,omitempty"`
	ExpiresOn  *time.Time `json:"expires_on,omitempty"`
	RENAResult string     `json:"rena_result,omitempty"`
	FileName   string     `json:"file_name"`
	MediaType  string     `json:"media_type"`
	SizeBytes  int64      `json:"size_bytes"`
	SHA256     string     `json:"sha256"`
	BlobKey    string     `json:"-"`
	CreatedAt  time.Time  `json:"created_at"`
	State      DocState   `json:"state"`
	// Superseded: a newer document of the same type exists (this one can be withdrawn).
	Superseded bool `json:"superseded"`
}

// NewDoc is what a person gives with an upload.
type NewDoc struct {
	Type       string
	IssuedOn   *time.Time
	ExpiresOn  *time.Time
	RENAResult string
	Replaces   *uuid.UUID // a document of the same owner this one replaces (withdrawn with the upload)
}

func (n NewDoc) check() error {
	var v errs.Validation
	if !docTypeRe.MatchString(n.Type) {
		v.Add("type", "suppliers.doc_type_invalid", nil)
	}
	if n.IssuedOn != nil && n.ExpiresOn != nil && n.ExpiresOn.Before(*n.IssuedOn) {
		v.Add("expires_on", "suppliers.doc_dates_invalid", nil)
	}
	switch n.RENAResult {
	case "", "not_listed", "listed":
	default:
		v.Add("rena_result", "suppliers.rena_result_invalid", nil)
	}
	return v.Err()
}

const docCols = `id, type, issued_on, expires_on, file_name, media_type, size_bytes, sha256, blob_key, created_at`

// docOrder lists each type's documents newest first (by expiry, else issue, else upload), so that the first of
// a type is the current one and the others are superseded.
const docOrder = ` ORDER BY type, coalesce(expires_on, issued_on, created_at::date) DESC, created_at DESC`

func withStates(docs []DocInfo, owner string, today time.Time, warn int) []DocInfo {
	seen := map[string]bool{}
	for i := range docs {
		docs[i].Owner = owner
		d := Document{Type: docs[i].Type, ExpiresOn: docs[i].ExpiresOn}
		docs[i].State = d.State(today, warn)
		docs[i].Superseded = seen[docs[i].Type]
		seen[docs[i].Type] = true
	}
	return docs
}

func enterpriseDocs(tx *gorm.DB, entID uuid.UUID, today time.Time) ([]DocInfo, error) {
	var docs []DocInfo
	if err := tx.Raw(`SELECT `+docCols+` FROM enterprise_documents WHERE enterprise_id = ? AND withdrawn_at IS NULL`+docOrder, entID).Scan(&docs).Error; err != nil {
		return nil, fmt.Errorf("enterprise documents: %w", err)
	}
	return withStates(docs, "enterprise", today, 30), nil
}

// AddEnterpriseDoc stores a checked upload as one of the user's enterprise documents.
func (a *Applications) AddEnterpriseDoc(ctx context.Context, userID uuid.UUID, n NewDoc, f uploads.File, blobs uploads.Store) (DocInfo, error) {
	if err := n.check(); err != nil {
		return DocInfo{}, err
	}
	ent, err := a.Mine(ctx, userID)
	if err != nil {
		return DocInfo{}, err
	}
	var d DocInfo
	err = a.withEnterpriseBlob(ctx, ent.ID, f, blobs, func(id uuid.UUID, key uploads.Key) error {
		return a.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
			var err error
			d, err = insertEnterpriseDoc(ctx, tx, ent.ID, id, n, f, key)
			return err
		})
	})
	if err != nil {
		return DocInfo{}, err
	}
	d.State = (&Document{ExpiresOn: n.ExpiresOn}).State(a.now(), 30)
	return d, nil
}

// withEnterpriseBlob stores the file under a new document id, runs record (which writes the row), and removes
// the file again when record fails.
func (a *Applications) withEnterpriseBlob(ctx context.Context, entID uuid.UUID, f uploads.File, blobs uploads.Store, record func(uuid.UUID, uploads.Key) error) error {
	id := uuid.New()
	key, err := uploads.EnterpriseKey(entID.String(), id.String())
	if err != nil {
		return err
	}
	if err := blobs.Put(ctx, key, bytes.NewReader(f.Data)); err != nil {
		return err
	}
	if err := record(id, key); err != nil {
		_ = blobs.Delete(ctx, key)
		return err
	}
	return nil
}

// insertEnterpriseDoc writes the row of a stored file (and withdraws the document it replaces), audited.
func insertEnterpriseDoc(ctx context.Context, tx *gorm.DB, entID, id uuid.UUID, n NewDoc, f uploads.File, key uploads.Key) (DocInfo, error) {
	d := DocInfo{ID: id, Owner: "enterprise", Type: n.Type, IssuedOn: n.IssuedOn, ExpiresOn: n.ExpiresOn, FileName: f.Name,
		MediaType: f.MediaType, SizeBytes: f.Size(), SHA256: f.SHA256, BlobKey: key.String()}
	if err := tx.Exec(`INSERT INTO enterprise_documents (id, enterprise_id, type, issued_on, expires_on, file_name, media_type, size_bytes, sha256, blob_key)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, entID, n.Type, n.IssuedOn, n.ExpiresOn, f.Name, f.MediaType, f.Size(), f.SHA256, key.String()).Error; err != nil {
		return DocInfo{}, fmt.Errorf("enterprise document: %w", err)
	}
	if n.Replaces != nil {
		if err := withdrawEnterpriseDoc(ctx, tx, entID, *n.Replaces, &id); err != nil {
			return DocInfo{}, err
		}
	}
	return d, audit.Platform(ctx, tx, audit.Entry{Action: "enterprise.document_add", ObjectType: "enterprise", ObjectID: entID.String(), After: d})
}

// WithdrawEnterpriseDoc withdraws one of the user's enterprise documents: bodies no longer see it and it no
// longer counts in a supplier's document state; it stays on record.
func (a *Applications) WithdrawEnterpriseDoc(ctx context.Context, userID, docID uuid.UUID) error {
	ent, err := a.Mine(ctx, userID)
	if err != nil {
		return err
	}
	return a.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		return withdrawEnterpriseDoc(ctx, tx, ent.ID, docID, nil)
	})
}

func withdrawEnterpriseDoc(ctx context.Context, tx *gorm.DB, entID, docID uuid.UUID, by *uuid.UUID) error {
	res := tx.Exec(`UPDATE enterprise_documents SET withdrawn_at = now(), replaced_by = ? WHERE id = ? AND enterprise_id = ? AND withdrawn_at IS NULL`,
		by, docID, entID)
	if res.Error != nil {
		return fmt.Errorf("withdraw enterprise document %s: %w", docID, res.Error)
	}
	if res.RowsAffected == 0 {
		return errs.E(errs.NotFound, "suppliers.doc_not_found")
	}
	return audit.Platform(ctx, tx, audit.Entry{Action: "enterprise.document_withdraw", ObjectType: "enterprise", ObjectID: entID.String(),
		Before: map[string]any{"document": docID}, After: map[string]any{"replaced_by": by}})
}

// MyDocs lists the user's enterprise documents with their states.
func (a *Applications) MyDocs(ctx context.Context, userID uuid.UUID) ([]DocInfo, error) {
	ent, err := a.Mine(ctx, userID)
	if err != nil {
		return nil, err
	}
	return enterpriseDocs(a.db.WithContext(ctx), ent.ID, a.now())
}

// MyDoc returns one of the user's enterprise documents (for download).
func (a *Applications) MyDoc(ctx context.Context, userID, docID uuid.UUID) (DocInfo, error) {
	ent, err := a.Mine(ctx, userID)
	if err != nil {
		return DocInfo{}, err
	}
	var docs []DocInfo
	if err := a.db.WithContext(ctx).Raw(`SELECT `+docCols+` FROM enterprise_documents WHERE id = ? AND enterprise_id = ?`, docID, ent.ID).Scan(&docs).Error; err != nil {
		return DocInfo{}, err
	}
	if len(docs) == 0 {
		return DocInfo{}, errs.E(errs.NotFound, "suppliers.doc_not_found")
	}
	return docs[0], nil
}

// AddDoc stores a document a buyer recorded for a supplier of the register (a file is
// optional: a RENA check is a date and a result).
func (st *Store) AddDoc(ctx context.Context, tenantID, supplierID uuid.UUID, n NewDoc, f *uploads.File, blobs uploads.Store) (DocInfo, error) {
	if err := n.check(); err != nil {
		return DocInfo{}, err
	}
	id := uuid.New()
	d := DocInfo{ID: id, Owner: "supplier", Type: n.Type, IssuedOn: n.IssuedOn, ExpiresOn: n.ExpiresOn, RENAResult: n.RENAResult}
	var key uploads.Key
	if f != nil {
		var err error
		if key, err = uploads.TenantKey(tenantID.String(), id.String()); err != nil {
			return DocInfo{}, err
		}
		if err := blobs.Put(ctx, key, bytes.NewReader(f.Data)); err != nil {
			return DocInfo{}, err
		}
		d.FileName, d.MediaType, d.SizeBytes, d.SHA256, d.BlobKey = f.Name, f.MediaType, f.Size(), f.SHA256, key.String()
	} else if n.Type != DocRENACheck {
		return DocInfo{}, (&errs.Validation{}).ErrWith("file", "suppliers.doc_file_required", nil)
	}
	err := tenants.Tx(ctx, st.db, tenantID, func(tx *gorm.DB) error {
		if _, err := get(tx, tenantID, supplierID, true); err != nil {
			return err
		}
		if err := tx.Exec(`INSERT INTO supplier_documents (tenant_id, id, supplier_id, type, issued_on, expires_on, rena_result,
			file_name, media_type, size_bytes, sha256, blob_key, uploaded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			tenantID, id, supplierID, n.Type, n.IssuedOn, n.ExpiresOn, n.RENAResult, d.FileName, d.MediaType, d.SizeBytes, d.SHA256,
			d.BlobKey, audit.ActorFrom(ctx).Label).Error; err != nil {
			return fmt.Errorf("supplier document: %w", err)
		}
		if n.Replaces != nil {
			if err := withdrawSupplierDoc(ctx, tx, tenantID, supplierID, *n.Replaces, &id); err != nil {
				return err
			}
		}
		return audit.Tenant(ctx, tx, tenantID, audit.Entry{Action: "supplier.document_add", ObjectType: "supplier", ObjectID: supplierID.String(), After: d})
	})
	if err != nil {
		if f != nil {
			_ = blobs.Delete(ctx, key)
		}
		return DocInfo{}, err
	}
	d.State = (&Document{ExpiresOn: n.ExpiresOn}).State(st.now(), 30)
	return d, nil
}

// WithdrawDoc withdraws a document the body keeps on a supplier (superseded, or recorded by mistake): it
// stays on record but no longer shows nor counts.
func (st *Store) WithdrawDoc(ctx context.Context, tenantID, supplierID, docID uuid.UUID) error {
	return tenants.Tx(ctx, st.db, tenantID, func(tx *gorm.DB) error {
		return withdrawSupplierDoc(ctx, tx, tenantID, supplierID, docID, nil)
	})
}

func withdrawSupplierDoc(ctx context.Context, tx *gorm.DB, tenantID, supplierID, docID uuid.UUID, by *uuid.UUID) error {
	res := tx.Exec(`UPDATE supplier_documents SET withdrawn_at = now(), replaced_by = ?
		WHERE tenant_id = ? AND supplier_id = ? AND id = ? AND withdrawn_at IS NULL`, by, tenantID, supplierID, docID)
	if res.Error != nil {
		return fmt.Errorf("withdraw supplier document %s: %w", docID, res.Error)
	}
	if res.RowsAffected == 0 {
		return errs.E(errs.NotFound, "suppliers.doc_not_found")
	}
	return audit.Tenant(ctx, tx, tenantID, audit.Entry{Action: "supplier.document_withdraw", ObjectType: "supplier", ObjectID: supplierID.String(),
		Before: map[string]any{"document": docID}, After: map[string]any{"replaced_by": by}})
}

// Docs lists a supplier's documents: those the body keeps and, when the supplier is an
// enterprise that applied, the enterprise's own.
func (st *Store) Docs(ctx context.Context, tenantID, supplierID uuid.UUID) ([]DocInfo, error) {
	var out []DocInfo
	err := tenants.ReadTx(ctx, st.db, tenantID, func(tx *gorm.DB) error {
		s, err := get(tx, tenantID, supplierID, false)
		if err != nil {
			return err
		}
		if err := tx.Raw(`SELECT `+docCols+`, rena_result FROM supplier_documents WHERE tenant_id = ? AND supplier_id = ?
			AND withdrawn_at IS NULL`+docOrder, tenantID, supplierID).Scan(&out).Error; err != nil {
			return err
		}
		out = withStates(out, "supplier", st.now(), 30)
		if s.EnterpriseID != nil {
			ed, err := enterpriseDocs(tx, *s.EnterpriseID, st.now())
			if err != nil {
				return err
			}
			out = append(out, ed...)
		}
		return nil
	})
	return out, err
}

// Doc returns a document a buyer of the tenant may download: one the body keeps, or one
// of an enterprise that applied to the body. Anything else is NotFound.
func (st *Store) Doc(ctx context.Context, tenantID, docID uuid.UUID) (DocInfo, error) {
	var docs []DocInfo
	err := tenants.ReadTx(ctx, st.db, tenantID, func(tx *gorm.DB) error {
		if err := tx.Raw(`SELECT `+docCols+` FROM supplier_documents WHERE tenant_id = ? AND id = ? AND withdrawn_at IS NULL`, tenantID, docID).Scan(&docs).Error; err != nil {
			return err
		}
		if len(docs) > 0 {
			return nil
		}
		return tx.Raw(`SELECT `+docCols+` FROM enterprise_documents d WHERE d.id = ? AND d.withdrawn_at IS NULL AND EXISTS (
			SELECT 1 FROM applications a WHERE a.tenant_id = ? AND a.enterprise_id = d.enterprise_id)`, docID, tenantID).Scan(&docs).Error
	})
	if err != nil {
		return DocInfo{}, err
	}
	if len(docs) == 0 {
		return DocInfo{}, errs.E(errs.NotFound, "suppliers.doc_not_found")
	}
	return docs[0], nil
}
