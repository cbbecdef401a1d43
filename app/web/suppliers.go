package web

import (
	"context"
	"encoding/json"
	"strconv"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"maillage/app/catalogue"
	"maillage/app/errs"
	"maillage/app/flows"
	"maillage/app/mail"
	"maillage/app/suppliers"
	"maillage/app/uploads"
)

// supplierArea holds what the register, document and application handlers use.
type supplierArea struct {
	store     *suppliers.Store
	apps      *suppliers.Applications
	blobs     uploads.Store
	mails     *mail.Templates
	outbox    *mail.Outbox                                        // the dev mailbox's reading
	reference func(context.Context) (*suppliers.Reference, error) // loaded once by services
}

func newSupplierArea(d Deps) *supplierArea {
	sv := d.Services
	return &supplierArea{store: sv.Suppliers.Store, apps: sv.Suppliers.Applications, blobs: d.Blobs, mails: sv.Mail.Templates,
		outbox: sv.Mail.Outbox, reference: sv.Suppliers.Reference}
}

// reference returns the register's reference data, loading it on first use.
func (s *Server) reference(c *fiber.Ctx) (*suppliers.Reference, error) {
	return s.sup.reference(ctx(c))
}

// supplierRoutes: the register (pages and API), its documents, imports and exports, the
// applications (public page, enterprise pages, buyers' review queue) and the dev mailbox.
func (s *Server) supplierRoutes() []Route {
	const api = "/api/v1/t/:slug/suppliers"
	list := []string{"q", "status", "category", "region", "mrc", "ees", "adapted", "local", "doc_state", "sort", "limit", "cursor"}
	rs := []Route{
		{Method: "GET", Path: api, Scope: Tenant, Obj: "suppliers", Act: "read", Handler: s.apiSupplierList,
			Doc: &APIDoc{Summary: "List and search the register", Tag: "suppliers", Response: "SupplierPage", Query: list}},
		{Method: "POST", Path: api, Scope: Tenant, Obj: "suppliers", Act: "write", Handler: s.apiSupplierCreate,
			Doc: &APIDoc{Summary: "Add a supplier to the register", Tag: "suppliers", Request: "Supplier", Response: "Supplier", Status: 201}},
		{Method: "POST", Path: api + "/bulk", Scope: Tenant, Obj: "suppliers", Act: "write", Handler: s.apiSupplierBulk,
			Doc: &APIDoc{Summary: "Apply one action to several suppliers, all or nothing", Tag: "suppliers", Request: "SupplierBulk"}},
		{Method: "POST", Path: api + "/import", Scope: Tenant, Obj: "suppliers", Act: "write", Handler: s.apiSupplierImport, Limit: 30,
			Doc: &APIDoc{Summary: "Import a CSV or XLSX register (multipart: file, optional mapping, contact_purpose and decisions {\"<line>\": \"skip\"}; dry_run=true: check and preview only); the lines not left out import all or nothing", Tag: "suppliers",
				Query: []string{"dry_run"}, Binary: "multipart/form-data", Response: "SupplierImport"}},
		{Method: "GET", Path: api + "/export", Scope: Tenant, Obj: "suppliers", Act: "read", Handler: s.supplierExport,
			Doc: &APIDoc{Summary: "Export the filtered register (format=csv|xlsx)", Tag: "suppliers", Query: append(list, "format"), Binary: "text/csv, application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}},
		{Method: "GET", Path: api + "/document-types", Scope: Tenant, Obj: "suppliers", Act: "read", Handler: s.apiDocTypes,
			Doc: &APIDoc{Summary: "The body's document types: required or not, warning window", Tag: "suppliers"}},
		{Method: "PUT", Path: api + "/document-types/:code", Scope: Tenant, Obj: "suppliers", Act: "write", Handler: s.apiDocTypePut,
			Doc: &APIDoc{Summary: "Create or change a document type (label, required, warn_days)", Tag: "suppliers"}},
		{Method: "GET", Path: api + "/:id", Scope: Tenant, Obj: "suppliers", Act: "read", Handler: s.apiSupplierGet,
			Doc: &APIDoc{Summary: "One supplier with its status history", Tag: "suppliers", Response: "Supplier"}},
		{Method: "PATCH", Path: api + "/:id", Scope: Tenant, Obj: "suppliers", Act: "write", Handler: s.apiSupplierPatch,
			Doc: &APIDoc{Summary: "Change some fields of a supplier (send version to detect concurrent edits)", Tag: "suppliers", Request: "Supplier", Response: "Supplier"}},
		{Method: "DELETE", Path: api + "/:id", Scope: Tenant, Obj: "suppliers", Act: "write", Handler: s.apiSupplierDelete,
			Doc: &APIDoc{Summary: "Remove a supplier from the register", Tag: "suppliers", Status: 204}},
		{Method: "POST", Path: api + "/:id/status", Scope: Tenant, Obj: "suppliers", Act: "write", Handler: s.apiSupplierStatus,
			Doc: &APIDoc{Summary: "Approve, reject, suspend or reinstate a supplier (reason required to reject or suspend)", Tag: "suppliers", Request: "SupplierAction", Response: "Supplier"}},
	}
	rs = append(rs, s.supplierPageRoutes()...)
	rs = append(rs, s.documentRoutes()...)
	rs = append(rs, s.applicationRoutes()...)
	return rs
}

// supplierID reads the :id path parameter; a malformed id is simply not found.
func supplierID(c *fiber.Ctx) (uuid.UUID, error) {
	id, err := uuid.Parse(c.Params("id"))
	if err != nil {
		return uuid.Nil, errs.E(errs.NotFound, "suppliers.not_found")
	}
	return id, nil
}

// supplierFilter reads the listing's query parameters (pages and API share them).
func (s *Server) supplierFilter(c *fiber.Ctx) (suppliers.Filter, error) {
	f := suppliers.Filter{
		Q: c.Query("q"), Status: suppliers.State(c.Query("status")), Category: c.Query("category"),
		Region: c.Query("region"), MRC: c.Query("mrc"), DocState: suppliers.DocState(c.Query("doc_state")),
		Sort: c.Query("sort"), Today: s.now(),
	}
	for name, dst := range map[string]**bool{"ees": &f.EES, "adapted": &f.Adapted} {
		switch c.Query(name) {
		case "":
		case "true", "1", "oui", "yes":
			b := true
			*dst = &b
		case "false", "0", "non", "no":
			b := false
			*dst = &b
		default:
			return f, (&errs.Validation{}).ErrWith(name, "suppliers.filter_invalid", nil)
		}
	}
	if c.Query("local") == "true" || c.Query("local") == "1" {
		if t := tenant(c); t.RegionCode != nil {
			f.Local = *t.RegionCode
		} else {
			f.Local = "none"
		}
	}
	if f.Sort == "" && f.Q != "" {
		f.Sort = "relevance"
	}
	return f, nil
}

// offsetCursor encodes the listing position as the opaque cursor of the API convention.
func offsetCursor(n int) string {
	if n == 0 {
		return ""
	}
	return "o" + strconv.Itoa(n)
}

func parseCursor(cur string) (int, error) {
	if cur == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(cur[1:])
	if cur[0] != 'o' || err != nil || n < 0 {
		return 0, (&errs.Validation{}).ErrWith("cursor", "suppliers.cursor_invalid", nil)
	}
	return n, nil
}

// supplierSchemas are the OpenAPI components of the register and applications.
func supplierSchemas() map[string]any {
	strs := arr(str(""))
	boolean := map[string]any{"type": "boolean"}
	integer := map[string]any{"type": "integer"}
	supplier := obj(map[string]any{
		"id": str("uuid"), "neq": str(""), "legal_name": str(""), "other_names": strs,
		"legal_form": map[string]any{"type": "string", "enum": []string{"cooperative", "nonprofit", "mutual", "corporation", "partnership", "sole_proprietor", "other"}},
		"coop_kind":  str(""), "ees_criteria": strs, "ees_attestation": str(""), "ees_attested_by": str(""), "ees_attested_at": str("date-time"),
		"no_ristourne": boolean, "adapted": boolean, "quebec_establishment": boolean, "street": str(""), "municipality_code": str(""),
		"postal_code": str(""), "mrc_code": str(""), "region_code": str(""), "regions_served": strs, "unspsc": strs,
		"products_services": str(""), "website": optionalURI(), "portfolio": str(""),
		"contacts": arr(obj(map[string]any{"name": str(""), "role": str(""), "email": str("email"), "phone": str(""), "purpose": str("")})),
		"status":   str(""), "status_reason": str(""), "catalogue_entry_id": str("uuid"), "enterprise_id": str("uuid"),
		"version": integer, "created_at": str("date-time"), "updated_at": str("date-time"),
	})
	return map[string]any{
		"Supplier":       supplier,
		"SupplierPage":   obj(map[string]any{"items": arr(supplier), "next_cursor": str(""), "total": integer}),
		"SupplierAction": obj(map[string]any{"action": str(""), "reason": str("")}),
		"SupplierBulk":   obj(map[string]any{"ids": arr(str("uuid")), "action": str(""), "reason": str("")}),
		"SupplierImport": obj(map[string]any{"imported": integer, "dry_run": boolean, "headers": strs, "rows": integer, "skipped": arr(integer), "contact_purpose": str(""),
			"encoding": str(""), "mapping": map[string]any{"type": "object"}, "preview": arr(map[string]any{"type": "object"})}),
	}
}

func (s *Server) apiDocTypes(c *fiber.Ctx) error {
	types, err := s.sup.store.DocTypes(ctx(c), tenant(c).ID)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"items": types})
}

// apiDocTypePut creates or changes a document type. Members absent from the body keep their current
// value (a new type starts from the defaults: 30 days of warning), so an empty or partial body never
// resets a setting to zero.
func (s *Server) apiDocTypePut(c *fiber.Ctx) error {
	d := suppliers.DocType{WarnDays: 30}
	all, err := s.sup.store.DocTypes(ctx(c), tenant(c).ID)
	if err != nil {
		return err
	}
	for _, x := range all {
		if x.Code == c.Params("code") {
			d = x
		}
	}
	if err := json.Unmarshal(c.Body(), &d); err != nil {
		return errs.E(errs.Invalid, "suppliers.json_invalid").With(map[string]any{"Detail": err.Error()})
	}
	d.Code = c.Params("code")
	if err := s.sup.store.SaveDocType(ctx(c), tenant(c).ID, d); err != nil {
		return err
	}
	return s.apiDocTypes(c)
}

// catalogueEES is the catalogue's word on an enterprise's social-economy status, for applications.
func (s *Server) catalogueEES(ctx context.Context, neq string) (suppliers.CatalogueEES, bool, error) {
	e, ok, err := s.catalogue.Store().ActiveByNEQ(ctx, neq)
	if err != nil || !ok {
		return suppliers.CatalogueEES{}, false, err
	}
	out := suppliers.CatalogueEES{Verified: e.EES.Trust == catalogue.TrustVerified && e.EES.Meets(), At: e.EES.VerifiedAt}
	out.Criteria = flows.RegisterCriteria(e.EES)
	return out, true, nil
}
