package web

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"strconv"

	"github.com/gofiber/fiber/v2"
	"github.com/nicksnyder/go-i18n/v2/i18n"

	"maillage/app/catalogue"
	"maillage/app/errs"
	"maillage/app/quebec"
	"maillage/app/tabular"
)

// catalogueImportAPIRoutes: a steward imports a directory or a Registraire extract through the
// API: upload (the plan), read it again, revise it (mapping, default form, decisions, fixes),
// apply it (all or nothing).
func (s *Server) catalogueImportAPIRoutes() []Route {
	return []Route{
		{Method: "POST", Path: "/api/v1/catalogue/imports", Scope: Platform, Obj: "catalogue_import", Act: "write", Handler: s.apiCatalogueImportPlan,
			Limit: 30, Doc: &APIDoc{Summary: "Upload a directory or REQ extract (multipart: file, source, optional default_form and mapping): how it was read, the mapping with its confidence, a preview and the report of every line; nothing changes",
				Tag: "catalogue-stewards", Binary: "multipart/form-data", Response: "CatalogueImportPlan", Status: 201}},
		{Method: "GET", Path: "/api/v1/catalogue/imports/:id", Scope: Platform, Obj: "catalogue_import", Act: "write", Handler: s.apiCatalogueImportGet,
			Doc: &APIDoc{Summary: "A planned or applied import, with its report", Tag: "catalogue-stewards", Response: "CatalogueImportPlan"}},
		{Method: "PATCH", Path: "/api/v1/catalogue/imports/:id", Scope: Platform, Obj: "catalogue_import", Act: "write", Handler: s.apiCatalogueImportRevise,
			Doc: &APIDoc{Summary: "Change a planned import's mapping, default legal form, decisions or fixes; it is planned again; nothing changes in the catalogue",
				Tag: "catalogue-stewards", Request: "CatalogueImportChange", Response: "CatalogueImportPlan"}},
		{Method: "POST", Path: "/api/v1/catalogue/imports/:id/apply", Scope: Platform, Obj: "catalogue_import", Act: "write", Handler: s.apiCatalogueImportApply,
			Doc: &APIDoc{Summary: "Apply a planned import, all or nothing: every line in error or possibly a duplicate needs a decision (or a fix)",
				Tag: "catalogue-stewards", Request: "CatalogueImportApply", Response: "CatalogueImportResult"}},
	}
}

// readUpload reads the uploaded file with the shared spreadsheet reader. The file-level checks
// (size, format, encoding, header row, NUL bytes, number of rows) refuse it whole.
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
	const maxBytes = 10 << 20
	data, err := io.ReadAll(io.LimitReader(f, maxBytes+1))
	if err != nil {
		return nil, "", "", err
	}
	var v errs.Validation
	v.Key = "catalogue.import.has_errors"
	tab, err := tabular.Read(bytesReader(data), tabular.Options{MaxRows: 20_000, MaxBytes: maxBytes}, &v)
	if err != nil {
		return nil, "", "", err
	}
	if err := v.Err(); err != nil {
		return nil, "", "", err
	}
	sum := sha256.Sum256(data)
	return tab, fh.Filename, hex.EncodeToString(sum[:]), nil
}

// importErrorJSON is a row error as the API shows it: the file's own column and the message
// in the request's language, besides the stable codes.
type importErrorJSON struct {
	Field   string         `json:"field"`
	Column  string         `json:"column,omitempty"`
	Code    string         `json:"code"`
	Message string         `json:"message"`
	Args    map[string]any `json:"args,omitempty"`
}

type importRowJSON struct {
	catalogue.RowResult
	Errors   []importErrorJSON `json:"errors,omitempty"`
	Warnings []importErrorJSON `json:"warnings,omitempty"`
}

type importReportJSON struct {
	catalogue.Report
	Rows []importRowJSON `json:"rows"`
}

// importResponse is a catalogue.ImportView with translated row messages.
type importResponse struct {
	catalogue.ImportView
	Report importReportJSON `json:"report"`
}

func importMessages(l *i18n.Localizer, fs []errs.FieldError) []importErrorJSON {
	out := make([]importErrorJSON, 0, len(fs))
	for _, f := range fs {
		out = append(out, importErrorJSON{Field: f.Field, Column: f.Column, Code: f.Key, Message: translate(l, f.Key, f.Args), Args: f.Args})
	}
	return out
}

func (s *Server) importJSON(c *fiber.Ctx, v catalogue.ImportView) importResponse {
	l := s.localizer(c)
	out := importResponse{ImportView: v, Report: importReportJSON{Report: v.Report, Rows: make([]importRowJSON, len(v.Report.Rows))}}
	for i, r := range v.Report.Rows {
		out.Report.Rows[i] = importRowJSON{RowResult: r, Errors: importMessages(l, r.Errors), Warnings: importMessages(l, r.Warnings)}
	}
	return out
}

func (s *Server) apiCatalogueImportPlan(c *fiber.Ctx) error {
	tab, name, sha, err := readUpload(c)
	if err != nil {
		return err
	}
	var mapping tabular.Mapping // nil: the source's saved mapping, else suggested from the headers
	if m := c.FormValue("mapping"); m != "" {
		if err := json.Unmarshal([]byte(m), &mapping); err != nil {
			return (&errs.Validation{}).ErrWith("mapping", "errors.invalid_input", nil)
		}
	}
	v, err := s.catalogue.PlanTable(ctx(c), steward(principal(c)), catalogue.ImportRequest{Source: c.FormValue("source"), FileName: name,
		SHA256: sha, DefaultForm: quebec.CollectiveForm(c.FormValue("default_form")), Table: tab, Mapping: mapping})
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(s.importJSON(c, v))
}

func (s *Server) apiCatalogueImportGet(c *fiber.Ctx) error {
	v, err := s.catalogue.Import(ctx(c), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(s.importJSON(c, v))
}

// importChangeRequest is the body of PATCH and apply: lines are the file's lines, as the
// report's "line" says.
type importChangeRequest struct {
	Version     int                                   `json:"version"` // PATCH: the version read (a change meanwhile is 409)
	Mapping     tabular.Mapping                       `json:"mapping"`
	DefaultForm *quebec.CollectiveForm                `json:"default_form"`
	Decisions   map[string]catalogue.Decision         `json:"decisions"` // line → skip | create | merge:<entry id> | "" (undecide)
	Fixes       map[string]map[catalogue.Field]string `json:"fixes"`     // line → field → value
}

func (r importChangeRequest) change() (catalogue.ImportChange, error) {
	ch := catalogue.ImportChange{Mapping: r.Mapping, DefaultForm: r.DefaultForm}
	bad := errs.Validation{Key: "catalogue.import.bad_change"}
	if len(r.Decisions) > 0 {
		ch.Decisions = map[int]catalogue.Decision{}
	}
	for k, d := range r.Decisions {
		n, err := strconv.Atoi(k)
		if err != nil {
			bad.Add("decisions", "catalogue.import.no_such_line", map[string]any{"Line": k})
			continue
		}
		ch.Decisions[n] = d
	}
	if len(r.Fixes) > 0 {
		ch.Fixes = map[int]catalogue.Fix{}
	}
	for k, f := range r.Fixes {
		n, err := strconv.Atoi(k)
		if err != nil {
			bad.Add("fixes", "catalogue.import.no_such_line", map[string]any{"Line": k})
			continue
		}
		ch.Fixes[n] = catalogue.Fix(f)
	}
	return ch, bad.Err()
}

func (s *Server) apiCatalogueImportRevise(c *fiber.Ctx) error {
	var req importChangeRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	ch, err := req.change()
	if err != nil {
		return err
	}
	v, err := s.catalogue.Revise(ctx(c), steward(principal(c)), c.Params("id"), req.Version, ch)
	if err != nil {
		return err
	}
	return c.JSON(s.importJSON(c, v))
}

func (s *Server) apiCatalogueImportApply(c *fiber.Ctx) error {
	var req importChangeRequest
	if len(c.Body()) > 0 {
		if err := bindJSON(c, &req); err != nil {
			return err
		}
	}
	ch, err := req.change()
	if err != nil {
		return err
	}
	res, err := s.catalogue.ApplyImport(ctx(c), steward(principal(c)), c.Params("id"), catalogue.ImportChange{Decisions: ch.Decisions, Fixes: ch.Fixes})
	if err != nil {
		return err
	}
	return c.JSON(res)
}
