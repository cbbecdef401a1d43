package web

import (
	"crypto/sha256"
	"encoding/hex"
	"io"

	"github.com/gofiber/fiber/v2"

	"maillage/app/catalogue"
	"maillage/app/errs"
	"maillage/app/quebec"
	"maillage/app/tabular"
)

// catalogueImportPageRoutes: a steward imports a pôle's directory in the browser: upload,
// mapping with preview and match report, then apply (all or nothing).
func (s *Server) catalogueImportPageRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/catalogue/imports/new", Scope: Platform, Obj: "catalogue_import", Act: "write", Handler: s.catalogueImportNewPage},
		{Method: "POST", Path: "/catalogue/imports", Scope: Platform, Obj: "catalogue_import", Act: "write", Handler: s.catalogueImportUpload, Limit: 30},
		{Method: "GET", Path: "/catalogue/imports/:id", Scope: Platform, Obj: "catalogue_import", Act: "write", Handler: s.catalogueImportPage},
		{Method: "POST", Path: "/catalogue/imports/:id/mapping", Scope: Platform, Obj: "catalogue_import", Act: "write", Handler: s.catalogueImportRemap},
		{Method: "POST", Path: "/catalogue/imports/:id/apply", Scope: Platform, Obj: "catalogue_import", Act: "write", Handler: s.catalogueImportApplyForm},
	}
}

type importPageView struct {
	Import  catalogue.ImportView
	Targets []string
	Forms   []quebec.CollectiveForm
	Errors  map[int][]string // translated row errors by line
}

func (s *Server) catalogueImportNewPage(c *fiber.Ctx) error {
	return s.render(c, "catalogue/import_new", "catalogue.import.title", importPageView{Forms: quebec.CollectiveForms()})
}

// readUpload reads the uploaded directory with the shared spreadsheet reader.
func readUpload(c *fiber.Ctx) (*tabular.Table, string, string, error) {
	fh, err := c.FormFile("file")
	if err != nil {
		return nil, "", "", (&errs.Validation{Key: "catalogue.invalid"}).ErrWith("file", "catalogue.import.file_required", nil)
	}
	f, err := fh.Open()
	if err != nil {
		return nil, "", "", err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, 10<<20+1))
	if err != nil {
		return nil, "", "", err
	}
	var v errs.Validation
	v.Key = "catalogue.import.has_errors"
	tab, err := tabular.Read(bytesReader(data), tabular.Options{MaxRows: 20_000, MaxBytes: 10 << 20}, &v)
	if err != nil {
		return nil, "", "", err
	}
	if err := v.Err(); err != nil {
		return nil, "", "", err
	}
	sum := sha256.Sum256(data)
	return tab, fh.Filename, hex.EncodeToString(sum[:]), nil
}

func (s *Server) catalogueImportUpload(c *fiber.Ctx) error {
	tab, name, sha, err := readUpload(c)
	if err != nil {
		return err
	}
	v, err := s.catalogue.PlanTable(ctx(c), steward(principal(c)), c.FormValue("source"), name, sha,
		quebec.CollectiveForm(c.FormValue("default_form")), tab, nil)
	if err != nil {
		return err
	}
	return c.Redirect("/catalogue/imports/"+v.ID, fiber.StatusSeeOther)
}

func (s *Server) catalogueImportPage(c *fiber.Ctx) error {
	v, _, err := s.catalogue.Import(ctx(c), c.Params("id"))
	if err != nil {
		return err
	}
	targets := []string{""}
	for _, t := range catalogue.ImportTargets() {
		targets = append(targets, t.Field)
	}
	msgs := map[int][]string{}
	for _, r := range v.Report.Rows {
		for _, e := range r.Errors {
			msgs[r.Line] = append(msgs[r.Line], s.T(c, e.Key, e.Args))
		}
	}
	p := s.page(c, "catalogue.import.title", importPageView{Import: v, Targets: targets, Errors: msgs})
	if v.Result != nil {
		p.Flash = s.T(c, "catalogue.import.applied", map[string]any{"New": v.Result.Created, "Updated": v.Result.Updated})
	}
	return s.renderPage(c, "catalogue/import", p)
}

func (s *Server) catalogueImportRemap(c *fiber.Ctx) error {
	v, _, err := s.catalogue.Import(ctx(c), c.Params("id"))
	if err != nil {
		return err
	}
	m := tabular.Mapping{}
	for i, h := range v.Headers {
		if f := c.FormValue("map_" + itoaWeb(i)); f != "" {
			m[h] = f
		}
	}
	if _, err := s.catalogue.Remap(ctx(c), steward(principal(c)), v.ID, m); err != nil {
		return err
	}
	return c.Redirect("/catalogue/imports/"+v.ID, fiber.StatusSeeOther)
}

func (s *Server) catalogueImportApplyForm(c *fiber.Ctx) error {
	v, _, err := s.catalogue.Import(ctx(c), c.Params("id"))
	if err != nil {
		return err
	}
	ds := catalogue.ParseDecisions(func(k string) string { return c.FormValue(k) }, v.Report)
	if _, err := s.catalogue.ApplyImport(ctx(c), steward(principal(c)), v.ID, ds); err != nil {
		return err
	}
	return c.Redirect("/catalogue/imports/"+v.ID, fiber.StatusSeeOther)
}
