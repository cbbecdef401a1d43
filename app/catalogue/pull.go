package catalogue

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/audit"
	"maillage/app/errs"
	"maillage/app/quebec"
	"maillage/tenants"
)

// registerCopy is a supplier row of a tenant's register (the suppliers table of the register
// area), seen through the columns the catalogue fills and compares.
type registerCopy struct {
	ID               string     `json:"id"`
	NEQ              string     `json:"neq"`
	LegalName        string     `json:"legal_name"`
	OtherNames       []string   `json:"other_names"`
	LegalForm        string     `json:"legal_form"`
	CoopKind         *string    `json:"coop_kind"`
	NoRistourne      bool       `json:"no_ristourne"`
	Adapted          bool       `json:"adapted"`
	Street           string     `json:"street"`
	MunicipalityCode *string    `json:"municipality_code"`
	PostalCode       string     `json:"postal_code"`
	RegionsServed    []string   `json:"regions_served"`
	UNSPSC           []string   `json:"unspsc"`
	ProductsServices string     `json:"products_services"`
	Website          string     `json:"website"`
	Status           string     `json:"status"`
	CatalogueEntryID *string    `json:"catalogue_entry_id"`
	Version          int        `json:"version"`
	AttestedAt       *time.Time `json:"ees_attested_at"`
}

// SyncFields are the fields a register copy shares with its catalogue entry.
var SyncFields = []Field{FieldNEQ, FieldName, FieldOtherNames, FieldLegalForm, FieldStreet, FieldMunicipality, FieldPostalCode,
	FieldRegionsServed, FieldUNSPSC, FieldProducts, FieldWebsite, FieldAdapted, FieldNoRistourne}

// registerCriteria names the Act's criteria as the register stores them.
var registerCriteria = map[Criterion]string{CritNeeds: "meets_needs", CritIndependence: "independent", CritDemocracy: "democratic",
	CritViability: "viable", CritSurplus: "limited_surplus", CritDissolution: "assets_to_similar"}

const productSep = "; "

// registerForm is how the register stores a collective form: legal_form and coop_kind (NULL when
// no kind is stated).
func registerForm(f quebec.CollectiveForm) (string, *string) {
	form, kind := f.Split()
	if kind == "" {
		return string(form), nil
	}
	k := string(kind)
	return string(form), &k
}

// asEntry reads a register copy as an entry, for the diff.
func (r registerCopy) asEntry() Entry {
	e := Entry{NEQ: r.NEQ, Name: r.LegalName, OtherNames: r.OtherNames, NoRistourne: r.NoRistourne, Adapted: r.Adapted,
		Address:       Address{Street: r.Street, MunicipalityCode: val(r.MunicipalityCode), PostalCode: r.PostalCode},
		RegionsServed: r.RegionsServed, UNSPSC: r.UNSPSC, Website: r.Website}
	if r.ProductsServices != "" {
		e.Products = strings.Split(r.ProductsServices, productSep)
	}
	e.LegalForm = quebec.CollectiveFormOf(quebec.LegalForm(r.LegalForm), quebec.CoopKind(val(r.CoopKind)))
	if e.LegalForm == "" {
		e.LegalForm = quebec.CollectiveForm(r.LegalForm) // not collective: the diff shows the register's form as it is
	}
	return e
}

// PullResult lists the suppliers a pull created.
type PullResult struct {
	Suppliers []PulledSupplier `json:"suppliers"`
}

// PulledSupplier is one supplier created from a catalogue entry.
type PulledSupplier struct {
	SupplierID string `json:"supplier_id"`
	EntryID    string `json:"entry_id"`
	Name       string `json:"name"`
	Status     string `json:"status"`
}

// Pull adds catalogue entries to a tenant's register, all or none: an unknown or retired
// entry, one without NEQ (the register is keyed by NEQ), or one already in the register is a
// row error and nothing is added. status is "invited" or "approved" (the tenant's choice).
func (s *Service) Pull(ctx context.Context, tenantID uuid.UUID, ids []string, status string) (PullResult, error) {
	if status != "invited" && status != "approved" {
		return PullResult{}, (&errs.Validation{Key: "catalogue.invalid"}).ErrWith("status", "catalogue.pull.bad_status", nil)
	}
	if len(ids) == 0 || len(ids) > 200 {
		return PullResult{}, (&errs.Validation{Key: "catalogue.invalid"}).ErrWith("catalogue_ids", "catalogue.pull.empty", nil)
	}
	entries, err := s.store.ByIDs(ctx, ids)
	if err != nil {
		return PullResult{}, err
	}
	byID := map[string]Entry{}
	for _, e := range entries {
		byID[e.ID] = e
	}
	var res PullResult
	err = tenants.Tx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		v := errs.Validation{Key: "catalogue.pull.refused"}
		seen := map[string]bool{}
		for i, id := range ids {
			e, ok := byID[id]
			switch {
			case !ok:
				v.AddRow(i+1, "catalogue_ids", "catalogue.not_found", nil)
				continue
			case e.Status == StatusRetired:
				v.AddRow(i+1, "catalogue_ids", "catalogue.sync.retired", map[string]any{"Name": e.Name})
				continue
			case e.NEQ == "":
				v.AddRow(i+1, "catalogue_ids", "catalogue.pull.neq_missing", map[string]any{"Name": e.Name})
				continue
			case seen[id]:
				continue
			}
			seen[id] = true
			var n int64
			if err := tx.Raw(`SELECT count(*) FROM suppliers WHERE tenant_id = ? AND (neq = ? OR catalogue_entry_id = ?)`, tenantID, e.NEQ, e.ID).Scan(&n).Error; err != nil {
				return err
			}
			if n > 0 {
				v.AddRow(i+1, "catalogue_ids", "catalogue.pull.already", map[string]any{"Name": e.Name})
				continue
			}
			p, err := insertCopyTx(ctx, tx, tenantID, e, status)
			if err != nil {
				return err
			}
			res.Suppliers = append(res.Suppliers, p)
		}
		return v.Err()
	})
	if err != nil {
		return PullResult{}, fmt.Errorf("pull from catalogue: %w", err)
	}
	return res, nil
}

func insertCopyTx(ctx context.Context, tx *gorm.DB, tenantID uuid.UUID, e Entry, status string) (PulledSupplier, error) {
	form, kind := registerForm(e.LegalForm)
	var crit []string
	for _, c := range criteria {
		if e.EES.Criteria[c].Met {
			crit = append(crit, registerCriteria[c])
		}
	}
	attestedAt := e.EES.VerifiedAt
	if attestedAt.IsZero() {
		attestedAt = e.LastVerified
	}
	p := PulledSupplier{SupplierID: uuid.NewString(), EntryID: e.ID, Name: e.Name, Status: status}
	err := tx.Exec(`INSERT INTO suppliers (tenant_id, id, neq, legal_name, other_names, legal_form, coop_kind, ees_criteria,
		ees_attestation, ees_attested_by, ees_attested_at, ees, no_ristourne, adapted, quebec_establishment, street, municipality_code,
		postal_code, mrc_code, region_code, regions_served, unspsc, products_services, website, status, catalogue_entry_id)
		VALUES (?, ?, ?, ?, ARRAY(SELECT jsonb_array_elements_text(?::jsonb)), ?, ?, ARRAY(SELECT jsonb_array_elements_text(?::jsonb)),
		?, 'catalogue', ?, ?, ?, ?, true, ?, ?, ?, (SELECT mrc_code FROM municipalities WHERE code = ?), (SELECT region_code FROM municipalities WHERE code = ?),
		ARRAY(SELECT jsonb_array_elements_text(?::jsonb)), ARRAY(SELECT jsonb_array_elements_text(?::jsonb)), ?, ?, ?, ?)`,
		tenantID, p.SupplierID, e.NEQ, e.Name, jsonList(e.OtherNames), form, kind, jsonList(crit),
		string(e.EES.Trust), nullTime(attestedAt), e.EES.Meets(), e.NoRistourne && form == "cooperative", e.Adapted, e.Address.Street,
		e.Address.MunicipalityCode, e.Address.PostalCode, e.Address.MunicipalityCode, e.Address.MunicipalityCode,
		jsonList(e.RegionsServed), jsonList(e.UNSPSC), strings.Join(e.Products, productSep), e.Website, status, e.ID).Error
	if err != nil {
		return p, fmt.Errorf("insert supplier from %s: %w", e.ID, err)
	}
	if err := tx.Exec(`INSERT INTO catalogue_links (tenant_id, supplier_id, entry_id, synced_version) VALUES (?, ?, ?, ?)`,
		tenantID, p.SupplierID, e.ID, e.Version).Error; err != nil {
		return p, err
	}
	return p, audit.Tenant(ctx, tx, tenantID, audit.Entry{Action: "supplier.pull", ObjectType: "supplier", ObjectID: p.SupplierID, After: p})
}

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

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

// Links lists the register's suppliers linked to the catalogue (one supplier when supplierID is set).
func (s *Service) Links(ctx context.Context, tenantID uuid.UUID, supplierID string) ([]Link, error) {
	var out []Link
	err := tenants.ReadTx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		var err error
		out, err = linksTx(ctx, tx, tenantID, supplierID)
		return err
	})
	return out, err
}

type linkRow struct {
	SupplierID     string
	EntryID        string
	SyncedVersion  int
	IgnoredVersion int
	Copy           []byte
}

func linksTx(ctx context.Context, tx *gorm.DB, tenantID uuid.UUID, supplierID string) ([]Link, error) {
	q := `SELECT l.supplier_id, l.entry_id, l.synced_version, l.ignored_version, to_jsonb(s) AS copy
		FROM catalogue_links l JOIN suppliers s ON s.tenant_id = l.tenant_id AND s.id = l.supplier_id WHERE l.tenant_id = ?`
	args := []any{tenantID}
	if supplierID != "" {
		if _, err := uuid.Parse(supplierID); err != nil {
			return nil, errs.E(errs.NotFound, "catalogue.link.not_found")
		}
		q += ` AND l.supplier_id = ?`
		args = append(args, supplierID)
	}
	var rows []linkRow
	if err := tx.WithContext(ctx).Raw(q+` ORDER BY s.legal_name`, args...).Scan(&rows).Error; err != nil {
		return nil, err
	}
	if supplierID != "" && len(rows) == 0 {
		return nil, errs.E(errs.NotFound, "catalogue.link.not_found")
	}
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.EntryID
	}
	entries, err := queryEntries(ctx, tx, `SELECT `+entryColumns+` FROM catalogue_entries e JOIN municipalities mu ON mu.code = e.municipality_code
		WHERE e.id IN (SELECT jsonb_array_elements_text(?::jsonb)::uuid)`, jsonList(ids))
	if err != nil {
		return nil, err
	}
	byID := map[string]Entry{}
	for _, e := range entries {
		byID[e.ID] = e
	}
	out := make([]Link, 0, len(rows))
	for _, r := range rows {
		var c registerCopy
		if err := json.Unmarshal(r.Copy, &c); err != nil {
			return nil, err
		}
		e := byID[r.EntryID]
		l := Link{SupplierID: r.SupplierID, EntryID: r.EntryID, Name: c.LegalName, EntryVersion: e.Version, Synced: r.SyncedVersion,
			Retired: e.Status == StatusRetired, MergedInto: e.MergedInto, Changes: nonNilChanges(DiffFields(c.asEntry(), e, SyncFields))}
		l.Pending = len(l.Changes) > 0 && e.Version > max(r.SyncedVersion, r.IgnoredVersion)
		out = append(out, l)
	}
	return out, nil
}

// Sync copies the chosen fields of the catalogue entry onto the register copy.
func (s *Service) Sync(ctx context.Context, tenantID uuid.UUID, supplierID string, fields []Field) (Link, error) {
	for _, f := range fields {
		if !containsField(SyncFields, f) {
			return Link{}, (&errs.Validation{Key: "catalogue.invalid"}).ErrWith("fields", "catalogue.sync.bad_field", map[string]any{"Value": string(f)})
		}
	}
	var out Link
	err := tenants.Tx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		ls, err := linksTx(ctx, tx, tenantID, supplierID)
		if err != nil {
			return err
		}
		l := ls[0]
		e, err := getTx(ctx, tx, l.EntryID)
		if err != nil {
			return err
		}
		var copyRaw []byte
		if err := tx.Raw(`SELECT to_jsonb(s) FROM suppliers s WHERE tenant_id = ? AND id = ?`, tenantID, supplierID).Row().Scan(&copyRaw); err != nil {
			return err
		}
		var c registerCopy
		if err := json.Unmarshal(copyRaw, &c); err != nil {
			return err
		}
		after := Apply(c.asEntry(), e, fields)
		form, kind := registerForm(after.LegalForm)
		if err := tx.Exec(`UPDATE suppliers SET neq = ?, legal_name = ?, other_names = ARRAY(SELECT jsonb_array_elements_text(?::jsonb)),
			legal_form = ?, coop_kind = ?, street = ?, municipality_code = ?, postal_code = ?,
			mrc_code = (SELECT mrc_code FROM municipalities WHERE code = ?), region_code = (SELECT region_code FROM municipalities WHERE code = ?),
			regions_served = ARRAY(SELECT jsonb_array_elements_text(?::jsonb)), unspsc = ARRAY(SELECT jsonb_array_elements_text(?::jsonb)),
			products_services = ?, website = ?, adapted = ?, no_ristourne = ?, version = version + 1, updated_at = now()
			WHERE tenant_id = ? AND id = ?`,
			after.NEQ, after.Name, jsonList(after.OtherNames), form, kind, after.Address.Street, ptr(after.Address.MunicipalityCode),
			after.Address.PostalCode, after.Address.MunicipalityCode, after.Address.MunicipalityCode, jsonList(after.RegionsServed),
			jsonList(after.UNSPSC), strings.Join(after.Products, productSep), after.Website, after.Adapted,
			after.NoRistourne && form == "cooperative", tenantID, supplierID).Error; err != nil {
			return mapWriteError(err)
		}
		if err := tx.Exec(`UPDATE catalogue_links SET synced_version = ?, updated_at = now() WHERE tenant_id = ? AND supplier_id = ?`,
			e.Version, tenantID, supplierID).Error; err != nil {
			return err
		}
		if err := audit.Tenant(ctx, tx, tenantID, audit.Entry{Action: "supplier.sync", ObjectType: "supplier", ObjectID: supplierID,
			Before: c, After: after}); err != nil {
			return err
		}
		ls, err = linksTx(ctx, tx, tenantID, supplierID)
		if err == nil {
			out = ls[0]
		}
		return err
	})
	if err != nil {
		return Link{}, fmt.Errorf("sync supplier %s: %w", supplierID, err)
	}
	return out, nil
}

// Ignore marks the current upstream changes as seen: they are no longer pending.
func (s *Service) Ignore(ctx context.Context, tenantID uuid.UUID, supplierID string) error {
	return s.linkChange(ctx, tenantID, supplierID, "supplier.sync_ignore",
		`UPDATE catalogue_links l SET ignored_version = e.version, updated_at = now() FROM catalogue_entries e
		  WHERE e.id = l.entry_id AND l.tenant_id = ? AND l.supplier_id = ?`)
}

// Unlink detaches a supplier from the catalogue; the tenant keeps its copy as it is.
func (s *Service) Unlink(ctx context.Context, tenantID uuid.UUID, supplierID string) error {
	return s.linkChange(ctx, tenantID, supplierID, "supplier.unlink",
		`WITH l AS (DELETE FROM catalogue_links WHERE tenant_id = ? AND supplier_id = ? RETURNING tenant_id, supplier_id)
		 UPDATE suppliers s SET catalogue_entry_id = NULL, updated_at = now() FROM l WHERE s.tenant_id = l.tenant_id AND s.id = l.supplier_id`)
}

func (s *Service) linkChange(ctx context.Context, tenantID uuid.UUID, supplierID, action, sql string) error {
	if _, err := uuid.Parse(supplierID); err != nil {
		return errs.E(errs.NotFound, "catalogue.link.not_found")
	}
	return tenants.Tx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		res := tx.Exec(sql, tenantID, supplierID)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return errs.E(errs.NotFound, "catalogue.link.not_found")
		}
		return audit.Tenant(ctx, tx, tenantID, audit.Entry{Action: action, ObjectType: "supplier", ObjectID: supplierID})
	})
}
