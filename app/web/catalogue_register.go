package web

import (
	"github.com/gofiber/fiber/v2"

	"maillage/app/catalogue"
	"maillage/app/errs"
)

// catalogueRegisterAPIRoutes: pulling catalogue entries into a body's register and keeping
// the copies in step with the catalogue.
func (s *Server) catalogueRegisterAPIRoutes() []Route {
	return []Route{
		{Method: "POST", Path: "/api/v1/t/:slug/suppliers/pull", Scope: Tenant, Obj: "catalogue_pull", Act: "write", Handler: s.apiCataloguePull,
			Doc: &APIDoc{Summary: "Add catalogue entries to the register (all or none)", Tag: "catalogue", Request: "CataloguePull", Response: "CataloguePullResult", Status: 201}},
		{Method: "GET", Path: "/api/v1/t/:slug/catalogue/links", Scope: Tenant, Obj: "suppliers", Act: "read", Handler: s.apiCatalogueLinks,
			Doc: &APIDoc{Summary: "Suppliers linked to the catalogue, with the field differences of their entries", Tag: "catalogue", Response: "CatalogueLinks"}},
		{Method: "GET", Path: "/api/v1/t/:slug/catalogue/links/:supplier", Scope: Tenant, Obj: "suppliers", Act: "read", Handler: s.apiCatalogueLink,
			Doc: &APIDoc{Summary: "One linked supplier and its differences with the catalogue", Tag: "catalogue", Response: "CatalogueLink"}},
		{Method: "POST", Path: "/api/v1/t/:slug/catalogue/links/:supplier/sync", Scope: Tenant, Obj: "suppliers", Act: "write", Handler: s.apiCatalogueSync,
			Doc: &APIDoc{Summary: "Copy the chosen fields of the catalogue entry onto the supplier", Tag: "catalogue", Request: "CatalogueSync", Response: "CatalogueLink"}},
		{Method: "POST", Path: "/api/v1/t/:slug/catalogue/links/:supplier/ignore", Scope: Tenant, Obj: "suppliers", Act: "write", Handler: s.apiCatalogueIgnore,
			Doc: &APIDoc{Summary: "Ignore the catalogue's current changes", Tag: "catalogue", Status: 204}},
		{Method: "POST", Path: "/api/v1/t/:slug/catalogue/links/:supplier/unlink", Scope: Tenant, Obj: "suppliers", Act: "write", Handler: s.apiCatalogueUnlink,
			Doc: &APIDoc{Summary: "Detach the supplier from the catalogue (the copy stays)", Tag: "catalogue", Status: 204}},
	}
}

type pullRequest struct {
	CatalogueIDs []string `json:"catalogue_ids"`
}

func (s *Server) apiCataloguePull(c *fiber.Ctx) error {
	var req pullRequest
	if err := c.BodyParser(&req); err != nil {
		return errs.E(errs.Invalid, "errors.invalid_input")
	}
	status, err := s.pullStatus(c, tenant(c).ID)
	if err != nil {
		return err
	}
	res, err := s.flows.Pull(ctx(c), tenant(c).ID, req.CatalogueIDs, status)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(res)
}

func (s *Server) apiCatalogueLinks(c *fiber.Ctx) error {
	ls, err := s.flows.Links(ctx(c), tenant(c).ID, "")
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"items": ls})
}

func (s *Server) apiCatalogueLink(c *fiber.Ctx) error {
	ls, err := s.flows.Links(ctx(c), tenant(c).ID, c.Params("supplier"))
	if err != nil {
		return err
	}
	return c.JSON(ls[0])
}

func (s *Server) apiCatalogueSync(c *fiber.Ctx) error {
	var req struct {
		Fields []catalogue.Field `json:"fields"`
	}
	if err := c.BodyParser(&req); err != nil {
		return errs.E(errs.Invalid, "errors.invalid_input")
	}
	if req.Fields == nil {
		req.Fields = catalogue.SyncFields
	}
	l, err := s.flows.Sync(ctx(c), tenant(c).ID, c.Params("supplier"), req.Fields)
	if err != nil {
		return err
	}
	return c.JSON(l)
}

func (s *Server) apiCatalogueIgnore(c *fiber.Ctx) error {
	if err := s.catalogue.Ignore(ctx(c), tenant(c).ID, c.Params("supplier")); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (s *Server) apiCatalogueUnlink(c *fiber.Ctx) error {
	if err := s.flows.Unlink(ctx(c), tenant(c).ID, c.Params("supplier")); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}
