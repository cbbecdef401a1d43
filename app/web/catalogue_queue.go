package web

import (
	"github.com/gofiber/fiber/v2"

	"maillage/app/errs"
)

// catalogueQueueRoutes: the steward's queue of claims and proposed changes. (The queue page,
// GET /catalogue/requests, and its API are declared before the /:id routes in catalogueRoutes.)
func (s *Server) catalogueQueueRoutes() []Route {
	return []Route{
		{Method: "POST", Path: "/catalogue/requests/:kind/:id", Scope: Platform, Obj: "catalogue", Act: "verify", Handler: s.catalogueQueueDecide},
	}
}

func (s *Server) catalogueQueuePage(c *fiber.Ctx) error {
	rs, err := s.catalogue.Pending(ctx(c), steward(principal(c)))
	if err != nil {
		return err
	}
	return s.render(c, "catalogue/requests", "catalogue.requests.title", rs)
}

func (s *Server) apiCatalogueQueue(c *fiber.Ctx) error {
	rs, err := s.catalogue.Pending(ctx(c), steward(principal(c)))
	if err != nil {
		return err
	}
	if rs == nil {
		return c.JSON(fiber.Map{"items": []any{}})
	}
	return c.JSON(fiber.Map{"items": rs})
}

func (s *Server) catalogueQueueDecide(c *fiber.Ctx) error {
	approve, reason := c.FormValue("decision") == "approve", c.FormValue("reason")
	var err error
	switch c.Params("kind") {
	case "claim":
		_, err = s.catalogue.DecideClaim(ctx(c), steward(principal(c)), c.Params("id"), approve, reason)
	case "proposal":
		_, err = s.catalogue.DecideProposal(ctx(c), steward(principal(c)), c.Params("id"), approve, reason)
	default:
		err = errs.E(errs.NotFound, "errors.not_found")
	}
	if err != nil {
		return err
	}
	return c.Redirect("/catalogue/requests", fiber.StatusSeeOther)
}
