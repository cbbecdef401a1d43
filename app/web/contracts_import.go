package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"
	"github.com/nicksnyder/go-i18n/v2/i18n"

	"maillage/app/contracts"
	"maillage/app/errs"
	"maillage/app/tabular"
	"maillage/app/uploads"
)

// contractImportRoutes: a body imports its contracts from a spreadsheet in two steps — upload,
// then the mapping of its columns (suggested from their French or English names), the
// problems of each line with the choice to leave a line out, and a preview — and downloads a
// template whose headers map themselves.
func (s *Server) contractImportRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/t/:slug/contracts/import/template.:format", Scope: Tenant, Obj: "contracts", Act: "write", Handler: s.contractsTemplate},
		{Method: "GET", Path: "/t/:slug/contracts/export.:format", Scope: Tenant, Obj: "contracts", Act: "read", Handler: s.contractsExport},
		{Method: "POST", Path: "/t/:slug/contracts/import/confirm", Scope: Tenant, Obj: "contracts", Act: "write", Handler: s.contractsImportConfirm},
		{Method: "POST", Path: "/api/v1/t/:slug/contracts/import", Scope: Tenant, Obj: "contracts", Act: "write", Handler: s.apiContractsImport, Limit: 30,
			Doc: &APIDoc{Summary: "Import contracts from a CSV or XLSX file (multipart: file, optional mapping and decisions {\"<line>\": \"skip\"}); ?dry_run=true checks only; all or nothing",
				Tag: "contracts", Binary: "multipart/form-data", Response: "ContractImport"}},
	}
}

type importView struct {
	Imported int
	Targets  []tabular.Target
	Step     *contractImportStep
}

// contractImportStep is the second step: the file as read, its mapping, its problems.
type contractImportStep struct {
	ImportID string
	Result   contractImportResult
	Lines    []importLine
}

// contractImportResult is what an import did or would do.
type contractImportResult struct {
	Imported int                 `json:"imported"`
	DryRun   bool                `json:"dry_run"`
	Skipped  []int               `json:"skipped,omitempty"`
	Headers  []string            `json:"headers"`
	Mapping  tabular.Mapping     `json:"mapping"`
	Preview  []map[string]string `json:"preview"`
	Rows     int                 `json:"rows"`
}

func (s *Server) contractsImportForm(c *fiber.Ctx) error {
	return s.render(c, "contracts/import", "contracts.ui.import_title", importView{Targets: contracts.ImportTargets()})
}

// contractsImport keeps the uploaded file in the body's blob space and shows the second step.
func (s *Server) contractsImport(c *fiber.Ctx) error {
	data, err := uploadedBytes(c)
	if err != nil {
		return s.renderInvalid(c, "contracts/import", "contracts.ui.import_title", importView{Targets: contracts.ImportTargets()}, onField("file", err))
	}
	key, err := uploads.TenantKey(tenant(c).ID.String(), uuid.NewString())
	if err != nil {
		return err
	}
	if err := s.sup.blobs.Put(ctx(c), key, bytes.NewReader(data)); err != nil {
		return err
	}
	return s.contractsImportStep(c, key, data, nil, nil)
}

func uploadedBytes(c *fiber.Ctx) ([]byte, error) {
	f, err := uploaded(c)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, maxUpload+1))
}

// contractsImportStep checks the file with a mapping (suggested when nil) and shows the result.
func (s *Server) contractsImportStep(c *fiber.Ctx, key uploads.Key, data []byte, mapping tabular.Mapping, skip map[int]bool) error {
	res, err := s.runContractImport(c, data, mapping, skip, true)
	step := &contractImportStep{ImportID: key.String(), Result: res}
	for _, l := range res.Skipped {
		step.Lines = append(step.Lines, importLine{Line: l, Skipped: true})
	}
	view := importView{Targets: contracts.ImportTargets(), Step: step}
	if err != nil {
		if res.Headers == nil { // the file itself could not be read: the first step again
			return s.renderInvalid(c, "contracts/import", "contracts.ui.import_title", importView{Targets: contracts.ImportTargets()}, onField("file", err))
		}
		if e := errs.As(err); e != nil {
			step.Lines = append(step.Lines, linesOf(s.localizer(c), e.Fields)...)
		}
		slices.SortStableFunc(step.Lines, func(a, b importLine) int { return a.Line - b.Line })
		return s.renderInvalid(c, "contracts/import", "contracts.ui.import_title", view, err)
	}
	return s.render(c, "contracts/import", "contracts.ui.import_title", view)
}

// contractsImportConfirm reads the kept file with the mapping and decisions of the second step,
// and imports it (all or nothing) or shows the step again.
func (s *Server) contractsImportConfirm(c *fiber.Ctx) error {
	key, err := uploads.ParseKey(c.FormValue("import_id"))
	if err != nil || !strings.HasPrefix(key.String(), "t/"+tenant(c).ID.String()+"/") {
		return errs.E(errs.NotFound, "suppliers.import_expired")
	}
	rc, err := s.sup.blobs.Open(ctx(c), key)
	if err != nil {
		return errs.E(errs.NotFound, "suppliers.import_expired")
	}
	data, err := io.ReadAll(rc)
	rc.Close()
	if err != nil {
		return err
	}
	var mapping tabular.Mapping // none posted: the suggested one
	for _, h := range c.Request().PostArgs().PeekMulti("header") {
		if mapping == nil {
			mapping = tabular.Mapping{}
		}
		if f := c.FormValue("map_" + string(h)); f != "" {
			mapping[string(h)] = f
		}
	}
	skip, err := skipLines(c)
	if err != nil {
		return err
	}
	if c.FormValue("confirm") == "" {
		return s.contractsImportStep(c, key, data, mapping, skip)
	}
	res, err := s.runContractImport(c, data, mapping, skip, false)
	if err != nil {
		if correctable(err) {
			return s.contractsImportStep(c, key, data, mapping, skip)
		}
		return err
	}
	_ = s.sup.blobs.Delete(context.WithoutCancel(ctx(c)), key)
	return s.render(c, "contracts/import", "contracts.ui.import_title", importView{Imported: res.Imported, Targets: contracts.ImportTargets()})
}

// runContractImport reads, maps, checks and (unless dry) imports a contract spreadsheet. Lines
// to skip are neither checked nor imported.
func (s *Server) runContractImport(c *fiber.Ctx, data []byte, mapping tabular.Mapping, skip map[int]bool, dry bool) (contractImportResult, error) {
	res := contractImportResult{DryRun: dry}
	v := &errs.Validation{Key: "contracts.import_invalid"}
	t, err := tabular.Read(bytes.NewReader(data), tabular.Options{MaxBytes: maxUpload}, v)
	if err != nil {
		return res, err
	}
	targets := contracts.ImportTargets()
	if mapping == nil {
		mapping = tabular.Suggest(t.Headers, targets)
	}
	res.Headers, res.Mapping, res.Rows = t.Headers, mapping, len(t.Rows)
	for _, r := range mapping.Preview(t, 5) {
		res.Preview = append(res.Preview, r.Values)
	}
	if err := mapping.Check(t.Headers, targets); err != nil {
		return res, err
	}
	recs := mapping.Apply(t, targets, v)
	kept := recs[:0:0]
	for _, r := range recs {
		if skip[r.Line] {
			res.Skipped = append(res.Skipped, r.Line)
		} else {
			kept = append(kept, r)
		}
	}
	v.Fields = slices.DeleteFunc(v.Fields, func(f errs.FieldError) bool { return skip[f.Row] })
	ins := contracts.FromRecords(kept, v)
	if err := sortedByLine(v.Err()); err != nil || dry {
		return res, err
	}
	res.Imported, err = s.contracts.Import(ctx(c), tenant(c).ID, ins)
	return res, err
}

// linesOf groups an import's row errors by line, each message naming the file's column.
func linesOf(l *i18n.Localizer, fields []errs.FieldError) []importLine {
	var out []importLine
	at := map[int]int{}
	for _, f := range fields {
		if f.Row == 0 {
			continue
		}
		i, ok := at[f.Row]
		if !ok {
			i = len(out)
			at[f.Row] = i
			out = append(out, importLine{Line: f.Row})
		}
		msg := translate(l, f.Key, f.Args)
		if f.Column != "" {
			msg = translate(l, "forms.in_column", map[string]any{"Column": f.Column}) + " " + msg
		}
		out[i].Messages = append(out[i].Messages, msg)
	}
	return out
}

// contractsTemplate sends an empty contract spreadsheet with its headers in the reader's
// language and one example row, CSV (semicolons in French, UTF-8 with BOM) or XLSX.
func (s *Server) contractsTemplate(c *fiber.Ctx) error {
	example := strings.Split(s.T(c, "contracts.ui.template_example", nil), "|")
	return s.sendContractSheet(c, s.T(c, "contracts.ui.template_file", nil), [][]string{example})
}

// contractsExport sends the contracts awarded in a year (?year=, this year by default) in the
// template's columns, so that the file imports again as it is.
func (s *Server) contractsExport(c *fiber.Ctx) error {
	year, err := yearParam(c, s.now())
	if err != nil {
		return err
	}
	from, to := yearBounds(year)
	cs, err := s.contracts.List(ctx(c), tenant(c).ID, contracts.Filter{From: from, To: to})
	if err != nil {
		return err
	}
	rows := make([][]string, len(cs))
	for i, k := range cs {
		rows[i] = contracts.ExportRow(k, lang(c))
	}
	return s.sendContractSheet(c, s.T(c, "contracts.ui.export_file", map[string]any{"Year": year}), rows)
}

// sendContractSheet writes the contract columns' headers in the reader's language, then rows,
// as CSV (semicolons in French, UTF-8 with BOM) or XLSX (the :format of the path).
func (s *Server) sendContractSheet(c *fiber.Ctx, name string, rows [][]string) error {
	format := c.Params("format")
	var buf bytes.Buffer
	var w interface {
		Write([]string) error
		Close() error
	}
	switch format {
	case "csv":
		w = tabular.NewCSVWriter(&buf, tabular.CSVOptions{Semicolon: lang(c) == "fr"})
	case "xlsx":
		xw, err := tabular.NewXLSXWriter(&buf, s.T(c, "contracts.ui.template_sheet", nil))
		if err != nil {
			return err
		}
		w = xw
	default:
		return errs.E(errs.NotFound, "errors.not_found")
	}
	if err := w.Write(contracts.TemplateHeaders(lang(c))); err != nil {
		return err
	}
	for _, r := range rows {
		if err := w.Write(r); err != nil {
			return err
		}
	}
	if err := w.Close(); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="%s.%s"`, name, format))
	if format == "csv" {
		c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	} else {
		c.Set(fiber.HeaderContentType, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	}
	return c.Send(buf.Bytes())
}

func (s *Server) apiContractsImport(c *fiber.Ctx) error {
	data, err := uploadedBytes(c)
	if err != nil {
		return err
	}
	var mapping tabular.Mapping
	if m := c.FormValue("mapping"); m != "" {
		if err := json.Unmarshal([]byte(m), &mapping); err != nil {
			return (&errs.Validation{}).ErrWith("mapping", "suppliers.json_invalid", map[string]any{"Detail": err.Error()})
		}
	}
	skip, err := skipLines(c)
	if err != nil {
		return err
	}
	dry, _ := strconv.ParseBool(c.Query("dry_run"))
	res, err := s.runContractImport(c, data, mapping, skip, dry)
	if err != nil {
		return err
	}
	return c.JSON(res)
}
