package web

import (
	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"maillage/app/accounts"
	"maillage/app/opportunities"
)

// Pôles (catalogue stewards): the regional feed, forwarding an item to members with a note, and the
// reach report.
func (s *Server) poleRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/pole/opportunites", Scope: Platform, Obj: "pole", Act: "forward", Handler: s.poleFeedPage},
		{Method: "POST", Path: "/pole/opportunites/:id/relayer", Scope: Platform, Obj: "pole", Act: "forward", Handler: s.poleForwardPage, Limit: 30},
		{Method: "GET", Path: "/pole/rayonnement", Scope: Platform, Obj: "pole", Act: "forward", Handler: s.poleReachPage},
		{Method: "GET", Path: "/api/v1/pole/feed", Scope: Platform, Obj: "pole", Act: "forward", Handler: s.apiPoleFeed,
			Doc: &APIDoc{Summary: "Open opportunities of the pôle's regions, each with the member enterprises that match it", Tag: "opportunities", Response: "PoleFeed"}},
		{Method: "POST", Path: "/api/v1/pole/forwards", Scope: Platform, Obj: "pole", Act: "forward", Handler: s.apiPoleForward, Limit: 30,
			Doc: &APIDoc{Summary: "Forward an opportunity to members with a note (once per member)", Tag: "opportunities", Request: "ForwardInput", Response: "ForwardResult"}},
		{Method: "GET", Path: "/api/v1/pole/reach", Scope: Platform, Obj: "pole", Act: "forward", Handler: s.apiPoleReach,
			Doc: &APIDoc{Summary: "The pôle's reach: per forwarded item, sent, opened, interested, contracts won", Tag: "opportunities", Response: "PoleReach"}},
	}
}

// stewardRegions are the regions a steward is limited to (none: all).
func stewardRegions(p *accounts.Principal) []string {
	for _, r := range p.PlatformRoles {
		if r.Role == accounts.RoleCatalogueSteward {
			return r.Regions
		}
	}
	return nil
}

func stewardName(p *accounts.Principal) string {
	if p.User.Name != "" {
		return p.User.Name
	}
	return p.User.Email
}

func (s *Server) poleFeed(c *fiber.Ctx) ([]opportunities.PoleItem, error) {
	pr := principal(c)
	return s.opps.PoleFeed(ctx(c), pr.User.ID, stewardRegions(pr), 100)
}

func (s *Server) apiPoleFeed(c *fiber.Ctx) error {
	items, err := s.poleFeed(c)
	if err != nil {
		return err
	}
	return c.JSON(ListPage[opportunities.PoleItem]{Items: nonNil(items)})
}

func (s *Server) apiPoleForward(c *fiber.Ctx) error {
	var in opportunities.ForwardInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	pr := principal(c)
	n, err := s.opps.Forward(ctx(c), pr.User.ID, stewardName(pr), stewardRegions(pr), in)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"sent": n})
}

func (s *Server) apiPoleReach(c *fiber.Ctx) error {
	rows, err := s.opps.Reach(ctx(c), principal(c).User.ID)
	if err != nil {
		return err
	}
	return c.JSON(ListPage[opportunities.ReachRow]{Items: nonNil(rows)})
}

type poleCard struct {
	itemCard
	Members []opportunities.Member
}

func (s *Server) poleFeedPage(c *fiber.Ctx) error {
	items, err := s.poleFeed(c)
	if err != nil {
		return err
	}
	p := s.page(c, "opportunities.pole.title", nil)
	views := make([]opportunities.ItemView, len(items))
	for i, it := range items {
		views[i] = it.ItemView
	}
	cards, err := s.cards(c, p, views)
	if err != nil {
		return err
	}
	out := make([]poleCard, len(items))
	for i := range items {
		out[i] = poleCard{itemCard: cards[i], Members: items[i].Members}
	}
	p.Data = map[string]any{"Items": out, "Sent": c.Query("envoye")}
	return s.renderPage(c, "opportunities/pole", p)
}

func (s *Server) poleForwardPage(c *fiber.Ctx) error {
	id, err := itemID(c)
	if err != nil {
		return err
	}
	in := opportunities.ForwardInput{ItemID: id, Note: c.FormValue("note")}
	for _, v := range formValues(c, "entries") {
		if e, err := uuid.Parse(v); err == nil {
			in.Entries = append(in.Entries, e)
		}
	}
	pr := principal(c)
	n, err := s.opps.Forward(ctx(c), pr.User.ID, stewardName(pr), stewardRegions(pr), in)
	if err != nil {
		return s.reshow(c, err, s.poleFeedPage)
	}
	return s.redirectWith(c, "/pole/opportunites", "opportunities.pole.sent", map[string]any{"Count": n})
}

func (s *Server) poleReachPage(c *fiber.Ctx) error {
	rows, err := s.opps.Reach(ctx(c), principal(c).User.ID)
	if err != nil {
		return err
	}
	return s.render(c, "opportunities/pole_reach", "opportunities.pole.reach_title", rows)
}
