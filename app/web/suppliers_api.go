package web

import (
	"encoding/json"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"maillage/app/errs"
	"maillage/app/suppliers"
	"maillage/app/tabular"
)

func (s *Server) apiSupplierList(c *fiber.Ctx) error {
	f, err := s.supplierFilter(c)
	if err != nil {
		return err
	}
	limit, cur, err := pageParams(c)
	if err != nil {
		return err
	}
	if f.Offset, err = parseCursor(cur); err != nil {
		return err
	}
	f.Limit = limit
	p, err := s.sup.store.List(ctx(c), tenant(c).ID, f)
	if err != nil {
		return err
	}
	total := p.Total
	return c.JSON(ListPage[suppliers.Supplier]{Items: p.Items, NextCursor: offsetCursor(p.NextOffset), Total: &total})
}

// decodeSupplier reads a JSON body onto dst: fields absent from the body keep their value
// (PATCH semantics), and the identity and bookkeeping fields cannot be set from outside.
func decodeSupplier(c *fiber.Ctx, dst *suppliers.Supplier) (int, error) {
	keep := *dst
	var body struct {
		suppliers.Supplier
		Version int `json:"version"`
	}
	body.Supplier = *dst
	dec := json.NewDecoder(strings.NewReader(string(c.Body())))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&body); err != nil {
		return 0, errs.E(errs.Invalid, "suppliers.json_invalid").With(map[string]any{"Detail": err.Error()})
	}
	*dst = body.Supplier
	dst.ID, dst.TenantID, dst.CreatedAt, dst.UpdatedAt, dst.Version = keep.ID, keep.TenantID, keep.CreatedAt, keep.UpdatedAt, keep.Version
	dst.CatalogueEntryID, dst.EnterpriseID = keep.CatalogueEntryID, keep.EnterpriseID
	return body.Version, nil
}

func (s *Server) apiSupplierCreate(c *fiber.Ctx) error {
	ref, err := s.reference(c)
	if err != nil {
		return err
	}
	var sup suppliers.Supplier
	if _, err := decodeSupplier(c, &sup); err != nil {
		return err
	}
	if err := s.sup.store.Create(ctx(c), tenant(c).ID, ref, &sup); err != nil {
		return err
	}
	// The answer is the record as GET shows it (lists as [], never null; what the store filled in).
	created, err := s.sup.store.Get(ctx(c), tenant(c).ID, sup.ID)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderLocation, "/api/v1/t/"+tenant(c).Slug+"/suppliers/"+created.ID.String())
	return c.Status(fiber.StatusCreated).JSON(created)
}

type supplierDetail struct {
	suppliers.Supplier
	History []suppliers.StatusChange `json:"history"`
}

func (s *Server) apiSupplierGet(c *fiber.Ctx) error {
	id, err := supplierID(c)
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
	return c.JSON(supplierDetail{Supplier: sup, History: h})
}

func (s *Server) apiSupplierPatch(c *fiber.Ctx) error {
	id, err := supplierID(c)
	if err != nil {
		return err
	}
	ref, err := s.reference(c)
	if err != nil {
		return err
	}
	var version int
	if err := json.Unmarshal(c.Body(), &struct {
		Version *int `json:"version"`
	}{&version}); err != nil {
		return errs.E(errs.Invalid, "suppliers.json_invalid").With(map[string]any{"Detail": err.Error()})
	}
	sup, err := s.sup.store.Update(ctx(c), tenant(c).ID, id, ref, version, func(x *suppliers.Supplier) error {
		status := x.Status
		_, err := decodeSupplier(c, x)
		if x.Status != status {
			return (&errs.Validation{}).ErrWith("status", "suppliers.status_by_action", nil)
		}
		return err
	})
	if err != nil {
		return err
	}
	return c.JSON(sup)
}

func (s *Server) apiSupplierDelete(c *fiber.Ctx) error {
	id, err := supplierID(c)
	if err != nil {
		return err
	}
	if err := s.sup.store.Delete(ctx(c), tenant(c).ID, id); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

type supplierAction struct {
	Action string `json:"action"`
	Reason string `json:"reason"`
}

// buyerActions are the register actions a buyer takes directly on a supplier.
func buyerAction(a string) (suppliers.Action, error) {
	switch suppliers.Action(a) {
	case suppliers.ActApprove, suppliers.ActReject, suppliers.ActSuspend, suppliers.ActReinstate, suppliers.ActStartReview:
		return suppliers.Action(a), nil
	}
	return "", (&errs.Validation{}).ErrWith("action", "suppliers.action_unknown", map[string]any{"Value": a})
}

func (s *Server) apiSupplierStatus(c *fiber.Ctx) error {
	id, err := supplierID(c)
	if err != nil {
		return err
	}
	var in supplierAction
	if err := json.Unmarshal(c.Body(), &in); err != nil {
		return errs.E(errs.Invalid, "suppliers.json_invalid").With(map[string]any{"Detail": err.Error()})
	}
	a, err := buyerAction(in.Action)
	if err != nil {
		return err
	}
	sup, err := s.sup.store.ChangeStatus(ctx(c), tenant(c).ID, id, a, in.Reason)
	if err != nil {
		return err
	}
	return c.JSON(sup)
}

type supplierBulk struct {
	IDs    []uuid.UUID `json:"ids"`
	Action string      `json:"action"`
	Reason string      `json:"reason"`
}

func (s *Server) apiSupplierBulk(c *fiber.Ctx) error {
	var in supplierBulk
	if err := json.Unmarshal(c.Body(), &in); err != nil {
		return errs.E(errs.Invalid, "suppliers.json_invalid").With(map[string]any{"Detail": err.Error()})
	}
	a := suppliers.Action("delete")
	if in.Action != "delete" {
		var err error
		if a, err = buyerAction(in.Action); err != nil {
			return err
		}
	}
	if err := s.sup.store.Bulk(ctx(c), tenant(c).ID, in.IDs, a, in.Reason); err != nil {
		return err
	}
	return c.JSON(fiber.Map{"count": len(in.IDs)})
}

// importResult is the answer of an import, dry run or not.
type importResult struct {
	Imported int                       `json:"imported"`
	Skipped  []int                     `json:"skipped,omitempty"` // lines left out by decision
	DryRun   bool                      `json:"dry_run"`
	Headers  []string                  `json:"headers"`
	Mapping  tabular.Mapping           `json:"mapping"`
	Preview  []map[string]string       `json:"preview"`
	Encoding string                    `json:"encoding,omitempty"`
	Rows     int                       `json:"rows"`
	Purpose  string                    `json:"contact_purpose,omitempty"`
	values   map[int]map[string]string // line → field → value, for the lines in error (the preview's fix fields)
}

// lineChoices are what the person decided for lines of the file: leave them out, or replace
// a value (a municipality, a postal code…) typed on the preview.
type lineChoices struct {
	Skip  map[int]bool
	Fixes map[int]map[string]string // line → field → value
}

// importChoices reads the lines to leave out (see skipLines) and the fixes: the API's
// {"fixes": {"12": {"municipality": "Trois-Rivières"}}} (a JSON form value) or the preview's
// fix.<line>.<field> fields.
func importChoices(c *fiber.Ctx) (lineChoices, error) {
	skip, err := skipLines(c)
	if err != nil {
		return lineChoices{}, err
	}
	out := lineChoices{Skip: skip, Fixes: map[int]map[string]string{}}
	fields := map[string]bool{}
	for _, tg := range suppliers.ImportTargets() {
		fields[tg.Field] = true
	}
	set := func(line, field, value string) error {
		n, err := strconv.Atoi(line)
		if err != nil || n < 2 || !fields[field] {
			return (&errs.Validation{}).ErrWith("fixes", "suppliers.import_bad_fix", map[string]any{"Line": line, "Field": field})
		}
		if out.Fixes[n] == nil {
			out.Fixes[n] = map[string]string{}
		}
		out.Fixes[n][field] = strings.TrimSpace(value)
		return nil
	}
	raw := c.FormValue("fixes")
	if raw == "" {
		raw = c.Query("fixes")
	}
	if raw != "" {
		var d map[string]map[string]string
		if err := json.Unmarshal([]byte(raw), &d); err != nil {
			return out, (&errs.Validation{}).ErrWith("fixes", "suppliers.json_invalid", map[string]any{"Detail": err.Error()})
		}
		for line, fs := range d {
			for f, v := range fs {
				if err := set(line, f, v); err != nil {
					return out, err
				}
			}
		}
	}
	var ferr error
	c.Request().PostArgs().VisitAll(func(k, v []byte) {
		if rest, ok := strings.CutPrefix(string(k), "fix."); ok && ferr == nil {
			line, field, _ := strings.Cut(rest, ".")
			ferr = set(line, field, string(v))
		}
	})
	return out, ferr
}

// runImport reads, maps, checks and (unless dry) writes an uploaded register. mapping nil
// means the suggested one. Row errors come back as one Invalid error listing them all.
func (s *Server) runImport(c *fiber.Ctx, data []byte, mapping tabular.Mapping, purpose string, dry bool, choices lineChoices) (importResult, error) {
	skip := choices.Skip
	res := importResult{Purpose: purpose}
	ref, err := s.reference(c)
	if err != nil {
		return res, err
	}
	v := errs.Validation{Key: "suppliers.import_invalid"}
	tab, err := tabular.Read(strings.NewReader(string(data)), tabular.Options{}, &v)
	if err != nil {
		return res, err
	}
	targets := suppliers.ImportTargets()
	if mapping == nil {
		mapping = tabular.Suggest(tab.Headers, targets)
	}
	res.Headers, res.Mapping, res.Encoding, res.Rows, res.DryRun = tab.Headers, mapping, string(tab.Encoding), len(tab.Rows), dry
	for _, r := range mapping.Preview(tab, 10) {
		res.Preview = append(res.Preview, r.Values)
	}
	if err := mapping.Check(tab.Headers, targets); err != nil {
		return res, err
	}
	recs := mapping.Apply(tab, targets, &v)
	// Lines the person decided to leave out are neither checked nor imported; the rest is
	// imported all or nothing.
	kept := recs[:0:0]
	for _, r := range recs {
		if skip[r.Line] {
			res.Skipped = append(res.Skipped, r.Line)
		} else {
			kept = append(kept, r)
		}
	}
	// Values typed on the preview replace the file's (a required value given that way is no
	// longer missing).
	for _, r := range kept {
		for f, val := range choices.Fixes[r.Line] {
			r.Values[f] = val
		}
	}
	v.Fields = slices.DeleteFunc(v.Fields, func(f errs.FieldError) bool {
		return skip[f.Row] || (f.Key == "tabular.required_value" && choices.Fixes[f.Row][f.Field] != "")
	})
	actor := principal(c).User.Email
	if purpose == "" {
		purpose = s.T(c, "suppliers.import_default_purpose", nil)
	}
	opts := suppliers.ImportOptions{ContactPurpose: purpose, ImportedBy: actor, Now: time.Now()}
	if t := tenant(c); t.RegionCode != nil {
		opts.BodyRegion = *t.RegionCode
	}
	ss := suppliers.ImportRows(kept, ref, opts, &v)
	if err := sortedByLine(v.Err()); err != nil || dry {
		res.values = map[int]map[string]string{}
		for _, r := range kept {
			res.values[r.Line] = r.Values
		}
		return res, err
	}
	res.Imported, err = s.sup.store.Import(ctx(c), tenant(c).ID, kept, ss, &v)
	return res, sortedByLine(err)
}

// sortedByLine orders an import's row errors by their line in the file (a row's own
// checks, then the register's, would otherwise come in two runs).
func sortedByLine(err error) error {
	e := errs.As(err)
	if e == nil || len(e.Fields) < 2 {
		return err
	}
	out := *e
	out.Fields = slices.Clone(e.Fields)
	slices.SortStableFunc(out.Fields, func(a, b errs.FieldError) int { return a.Row - b.Row })
	return &out
}

// skipLines reads the lines to leave out: the API's {"decisions": {"12": "skip"}} (a JSON
// form value) or the preview's "skip" check boxes.
func skipLines(c *fiber.Ctx) (map[int]bool, error) {
	out := map[int]bool{}
	raw := c.FormValue("decisions")
	if raw == "" {
		raw = c.Query("decisions")
	}
	if raw != "" {
		var d map[string]string
		if err := json.Unmarshal([]byte(raw), &d); err != nil {
			return nil, (&errs.Validation{}).ErrWith("decisions", "suppliers.json_invalid", map[string]any{"Detail": err.Error()})
		}
		for k, v := range d {
			n, err := strconv.Atoi(k)
			if err != nil || v != "skip" {
				return nil, (&errs.Validation{}).ErrWith("decisions", "suppliers.import_bad_decision", map[string]any{"Line": k, "Value": v})
			}
			out[n] = true
		}
	}
	for _, raw := range c.Request().PostArgs().PeekMulti("skip") {
		if n, err := strconv.Atoi(string(raw)); err == nil {
			out[n] = true
		}
	}
	if form, err := c.MultipartForm(); err == nil && form != nil {
		for _, raw := range form.Value["skip"] {
			if n, err := strconv.Atoi(raw); err == nil {
				out[n] = true
			}
		}
	}
	return out, nil
}

func (s *Server) apiSupplierImport(c *fiber.Ctx) error {
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
		return errs.E(errs.Invalid, "tabular.unreadable").Wrap(err)
	}
	var mapping tabular.Mapping
	if m := c.FormValue("mapping"); m != "" {
		if err := json.Unmarshal([]byte(m), &mapping); err != nil {
			return (&errs.Validation{}).ErrWith("mapping", "suppliers.json_invalid", map[string]any{"Detail": err.Error()})
		}
	}
	choices, err := importChoices(c)
	if err != nil {
		return err
	}
	res, err := s.runImport(c, data, mapping, c.FormValue("contact_purpose"), c.Query("dry_run") == "true", choices)
	if err != nil {
		return err
	}
	return c.JSON(res)
}
