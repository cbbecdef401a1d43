package web

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"maillage/app/errs"
	"maillage/app/provincial"
)

// provincialRoutes: the aggregate picture for provincial staff (provincial_analyst, platform_admin).
func (s *Server) provincialRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/province", Scope: Platform, Obj: "provincial", Act: "read", Handler: s.provincialPage},
		{Method: "GET", Path: "/api/v1/province/summary", Scope: Platform, Obj: "provincial", Act: "read", Handler: s.apiProvincial,
			Doc: &APIDoc{Summary: "Province-wide aggregates by region (small regions suppressed)", Tag: "provincial",
				Response: "ProvincialSummary", Query: []string{"from", "to"}}},
	}
}

func provincialSchemas() map[string]any {
	region := obj(map[string]any{
		"region_code": str(""), "region_name": str(""), "bodies": integer(), "bodies_with_declaration": integer(),
		"contracts": integer(), "spend_cents": integer(), "ees_spend_cents": integer(), "ees_suppliers": integer(),
		"new_ees_relationships": integer(), "register_ees": integer(), "contacts": integer(), "suppressed": map[string]any{"type": "boolean"},
	})
	return map[string]any{"ProvincialSummary": obj(map[string]any{
		"from": str("date-time"), "to": str("date-time"), "regions": arr(region), "totals": region,
	})}
}

func integer() map[string]any { return map[string]any{"type": "integer"} }

// period reads ?from=YYYY-MM-DD&to=YYYY-MM-DD, defaulting to the current calendar year.
func (s *Server) period(c *fiber.Ctx) (time.Time, time.Time, error) {
	now := s.now()
	from := time.Date(now.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(now.Year(), 12, 31, 0, 0, 0, 0, time.UTC)
	var v errs.Validation
	for _, p := range []struct {
		name string
		dst  *time.Time
	}{{"from", &from}, {"to", &to}} {
		if q := c.Query(p.name); q != "" {
			d, err := time.Parse("2006-01-02", q)
			if err != nil {
				v.Add(p.name, "provincial.date_invalid", nil)
				continue
			}
			*p.dst = d
		}
	}
	return from, to, v.Err()
}

func (s *Server) provincialSummary(c *fiber.Ctx) (provincial.Summary, error) {
	from, to, err := s.period(c)
	if err != nil {
		return provincial.Summary{}, err
	}
	return provincial.NewService(s.db).Summarize(ctx(c), from, to)
}

func (s *Server) apiProvincial(c *fiber.Ctx) error {
	sum, err := s.provincialSummary(c)
	if err != nil {
		return err
	}
	return c.JSON(sum)
}

type provincialView struct {
	Summary   provincial.Summary
	From, To  string
	MinBodies int
}

func (s *Server) provincialPage(c *fiber.Ctx) error {
	sum, err := s.provincialSummary(c)
	if err != nil {
		return err
	}
	return s.render(c, "provincial/summary", "provincial.title", provincialView{Summary: sum,
		From: sum.From.Format("2006-01-02"), To: sum.To.Format("2006-01-02"), MinBodies: provincial.MinBodies})
}
