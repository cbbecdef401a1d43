package web

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/nicksnyder/go-i18n/v2/i18n"

	"maillage/app/catalogue"
	"maillage/app/errs"
	"maillage/app/quebec"
	"maillage/app/tabular"
)

// catalogueImportPageRoutes: a steward imports a pôle's directory or a Registraire extract in
// the browser: upload; the mapping with its confidence, the default legal form and the
// directory's sector names; the report of every line with a decision or a fix for each line
// that needs one; then apply (all or nothing).
func (s *Server) catalogueImportPageRoutes() []Route {
	w := func(method, path string, h fiber.Handler) Route {
		return Route{Method: method, Path: path, Scope: Platform, Obj: "catalogue_import", Act: "write", Handler: h}
	}
	upload := w("POST", "/catalogue/imports", s.catalogueImportUpload)
	upload.Limit = 30
	return []Route{
		w("GET", "/catalogue/imports/new", s.catalogueImportNewPage),
		upload,
		w("GET", "/catalogue/imports/:id", s.catalogueImportPage),
		w("POST", "/catalogue/imports/:id/mapping", s.catalogueImportRemap),
		w("POST", "/catalogue/imports/:id/sectors", s.catalogueImportSectors),
		w("POST", "/catalogue/imports/:id/decisions", s.catalogueImportDecide),
		// The former single-step form posts here: decisions, then apply.
		w("POST", "/catalogue/imports/:id/apply", s.catalogueImportDecide),
	}
}

type importNewView struct {
	Forms  []quebec.CollectiveForm
	Recent []catalogue.ImportSummary
	Source string
	Form   string
}

func (s *Server) catalogueImportNewPage(c *fiber.Ctx) error {
	recent, err := s.catalogue.RecentImports(ctx(c), 20)
	if err != nil {
		return err
	}
	return s.render(c, "catalogue/import_new", "catalogue.import.title", importNewView{Forms: quebec.CollectiveForms(), Recent: recent})
}

func (s *Server) catalogueImportUpload(c *fiber.Ctx) error {
	tab, name, sha, err := readUpload(c)
	var v catalogue.ImportView
	if err == nil {
		v, err = s.catalogue.PlanTable(ctx(c), steward(principal(c)), catalogue.ImportRequest{Source: c.FormValue("source"), FileName: name,
			SHA256: sha, DefaultForm: quebec.CollectiveForm(c.FormValue("default_form")), Table: tab})
	}
	if err != nil { // the file or the form is refused: the form again, with the message and the values typed
		recent, rerr := s.catalogue.RecentImports(ctx(c), 20)
		if rerr != nil {
			return rerr
		}
		return s.renderInvalid(c, "catalogue/import_new", "catalogue.import.title", importNewView{Forms: quebec.CollectiveForms(), Recent: recent,
			Source: c.FormValue("source"), Form: c.FormValue("default_form")}, onField("file", labelMappingFields(s, c, err)))
	}
	return c.Redirect("/catalogue/imports/"+v.ID, fiber.StatusSeeOther)
}

// labelMappingFields names catalogue fields by their label in a mapping error ("the required
// field « Nom »", not « name »), and puts it on the file input.
func labelMappingFields(s *Server, c *fiber.Ctx, err error) error {
	e := errs.As(err)
	if e == nil || len(e.Fields) == 0 {
		return err
	}
	out := *e
	out.Fields = s.labelImportFields(c, e.Fields)
	for i := range out.Fields {
		if out.Fields[i].Row == 0 {
			out.Fields[i].Field = "file"
		}
	}
	return &out
}

// labelImportFields names catalogue fields by their label in messages about the mapping
// ("the required field « Nom »", not « name »).
func (s *Server) labelImportFields(c *fiber.Ctx, fs []errs.FieldError) []errs.FieldError {
	out := make([]errs.FieldError, len(fs))
	for i, f := range fs {
		out[i] = f
		if name, ok := f.Args["Field"].(string); ok {
			args := map[string]any{}
			for k, v := range f.Args {
				args[k] = v
			}
			args["Field"] = s.T(c, "catalogue.target."+name, nil)
			out[i].Args = args
		}
		if f.Row == 0 && out[i].Field != "" && out[i].Column == "" {
			out[i].Field = "" // a mapping message names its column itself
		}
	}
	return out
}

// importRowView is one line of the report as the page shows it.
type importRowView struct {
	Line       int
	Name       string
	Status     catalogue.RowStatus
	Outcome    catalogue.Outcome
	Messages   []string
	Warnings   []string
	Changes    []catalogue.Change
	Candidates []importCandidateView
	Decision   string
	Fixes      []importFixView
	Fixed      bool
}

type importCandidateView struct {
	EntryID, Name, Place string
	Line                 int
	Score                int // per cent
}

type importFixView struct {
	Field, Label, Value, ID string
	Forms                   bool // a legal-form select
}

type importPageView struct {
	Import      catalogue.ImportView
	Targets     []string
	Forms       []quebec.CollectiveForm
	Sectors     []catalogue.Sector
	Samples     map[string]string // header → first non-empty value
	Rows        []importRowView
	Show        string
	Filters     []string
	Confidence  map[string]string // header → how sure its mapping is, in words
	PageNums    []int
	Page, Pages int
	Shown       int
	Statuses    []statusCount
	Undecided   int
}

type statusCount struct {
	Status catalogue.RowStatus
	Count  int
}

const importRowsPerPage = 100

func (s *Server) catalogueImportPage(c *fiber.Ctx) error {
	v, err := s.catalogue.Import(ctx(c), c.Params("id"))
	if err != nil {
		return err
	}
	return s.renderImport(c, v)
}

func (s *Server) renderImport(c *fiber.Ctx, v catalogue.ImportView) error {
	places, err := s.catalogue.Places(ctx(c))
	if err != nil {
		return err
	}
	sectors, err := s.catalogue.Store().Sectors(ctx(c))
	if err != nil {
		return err
	}
	l := s.localizer(c)
	view := importPageView{Import: v, Forms: quebec.CollectiveForms(), Sectors: sectors, Samples: map[string]string{},
		Show: c.Query("show", "attention")}
	view.Filters = []string{"attention", "error", "possible_duplicate", "update", "ok", "all"}
	if !slices.Contains(view.Filters, view.Show) {
		view.Show = "attention"
	}
	view.Confidence = map[string]string{}
	for _, sg := range v.Suggestions {
		switch {
		case sg.Saved:
			view.Confidence[sg.Header] = translate(l, "catalogue.import.confidence_saved", nil)
		case sg.Confidence >= 0.95:
			view.Confidence[sg.Header] = translate(l, "catalogue.import.confidence_sure", nil)
		default:
			view.Confidence[sg.Header] = translate(l, "catalogue.import.confidence_likely", map[string]any{"Percent": int(sg.Confidence*100 + 0.5)})
		}
	}
	view.Targets = []string{""}
	for _, t := range catalogue.ImportTargets() {
		view.Targets = append(view.Targets, t.Field)
	}
	tab := v.Table()
	for i, h := range tab.Headers {
		for _, r := range tab.Rows {
			if r.Cells[i] != "" {
				view.Samples[h] = r.Cells[i]
				break
			}
		}
	}
	for _, st := range []catalogue.RowStatus{catalogue.RowError, catalogue.RowDuplicate, catalogue.RowUpdate, catalogue.RowOK} {
		view.Statuses = append(view.Statuses, statusCount{st, v.Report.Statuses[st]})
	}
	cells := map[int]tabular.Row{}
	for _, r := range tab.Rows {
		cells[r.Line] = r
	}
	var rows []catalogue.RowResult
	for _, r := range v.Report.Rows {
		if (r.Status == catalogue.RowError || r.Status == catalogue.RowDuplicate) && r.Decision == "" {
			view.Undecided++
		}
		switch view.Show {
		case "all":
		case "attention":
			if r.Status != catalogue.RowError && r.Status != catalogue.RowDuplicate {
				continue
			}
		default:
			if string(r.Status) != view.Show {
				continue
			}
		}
		rows = append(rows, r)
	}
	view.Shown = len(rows)
	view.Pages = max(1, (len(rows)+importRowsPerPage-1)/importRowsPerPage)
	view.Page = min(max(1, c.QueryInt("page", 1)), view.Pages)
	for p := 1; p <= view.Pages; p++ {
		view.PageNums = append(view.PageNums, p)
	}
	rows = rows[(view.Page-1)*importRowsPerPage : min(len(rows), view.Page*importRowsPerPage)]
	for _, r := range rows {
		rv := importRowView{Line: r.Line, Name: r.Candidate.Name, Status: r.Status, Outcome: r.Outcome, Changes: r.Changes,
			Decision: string(r.Decision), Fixed: r.Fixed}
		if rv.Name == "" { // the name is in error: the file's cell
			rv.Name = cellOf(tab, cells[r.Line], v.Column(catalogue.FieldName))
		}
		for _, f := range r.Errors {
			rv.Messages = append(rv.Messages, importMessage(l, f))
		}
		for _, f := range r.Warnings {
			rv.Warnings = append(rv.Warnings, importMessage(l, f))
		}
		for _, d := range r.Duplicates {
			cv := importCandidateView{EntryID: d.EntryID, Name: d.Name, Line: d.Line, Score: int(d.NameScore*100 + 0.5)}
			if m, ok := places.Municipality(d.MunicipalityCode); ok {
				cv.Place = m.Name
			}
			rv.Candidates = append(rv.Candidates, cv)
		}
		if r.Status == catalogue.RowError {
			seen := map[catalogue.Field]bool{}
			for _, f := range r.Errors {
				fld := catalogue.Field(f.Field)
				if seen[fld] || !slices.Contains(catalogue.FixableFields(), fld) {
					continue
				}
				seen[fld] = true
				val := v.Fixes[r.Line][fld]
				if val == "" {
					val = cellOf(tab, cells[r.Line], v.Column(fld))
				}
				rv.Fixes = append(rv.Fixes, importFixView{Field: string(fld), Label: translate(l, "catalogue.field."+string(fld), nil),
					Value: val, ID: fmt.Sprintf("fix_%d_%s", r.Line, fld), Forms: fld == catalogue.FieldLegalForm})
			}
		}
		view.Rows = append(view.Rows, rv)
	}
	p := s.page(c, "catalogue.import.title", view)
	if v.Result != nil {
		p.Flash = s.T(c, "catalogue.import.applied_full", map[string]any{"New": v.Result.Created, "Updated": v.Result.Updated,
			"Unchanged": v.Result.Unchanged, "Skipped": v.Result.Skipped})
	}
	return s.renderPage(c, "catalogue/import", p)
}

// importMessage is a row message prefixed by the file's column it concerns.
func importMessage(l *i18n.Localizer, f errs.FieldError) string {
	msg := translate(l, f.Key, f.Args)
	if f.Column != "" {
		return translate(l, "catalogue.import.in_column", map[string]any{"Column": f.Column}) + " " + msg
	}
	return msg
}

func cellOf(t *tabular.Table, r tabular.Row, header string) string {
	for i, h := range t.Headers {
		if h == header && i < len(r.Cells) {
			return r.Cells[i]
		}
	}
	return ""
}

// reviseOrShow revises an import and goes back to its page, or shows the page with the error.
func (s *Server) reviseOrShow(c *fiber.Ctx, id string, ch catalogue.ImportChange) error {
	version, _ := strconv.Atoi(c.FormValue("version"))
	if _, err := s.catalogue.Revise(ctx(c), steward(principal(c)), id, version, ch); err != nil {
		return s.importProblem(c, id, err)
	}
	return c.Redirect("/catalogue/imports/"+id+importReturnQuery(c), fiber.StatusSeeOther)
}

// importProblem shows the import page with a refused change or apply: the layout's summary
// lists each line's problem, the lines show theirs (422); other errors pass on.
func (s *Server) importProblem(c *fiber.Ctx, id string, err error) error {
	if !correctable(err) {
		return err
	}
	v, lerr := s.catalogue.Import(ctx(c), id)
	if lerr != nil {
		return lerr
	}
	s.keepFailure(c, labelMappingFields(s, c, err))
	return s.renderImport(c, v)
}

func importReturnQuery(c *fiber.Ctx) string {
	show, page := c.FormValue("show"), c.FormValue("page")
	switch show {
	case "", "attention", "all", "ok", "update", "error", "possible_duplicate":
	default:
		show = ""
	}
	q := ""
	if show != "" {
		q = "?show=" + show
	}
	if n, err := strconv.Atoi(page); err == nil && n > 1 {
		if q == "" {
			q = "?"
		} else {
			q += "&"
		}
		q += "page=" + strconv.Itoa(n)
	}
	return q
}

func (s *Server) catalogueImportRemap(c *fiber.Ctx) error {
	v, err := s.catalogue.Import(ctx(c), c.Params("id"))
	if err != nil {
		return err
	}
	m := tabular.Mapping{}
	for i, h := range v.Headers {
		if f := c.FormValue("map_" + strconv.Itoa(i)); f != "" {
			m[h] = f
		}
	}
	form := quebec.CollectiveForm(c.FormValue("default_form"))
	return s.reviseOrShow(c, v.ID, catalogue.ImportChange{Mapping: m, DefaultForm: &form})
}

func (s *Server) catalogueImportSectors(c *fiber.Ctx) error {
	v, err := s.catalogue.Import(ctx(c), c.Params("id"))
	if err != nil {
		return err
	}
	var aliases []catalogue.SectorAlias
	for i, u := range v.Report.UnmappedSectors {
		switch code := c.FormValue("sector_" + strconv.Itoa(i)); code {
		case "": // not decided yet
		case "-":
			aliases = append(aliases, catalogue.SectorAlias{Value: u.Value})
		default:
			aliases = append(aliases, catalogue.SectorAlias{Value: u.Value, Code: code})
		}
	}
	if _, err := s.catalogue.MapSectorValues(ctx(c), steward(principal(c)), v.ID, aliases); err != nil {
		return s.importProblem(c, v.ID, err)
	}
	return c.Redirect("/catalogue/imports/"+v.ID, fiber.StatusSeeOther)
}

// catalogueImportDecide saves the decisions and fixes typed for the lines shown, and applies
// the import when asked to.
func (s *Server) catalogueImportDecide(c *fiber.Ctx) error {
	v, err := s.catalogue.Import(ctx(c), c.Params("id"))
	if err != nil {
		return err
	}
	ch := catalogue.ImportChange{Decisions: map[int]catalogue.Decision{}, Fixes: map[int]catalogue.Fix{}}
	args := c.Request().PostArgs()
	for _, raw := range args.PeekMulti("line") {
		line, err := strconv.Atoi(string(raw))
		if err != nil {
			continue
		}
		d := c.FormValue(fmt.Sprintf("decision_%d", line))
		if d == "fix" {
			d = ""
		}
		ch.Decisions[line] = catalogue.Decision(d)
		fix := catalogue.Fix{}
		for _, f := range catalogue.FixableFields() {
			if val, ok := postedValue(c, fmt.Sprintf("fix_%d_%s", line, f)); ok {
				fix[f] = val
			}
		}
		if len(fix) > 0 && c.FormValue(fmt.Sprintf("decision_%d", line)) != string(catalogue.DecisionSkip) {
			ch.Fixes[line] = fix
		}
	}
	if c.FormValue("action") == "apply" || strings.HasSuffix(c.Path(), "/apply") {
		if _, err := s.catalogue.ApplyImport(ctx(c), steward(principal(c)), v.ID, ch); err != nil {
			return s.importProblem(c, v.ID, err)
		}
		return c.Redirect("/catalogue/imports/"+v.ID+"?show=all", fiber.StatusSeeOther)
	}
	return s.reviseOrShow(c, v.ID, ch)
}

// postedValue returns a posted value and whether the field was posted at all.
func postedValue(c *fiber.Ctx, key string) (string, bool) {
	b := c.Request().PostArgs().Peek(key)
	if b == nil {
		return "", false
	}
	return string(b), true
}
