package declarations

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/errs"
	"maillage/tenants"
)

// MaxResolutionBytes bounds the council resolution upload.
const MaxResolutionBytes = 10 << 20

// File is a stored resolution PDF.
type File struct {
	Name    string
	Size    int
	Content []byte
}

// PutResolution stores the PDF of the council resolution (replacing a previous one). Only a real PDF
// (by its magic bytes, whatever the browser said) of at most 10 MiB is accepted.
func (s *Store) PutResolution(ctx context.Context, tenantID uuid.UUID, id, name string, content []byte) error {
	uid, err := parseID(id)
	if err != nil {
		return err
	}
	switch {
	case len(content) == 0:
		return errs.E(errs.Invalid, "declarations.resolution_file_empty")
	case len(content) > MaxResolutionBytes:
		return errs.E(errs.TooLarge, "declarations.resolution_file_too_large").With(map[string]any{"MB": MaxResolutionBytes >> 20})
	case !bytes.HasPrefix(content, []byte("%PDF-")):
		return errs.E(errs.Unsupported, "declarations.resolution_file_not_pdf")
	}
	name = strings.TrimSpace(filepath.Base(strings.ReplaceAll(name, "\\", "/")))
	if name == "" || name == "." || name == "/" {
		name = "resolution.pdf"
	}
	sum := sha256.Sum256(content)
	return tenants.Tx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Raw(`SELECT count(*) FROM declarations WHERE tenant_id = ? AND id = ?`, tenantID, uid).Scan(&n).Error; err != nil {
			return err
		}
		if n == 0 {
			return notFound
		}
		if err := tx.Exec(`DELETE FROM declaration_files WHERE tenant_id = ? AND declaration_id = ?`, tenantID, uid).Error; err != nil {
			return err
		}
		if err := tx.Exec(`INSERT INTO declaration_files (tenant_id, declaration_id, name, content_type, size, sha256, content)
			VALUES (?, ?, ?, 'application/pdf', ?, ?, ?)`, tenantID, uid, name, len(content), sum[:], content).Error; err != nil {
			return fmt.Errorf("store resolution: %w", err)
		}
		return auditDecl(ctx, tx, tenantID, "declaration.resolution_file", id, nil,
			map[string]any{"name": name, "size": len(content), "sha256": fmt.Sprintf("%x", sum)})
	})
}

// Resolution returns the stored resolution PDF; NotFound when there is none.
func (s *Store) Resolution(ctx context.Context, tenantID uuid.UUID, id string) (File, error) {
	uid, err := parseID(id)
	if err != nil {
		return File{}, err
	}
	var f File
	err = tenants.ReadTx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		var rows []File
		if err := tx.Raw(`SELECT name, size, content FROM declaration_files WHERE tenant_id = ? AND declaration_id = ?`,
			tenantID, uid).Scan(&rows).Error; err != nil {
			return err
		}
		if len(rows) == 0 {
			return errs.E(errs.NotFound, "declarations.resolution_file_missing")
		}
		f = rows[0]
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
