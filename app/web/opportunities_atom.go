package web

import (
	"html"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"
	"github.com/gorilla/feeds"

	"maillage/app/errs"
	"maillage/app/opportunities"
)

// Atom feeds (RFC 4287, written by gorilla/feeds): the public one, filtered like the list
// (/opportunites.atom?unspsc=&region=&q=), and one per alert behind a signed address.

func (s *Server) publicAtom(c *fiber.Ctx) error {
	f, err := s.opportunitiesFilter(c)
	if err != nil {
		return err
	}
	items, err := s.opps.Public(ctx(c), f)
	if err != nil {
		return err
	}
	p := s.page(c, "opportunities.public.title", nil)
	return s.writeAtom(c, p, "urn:maillage:opportunities:"+f.UNSPSC+":"+f.Region+":"+f.Q,
		translate(p.L, "opportunities.public.title", nil), s.cfg.BaseURL+"/opportunites", items)
}

func (s *Server) alertAtom(c *fiber.Ctx) error {
	id, err := uuid.Parse(c.Params("id"))
	if err != nil {
		return errs.E(errs.NotFound, "opportunities.err.alert_not_found")
	}
	sub, err := s.opps.FeedSubscription(ctx(c), id, c.Query("jeton"))
	if err != nil {
		return err
	}
	mine, err := s.opps.Matches(ctx(c), sub.UserID, opportunities.Filter{OpenOnly: true, Limit: 100, Subscription: sub.ID})
	if err != nil {
		return err
	}
	p := s.page(c, "opportunities.mine.title", nil)
	c.Set("Referrer-Policy", "no-referrer")
	return s.writeAtom(c, p, "urn:maillage:alert:"+sub.ID.String(),
		translate(p.L, "opportunities.atom.alert_title", map[string]any{"Name": sub.Name}), s.cfg.BaseURL+"/entreprise/opportunites", mine)
}

func (s *Server) writeAtom(c *fiber.Ctx, p *Page, id, title, alternate string, items []opportunities.ItemView) error {
	cards, err := s.cards(c, p, items)
	if err != nil {
		return err
	}
	updated := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	feed := &feeds.Feed{Title: title, Link: &feeds.Link{Href: alternate, Rel: "alternate"}, Author: &feeds.Author{Name: "Maillage"}}
	for _, it := range cards {
		if it.UpdatedAt.After(updated) {
			updated = it.UpdatedAt
		}
		var b strings.Builder
		b.WriteString("<p>" + html.EscapeString(it.BodyName) + "</p>")
		if it.Closing != "" {
			b.WriteString("<p>" + html.EscapeString(translate(p.L, "opportunities.closes", map[string]any{"Date": it.Closing})) + "</p>")
		}
		if len(it.Categories) > 0 {
			b.WriteString("<p>" + html.EscapeString(strings.Join(it.Categories, " · ")) + "</p>")
		}
		if it.Why != "" {
			b.WriteString("<p>" + html.EscapeString(it.Why) + "</p>")
		}
		if d := strings.TrimSpace(it.Description); d != "" {
			b.WriteString("<p>" + html.EscapeString(d) + "</p>")
		}
		feed.Items = append(feed.Items, &feeds.Item{Id: "urn:uuid:" + it.ID.String(), Title: it.Title,
			Link: &feeds.Link{Href: s.cfg.BaseURL + "/opportunites/" + it.ID.String()}, Description: b.String(),
			Updated: it.UpdatedAt, Created: it.PublishedAt, Author: &feeds.Author{Name: it.BodyName}})
	}
	feed.Updated = updated
	af := (&feeds.Atom{Feed: feed}).AtomFeed()
	af.Id = id
	out, err := feeds.ToXML(af)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "application/atom+xml; charset=utf-8")
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.SendString(out)
}
