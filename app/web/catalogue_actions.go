package web

import (
	"net/url"

	"maillage/app/quebec"

	"github.com/gofiber/fiber/v2"
)

// catalogueActionRoutes: the buttons of an entry's page (stewards verify, retire and merge;
// an enterprise claims its entry).
func (s *Server) catalogueActionRoutes() []Route {
	return []Route{
		{Method: "POST", Path: "/catalogue/:id/verify", Scope: Platform, Obj: "catalogue", Act: "verify", Handler: s.catalogueVerifyForm},
		{Method: "POST", Path: "/catalogue/:id/retire", Scope: Platform, Obj: "catalogue", Act: "write", Handler: s.catalogueRetireForm},
		{Method: "POST", Path: "/catalogue/:id/merge", Scope: Platform, Obj: "catalogue", Act: "write", Handler: s.catalogueMergeForm},
		{Method: "POST", Path: "/catalogue/:id/claim", Scope: Platform, Obj: "enterprise_profile", Act: "write", Handler: s.catalogueClaimForm, Limit: 20},
	}
}

func (s *Server) backToEntry(c *fiber.Ctx, id string) error {
	return c.Redirect("/catalogue/"+id, fiber.StatusSeeOther)
}

func (s *Server) catalogueVerifyForm(c *fiber.Ctx) error {
	if _, err := s.catalogue.Verify(ctx(c), steward(principal(c)), c.Params("id"), nil); err != nil {
		return err
	}
	return s.backToEntry(c, c.Params("id"))
}

func (s *Server) catalogueRetireForm(c *fiber.Ctx) error {
	if _, err := s.catalogue.Retire(ctx(c), steward(principal(c)), c.Params("id")); err != nil {
		return err
	}
	return s.backToEntry(c, c.Params("id"))
}

// catalogueMergeForm merges the entry into the one chosen on its page (by search) or on the
// duplicate finder (return=doublons goes back there).
func (s *Server) catalogueMergeForm(c *fiber.Ctx) error {
	into := c.FormValue("into")
	var err error
	if into == "" {
		err = errNoMergeTarget
	} else {
		_, err = s.catalogue.Merge(ctx(c), steward(principal(c)), c.Params("id"), into)
	}
	if c.FormValue("return") == "doublons" {
		if err != nil {
			return err
		}
		return c.Redirect("/catalogue/doublons?fait=fusion&region="+url.QueryEscape(c.FormValue("region")), fiber.StatusSeeOther)
	}
	if err != nil {
		c.Request().URI().QueryArgs().Set("fusion", c.FormValue("fusion"))
		return s.reshow(c, err, s.catalogueEntryPage)
	}
	return s.backToEntry(c, into)
}

func (s *Server) catalogueClaimForm(c *fiber.Ctx) error {
	p := principal(c)
	neq := quebec.NormalizeNEQ(c.FormValue("neq"))
	profileNEQ, err := s.sup.apps.OwnedNEQ(ctx(c), p.User.ID, neq)
	if err != nil {
		return err
	}
	if _, err := s.catalogue.Claim(ctx(c), p.User.ID.String(), c.Params("id"), neq, c.FormValue("message"), profileNEQ); err != nil {
		return err
	}
	return c.Redirect("/catalogue/"+c.Params("id")+"?claimed=1", fiber.StatusSeeOther)
}
