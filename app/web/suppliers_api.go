package web

import (
	"encoding/json"
	"io"
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
	c.Set(fiber.HeaderLocation, "/api/v1/t/"+tenant(c).Slug+"/suppliers/"+sup.ID.String())
	return c.Status(fiber.StatusCreated).JSON(sup)
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
	Imported int                 `json:"imported"`
	DryRun   bool                `json:"dry_run"`
	Headers  []string            `json:"headers"`
	Mapping  tabular.Mapping     `json:"mapping"`
	Preview  []map[string]string `json:"preview"`
	Encoding string              `json:"encoding,omitempty"`
	Rows     int                 `json:"rows"`
}

// runImport reads, maps, checks and (unless dry) writes an uploaded register. mapping nil
// means the suggested one. Row errors come back as one Invalid error listing them all.
func (s *Server) runImport(c *fiber.Ctx, data []byte, mapping tabular.Mapping, purpose string, dry bool) (importResult, error) {
	var res importResult
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
	actor := principal(c).User.Email
	if purpose == "" {
		purpose = s.T(c, "suppliers.import_default_purpose", nil)
	}
	ss := suppliers.ImportRows(recs, ref, suppliers.ImportOptions{ContactPurpose: purpose, ImportedBy: actor, Now: time.Now()}, &v)
	if err := v.Err(); err != nil || dry {
		return res, err
	}
	res.Imported, err = s.sup.store.Import(ctx(c), tenant(c).ID, recs, ss, &v)
	return res, err
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
	res, err := s.runImport(c, data, mapping, c.FormValue("contact_purpose"), c.Query("dry_run") == "true")
	if err != nil {
		return err
	}
	return c.JSON(res)
}
