package web

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"maillage/app/catalogue"
	"maillage/app/errs"
)

// catalogueProposeRoutes: the enterprise that claimed an entry proposes changes to it from a
// page (what a steward then approves in the requests queue).
func (s *Server) catalogueProposeRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/catalogue/:id/proposer", Scope: Platform, Obj: "enterprise_profile", Act: "write", Handler: s.proposePage},
		{Method: "POST", Path: "/catalogue/:id/proposer", Scope: Platform, Obj: "enterprise_profile", Act: "write", Handler: s.proposeForm, Limit: 20},
	}
}

type proposeView struct {
	Entry      catalogue.Entry
	OtherNames string
	Products   string
	UNSPSC     string
	Place      string // the municipality's name, as the form shows it
	Regions    []Choice
	Sectors    []Choice
}

// claimedEntry is the entry of the page if the signed-in person holds its approved claim.
func (s *Server) claimedEntry(c *fiber.Ctx) (catalogue.Entry, error) {
	e, err := s.catalogue.Store().Get(ctx(c), c.Params("id"))
	if err != nil {
		return e, err
	}
	if e.ClaimedBy != principal(c).User.ID.String() || e.Status != catalogue.StatusActive {
		return e, errs.E(errs.Forbidden, "catalogue.proposal.not_claimed")
	}
	return e, nil
}

func (s *Server) proposePage(c *fiber.Ctx) error {
	e, err := s.claimedEntry(c)
	if err != nil {
		return err
	}
	sectors, err := s.catalogue.Store().Sectors(ctx(c))
	if err != nil {
		return err
	}
	places, err := s.catalogue.Places(ctx(c))
	if err != nil {
		return err
	}
	v := proposeView{Entry: e, OtherNames: strings.Join(e.OtherNames, "\n"), Products: strings.Join(e.Products, "\n"),
		UNSPSC: strings.Join(e.UNSPSC, ", "), Place: e.Address.MunicipalityName}
	for _, code := range places.RegionCodes() {
		v.Regions = append(v.Regions, Choice{Value: code, Label: places.RegionName(code), Selected: contains(e.RegionsServed, code)})
	}
	for _, x := range sectors {
		label := x.NameFR
		if lang(c) == "en" {
			label = x.NameEN
		}
		v.Sectors = append(v.Sectors, Choice{Value: x.Code, Label: label, Selected: contains(e.Sectors, x.Code)})
	}
	pg := s.page(c, "catalogue.propose.title", v)
	pg.Title = s.T(c, "catalogue.propose.title_of", map[string]any{"Name": e.Name})
	return s.renderPage(c, "catalogue/propose", pg)
}

func (s *Server) proposeForm(c *fiber.Ctx) error {
	if _, err := s.claimedEntry(c); err != nil {
		return err
	}
	e, err := s.entryFromForm(c)
	if err != nil {
		return err
	}
	if _, err := s.catalogue.Propose(ctx(c), principal(c).User.ID.String(), c.Params("id"), e); err != nil {
		if errs.As(err) != nil && errs.As(err).Key == "catalogue.sync.none" {
			err = errs.E(errs.Invalid, "catalogue.propose.nothing")
		}
		return s.reshow(c, err, s.proposePage)
	}
	return c.Redirect("/catalogue/"+c.Params("id")+"?propose=1", fiber.StatusSeeOther)
}
