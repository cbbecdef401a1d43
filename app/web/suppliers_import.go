package web

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"
	"github.com/nicksnyder/go-i18n/v2/i18n"

	"maillage/app/errs"
	"maillage/app/suppliers"
	"maillage/app/tabular"
	"maillage/app/uploads"
)

type supplierImportView struct {
	ImportID string
	Result   importResult
	Targets  []tabular.Target
	Errors   []string // translated row errors
	Lines    []importLine
	Kept     []lineFix // values typed on the preview for lines no longer in error: sent again
	Done     int
}

// importLine is a line of the file with problems, and whether the person left it out.
type importLine struct {
	Line     int
	Messages []string
	Skipped  bool
	Fixes    []lineFix // the values in error, to correct on the preview
}

// lineFix is a value of a line in error, typed again on the preview (name fix.<line>.<field>).
type lineFix struct {
	Name, ID, Label, Value string
}

// keptFixes are the fixes typed earlier that no line in error shows any more.
func keptFixes(lines []importLine, choices lineChoices) []lineFix {
	shown := map[string]bool{}
	for _, ln := range lines {
		for _, f := range ln.Fixes {
			shown[f.Name] = true
		}
	}
	var out []lineFix
	for line, fs := range choices.Fixes {
		for field, val := range fs {
			if name := fmt.Sprintf("fix.%d.%s", line, field); !shown[name] {
				out = append(out, lineFix{Name: name, Value: val})
			}
		}
	}
	slices.SortFunc(out, func(a, b lineFix) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// withFixes offers, on each line in error, the fields its errors name, with their value.
func withFixes(l *i18n.Localizer, lines []importLine, fields []errs.FieldError, values map[int]map[string]string) []importLine {
	targets := map[string]bool{}
	for _, tg := range suppliers.ImportTargets() {
		targets[tg.Field] = true
	}
	at := map[int]int{}
	for i, ln := range lines {
		at[ln.Line] = i
	}
	offered := map[[2]any]bool{}
	for _, f := range fields {
		i, ok := at[f.Row]
		if !ok || !targets[f.Field] || offered[[2]any{f.Row, f.Field}] {
			continue
		}
		offered[[2]any{f.Row, f.Field}] = true
		name := fmt.Sprintf("fix.%d.%s", f.Row, f.Field)
		lines[i].Fixes = append(lines[i].Fixes, lineFix{Name: name, ID: fmt.Sprintf("fix-%d-%s", f.Row, f.Field),
			Label: translate(l, "suppliers.import_fix", map[string]any{"Field": translate(l, "suppliers.field."+f.Field, nil), "Line": f.Row}),
			Value: values[f.Row][f.Field]})
	}
	return lines
}

func (s *Server) importPage(c *fiber.Ctx) error {
	return s.render(c, "suppliers/import", "suppliers.import_title", supplierImportView{Targets: suppliers.ImportTargets()})
}

// importUpload keeps the uploaded file in the tenant's blob space and shows the
// suggested mapping, a preview and every row error: nothing is imported yet.
func (s *Server) importUpload(c *fiber.Ctx) error {
	fh, err := c.FormFile("file")
	if err != nil {
		return (&errs.Validation{}).ErrWith("file", "suppliers.import_file_required", nil)
	}
	f, err := fh.Open()
	if err != nil {
		return err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, tabular.DefaultMaxBytes+1))
	if err != nil {
		return err
	}
	id := uuid.New()
	key, err := uploads.TenantKey(tenant(c).ID.String(), id.String())
	if err != nil {
		return err
	}
	if err := s.sup.blobs.Put(ctx(c), key, bytes.NewReader(data)); err != nil {
		return err
	}
	return s.importStep(c, key, data, nil, lineChoices{})
}

func (s *Server) importStep(c *fiber.Ctx, key uploads.Key, data []byte, mapping tabular.Mapping, choices lineChoices) error {
	res, err := s.runImport(c, data, mapping, c.FormValue("contact_purpose"), true, choices)
	v := supplierImportView{ImportID: key.String(), Result: res, Targets: suppliers.ImportTargets()}
	for _, l := range res.Skipped {
		v.Lines = append(v.Lines, importLine{Line: l, Skipped: true})
	}
	if err != nil {
		e := errs.As(err)
		if e == nil || (e.Kind != errs.Invalid && e.Kind != errs.TooLarge && e.Kind != errs.Unsupported) {
			return err
		}
		l := s.localizer(c)
		v.Errors = append(v.Errors, translate(l, e.Key, e.Args))
		fields := make([]errs.FieldError, len(e.Fields))
		for i, f := range e.Fields {
			fields[i] = f
			if name, ok := f.Args["Field"].(string); ok { // show the field's label, not its code
				args := map[string]any{}
				for k, v := range f.Args {
					args[k] = v
				}
				args["Field"] = translate(l, "suppliers.field."+name, nil)
				fields[i].Args = args
			}
		}
		v.Errors = append(v.Errors, fieldMessages(l, fields)...)
		v.Lines = append(v.Lines, withFixes(l, linesOf(l, fields), fields, res.values)...)
		slices.SortStableFunc(v.Lines, func(a, b importLine) int { return a.Line - b.Line })
		if res.Headers == nil { // the file itself could not be read: back to the upload form
			p := s.page(c, "suppliers.import_title", v)
			p.Error = v.Errors[0]
			c.Status(statusOf(e.Kind))
			return s.renderPage(c, "suppliers/import", p)
		}
		c.Status(statusOf(e.Kind))
	}
	v.Kept = keptFixes(v.Lines, choices)
	return s.render(c, "suppliers/import_preview", "suppliers.import_title", v)
}

// importConfirm re-reads the kept file with the mapping chosen on the preview and
// imports it, all or nothing.
func (s *Server) importConfirm(c *fiber.Ctx) error {
	key, err := uploads.ParseKey(c.FormValue("import_id"))
	if err != nil || !bytes.HasPrefix([]byte(key.String()), []byte("t/"+tenant(c).ID.String()+"/")) {
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
	mapping := tabular.Mapping{}
	args := c.Request().PostArgs()
	for _, h := range args.PeekMulti("header") {
		if f := c.FormValue("map_" + string(h)); f != "" {
			mapping[string(h)] = f
		}
	}
	choices, err := importChoices(c)
	if err != nil {
		return err
	}
	if c.FormValue("confirm") == "" {
		return s.importStep(c, key, data, mapping, choices)
	}
	res, err := s.runImport(c, data, mapping, c.FormValue("contact_purpose"), false, choices)
	if err != nil {
		if errs.Is(err, errs.Invalid) || errs.Is(err, errs.Conflict) {
			return s.importStep(c, key, data, mapping, choices)
		}
		return err
	}
	_ = s.sup.blobs.Delete(context.WithoutCancel(ctx(c)), key)
	return s.render(c, "suppliers/import_preview", "suppliers.import_title", supplierImportView{Done: res.Imported, Result: res})
}
