package catalogue

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/audit"
	"maillage/app/errs"
	"maillage/tenants"
)

// A tenant's register copies catalogue entries as its own suppliers; catalogue_links, owned by
// this package, remembers which supplier came from which entry and which upstream version the
// tenant last synced or ignored. The register's records themselves belong to app/suppliers:
// the pull, sync and unlink that change both are compositions of app/flows.

// SyncFields are the fields a register copy shares with its catalogue entry.
var SyncFields = []Field{FieldNEQ, FieldName, FieldOtherNames, FieldLegalForm, FieldStreet, FieldMunicipality, FieldPostalCode,
	FieldRegionsServed, FieldUNSPSC, FieldProducts, FieldWebsite, FieldAdapted, FieldNoRistourne}

// ProductSep joins an entry's products into a register's one "products and services" text.
const ProductSep = "; "

// Link is a supplier of the register linked to a catalogue entry, with what changed upstream.
type Link struct {
	SupplierID   string   `json:"supplier_id"`
	EntryID      string   `json:"entry_id"`
	Name         string   `json:"name"`
	EntryVersion int      `json:"entry_version"`
	Synced       int      `json:"synced_version"`
	Retired      bool     `json:"retired"`
	MergedInto   string   `json:"merged_into,omitempty"`
	Changes      []Change `json:"changes"` // register copy → catalogue entry, over SyncFields
	Pending      bool     `json:"pending"` // changes not yet synced nor ignored
}

// LinkRow is one row of catalogue_links: a register supplier and the entry it was copied from.
type LinkRow struct {
	SupplierID     string
	EntryID        string
	SyncedVersion  int
	IgnoredVersion int
}

// NewLink is the link of a register copy (with copy, the entry as the register holds it over
// SyncFields) to its entry e: what changed upstream, and whether the tenant has yet to decide.
func NewLink(r LinkRow, name string, copy, e Entry) Link {
	l := Link{SupplierID: r.SupplierID, EntryID: r.EntryID, Name: name, EntryVersion: e.Version, Synced: r.SyncedVersion,
		Retired: e.Status == StatusRetired, MergedInto: e.MergedInto, Changes: nonNilChanges(DiffFields(copy, e, SyncFields))}
	l.Pending = len(l.Changes) > 0 && e.Version > max(r.SyncedVersion, r.IgnoredVersion)
	return l
}

// CheckSyncFields refuses a field that a register copy does not share with its entry.
func CheckSyncFields(fields []Field) error {
	for _, f := range fields {
		if !containsField(SyncFields, f) {
			return (&errs.Validation{Key: "catalogue.invalid"}).ErrWith("fields", "catalogue.sync.bad_field", map[string]any{"Value": string(f)})
		}
	}
	return nil
}

// EntriesTx returns the entries with these ids inside the caller's transaction (retired ones
// included; unknown ids are left out).
func EntriesTx(ctx context.Context, tx *gorm.DB, ids []string) ([]Entry, error) {
	valid := make([]string, 0, len(ids))
	for _, id := range ids {
		if _, err := uuid.Parse(id); err == nil {
			valid = append(valid, id)
		}
	}
	if len(valid) == 0 {
		return nil, nil
	}
	return queryEntries(ctx, tx, `SELECT `+entryColumns+` FROM catalogue_entries e JOIN municipalities mu ON mu.code = e.municipality_code
		WHERE e.id IN (SELECT jsonb_array_elements_text(?::jsonb)::uuid)`, jsonList(valid))
}

// LinkTx records, inside the caller's tenant transaction, that a register supplier was copied
// from entry e at its current version.
func LinkTx(ctx context.Context, tx *gorm.DB, tenantID uuid.UUID, supplierID uuid.UUID, e Entry) error {
	if err := tx.WithContext(ctx).Exec(`INSERT INTO catalogue_links (tenant_id, supplier_id, entry_id, synced_version) VALUES (?, ?, ?, ?)`,
		tenantID, supplierID, e.ID, e.Version).Error; err != nil {
		return fmt.Errorf("link supplier %s to entry %s: %w", supplierID, e.ID, err)
	}
	return nil
}

// LinksTx lists the tenant's links (one supplier's when supplierID is set: NotFound when it has
// none) inside the caller's tenant transaction.
func LinksTx(ctx context.Context, tx *gorm.DB, tenantID uuid.UUID, supplierID string) ([]LinkRow, error) {
	q := `SELECT supplier_id::text, entry_id::text, synced_version, ignored_version FROM catalogue_links WHERE tenant_id = ?`
	args := []any{tenantID}
	if supplierID != "" {
		if _, err := uuid.Parse(supplierID); err != nil {
			return nil, errs.E(errs.NotFound, "catalogue.link.not_found")
		}
		q += ` AND supplier_id = ?`
		args = append(args, supplierID)
	}
	var rows []LinkRow
	if err := tx.WithContext(ctx).Raw(q+` ORDER BY supplier_id`, args...).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("catalogue links: %w", err)
	}
	if supplierID != "" && len(rows) == 0 {
		return nil, errs.E(errs.NotFound, "catalogue.link.not_found")
	}
	return rows, nil
}

// MarkSyncedTx records that the register copy now matches version of its entry.
func MarkSyncedTx(ctx context.Context, tx *gorm.DB, tenantID uuid.UUID, supplierID string, version int) error {
	if err := tx.WithContext(ctx).Exec(`UPDATE catalogue_links SET synced_version = ?, updated_at = now() WHERE tenant_id = ? AND supplier_id = ?`,
		version, tenantID, supplierID).Error; err != nil {
		return fmt.Errorf("mark supplier %s synced: %w", supplierID, err)
	}
	return nil
}

// UnlinkTx forgets a supplier's link (NotFound when it has none); the caller detaches the
// register's copy in the same transaction.
func UnlinkTx(ctx context.Context, tx *gorm.DB, tenantID uuid.UUID, supplierID string) error {
	if _, err := uuid.Parse(supplierID); err != nil {
		return errs.E(errs.NotFound, "catalogue.link.not_found")
	}
	res := tx.WithContext(ctx).Exec(`DELETE FROM catalogue_links WHERE tenant_id = ? AND supplier_id = ?`, tenantID, supplierID)
	if res.Error != nil {
		return fmt.Errorf("unlink supplier %s: %w", supplierID, res.Error)
	}
	if res.RowsAffected == 0 {
		return errs.E(errs.NotFound, "catalogue.link.not_found")
	}
	return nil
}

// Ignore marks the current upstream changes as seen: they are no longer pending.
func (s *Service) Ignore(ctx context.Context, tenantID uuid.UUID, supplierID string) error {
	if _, err := uuid.Parse(supplierID); err != nil {
		return errs.E(errs.NotFound, "catalogue.link.not_found")
	}
	return tenants.Tx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		res := tx.Exec(`UPDATE catalogue_links l SET ignored_version = e.version, updated_at = now() FROM catalogue_entries e
		  WHERE e.id = l.entry_id AND l.tenant_id = ? AND l.supplier_id = ?`, tenantID, supplierID)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return errs.E(errs.NotFound, "catalogue.link.not_found")
		}
		return audit.Tenant(ctx, tx, tenantID, audit.Entry{Action: "supplier.sync_ignore", ObjectType: "supplier", ObjectID: supplierID})
	})
}
