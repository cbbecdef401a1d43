package flows

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/audit"
	"maillage/app/catalogue"
	"maillage/app/errs"
	"maillage/app/quebec"
	"maillage/app/suppliers"
	"maillage/tenants"
)

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

// Pull adds catalogue entries to a tenant's register, all or none, in one tenant transaction:
// each becomes a register supplier through app/suppliers (the register's own checks, its first
// status-history line, its audit record) and a catalogue link through app/catalogue. An unknown
// or retired entry, one without NEQ (the register is keyed by NEQ), one already in the register,
// or one the register's rules refuse is a row error and nothing is added. status is "invited" or
// "approved" (the tenant's choice).
func (s *Service) Pull(ctx context.Context, tenantID uuid.UUID, ids []string, status string) (PullResult, error) {
	if status != string(suppliers.StateInvited) && status != string(suppliers.StateApproved) {
		return PullResult{}, (&errs.Validation{Key: "catalogue.invalid"}).ErrWith("status", "catalogue.pull.bad_status", nil)
	}
	if len(ids) == 0 || len(ids) > 200 {
		return PullResult{}, (&errs.Validation{Key: "catalogue.invalid"}).ErrWith("catalogue_ids", "catalogue.pull.empty", nil)
	}
	ref, err := s.reference(ctx)
	if err != nil {
		return PullResult{}, err
	}
	res := PullResult{Suppliers: []PulledSupplier{}}
	err = tenants.Tx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		entries, err := catalogue.EntriesTx(ctx, tx, ids)
		if err != nil {
			return err
		}
		byID := map[string]catalogue.Entry{}
		for _, e := range entries {
			byID[e.ID] = e
		}
		v := errs.Validation{Key: "catalogue.pull.refused"}
		seen := map[string]bool{}
		for i, id := range ids {
			e, ok := byID[id]
			switch {
			case !ok:
				v.AddRow(i+1, "catalogue_ids", "catalogue.not_found", nil)
				continue
			case e.Status == catalogue.StatusRetired:
				v.AddRow(i+1, "catalogue_ids", "catalogue.sync.retired", map[string]any{"Name": e.Name})
				continue
			case e.NEQ == "":
				v.AddRow(i+1, "catalogue_ids", "catalogue.pull.neq_missing", map[string]any{"Name": e.Name})
				continue
			case seen[id]:
				continue
			}
			seen[id] = true
			entryID := uuid.MustParse(e.ID)
			already, err := s.suppliers.InRegisterTx(ctx, tx, tenantID, quebec.NEQ(e.NEQ), entryID)
			if err != nil {
				return err
			}
			if already {
				v.AddRow(i+1, "catalogue_ids", "catalogue.pull.already", map[string]any{"Name": e.Name})
				continue
			}
			sup := newCopy(e, suppliers.State(status))
			if err := s.suppliers.CreateTx(ctx, tx, tenantID, ref, &sup, "pull"); err != nil {
				if !rowErrors(&v, i+1, e.Name, err) {
					return err
				}
				continue
			}
			if err := catalogue.LinkTx(ctx, tx, tenantID, sup.ID, e); err != nil {
				return err
			}
			res.Suppliers = append(res.Suppliers, PulledSupplier{SupplierID: sup.ID.String(), EntryID: e.ID, Name: e.Name, Status: status})
		}
		return v.Err()
	})
	if err != nil {
		return PullResult{}, fmt.Errorf("pull from catalogue: %w", err)
	}
	return res, nil
}

// rowErrors adds the register's refusal of entry row (its field errors, named after the entry)
// to v; false when err is not a refusal (a failure to report as is).
func rowErrors(v *errs.Validation, row int, name string, err error) bool {
	e := errs.As(err)
	if e == nil || e.Kind != errs.Invalid { // a conflict comes from the database: the transaction is over
		return false
	}
	if len(e.Fields) == 0 {
		v.AddRow(row, "catalogue_ids", e.Key, withName(e.Args, name))
	}
	for _, f := range e.Fields {
		v.AddRow(row, f.Field, f.Key, withName(f.Args, name))
	}
	return true
}

func withName(args map[string]any, name string) map[string]any {
	out := map[string]any{"Name": name}
	for k, v := range args {
		out[k] = v
	}
	return out
}

// Links lists the register's suppliers linked to the catalogue (one supplier's when supplierID
// is set), each with what changed upstream since the tenant last synced or ignored it.
func (s *Service) Links(ctx context.Context, tenantID uuid.UUID, supplierID string) ([]catalogue.Link, error) {
	var out []catalogue.Link
	err := tenants.ReadTx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		var err error
		out, err = s.linksTx(ctx, tx, tenantID, supplierID)
		return err
	})
	return out, err
}

func (s *Service) linksTx(ctx context.Context, tx *gorm.DB, tenantID uuid.UUID, supplierID string) ([]catalogue.Link, error) {
	rows, err := catalogue.LinksTx(ctx, tx, tenantID, supplierID)
	if err != nil {
		return nil, err
	}
	supIDs := make([]uuid.UUID, 0, len(rows))
	entryIDs := make([]string, 0, len(rows))
	for _, r := range rows {
		supIDs = append(supIDs, uuid.MustParse(r.SupplierID))
		entryIDs = append(entryIDs, r.EntryID)
	}
	sups, err := s.suppliers.ByIDsTx(ctx, tx, tenantID, supIDs)
	if err != nil {
		return nil, err
	}
	entries, err := catalogue.EntriesTx(ctx, tx, entryIDs)
	if err != nil {
		return nil, err
	}
	supByID, entryByID := map[string]suppliers.Supplier{}, map[string]catalogue.Entry{}
	for _, x := range sups {
		supByID[x.ID.String()] = x
	}
	for _, e := range entries {
		entryByID[e.ID] = e
	}
	out := make([]catalogue.Link, 0, len(rows))
	for _, r := range rows {
		sup, ok := supByID[r.SupplierID]
		if !ok {
			continue // a link outlives nothing: the supplier's deletion cascades to it
		}
		out = append(out, catalogue.NewLink(r, sup.LegalName, entryOf(sup), entryByID[r.EntryID]))
	}
	quebec.SortNames(out, func(l catalogue.Link) string { return l.Name })
	return out, nil
}

// Sync copies the chosen fields of the catalogue entry onto the register copy, through the
// register's own checks, and records the version synced, in one tenant transaction.
func (s *Service) Sync(ctx context.Context, tenantID uuid.UUID, supplierID string, fields []catalogue.Field) (catalogue.Link, error) {
	if err := catalogue.CheckSyncFields(fields); err != nil {
		return catalogue.Link{}, err
	}
	ref, err := s.reference(ctx)
	if err != nil {
		return catalogue.Link{}, err
	}
	var out catalogue.Link
	err = tenants.Tx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		rows, err := catalogue.LinksTx(ctx, tx, tenantID, supplierID)
		if err != nil {
			return err
		}
		es, err := catalogue.EntriesTx(ctx, tx, []string{rows[0].EntryID})
		if err != nil {
			return err
		}
		if len(es) == 0 {
			return errs.E(errs.NotFound, "catalogue.not_found")
		}
		e := es[0]
		if _, err := s.suppliers.UpdateTx(ctx, tx, tenantID, uuid.MustParse(supplierID), ref, 0, "sync", func(sup *suppliers.Supplier) error {
			copyFields(sup, e, fields)
			return nil
		}); err != nil {
			return err
		}
		if err := catalogue.MarkSyncedTx(ctx, tx, tenantID, supplierID, e.Version); err != nil {
			return err
		}
		ls, err := s.linksTx(ctx, tx, tenantID, supplierID)
		if err == nil {
			out = ls[0]
		}
		return err
	})
	if err != nil {
		return catalogue.Link{}, fmt.Errorf("sync supplier %s: %w", supplierID, err)
	}
	return out, nil
}

// Unlink detaches a supplier from the catalogue: the link is forgotten and the tenant keeps
// its copy as it is.
func (s *Service) Unlink(ctx context.Context, tenantID uuid.UUID, supplierID string) error {
	return tenants.Tx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		if err := catalogue.UnlinkTx(ctx, tx, tenantID, supplierID); err != nil {
			return err
		}
		if err := s.suppliers.DetachFromCatalogueTx(ctx, tx, tenantID, uuid.MustParse(supplierID)); err != nil {
			return err
		}
		return audit.Tenant(ctx, tx, tenantID, audit.Entry{Action: "supplier.unlink", ObjectType: "supplier", ObjectID: supplierID})
	})
}

// criterionOf names the Act's criteria (s. 3) as the register records them.
var criterionOf = map[catalogue.Criterion]suppliers.EESCriterion{catalogue.CritNeeds: suppliers.CritMeetsNeeds,
	catalogue.CritIndependence: suppliers.CritIndependent, catalogue.CritDemocracy: suppliers.CritDemocratic,
	catalogue.CritViability: suppliers.CritViable, catalogue.CritSurplus: suppliers.CritLimitedSurplus,
	catalogue.CritDissolution: suppliers.CritAssetsToSimilar}

// RegisterCriteria lists the criteria an entry's evidence meets, as the register records them (an enterprise's
// profile pre-filled from the catalogue, the status an application carries into the register).
func RegisterCriteria(e catalogue.EES) []suppliers.EESCriterion {
	var out []suppliers.EESCriterion
	for _, c := range catalogue.Criteria() {
		if e.Criteria[c].Met {
			out = append(out, criterionOf[c])
		}
	}
	return out
}

// newCopy is the register record a pull creates from entry e: every shared field, the
// criteria the entry meets, and the catalogue's attestation when it meets them all (the
// register accepts a declared or verified status only with every criterion; a partial one is
// kept as criteria without attestation).
func newCopy(e catalogue.Entry, status suppliers.State) suppliers.Supplier {
	entryID := uuid.MustParse(e.ID)
	sup := suppliers.Supplier{QuebecEstablishment: true, Status: status, CatalogueEntryID: &entryID, Attestation: suppliers.AttestNone}
	copyFields(&sup, e, catalogue.SyncFields)
	for _, c := range catalogue.Criteria() {
		if e.EES.Criteria[c].Met {
			sup.EESCriteria = append(sup.EESCriteria, criterionOf[c])
		}
	}
	if e.EES.Meets() && e.EES.Trust != "" {
		at := e.EES.VerifiedAt
		if at.IsZero() {
			at = e.LastVerified
		}
		if at.IsZero() {
			at = time.Now().UTC()
		}
		sup.Attestation, sup.AttestedBy, sup.AttestedAt = suppliers.Attestation(e.EES.Trust), "catalogue", &at
	}
	return sup
}

// copyFields sets the chosen shared fields of a register record from entry e. It is the one
// mapping from the catalogue's fields to the register's (entryOf is its inverse, for diffs).
func copyFields(sup *suppliers.Supplier, e catalogue.Entry, fields []catalogue.Field) {
	for _, f := range fields {
		switch f {
		case catalogue.FieldNEQ:
			sup.NEQ = quebec.NEQ(e.NEQ)
		case catalogue.FieldName:
			sup.LegalName = e.Name
		case catalogue.FieldOtherNames:
			sup.OtherNames = append([]string(nil), e.OtherNames...)
		case catalogue.FieldLegalForm:
			sup.LegalForm, sup.CoopKind = e.LegalForm.Split()
			if sup.LegalForm != quebec.FormCooperative {
				sup.NoRistourne = false
			}
		case catalogue.FieldStreet:
			sup.Street = e.Address.Street
		case catalogue.FieldMunicipality:
			sup.MunicipalityCode = e.Address.MunicipalityCode
		case catalogue.FieldPostalCode:
			sup.PostalCode = e.Address.PostalCode
		case catalogue.FieldRegionsServed:
			sup.RegionsServed = append([]string(nil), e.RegionsServed...)
		case catalogue.FieldUNSPSC:
			sup.UNSPSC = append([]string(nil), e.UNSPSC...)
		case catalogue.FieldProducts:
			sup.ProductsServices = strings.Join(e.Products, catalogue.ProductSep)
		case catalogue.FieldWebsite:
			sup.Website = e.Website
		case catalogue.FieldAdapted:
			sup.Adapted = e.Adapted
		case catalogue.FieldNoRistourne:
			sup.NoRistourne = e.NoRistourne && sup.LegalForm == quebec.FormCooperative
		}
	}
}

// entryOf reads a register record as a catalogue entry over the shared fields, to show what
// changed upstream.
func entryOf(sup suppliers.Supplier) catalogue.Entry {
	e := catalogue.Entry{NEQ: string(sup.NEQ), Name: sup.LegalName, OtherNames: sup.OtherNames, NoRistourne: sup.NoRistourne,
		Adapted: sup.Adapted, RegionsServed: sup.RegionsServed, UNSPSC: sup.UNSPSC, Website: sup.Website,
		Address: catalogue.Address{Street: sup.Street, MunicipalityCode: sup.MunicipalityCode, PostalCode: sup.PostalCode}}
	if sup.ProductsServices != "" {
		e.Products = strings.Split(sup.ProductsServices, catalogue.ProductSep)
	}
	e.LegalForm = quebec.CollectiveFormOf(sup.LegalForm, sup.CoopKind)
	if e.LegalForm == "" {
		e.LegalForm = quebec.CollectiveForm(sup.LegalForm) // not collective: the diff shows the register's form as it is
	}
	return e
}
