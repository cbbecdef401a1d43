package web

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"
	"github.com/nicksnyder/go-i18n/v2/i18n"

	"maillage/app/audit"
	"maillage/app/errs"
	"maillage/app/quebec"
	"maillage/app/suppliers"
)

func (s *Server) supplierPageRoutes() []Route {
	const p = "/t/:slug/fournisseurs"
	return []Route{
		{Method: "GET", Path: p, Scope: Tenant, Obj: "suppliers", Act: "read", Handler: s.supplierListPage},
		{Method: "GET", Path: p + "/export", Scope: Tenant, Obj: "suppliers", Act: "read", Handler: s.supplierExport},
		{Method: "GET", Path: p + "/nouveau", Scope: Tenant, Obj: "suppliers", Act: "write", Handler: s.supplierNewPage},
		{Method: "POST", Path: p, Scope: Tenant, Obj: "suppliers", Act: "write", Handler: s.supplierCreatePage},
		{Method: "POST", Path: p + "/lot", Scope: Tenant, Obj: "suppliers", Act: "write", Handler: s.supplierBulkPage},
		{Method: "POST", Path: p + "/recherches", Scope: Tenant, Obj: "suppliers", Act: "read", Handler: s.savedSearchCreate},
		{Method: "POST", Path: p + "/recherches/:search/supprimer", Scope: Tenant, Obj: "suppliers", Act: "read", Handler: s.savedSearchDelete},
		{Method: "GET", Path: p + "/importer", Scope: Tenant, Obj: "suppliers", Act: "write", Handler: s.importPage},
		{Method: "POST", Path: p + "/importer", Scope: Tenant, Obj: "suppliers", Act: "write", Handler: s.importUpload, Limit: 30},
		{Method: "POST", Path: p + "/importer/confirmer", Scope: Tenant, Obj: "suppliers", Act: "write", Handler: s.importConfirm, Limit: 30},
		{Method: "GET", Path: p + "/documents-requis", Scope: Tenant, Obj: "suppliers", Act: "write", Handler: s.docTypesPage},
		{Method: "POST", Path: p + "/documents-requis", Scope: Tenant, Obj: "suppliers", Act: "write", Handler: s.docTypesSave},
		{Method: "GET", Path: p + "/:id", Scope: Tenant, Obj: "suppliers", Act: "read", Handler: s.supplierPage},
		{Method: "GET", Path: p + "/:id/modifier", Scope: Tenant, Obj: "suppliers", Act: "write", Handler: s.supplierEditPage},
		{Method: "POST", Path: p + "/:id", Scope: Tenant, Obj: "suppliers", Act: "write", Handler: s.supplierUpdatePage},
		{Method: "POST", Path: p + "/:id/statut", Scope: Tenant, Obj: "suppliers", Act: "write", Handler: s.supplierStatusPage},
		{Method: "POST", Path: p + "/:id/supprimer", Scope: Tenant, Obj: "suppliers", Act: "write", Handler: s.supplierDeletePage},
	}
}

type supplierListView struct {
	Items      []supplierRowView
	Total      int64
	Q          url.Values
	States     []suppliers.State
	DocStates  []suppliers.DocState
	Regions    []regionOption
	NextURL    string
	PrevURL    string
	ExportCSV  string
	ExportXLSX string
	CanWrite   bool
	// BulkChoices are the bulk actions, translated.
	BulkChoices []Choice
	// Saved are the person's saved searches; Filtered says whether the page is filtered (can be saved).
	Saved    []suppliers.SavedSearch
	Filtered bool
	Query    string // the filters as a query string (forms that come back to this list keep them)
	From, To int    // the rows shown
}

type supplierRowView struct {
	suppliers.Supplier
	Municipality string
	EES          bool
}

func (s *Server) supplierListPage(c *fiber.Ctx) error {
	ref, err := s.reference(c)
	if err != nil {
		return err
	}
	f, err := s.supplierFilter(c)
	if err != nil {
		return err
	}
	f.Limit = 50
	f.Offset, _ = strconv.Atoi(c.Query("offset"))
	p, err := s.sup.store.List(ctx(c), tenant(c).ID, f)
	if err != nil {
		return err
	}
	q := url.Values{}
	for _, k := range []string{"q", "status", "category", "region", "ees", "adapted", "local", "doc_state", "sort"} {
		if v := c.Query(k); v != "" {
			q.Set(k, v)
		}
	}
	base := "/t/" + tenant(c).Slug + "/fournisseurs"
	v := supplierListView{Total: p.Total, Q: q, States: suppliers.States(), DocStates: suppliers.DocStates(),
		CanWrite: s.authz.Allowed(principal(c).TenantRoles, "suppliers", "write")}
	l := s.localizer(c)
	v.BulkChoices = []Choice{{Value: "", Label: translate(l, "suppliers.bulk_action_blank", nil)}}
	for _, a := range []string{"suspend", "reinstate", "approve"} {
		v.BulkChoices = append(v.BulkChoices, Choice{Value: a, Label: translate(l, "suppliers.action."+a, nil)})
	}
	v.BulkChoices = append(v.BulkChoices, Choice{Value: "delete", Label: translate(l, "suppliers.delete", nil)})
	if v.Saved, err = s.sup.store.SavedSearches(ctx(c), tenant(c).ID, principal(c).User.ID); err != nil {
		return err
	}
	v.Filtered, v.Query = len(q) > 0, q.Encode()
	if len(p.Items) > 0 {
		v.From, v.To = f.Offset+1, f.Offset+len(p.Items)
	}
	for _, code := range ref.RegionCodes() {
		v.Regions = append(v.Regions, regionOption{Code: code, Name: ref.RegionName(code), Checked: code == f.Region})
	}
	for _, it := range p.Items {
		v.Items = append(v.Items, supplierRowView{Supplier: it, Municipality: ref.MunicipalityLabel(it.MunicipalityCode), EES: it.EES()})
	}
	withOffset := func(n int) string {
		qq := url.Values{}
		for k, vs := range q {
			qq[k] = vs
		}
		if n > 0 {
			qq.Set("offset", strconv.Itoa(n))
		}
		return base + "?" + qq.Encode()
	}
	if p.NextOffset > 0 {
		v.NextURL = withOffset(p.NextOffset)
	}
	if f.Offset > 0 {
		v.PrevURL = withOffset(max(0, f.Offset-50))
	}
	qc := url.Values{}
	for k, vs := range q {
		qc[k] = vs
	}
	qc.Set("format", "csv")
	v.ExportCSV = base + "/export?" + qc.Encode()
	qc.Set("format", "xlsx")
	v.ExportXLSX = base + "/export?" + qc.Encode()
	return s.render(c, "suppliers/list", "suppliers.list_title", v)
}

func (s *Server) supplierNewPage(c *fiber.Ctx) error {
	ref, err := s.reference(c)
	if err != nil {
		return err
	}
	f := s.newSupplierForm(ref, suppliers.Supplier{LegalForm: quebec.FormOther})
	f.Action, f.Cancel = "/t/"+tenant(c).Slug+"/fournisseurs", "/t/"+tenant(c).Slug+"/fournisseurs"
	return s.render(c, "suppliers/form", "suppliers.new_title", f)
}

// rerenderForm shows the form again with the problems, nothing having changed.
func (s *Server) rerenderForm(c *fiber.Ctx, tmpl, titleID string, f supplierForm, err error) error {
	return s.renderInvalid(c, tmpl, titleID, f, err)
}

func (s *Server) supplierCreatePage(c *fiber.Ctx) error {
	ref, err := s.reference(c)
	if err != nil {
		return err
	}
	sup := suppliers.Supplier{Status: suppliers.StateApproved}
	muni, err := parseSupplierForm(c, ref, &sup, principal(c).User.Email, true)
	if err == nil {
		err = s.sup.store.Create(ctx(c), tenant(c).ID, ref, &sup)
	} else {
		checked := sup // every other problem too, in the same answer
		err = joinInvalid(err, checked.Check(ref))
	}
	if err != nil {
		f := s.newSupplierForm(ref, sup)
		f.Municipality, f.Action, f.Cancel = muni, "/t/"+tenant(c).Slug+"/fournisseurs", "/t/"+tenant(c).Slug+"/fournisseurs"
		return s.rerenderForm(c, "suppliers/form", "suppliers.new_title", f, err)
	}
	return s.redirectWith(c, "/t/"+tenant(c).Slug+"/fournisseurs/"+sup.ID.String(), "suppliers.created", map[string]any{"Name": sup.LegalName})
}

type supplierPageView struct {
	S            suppliers.Supplier
	Municipality string
	Region       string
	MRC          string
	EES          bool
	NonProfit    bool
	History      []suppliers.StatusChange
	Docs         []suppliers.DocInfo
	Actions      []suppliers.Action
	DocTypes     []suppliers.DocType
	CanWrite     bool
	Flash        string
	Audit        []auditLine // for those who may read the audit log
	// The status change as explicit buttons, the document form's choices and the document it replaces.
	Buttons        []actionButton
	DocTypeChoices []Choice
	RENAChoices    []Choice
	Replacing      *suppliers.DocInfo
	ReplacingType  string
}

func (s *Server) supplierPage(c *fiber.Ctx) error {
	id, err := supplierID(c)
	if err != nil {
		return err
	}
	ref, err := s.reference(c)
	if err != nil {
		return err
	}
	sup, err := s.sup.store.Get(ctx(c), tenant(c).ID, id)
	if err != nil {
		return err
	}
	h, err := s.sup.store.History(ctx(c), tenant(c).ID, id)
	if err != nil {
		return err
	}
	docs, err := s.sup.store.Docs(ctx(c), tenant(c).ID, id)
	if err != nil {
		return err
	}
	v := supplierPageView{S: sup, Municipality: ref.MunicipalityLabel(sup.MunicipalityCode), Region: ref.RegionName(sup.RegionCode),
		EES: sup.EES(), NonProfit: suppliers.TreatedAsNonProfit(sup.LegalForm, sup.Statements()), History: h, Docs: docs,
		CanWrite: s.authz.Allowed(principal(c).TenantRoles, "suppliers", "write")}
	if sup.MRCCode != "" {
		v.MRC = s.mrcName(c, sup.MRCCode)
	}
	if v.DocTypes, err = s.sup.store.DocTypes(ctx(c), tenant(c).ID); err != nil {
		return err
	}
	if s.authz.Allowed(principal(c).TenantRoles, "audit", "read") {
		read, err := s.tenants.store.ReadAudit(ctx(c), tenant(c).ID, audit.Filter{ObjectType: "supplier", ObjectID: id.String(), Limit: 50})
		if err != nil {
			return err
		}
		v.Audit = auditLines(s.localizer(c), lang(c), read)
	}
	for _, a := range suppliers.Allowed(sup.Status, suppliers.RoleBuyer) {
		if _, err := buyerAction(string(a)); err == nil {
			v.Actions = append(v.Actions, a)
		}
	}
	v.Buttons = buttons(v.Actions)
	l := s.localizer(c)
	for _, d := range v.DocTypes {
		label := d.Label
		if d.BuiltIn {
			label = translate(l, "suppliers.doc_type."+d.Code, nil)
		}
		v.DocTypeChoices = append(v.DocTypeChoices, Choice{Value: d.Code, Label: label})
	}
	v.RENAChoices = []Choice{{Value: "", Label: "—"}, {Value: "not_listed", Label: translate(l, "suppliers.rena.not_listed", nil)},
		{Value: "listed", Label: translate(l, "suppliers.rena.listed", nil)}}
	replace := c.Query("replace")
	if replace == "" {
		replace = c.FormValue("replaces")
	}
	for i := range docs {
		if replace != "" && docs[i].ID.String() == replace && docs[i].Owner == "supplier" {
			v.Replacing, v.ReplacingType = &docs[i], docs[i].Type
		}
	}
	p := s.page(c, "suppliers.detail_title", v)
	p.Title = sup.LegalName
	return s.renderPage(c, "suppliers/detail", p)
}

func (s *Server) supplierEditPage(c *fiber.Ctx) error {
	id, err := supplierID(c)
	if err != nil {
		return err
	}
	ref, err := s.reference(c)
	if err != nil {
		return err
	}
	sup, err := s.sup.store.Get(ctx(c), tenant(c).ID, id)
	if err != nil {
		return err
	}
	f := s.newSupplierForm(ref, sup)
	f.Action, f.Cancel = "/t/"+tenant(c).Slug+"/fournisseurs/"+id.String(), "/t/"+tenant(c).Slug+"/fournisseurs/"+id.String()
	return s.render(c, "suppliers/form", "suppliers.edit_title", f)
}

func (s *Server) supplierUpdatePage(c *fiber.Ctx) error {
	id, err := supplierID(c)
	if err != nil {
		return err
	}
	ref, err := s.reference(c)
	if err != nil {
		return err
	}
	version, _ := strconv.Atoi(c.FormValue("version"))
	var muni string
	var attempted suppliers.Supplier
	_, err = s.sup.store.Update(ctx(c), tenant(c).ID, id, ref, version, func(x *suppliers.Supplier) error {
		var perr error
		muni, perr = parseSupplierForm(c, ref, x, principal(c).User.Email, true)
		attempted = *x
		return perr
	})
	if err != nil {
		f := s.newSupplierForm(ref, attempted)
		f.Municipality = muni
		f.Action, f.Cancel = "/t/"+tenant(c).Slug+"/fournisseurs/"+id.String(), "/t/"+tenant(c).Slug+"/fournisseurs/"+id.String()
		return s.rerenderForm(c, "suppliers/form", "suppliers.edit_title", f, err)
	}
	return s.redirectWith(c, "/t/"+tenant(c).Slug+"/fournisseurs/"+id.String(), "suppliers.saved", nil)
}

func (s *Server) supplierStatusPage(c *fiber.Ctx) error {
	id, err := supplierID(c)
	if err != nil {
		return err
	}
	a, err := buyerAction(c.FormValue("action"))
	if err == nil {
		_, err = s.sup.store.ChangeStatus(ctx(c), tenant(c).ID, id, a, c.FormValue("reason"))
	}
	if err != nil {
		return s.reshow(c, err, s.supplierPage)
	}
	return s.redirectWith(c, "/t/"+tenant(c).Slug+"/fournisseurs/"+id.String(), "suppliers.status_done."+string(a), nil)
}

func (s *Server) supplierDeletePage(c *fiber.Ctx) error {
	id, err := supplierID(c)
	if err != nil {
		return err
	}
	sup, err := s.sup.store.Get(ctx(c), tenant(c).ID, id)
	if err != nil {
		return err
	}
	if err := s.sup.store.Delete(ctx(c), tenant(c).ID, id); err != nil {
		return s.reshow(c, err, s.supplierPage)
	}
	return s.redirectWith(c, "/t/"+tenant(c).Slug+"/fournisseurs", "suppliers.deleted", map[string]any{"Name": sup.LegalName})
}

// supplierBulkPage applies one action to the ticked suppliers. Whatever the user can fix (nothing ticked, a
// reason missing, a step not allowed for one of them) is answered on the register page, ticks kept.
func (s *Server) supplierBulkPage(c *fiber.Ctx) error {
	var ids []uuid.UUID
	for _, raw := range c.Request().PostArgs().PeekMulti("ids") {
		id, err := uuid.Parse(string(raw))
		if err != nil {
			return errs.E(errs.NotFound, "suppliers.not_found")
		}
		ids = append(ids, id)
	}
	a := suppliers.Action("delete")
	var v errs.Validation
	v.Key = "suppliers.bulk_failed"
	if c.FormValue("action") != "delete" {
		var err error
		if a, err = buyerAction(c.FormValue("action")); err != nil {
			v.Add("action", "suppliers.bulk_action_choose", nil)
		}
	}
	if len(ids) == 0 {
		v.Add("ids", "suppliers.bulk_none_selected", nil)
	}
	err := v.Err()
	if err == nil {
		err = s.sup.store.Bulk(ctx(c), tenant(c).ID, ids, a, c.FormValue("reason"))
	}
	if err != nil {
		return s.reshow(c, onField("ids", err), s.supplierListPage)
	}
	return s.redirectWith(c, "/t/"+tenant(c).Slug+"/fournisseurs?"+string(c.Request().URI().QueryString()),
		"suppliers.bulk_done", map[string]any{"Count": len(ids)})
}

// localizer is the request's translator.
func (s *Server) localizer(c *fiber.Ctx) *i18n.Localizer { return i18n.NewLocalizer(s.i18n, lang(c)) }

func (s *Server) docTypesPage(c *fiber.Ctx) error {
	types, err := s.sup.store.DocTypes(ctx(c), tenant(c).ID)
	if err != nil {
		return err
	}
	p := s.page(c, "suppliers.doc_types_title", types)
	if c.Query("ok") != "" {
		p.Flash = translate(p.L, "suppliers.saved", nil)
	}
	return s.renderPage(c, "suppliers/doctypes", p)
}

// docTypesSave saves every row of the form, and the new type when one is named.
func (s *Server) docTypesSave(c *fiber.Ctx) error {
	var all []suppliers.DocType
	for _, raw := range c.Request().PostArgs().PeekMulti("code") {
		code := string(raw)
		days, err := strconv.Atoi(c.FormValue("warn_" + code))
		if err != nil {
			return (&errs.Validation{}).ErrWith("warn_days", "suppliers.warn_days_invalid", nil)
		}
		all = append(all, suppliers.DocType{Code: code, Label: c.FormValue("label_" + code), Required: c.FormValue("required_"+code) == "on", WarnDays: days})
	}
	if code := c.FormValue("new_code"); code != "" {
		days, err := strconv.Atoi(c.FormValue("new_warn"))
		if err != nil {
			days = 30
		}
		all = append(all, suppliers.DocType{Code: code, Label: c.FormValue("new_label"), Required: c.FormValue("new_required") == "on", WarnDays: days})
	}
	for _, d := range all {
		if err := s.sup.store.SaveDocType(ctx(c), tenant(c).ID, d); err != nil {
			return err
		}
	}
	return c.Redirect("/t/"+tenant(c).Slug+"/fournisseurs/documents-requis?ok=1", fiber.StatusSeeOther)
}

// Pager is the register's paging for the shared pager ("1 to 50 of 230").
func (v supplierListView) Pager() Pager {
	return Pager{PrevURL: v.PrevURL, NextURL: v.NextURL, From: v.From, To: v.To, Total: int(v.Total)}
}

// savedSearchCreate names the register's current filters (the list's query) for the person.
func (s *Server) savedSearchCreate(c *fiber.Ctx) error {
	q, err := url.ParseQuery(string(c.Request().URI().QueryString()))
	if err == nil {
		_, err = s.sup.store.SaveSearch(ctx(c), tenant(c).ID, principal(c).User.ID, c.FormValue("search_name"), q)
	}
	if err != nil {
		return s.reshow(c, err, s.supplierListPage)
	}
	return s.redirectWith(c, "/t/"+tenant(c).Slug+"/fournisseurs?"+q.Encode(), "suppliers.saved_search_done",
		map[string]any{"Name": strings.TrimSpace(c.FormValue("search_name"))})
}

func (s *Server) savedSearchDelete(c *fiber.Ctx) error {
	id, err := uuid.Parse(c.Params("search"))
	if err != nil {
		return errs.E(errs.NotFound, "suppliers.saved_search_not_found")
	}
	if err := s.sup.store.DeleteSearch(ctx(c), tenant(c).ID, principal(c).User.ID, id); err != nil {
		return err
	}
	return s.redirectWith(c, "/t/"+tenant(c).Slug+"/fournisseurs", "suppliers.saved_search_deleted", nil)
}
