package declarations

import (
	"context"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/errs"
	"maillage/tenants"
)

// MaxResolutionBytes bounds the council resolution upload.
const MaxResolutionBytes = 10 << 20

// File describes the stored PDF of a council resolution. The bytes live in the blob store under
// Key (the web layer checks the upload's type by content and puts it there first); Content is set
// only for files stored before the blob store was used.
type File struct {
	Name    string `json:"name"`
	Size    int    `json:"size"`
	SHA256  string `json:"sha256"` // lowercase hex
	Key     string `json:"-"`      // blob store key
	Content []byte `json:"-"`
}

// PutResolution records the resolution PDF of a declaration, replacing a previous one.
func (s *Store) PutResolution(ctx context.Context, tenantID uuid.UUID, id string, f File) error {
	uid, err := parseID(id)
	if err != nil {
		return err
	}
	sum, herr := hex.DecodeString(f.SHA256)
	switch {
	case f.Size <= 0:
		return errs.E(errs.Invalid, "declarations.resolution_file_empty")
	case f.Size > MaxResolutionBytes:
		return errs.E(errs.TooLarge, "declarations.resolution_file_too_large").With(map[string]any{"MB": MaxResolutionBytes >> 20})
	case herr != nil || len(sum) != 32 || strings.TrimSpace(f.Key) == "" || strings.TrimSpace(f.Name) == "":
		return errs.E(errs.Internal, "errors.internal").Wrap(fmt.Errorf("resolution file without name, checksum or key"))
	}
	return tenants.Tx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Raw(`SELECT count(*) FROM declarations WHERE tenant_id = ? AND id = ?`, tenantID, uid).Scan(&n).Error; err != nil {
			return err
		}
		if n == 0 {
			return notFound
		}
		var before []File
		if err := tx.Raw(`SELECT name, size, encode(sha256, 'hex') AS sha256 FROM declaration_files WHERE tenant_id = ? AND declaration_id = ?`,
			tenantID, uid).Scan(&before).Error; err != nil {
			return err
		}
		if err := tx.Exec(`DELETE FROM declaration_files WHERE tenant_id = ? AND declaration_id = ?`, tenantID, uid).Error; err != nil {
			return err
		}
		if err := tx.Exec(`INSERT INTO declaration_files (tenant_id, declaration_id, name, content_type, size, sha256, blob_key)
			VALUES (?, ?, ?, 'application/pdf', ?, ?, ?)`, tenantID, uid, f.Name, f.Size, sum, f.Key).Error; err != nil {
			return fmt.Errorf("store resolution: %w", err)
		}
		var prev any
		if len(before) == 1 {
			prev = before[0]
		}
		return auditDecl(ctx, tx, tenantID, "declaration.resolution_file", id, prev, f)
	})
}

// Resolution returns the stored resolution PDF's description; NotFound when there is none.
func (s *Store) Resolution(ctx context.Context, tenantID uuid.UUID, id string) (File, error) {
	uid, err := parseID(id)
	if err != nil {
		return File{}, err
	}
	var f File
	err = tenants.ReadTx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		var rows []struct {
			Name    string
			Size    int
			SHA256  string `gorm:"column:sha256"`
			BlobKey *string
			Content []byte
		}
		if err := tx.Raw(`SELECT name, size, encode(sha256, 'hex') AS sha256, blob_key, content FROM declaration_files
			WHERE tenant_id = ? AND declaration_id = ?`, tenantID, uid).Scan(&rows).Error; err != nil {
			return err
		}
		if len(rows) == 0 {
			return errs.E(errs.NotFound, "declarations.resolution_file_missing")
		}
		r := rows[0]
		f = File{Name: r.Name, Size: r.Size, SHA256: r.SHA256, Content: r.Content}
		if r.BlobKey != nil {
			f.Key = *r.BlobKey
		}
		return nil
	})
	return f, err
}

// HasResolution reports whether a resolution PDF is stored.
func (s *Store) HasResolution(ctx context.Context, tenantID uuid.UUID, id string) (bool, error) {
	uid, err := parseID(id)
	if err != nil {
		return false, nil
	}
	var n int64
	err = tenants.ReadTx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		return tx.Raw(`SELECT count(*) FROM declaration_files WHERE tenant_id = ? AND declaration_id = ?`, tenantID, uid).Scan(&n).Error
	})
	return n > 0, err
}
