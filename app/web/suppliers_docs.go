package web

import (
	"io"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"maillage/app/errs"
	"maillage/app/suppliers"
	"maillage/app/uploads"
)

func (s *Server) documentRoutes() []Route {
	return []Route{
		{Method: "POST", Path: "/t/:slug/fournisseurs/:id/documents", Scope: Tenant, Obj: "suppliers", Act: "write", Handler: s.supplierDocUpload, Limit: 60},
		{Method: "GET", Path: "/t/:slug/documents/:doc", Scope: Tenant, Obj: "suppliers", Act: "read", Handler: s.supplierDocDownload},
		{Method: "GET", Path: "/api/v1/t/:slug/suppliers/:id/documents", Scope: Tenant, Obj: "suppliers", Act: "read", Handler: s.apiSupplierDocs,
			Doc: &APIDoc{Summary: "A supplier's documents with their states", Tag: "suppliers"}},
		{Method: "POST", Path: "/api/v1/t/:slug/suppliers/:id/documents", Scope: Tenant, Obj: "suppliers", Act: "write", Handler: s.supplierDocUpload, Limit: 60,
			Doc: &APIDoc{Summary: "Upload a document (PDF, PNG or JPEG; type, issued_on, expires_on, rena_result)", Tag: "suppliers", Binary: "multipart/form-data", Status: 201}},
		{Method: "GET", Path: "/api/v1/t/:slug/documents/:doc", Scope: Tenant, Obj: "suppliers", Act: "read", Handler: s.supplierDocDownload,
			Doc: &APIDoc{Summary: "Download a document", Tag: "suppliers", Binary: "application/pdf, image/png, image/jpeg"}},
		{Method: "POST", Path: "/entreprise/documents", Scope: Platform, Obj: "enterprise_profile", Act: "write", Handler: s.enterpriseDocUpload, Limit: 60},
		{Method: "POST", Path: "/entreprise/documents/:doc/retirer", Scope: Platform, Obj: "enterprise_profile", Act: "write", Handler: s.enterpriseDocWithdraw},
		{Method: "POST", Path: "/t/:slug/fournisseurs/:id/documents/:doc/retirer", Scope: Tenant, Obj: "suppliers", Act: "write", Handler: s.supplierDocWithdraw},
		{Method: "GET", Path: "/entreprise/documents/:doc", Scope: Platform, Obj: "enterprise_profile", Act: "read", Handler: s.enterpriseDocDownload},
	}
}

// newDocForm reads the document fields of an upload form.
func newDocForm(c *fiber.Ctx) (suppliers.NewDoc, error) {
	n := suppliers.NewDoc{Type: c.FormValue("type"), RENAResult: c.FormValue("rena_result")}
	var v errs.Validation
	for name, dst := range map[string]**time.Time{"issued_on": &n.IssuedOn, "expires_on": &n.ExpiresOn} {
		if raw := strings.TrimSpace(c.FormValue(name)); raw != "" {
			d, err := time.Parse(time.DateOnly, raw)
			if err != nil {
				v.Add(name, "suppliers.date_invalid", map[string]any{"Value": raw})
				continue
			}
			*dst = &d
		}
	}
	return n, v.Err()
}

// uploadedFile checks the "file" part: size, type sniffed from content, checksum.
func uploadedFile(c *fiber.Ctx, required bool) (*uploads.File, error) {
	fh, err := c.FormFile("file")
	if err != nil {
		if required {
			return nil, (&errs.Validation{}).ErrWith("file", "suppliers.doc_file_required", nil)
		}
		return nil, nil
	}
	r, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	f, err := uploads.Check(r, fh.Filename, uploads.DefaultMaxBytes)
	if err != nil {
		return nil, err
	}
	return &f, nil
}

func (s *Server) supplierDocUpload(c *fiber.Ctx) error {
	id, err := supplierID(c)
	if err != nil {
		return err
	}
	n, err := newDocForm(c)
	var f *uploads.File
	if err == nil {
		f, err = uploadedFile(c, n.Type != suppliers.DocRENACheck)
		err = onField("file", err)
	}
	if err == nil && c.FormValue("replaces") != "" {
		doc, perr := uuid.Parse(c.FormValue("replaces"))
		if perr != nil {
			return errs.E(errs.NotFound, "suppliers.doc_not_found")
		}
		n.Replaces = &doc
	}
	var d suppliers.DocInfo
	if err == nil {
		d, err = s.sup.store.AddDoc(ctx(c), tenant(c).ID, id, n, f, s.sup.blobs)
	}
	if err != nil {
		return s.reshow(c, err, s.supplierPage)
	}
	if strings.HasPrefix(c.Path(), "/api/") {
		return c.Status(fiber.StatusCreated).JSON(d)
	}
	return s.redirectWith(c, "/t/"+tenant(c).Slug+"/fournisseurs/"+id.String()+"#documents", "applications.doc_added", nil)
}

func (s *Server) apiSupplierDocs(c *fiber.Ctx) error {
	id, err := supplierID(c)
	if err != nil {
		return err
	}
	docs, err := s.sup.store.Docs(ctx(c), tenant(c).ID, id)
	if err != nil {
		return err
	}
	if docs == nil {
		docs = []suppliers.DocInfo{}
	}
	return c.JSON(fiber.Map{"items": docs})
}

func docID(c *fiber.Ctx) (uuid.UUID, error) {
	id, err := uuid.Parse(c.Params("doc"))
	if err != nil {
		return uuid.Nil, errs.E(errs.NotFound, "suppliers.doc_not_found")
	}
	return id, nil
}

// sendDoc streams a stored file as an attachment with its sniffed type: never inline,
// never sniffed again by the browser.
func (s *Server) sendDoc(c *fiber.Ctx, d suppliers.DocInfo) error {
	if d.BlobKey == "" {
		return errs.E(errs.NotFound, "suppliers.doc_not_found")
	}
	key, err := uploads.ParseKey(d.BlobKey)
	if err != nil {
		return err
	}
	rc, err := s.sup.blobs.Open(ctx(c), key)
	if err != nil {
		return err
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, d.MediaType)
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+strings.ReplaceAll(d.FileName, `"`, "")+`"`)
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	c.Set("X-Content-Type-Options", "nosniff")
	return c.Send(data)
}

func (s *Server) supplierDocDownload(c *fiber.Ctx) error {
	id, err := docID(c)
	if err != nil {
		return err
	}
	d, err := s.sup.store.Doc(ctx(c), tenant(c).ID, id)
	if err != nil {
		return err
	}
	return s.sendDoc(c, d)
}

func (s *Server) enterpriseDocUpload(c *fiber.Ctx) error {
	n, err := newDocForm(c)
	var f *uploads.File
	if err == nil {
		f, err = uploadedFile(c, true)
		err = onField("file", err)
	}
	if err == nil && c.FormValue("replaces") != "" {
		id, perr := uuid.Parse(c.FormValue("replaces"))
		if perr != nil {
			return errs.E(errs.NotFound, "suppliers.doc_not_found")
		}
		n.Replaces = &id
	}
	if err == nil {
		_, err = s.sup.apps.AddEnterpriseDoc(ctx(c), principal(c).User.ID, n, *f, s.sup.blobs)
	}
	if err != nil {
		return s.reshow(c, err, s.myApplicationsPage)
	}
	if back := safeReturn(c.Query("return")); back != "" {
		return s.redirectWith(c, back, "applications.doc_added", nil)
	}
	return s.redirectWith(c, "/entreprise/candidatures#documents", "applications.doc_added", nil)
}

// enterpriseDocWithdraw takes one of the enterprise's documents out of the bodies' sight (kept on record).
func (s *Server) enterpriseDocWithdraw(c *fiber.Ctx) error {
	id, err := docID(c)
	if err != nil {
		return err
	}
	if err := s.sup.apps.WithdrawEnterpriseDoc(ctx(c), principal(c).User.ID, id); err != nil {
		return err
	}
	return s.redirectWith(c, "/entreprise/candidatures#documents", "applications.doc_withdrawn", nil)
}

// supplierDocWithdraw takes a document the body keeps off a supplier's record (kept on record, audited).
func (s *Server) supplierDocWithdraw(c *fiber.Ctx) error {
	id, err := supplierID(c)
	if err != nil {
		return err
	}
	doc, err := docID(c)
	if err != nil {
		return err
	}
	if err := s.sup.store.WithdrawDoc(ctx(c), tenant(c).ID, id, doc); err != nil {
		return err
	}
	return s.redirectWith(c, "/t/"+tenant(c).Slug+"/fournisseurs/"+id.String()+"#documents", "applications.doc_withdrawn", nil)
}

func (s *Server) enterpriseDocDownload(c *fiber.Ctx) error {
	id, err := docID(c)
	if err != nil {
		return err
	}
	d, err := s.sup.apps.MyDoc(ctx(c), principal(c).User.ID, id)
	if err != nil {
		return err
	}
	return s.sendDoc(c, d)
}
