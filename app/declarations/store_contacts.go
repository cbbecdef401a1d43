package declarations

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/audit"
	"maillage/app/errs"
	"maillage/tenants"
)

// AddContact records one maillage contact (validated: no future date, a known kind, a buyer, an
// enterprise).
func (s *Store) AddContact(ctx context.Context, tenantID uuid.UUID, c Contact) (Contact, error) {
	err := tenants.Tx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		var err error
		c, err = s.AddContactTx(ctx, tx, tenantID, c)
		return err
	})
	if err != nil {
		return Contact{}, err
	}
	return c, nil
}

// AddContactTx is AddContact inside the caller's tenant transaction (flows composing areas use it).
func (s *Store) AddContactTx(ctx context.Context, tx *gorm.DB, tenantID uuid.UUID, c Contact) (Contact, error) {
	c.EnterpriseName, c.Outcome = strings.TrimSpace(c.EnterpriseName), strings.TrimSpace(c.Outcome)
	c.Date = dayOrZero(c.Date)
	if err := ValidateContact(c, s.now()); err != nil {
		return Contact{}, err
	}
	// An interest an enterprise expressed in one of the body's SEAO notices names no buyer: nobody of the
	// body made that contact.
	var buyer any
	if c.BuyerID != "" || c.Kind != Interest {
		id, err := uuid.Parse(c.BuyerID)
		if err != nil {
			return Contact{}, fmt.Errorf("contact buyer: %w", err)
		}
		buyer = id
	}
	c.ID = uuid.NewString()
	if c.SupplierID != "" { // it must be one of this register's suppliers
		var n int64
		if err := tx.Raw(`SELECT count(*) FROM suppliers WHERE tenant_id = ? AND id::text = ?`, tenantID, c.SupplierID).Scan(&n).Error; err != nil {
			return Contact{}, err
		}
		if n == 0 {
			return Contact{}, (&errs.Validation{Key: "declarations.contact_invalid"}).ErrWith("supplier_id", "declarations.contact_supplier_unknown", nil)
		}
	}
	if err := tx.Exec(`INSERT INTO contact_log (tenant_id, id, contact_date, kind, buyer_id, supplier_id, enterprise_name, outcome)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, tenantID, c.ID, c.Date, string(c.Kind), buyer, c.SupplierID, c.EnterpriseName, c.Outcome).Error; err != nil {
		return Contact{}, fmt.Errorf("add contact: %w", err)
	}
	if err := audit.Tenant(ctx, tx, tenantID, audit.Entry{Action: "contact.create", ObjectType: "contact", ObjectID: c.ID, After: c}); err != nil {
		return Contact{}, err
	}
	return c, nil
}

// ContactRow is a contact with the buyer's name, for listings.
type ContactRow struct {
	Contact
	BuyerName string `json:"buyer_name"`
}

// Contacts lists the contact log between two days (inclusive), newest first, at most limit rows.
func (s *Store) Contacts(ctx context.Context, tenantID uuid.UUID, from, to time.Time, limit int) ([]ContactRow, error) {
	if limit <= 0 || limit > 1000 {
		limit = 200
	}
	var out []ContactRow
	err := tenants.ReadTx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		var rows []struct {
			ID             uuid.UUID
			ContactDate    time.Time
			Kind           string
			BuyerID        uuid.UUID
			BuyerName      string
			SupplierID     string
			EnterpriseName string
			Outcome        string
		}
		if err := tx.Raw(`SELECT c.id, c.contact_date, c.kind, c.buyer_id, coalesce(nullif(u.name, ''), u.email::text, '') AS buyer_name,
				c.supplier_id, c.enterprise_name, c.outcome
			FROM contact_log c LEFT JOIN users u ON u.id = c.buyer_id
			WHERE c.tenant_id = ? AND c.contact_date BETWEEN ? AND ?
			ORDER BY c.contact_date DESC, c.created_at DESC LIMIT ?`, tenantID, Day(from), Day(to), limit).Scan(&rows).Error; err != nil {
			return fmt.Errorf("list contacts: %w", err)
		}
		for _, r := range rows {
			out = append(out, ContactRow{Contact: Contact{ID: r.ID.String(), Date: Day(r.ContactDate), Kind: ContactKind(r.Kind),
				BuyerID: buyerID(r.BuyerID), SupplierID: r.SupplierID, EnterpriseName: r.EnterpriseName, Outcome: r.Outcome},
				BuyerName: r.BuyerName})
		}
		return nil
	})
	return out, err
}

// PublicProgress reports whether the tenant publishes its progress page.
func (s *Store) PublicProgress(ctx context.Context, tenantID uuid.UUID) (bool, error) {
	var on []bool
	err := tenants.ReadTx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		return tx.Raw(`SELECT public_progress FROM declaration_settings WHERE tenant_id = ?`, tenantID).Scan(&on).Error
	})
	return len(on) == 1 && on[0], err
}

// SetPublicProgress switches the public progress page on or off.
func (s *Store) SetPublicProgress(ctx context.Context, tenantID uuid.UUID, on bool) error {
	before, err := s.PublicProgress(ctx, tenantID)
	if err != nil {
		return err
	}
	return tenants.Tx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		if err := tx.Exec(`INSERT INTO declaration_settings (tenant_id, public_progress, updated_at) VALUES (?, ?, now())
			ON CONFLICT (tenant_id) DO UPDATE SET public_progress = EXCLUDED.public_progress, updated_at = now()`, tenantID, on).Error; err != nil {
			return fmt.Errorf("public progress: %w", err)
		}
		return audit.Tenant(ctx, tx, tenantID, audit.Entry{Action: "declaration.public_progress", ObjectType: "declaration_settings",
			Before: map[string]bool{"public_progress": before}, After: map[string]bool{"public_progress": on}})
	})
}

// Enterprise is a register supplier a contact can name.
type Enterprise struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	EES  bool   `json:"ees"`
}

// RegisterEnterprises lists the register's approved suppliers, collective enterprises first, for
// the contact form (at most 1,000).
func (s *Store) RegisterEnterprises(ctx context.Context, tenantID uuid.UUID) ([]Enterprise, error) {
	var out []Enterprise
	err := tenants.ReadTx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		return tx.Raw(`SELECT id::text AS id, legal_name AS name, ees FROM suppliers
			WHERE tenant_id = ? AND status = 'approved' ORDER BY ees DESC, legal_name LIMIT 1000`, tenantID).Scan(&out).Error
	})
	return out, err
}

// buyerID is a contact's buyer as a string, "" when it names none.
func buyerID(id uuid.UUID) string {
	if id == uuid.Nil {
		return ""
	}
	return id.String()
}
