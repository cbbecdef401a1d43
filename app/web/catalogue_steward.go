package web

import (
	"encoding/json"

	"github.com/gofiber/fiber/v2"

	"maillage/app/catalogue"
	"maillage/app/errs"
)

// catalogueStewardRoutes: curating the catalogue (catalogue_steward, limited to regions when
// the role says so) and importing a pôle's directory.
func (s *Server) catalogueStewardRoutes() []Route {
	return []Route{
		{Method: "POST", Path: "/api/v1/catalogue", Scope: Platform, Obj: "catalogue", Act: "write", Handler: s.apiCatalogueCreate,
			Doc: &APIDoc{Summary: "Create a catalogue entry", Tag: "catalogue-stewards", Request: "CatalogueEntry", Response: "CatalogueEntry", Status: 201}},
		{Method: "PUT", Path: "/api/v1/catalogue/:id", Scope: Platform, Obj: "catalogue", Act: "write", Handler: s.apiCatalogueUpdate,
			Doc: &APIDoc{Summary: "Edit a catalogue entry (send the version you read)", Tag: "catalogue-stewards", Request: "CatalogueEntry", Response: "CatalogueEntry"}},
		{Method: "POST", Path: "/api/v1/catalogue/:id/verify", Scope: Platform, Obj: "catalogue", Act: "verify", Handler: s.apiCatalogueVerify,
			Doc: &APIDoc{Summary: "Record that the EES evidence was checked", Tag: "catalogue-stewards", Request: "CatalogueVerify", Response: "CatalogueEntry"}},
		{Method: "POST", Path: "/api/v1/catalogue/:id/retire", Scope: Platform, Obj: "catalogue", Act: "write", Handler: s.apiCatalogueRetire,
			Doc: &APIDoc{Summary: "Retire a catalogue entry", Tag: "catalogue-stewards", Response: "CatalogueEntry"}},
		{Method: "POST", Path: "/api/v1/catalogue/:id/merge", Scope: Platform, Obj: "catalogue", Act: "write", Handler: s.apiCatalogueMerge,
			Doc: &APIDoc{Summary: "Merge this duplicate into another entry", Tag: "catalogue-stewards", Request: "CatalogueMerge", Response: "CatalogueEntry"}},
		{Method: "POST", Path: "/api/v1/catalogue/claims/:id/decision", Scope: Platform, Obj: "catalogue", Act: "verify", Handler: s.apiCatalogueClaimDecision,
			Doc: &APIDoc{Summary: "Approve or refuse an enterprise's claim", Tag: "catalogue-stewards", Request: "CatalogueDecision", Response: "CatalogueClaim"}},
		{Method: "POST", Path: "/api/v1/catalogue/proposals/:id/decision", Scope: Platform, Obj: "catalogue", Act: "verify", Handler: s.apiCatalogueProposalDecision,
			Doc: &APIDoc{Summary: "Approve (apply) or refuse an enterprise's proposed changes", Tag: "catalogue-stewards", Request: "CatalogueDecision", Response: "CatalogueProposal"}},
	}
}

// catalogueEnterpriseRoutes: an enterprise claims its entry and proposes changes.
func (s *Server) catalogueEnterpriseRoutes() []Route {
	return []Route{
		{Method: "POST", Path: "/api/v1/catalogue/:id/claims", Scope: Platform, Obj: "enterprise_profile", Act: "write", Handler: s.apiCatalogueClaim,
			Limit: 20, Doc: &APIDoc{Summary: "Claim a catalogue entry as the enterprise's own", Tag: "catalogue", Request: "CatalogueClaimRequest", Response: "CatalogueClaim", Status: 201}},
		{Method: "POST", Path: "/api/v1/catalogue/:id/proposals", Scope: Platform, Obj: "enterprise_profile", Act: "write", Handler: s.apiCatalogueProposal,
			Doc: &APIDoc{Summary: "Propose changes to the enterprise's claimed entry", Tag: "catalogue", Request: "CatalogueEntry", Response: "CatalogueProposal", Status: 201}},
	}
}

func bindJSON(c *fiber.Ctx, v any) error {
	if err := json.Unmarshal(c.Body(), v); err != nil {
		return errs.E(errs.Invalid, "errors.invalid_input").Wrap(err)
	}
	return nil
}

func (s *Server) apiCatalogueCreate(c *fiber.Ctx) error {
	var e catalogue.Entry
	if err := bindJSON(c, &e); err != nil {
		return err
	}
	out, err := s.catalogue.Create(ctx(c), steward(principal(c)), e)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(out)
}

func (s *Server) apiCatalogueUpdate(c *fiber.Ctx) error {
	var e catalogue.Entry
	if err := bindJSON(c, &e); err != nil {
		return err
	}
	out, err := s.catalogue.Update(ctx(c), steward(principal(c)), c.Params("id"), e.Version, e)
	if err != nil {
		return err
	}
	return c.JSON(out)
}

func (s *Server) apiCatalogueVerify(c *fiber.Ctx) error {
	var req struct {
		Criteria map[catalogue.Criterion]catalogue.Evidence `json:"criteria"`
	}
	if len(c.Body()) > 0 {
		if err := bindJSON(c, &req); err != nil {
			return err
		}
	}
	out, err := s.catalogue.Verify(ctx(c), steward(principal(c)), c.Params("id"), req.Criteria)
	if err != nil {
		return err
	}
	return c.JSON(out)
}

func (s *Server) apiCatalogueRetire(c *fiber.Ctx) error {
	out, err := s.catalogue.Retire(ctx(c), steward(principal(c)), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(out)
}

func (s *Server) apiCatalogueMerge(c *fiber.Ctx) error {
	var req struct {
		Into string `json:"into"`
	}
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	out, err := s.catalogue.Merge(ctx(c), steward(principal(c)), c.Params("id"), req.Into)
	if err != nil {
		return err
	}
	return c.JSON(out)
}

type decisionRequest struct {
	Approve bool   `json:"approve"`
	Reason  string `json:"reason"`
}

func (s *Server) apiCatalogueClaimDecision(c *fiber.Ctx) error {
	var req decisionRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	out, err := s.catalogue.DecideClaim(ctx(c), steward(principal(c)), c.Params("id"), req.Approve, req.Reason)
	if err != nil {
		return err
	}
	return c.JSON(out)
}

func (s *Server) apiCatalogueProposalDecision(c *fiber.Ctx) error {
	var req decisionRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	out, err := s.catalogue.DecideProposal(ctx(c), steward(principal(c)), c.Params("id"), req.Approve, req.Reason)
	if err != nil {
		return err
	}
	return c.JSON(out)
}

func (s *Server) apiCatalogueClaim(c *fiber.Ctx) error {
	var req struct {
		NEQ     string `json:"neq"`
		Message string `json:"message"`
	}
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	p := principal(c)
	// Proof: the NEQ of the enterprise profile this user owns (one profile per NEQ).
	profileNEQ, err := s.sup.apps.OwnedNEQ(ctx(c), p.User.ID, req.NEQ)
	if err != nil {
		return err
	}
	out, err := s.catalogue.Claim(ctx(c), p.User.ID.String(), c.Params("id"), req.NEQ, req.Message, profileNEQ)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(out)
}

func (s *Server) apiCatalogueProposal(c *fiber.Ctx) error {
	var e catalogue.Entry
	if err := bindJSON(c, &e); err != nil {
		return err
	}
	out, err := s.catalogue.Propose(ctx(c), principal(c).User.ID.String(), c.Params("id"), e)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(out)
}
