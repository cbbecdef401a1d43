package web

import (
	"net/url"

	"github.com/gofiber/fiber/v2"

	"maillage/app/catalogue"
	"maillage/app/quebec"
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

func (s *Server) catalogueVerifyForm(c *fiber.Ctx) error {
	e, err := s.catalogue.Verify(ctx(c), steward(principal(c)), c.Params("id"), nil)
	if err != nil {
		return s.reshow(c, err, s.catalogueEntryPage)
	}
	return s.redirectWith(c, "/catalogue/"+e.ID, "catalogue.steward.verified", map[string]any{"Name": e.Name})
}

func (s *Server) catalogueRetireForm(c *fiber.Ctx) error {
	e, err := s.catalogue.Retire(ctx(c), steward(principal(c)), c.Params("id"))
	if err != nil {
		return s.reshow(c, err, s.catalogueEntryPage)
	}
	return s.redirectWith(c, "/catalogue/"+e.ID, "catalogue.steward.retired", map[string]any{"Name": e.Name})
}

// catalogueMergeForm merges the entry into the one chosen on its page (by search) or on the
// duplicate finder (return=doublons goes back there).
func (s *Server) catalogueMergeForm(c *fiber.Ctx) error {
	into := c.FormValue("into")
	var kept catalogue.Entry
	var err error
	if into == "" {
		err = errNoMergeTarget
	} else {
		kept, err = s.catalogue.Merge(ctx(c), steward(principal(c)), c.Params("id"), into)
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
	return s.redirectWith(c, "/catalogue/"+kept.ID, "catalogue.steward.merged", map[string]any{"Name": kept.Name})
}

// catalogueClaimForm records an enterprise's claim of its entry; the NEQ comes pre-filled from its profile,
// and a claim made with the profile's NEQ on an entry with that NEQ is approved at once (the page says so).
func (s *Server) catalogueClaimForm(c *fiber.Ctx) error {
	p := principal(c)
	neq := quebec.NormalizeNEQ(c.FormValue("neq"))
	profileNEQ, err := s.sup.apps.OwnedNEQ(ctx(c), p.User.ID, neq)
	if err != nil {
		return err
	}
	verified := ""
	if neq != "" && neq == profileNEQ {
		verified = profileNEQ
	}
	cl, err := s.catalogue.Claim(ctx(c), p.User.ID.String(), c.Params("id"), neq, c.FormValue("message"), verified)
	if err != nil {
		return s.reshow(c, err, s.catalogueEntryPage)
	}
	if cl.Status == "approved" {
		return s.redirectWith(c, "/catalogue/"+c.Params("id"), "catalogue.claim.approved_auto", nil)
	}
	return s.redirectWith(c, "/catalogue/"+c.Params("id"), "catalogue.claim.sent", nil)
}
