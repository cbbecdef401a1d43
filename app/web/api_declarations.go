package web

import (
	"bytes"
	"encoding/json"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"maillage/app/declarations"
	"maillage/app/errs"
	"maillage/app/uploads"
)

// declarationAPIRoutes: the declarations, their progress and the contact log as JSON.
func (s *Server) declarationAPIRoutes() []Route {
	const base = "/api/v1/t/:slug"
	tag := "declarations"
	return []Route{
		{Method: "GET", Path: base + "/declarations", Scope: Tenant, Obj: "declarations", Act: "read", Handler: s.apiDeclarationList,
			Doc: &APIDoc{Summary: "The tenant's declarations of commitment, oldest period first", Tag: tag, Response: "DeclarationList"}},
		{Method: "POST", Path: base + "/declarations", Scope: Tenant, Obj: "declarations", Act: "write", Handler: s.apiDeclarationCreate,
			Doc: &APIDoc{Summary: "Create a draft declaration (validated; its period may not overlap another)", Tag: tag, Request: "DeclarationInput", Response: "Declaration", Status: 201}},
		{Method: "GET", Path: base + "/declarations/:id", Scope: Tenant, Obj: "declarations", Act: "read", Handler: s.apiDeclarationGet,
			Doc: &APIDoc{Summary: "One declaration with its targets and commitments", Tag: tag, Response: "Declaration"}},
		{Method: "PUT", Path: base + "/declarations/:id", Scope: Tenant, Obj: "declarations", Act: "write", Handler: s.apiDeclarationUpdate,
			Doc: &APIDoc{Summary: "Edit a declaration; an adopted one becomes a new version and keeps its target history", Tag: tag, Request: "DeclarationInput", Response: "Declaration"}},
		{Method: "POST", Path: base + "/declarations/:id/adopt", Scope: Tenant, Obj: "declarations", Act: "write", Handler: s.apiDeclarationAdopt,
			Doc: &APIDoc{Summary: "Record the council resolution that adopts a draft", Tag: tag, Request: "Adoption", Response: "Declaration"}},
		{Method: "GET", Path: base + "/declarations/:id/history", Scope: Tenant, Obj: "declarations", Act: "read", Handler: s.apiDeclarationHistory,
			Doc: &APIDoc{Summary: "Versions of an adopted declaration and the history of its targets", Tag: tag, Response: "DeclarationHistory"}},
		{Method: "PUT", Path: base + "/declarations/:id/commitments/:key", Scope: Tenant, Obj: "declarations", Act: "write", Handler: s.apiCommitmentUpdate,
			Doc: &APIDoc{Summary: "Update a qualitative commitment's status and evidence", Tag: tag, Request: "CommitmentUpdate", Response: "Commitment"}},
		{Method: "DELETE", Path: base + "/declarations/:id", Scope: Tenant, Obj: "declarations", Act: "write", Handler: s.apiDeclarationDelete,
			Doc: &APIDoc{Summary: "Delete a draft (an adopted declaration is a council decision and stays)", Tag: tag, Status: 204}},
		{Method: "PUT", Path: base + "/declarations/:id/resolution", Scope: Tenant, Obj: "declarations", Act: "write", Handler: s.apiResolutionPut,
			Doc: &APIDoc{Summary: "Upload the signed council resolution (the PDF as the body, 10 MiB at most; checked by content)", Tag: tag, Binary: "application/pdf", Response: "ResolutionFile"}},
		{Method: "GET", Path: base + "/declarations/:id/resolution", Scope: Tenant, Obj: "declarations", Act: "read", Handler: s.declarationResolution,
			Doc: &APIDoc{Summary: "Download the signed council resolution", Tag: tag, Binary: "application/pdf"}},
		{Method: "PUT", Path: base + "/progress/public", Scope: Tenant, Obj: "declarations", Act: "write", Handler: s.apiPublicSwitch,
			Doc: &APIDoc{Summary: "Switch the public progress page on or off", Tag: tag, Request: "PublicSwitch", Response: "PublicSwitch"}},
		{Method: "GET", Path: base + "/progress", Scope: Tenant, Obj: "progress", Act: "read", Handler: s.apiProgress,
			Doc: &APIDoc{Summary: "Progress computed from the contracts: each target's value, expected value and contracts; breakdowns; maillage indicators", Tag: tag, Response: "Progress", Query: []string{"declaration", "as_of"}}},
		{Method: "GET", Path: base + "/contacts", Scope: Tenant, Obj: "contacts", Act: "read", Handler: s.apiContactList,
			Doc: &APIDoc{Summary: "The maillage contact log between two days (default: the last twelve months)", Tag: tag, Response: "ContactList", Query: []string{"from", "to"}}},
		{Method: "POST", Path: base + "/contacts", Scope: Tenant, Obj: "contacts", Act: "write", Handler: s.apiContactCreate,
			Doc: &APIDoc{Summary: "Record a contact with an enterprise (the caller is the buyer)", Tag: tag, Request: "ContactInput", Response: "Contact", Status: 201}},
	}
}

// declarationInput is the API's declaration body: dates as YYYY-MM-DD.
type declarationInput struct {
	PeriodStart string                    `json:"period_start"`
	PeriodEnd   string                    `json:"period_end"`
	TextFR      string                    `json:"text_fr"`
	TextEN      string                    `json:"text_en"`
	Eligibility declarations.Eligibility  `json:"eligibility"`
	Targets     []declarations.Target     `json:"targets"`
	Commitments []declarations.Commitment `json:"commitments"`
}

// decodeJSON reads a JSON body strictly (unknown fields are an error, not silently dropped).
func decodeJSON(c *fiber.Ctx, into any) error {
	dec := json.NewDecoder(strings.NewReader(string(c.Body())))
	dec.DisallowUnknownFields()
	if err := dec.Decode(into); err != nil {
		return errs.E(errs.Invalid, "errors.invalid_input").Wrap(err)
	}
	return nil
}

func (in declarationInput) declaration() (declarations.Declaration, error) {
	var v errs.Validation
	v.Key = "declarations.invalid"
	day := func(field, s string) time.Time { return dateField(&v, field, s) }
	d := declarations.Declaration{PeriodStart: day("period_start", in.PeriodStart), PeriodEnd: day("period_end", in.PeriodEnd),
		TextFR: in.TextFR, TextEN: in.TextEN, Eligibility: in.Eligibility, Targets: in.Targets, Commitments: in.Commitments}
	return d, v.Err()
}

func (s *Server) apiDeclarationList(c *fiber.Ctx) error {
	ds, err := s.decl.List(ctx(c), tenant(c).ID)
	if err != nil {
		return err
	}
	if ds == nil {
		ds = []declarations.Declaration{}
	}
	return c.JSON(ListPage[declarations.Declaration]{Items: ds})
}

func (s *Server) apiDeclarationCreate(c *fiber.Ctx) error {
	var in declarationInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	d, err := in.declaration()
	if err != nil {
		return err
	}
	out, err := s.decl.Create(ctx(c), tenant(c).ID, d)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(out)
}

func (s *Server) apiDeclarationGet(c *fiber.Ctx) error {
	d, err := s.decl.Get(ctx(c), tenant(c).ID, c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(d)
}

func (s *Server) apiDeclarationUpdate(c *fiber.Ctx) error {
	var in declarationInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	d, err := in.declaration()
	if err != nil {
		return err
	}
	out, err := s.decl.Update(ctx(c), tenant(c).ID, c.Params("id"), d)
	if err != nil {
		return err
	}
	return c.JSON(out)
}

type adoptionInput struct {
	ResolutionNumber string `json:"resolution_number"`
	ResolutionDate   string `json:"resolution_date"`
}

func (s *Server) apiDeclarationAdopt(c *fiber.Ctx) error {
	var in adoptionInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	v := errs.Validation{Key: "declarations.invalid"}
	date := dateField(&v, "resolution_date", in.ResolutionDate)
	if err := v.Err(); err != nil {
		return err
	}
	out, err := s.decl.Adopt(ctx(c), tenant(c).ID, c.Params("id"), strings.TrimSpace(in.ResolutionNumber), date)
	if err != nil {
		return err
	}
	return c.JSON(out)
}

func (s *Server) apiDeclarationHistory(c *fiber.Ctx) error {
	versions, changes, err := s.decl.History(ctx(c), tenant(c).ID, c.Params("id"))
	if err != nil {
		return err
	}
	if versions == nil {
		versions = []declarations.VersionInfo{}
	}
	if changes == nil {
		changes = []declarations.TargetChange{}
	}
	return c.JSON(fiber.Map{"versions": versions, "target_changes": changes})
}

type commitmentInput struct {
	Status   declarations.CommitmentStatus `json:"status"`
	Evidence string                        `json:"evidence"`
}

func (s *Server) apiCommitmentUpdate(c *fiber.Ctx) error {
	var in commitmentInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	out, err := s.decl.SetCommitment(ctx(c), tenant(c).ID, c.Params("id"), c.Params("key"), in.Status, strings.TrimSpace(in.Evidence))
	if err != nil {
		return err
	}
	return c.JSON(out)
}

func (s *Server) apiDeclarationDelete(c *fiber.Ctx) error {
	if err := s.decl.Delete(ctx(c), tenant(c).ID, c.Params("id")); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (s *Server) apiResolutionPut(c *fiber.Ctx) error {
	f, err := uploads.Check(bytes.NewReader(c.Body()), "resolution.pdf", declarations.MaxResolutionBytes)
	if err != nil {
		return err
	}
	if f.MediaType != uploads.TypePDF {
		return errs.E(errs.Unsupported, "declarations.resolution_file_not_pdf")
	}
	if err := s.saveResolution(c, c.Params("id"), &f); err != nil {
		return err
	}
	return c.JSON(declarations.File{Name: f.Name, Size: len(f.Data), SHA256: f.SHA256})
}

type publicSwitch struct {
	Public bool `json:"public"`
}

func (s *Server) apiPublicSwitch(c *fiber.Ctx) error {
	var in publicSwitch
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if err := s.decl.SetPublicProgress(ctx(c), tenant(c).ID, in.Public); err != nil {
		return err
	}
	return c.JSON(in)
}

// progressResponse is the API's progress: the computed values plus the breakdowns the dashboard draws.
type progressResponse struct {
	Declaration  declarations.Declaration     `json:"declaration"`
	Progress     declarations.Progress        `json:"progress"`
	Previous     *declarations.Progress       `json:"previous,omitempty"`
	Pilot        declarations.PilotIndicators `json:"pilot"`
	BySegment    []declarations.Slice         `json:"by_segment"`
	ByProcedure  []declarations.Slice         `json:"by_procedure"`
	TopSuppliers []declarations.Slice         `json:"top_suppliers"`
}

func (s *Server) apiProgress(c *fiber.Ctx) error {
	p := s.page(c, "declarations.dashboard_title", nil)
	st, err := s.loadProgress(c, tenant(c), p.L, p.Lang)
	if err != nil {
		return err
	}
	if !st.Found {
		return errs.E(errs.NotFound, "declarations.not_found")
	}
	return c.JSON(progressResponse{Declaration: st.Declaration, Progress: st.Progress, Previous: st.Previous, Pilot: st.Pilot,
		BySegment: st.Progress.BySegment(), ByProcedure: st.Progress.ByProcedure(), TopSuppliers: st.Progress.TopSuppliers(10)})
}

func (s *Server) apiContactList(c *fiber.Ctx) error {
	from, to, err := s.contactPeriod(c)
	if err != nil {
		return err
	}
	rows, err := s.decl.Contacts(ctx(c), tenant(c).ID, from, to, 1000)
	if err != nil {
		return err
	}
	if rows == nil {
		rows = []declarations.ContactRow{}
	}
	return c.JSON(ListPage[declarations.ContactRow]{Items: rows})
}

type contactInput struct {
	Date           string                   `json:"date"`
	Kind           declarations.ContactKind `json:"kind"`
	SupplierID     string                   `json:"supplier_id"`
	EnterpriseName string                   `json:"enterprise_name"`
	Outcome        string                   `json:"outcome"`
}

func (s *Server) apiContactCreate(c *fiber.Ctx) error {
	var in contactInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	k := declarations.Contact{Kind: in.Kind, BuyerID: principal(c).User.ID.String(), SupplierID: strings.TrimSpace(in.SupplierID),
		EnterpriseName: in.EnterpriseName, Outcome: in.Outcome}
	v := errs.Validation{Key: "declarations.contact_invalid"}
	if k.Date = dateField(&v, "date", in.Date); v.Err() != nil {
		return v.Err()
	}
	out, err := s.decl.AddContact(ctx(c), tenant(c).ID, k)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(out)
}
