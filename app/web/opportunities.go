package web

import (
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"maillage/app/errs"
	"maillage/app/opportunities"
)

// opportunityRoutes: the bodies on Maillage, opportunities (public, per body, per enterprise), alerts,
// interests, SEAO notices and feeds.
func (s *Server) opportunityRoutes() []Route {
	rs := append(append(append(s.opportunityPageRoutes(), s.discussionRoutes()...), s.awardRoutes()...), s.poleRoutes()...)
	return append(rs, []Route{
		{Method: "GET", Path: "/api/v1/bodies", Scope: Public, Handler: s.apiBodies,
			Doc: &APIDoc{Summary: "The public bodies on Maillage, by region and MRC, with their public pages", Tag: "opportunities",
				Response: "BodyPage", Query: []string{"region", "mrc", "q"}}},
		{Method: "GET", Path: "/api/v1/opportunities", Scope: Public, Handler: s.apiPublicOpportunities,
			Doc: &APIDoc{Summary: "Public opportunities: SEAO notices and the bodies' public opportunities, closing soonest first", Tag: "opportunities",
				Response: "OpportunityItemPage", Query: []string{"unspsc", "region", "q", "open", "limit"}}},
		{Method: "GET", Path: "/api/v1/opportunities/:id", Scope: Public, Handler: s.apiOpportunityItem,
			Doc: &APIDoc{Summary: "One opportunity or notice, if the caller may see it (404 otherwise)", Tag: "opportunities", Response: "OpportunityItem"}},
		{Method: "POST", Path: "/api/v1/opportunities/:id/interest", Scope: Platform, Obj: "opportunity_interest", Act: "write", Handler: s.apiInterest, Limit: 60,
			Doc: &APIDoc{Summary: "Say the enterprise is interested, or not (with a reason); the body's buyers see it", Tag: "opportunities",
				Request: "InterestInput", Response: "Interest"}},
		{Method: "GET", Path: "/api/v1/me/subscriptions", Scope: Platform, Obj: "opportunity_alerts", Act: "write", Handler: s.apiSubscriptions,
			Doc: &APIDoc{Summary: "My alerts", Tag: "opportunities", Response: "SubscriptionList"}},
		{Method: "POST", Path: "/api/v1/me/subscriptions", Scope: Platform, Obj: "opportunity_alerts", Act: "write", Handler: s.apiCreateSubscription, Limit: 30,
			Doc: &APIDoc{Summary: "Save an alert (UNSPSC codes at any level, regions, keywords, frequency)", Tag: "opportunities",
				Request: "SubscriptionInput", Response: "Subscription", Status: fiber.StatusCreated}},
		{Method: "DELETE", Path: "/api/v1/me/subscriptions/:id", Scope: Platform, Obj: "opportunity_alerts", Act: "write", Handler: s.apiDeleteSubscription,
			Doc: &APIDoc{Summary: "Delete one of my alerts", Tag: "opportunities", Status: fiber.StatusNoContent}},
		{Method: "GET", Path: "/api/v1/me/opportunities", Scope: Platform, Obj: "opportunity_alerts", Act: "write", Handler: s.apiMyOpportunities,
			Doc: &APIDoc{Summary: "What my alerts matched, closing soonest first, each with its reasons", Tag: "opportunities",
				Response: "OpportunityItemPage", Query: []string{"unspsc", "region", "q", "open", "limit"}}},
		{Method: "GET", Path: "/api/v1/t/:slug/opportunities", Scope: Tenant, Obj: "opportunities", Act: "read", Handler: s.apiTenantOpportunities,
			Doc: &APIDoc{Summary: "The body's opportunities", Tag: "opportunities", Response: "OpportunityList"}},
		{Method: "POST", Path: "/api/v1/t/:slug/opportunities", Scope: Tenant, Obj: "opportunities", Act: "write", Handler: s.apiCreateOpportunity, Limit: 60,
			Doc: &APIDoc{Summary: "Publish an opportunity (invitation links' tokens are in the answer, once)", Tag: "opportunities",
				Request: "OpportunityInput", Response: "Opportunity", Status: fiber.StatusCreated}},
		{Method: "GET", Path: "/api/v1/t/:slug/opportunities/:id", Scope: Tenant, Obj: "opportunities", Act: "read", Handler: s.apiTenantOpportunity,
			Doc: &APIDoc{Summary: "One of the body's opportunities, with its invitations and who is interested", Tag: "opportunities", Response: "Opportunity"}},
		{Method: "GET", Path: "/api/v1/t/:slug/opportunity-candidates", Scope: Tenant, Obj: "opportunities", Act: "write", Handler: s.apiCandidates,
			Doc: &APIDoc{Summary: "Catalogue enterprises not in the register that sell a category in a region (to invite by catalogue_entry_id)",
				Tag: "opportunities", Response: "CandidateList", Query: []string{"unspsc", "region", "q", "limit"}}},
		{Method: "GET", Path: "/api/v1/t/:slug/seao-notices", Scope: Tenant, Obj: "opportunities", Act: "read", Handler: s.apiBodyNotices,
			Doc: &APIDoc{Summary: "The body's calls for tenders on SEAO (it is their buyer), each with the enterprises' answers", Tag: "opportunities",
				Response: "BodyNoticeList", Query: []string{"limit"}}},
		{Method: "POST", Path: "/api/v1/t/:slug/opportunities/:id/status", Scope: Tenant, Obj: "opportunities", Act: "write", Handler: s.apiOpportunityStatus,
			Doc: &APIDoc{Summary: "Close, cancel or reopen an opportunity", Tag: "opportunities", Request: "OpportunityStatus", Response: "Opportunity"}},
		{Method: "POST", Path: "/api/v1/seao/notices", Scope: Platform, Obj: "seao_notices", Act: "write", Handler: s.apiLoadNotices, Limit: 10,
			Doc: &APIDoc{Summary: "Load a SEAO weekly OCDS file's calls for tenders (idempotent) and match them", Tag: "opportunities",
				Binary: "application/json", Response: "NoticeLoadReport"}},
	}...)
}

func (s *Server) opportunitiesFilter(c *fiber.Ctx) (opportunities.Filter, error) {
	f := opportunities.Filter{UNSPSC: strings.TrimSpace(c.Query("unspsc")), Region: strings.TrimSpace(c.Query("region")),
		Q: strings.TrimSpace(c.Query("q")), OpenOnly: c.Query("open", "true") != "false"}
	var v errs.Validation
	v.Key = "opportunities.err.filter"
	if f.UNSPSC != "" && !validCode(f.UNSPSC) {
		v.Add("unspsc", "opportunities.err.unspsc", map[string]any{"Value": f.UNSPSC})
	}
	if f.Region != "" && !validRegion(f.Region) {
		v.Add("region", "opportunities.err.region", nil)
	}
	if len([]rune(f.Q)) > 200 {
		v.Add("q", "opportunities.err.q_long", nil)
	}
	limit, _, err := pageParams(c)
	if err != nil {
		return f, err
	}
	f.Limit = limit
	return f, v.Err()
}

func validCode(c string) bool {
	if len(c) != 8 {
		return false
	}
	for _, r := range c {
		if r < '0' || r > '9' {
			return false
		}
	}
	return c[:2] != "00"
}

func validRegion(r string) bool {
	return len(r) == 2 && ((r[0] == '0' && r[1] >= '1' && r[1] <= '9') || (r[0] == '1' && r[1] >= '0' && r[1] <= '7'))
}

// viewer is who reads on this request: an enterprise user (its account), else nobody.
func (s *Server) viewer(c *fiber.Ctx) (opportunities.Viewer, error) {
	p := principal(c)
	if p == nil {
		return opportunities.Viewer{}, nil
	}
	ent, err := s.opps.EnterpriseOf(ctx(c), p.User.ID)
	if err != nil {
		return opportunities.Viewer{}, err
	}
	return opportunities.Viewer{UserID: p.User.ID, EnterpriseID: ent}, nil
}

func (s *Server) apiBodies(c *fiber.Ctx) error {
	f := opportunities.BodyFilter{Region: c.Query("region"), MRC: c.Query("mrc"), Q: c.Query("q")}
	if f.Region != "" && !validRegion(f.Region) {
		return (&errs.Validation{Key: "opportunities.err.filter"}).ErrWith("region", "opportunities.err.region", nil)
	}
	bodies, err := s.opps.Bodies(ctx(c), f)
	if err != nil {
		return err
	}
	type body struct {
		opportunities.Body
		ApplicationURL string `json:"application_url"`
		ContractsURL   string `json:"contracts_url"`
		ProgressURL    string `json:"progress_url,omitempty"`
	}
	out := ListPage[body]{Items: make([]body, 0, len(bodies))}
	for _, b := range bodies {
		it := body{Body: b, ApplicationURL: "/t/" + b.Slug + "/inscription", ContractsURL: "/t/" + b.Slug + "/contracts/published"}
		if b.PublicProgress {
			it.ProgressURL = "/t/" + b.Slug + "/public/progress"
		}
		out.Items = append(out.Items, it)
	}
	return c.JSON(out)
}

func (s *Server) apiPublicOpportunities(c *fiber.Ctx) error {
	f, err := s.opportunitiesFilter(c)
	if err != nil {
		return err
	}
	items, err := s.opps.Public(ctx(c), f)
	if err != nil {
		return err
	}
	return c.JSON(ListPage[opportunities.ItemView]{Items: nonNil(items)})
}

func nonNil[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}

func itemID(c *fiber.Ctx) (uuid.UUID, error) {
	id, err := uuid.Parse(c.Params("id"))
	if err != nil {
		return uuid.Nil, errs.E(errs.NotFound, "opportunities.err.not_found")
	}
	return id, nil
}

func (s *Server) apiOpportunityItem(c *fiber.Ctx) error {
	id, err := itemID(c)
	if err != nil {
		return err
	}
	v, err := s.viewer(c)
	if err != nil {
		return err
	}
	it, err := s.opps.Item(ctx(c), v, id)
	if err != nil {
		return err
	}
	return c.JSON(it)
}

func (s *Server) apiInterest(c *fiber.Ctx) error {
	id, err := itemID(c)
	if err != nil {
		return err
	}
	var in opportunities.InterestInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	v, err := s.viewer(c)
	if err != nil {
		return err
	}
	out, err := s.flows.Interest(ctx(c), v, id, in)
	if err != nil {
		return err
	}
	return c.JSON(out)
}

func (s *Server) apiSubscriptions(c *fiber.Ctx) error {
	subs, err := s.opps.Subscriptions(ctx(c), principal(c).User.ID)
	if err != nil {
		return err
	}
	return c.JSON(ListPage[opportunities.Subscription]{Items: nonNil(subs)})
}

func (s *Server) apiCreateSubscription(c *fiber.Ctx) error {
	var in opportunities.SubscriptionInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	sub, err := s.opps.CreateSubscription(ctx(c), principal(c).User.ID, in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(s.subscriptionOut(sub))
}

// subscriptionOut adds the alert's feed address (a secret link: feed readers do not log in).
func (s *Server) subscriptionOut(sub opportunities.Subscription) map[string]any {
	return map[string]any{"id": sub.ID, "name": sub.Name, "unspsc": nonNil(sub.UNSPSC), "regions": nonNil(sub.Regions),
		"keywords": nonNil(sub.Keywords), "frequency": sub.Frequency, "active": sub.Active, "created_at": sub.CreatedAt,
		"feed_url": s.cfg.BaseURL + "/alertes/" + sub.ID.String() + "/flux.atom?jeton=" + s.opps.FeedToken(sub.ID)}
}

func (s *Server) apiDeleteSubscription(c *fiber.Ctx) error {
	id, err := uuid.Parse(c.Params("id"))
	if err != nil {
		return errs.E(errs.NotFound, "opportunities.err.alert_not_found")
	}
	if err := s.opps.DeleteSubscription(ctx(c), principal(c).User.ID, id); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (s *Server) apiMyOpportunities(c *fiber.Ctx) error {
	f, err := s.opportunitiesFilter(c)
	if err != nil {
		return err
	}
	items, err := s.opps.Matches(ctx(c), principal(c).User.ID, f)
	if err != nil {
		return err
	}
	return c.JSON(ListPage[opportunities.ItemView]{Items: nonNil(items)})
}

func (s *Server) apiTenantOpportunities(c *fiber.Ctx) error {
	list, err := s.opps.List(ctx(c), tenant(c).ID)
	if err != nil {
		return err
	}
	return c.JSON(ListPage[opportunities.Opportunity]{Items: nonNil(list)})
}

func (s *Server) apiCandidates(c *fiber.Ctx) error {
	q := opportunities.CandidateQuery{UNSPSC: splitPhrases(c.Query("unspsc")), Text: c.Query("q"),
		Limit: c.QueryInt("limit", 10)}
	var v errs.Validation
	v.Key = "opportunities.err.filter"
	if len(q.UNSPSC) == 0 {
		v.Add("unspsc", "opportunities.err.unspsc_missing", nil)
	}
	for _, code := range q.UNSPSC {
		if !validCode(code) {
			v.Add("unspsc", "opportunities.err.unspsc", map[string]any{"Value": code})
			break
		}
	}
	if r := c.Query("region"); r != "" {
		if !validRegion(r) {
			v.Add("region", "opportunities.err.region", nil)
		}
		q.Regions = []string{r}
	}
	if err := v.Err(); err != nil {
		return err
	}
	list, err := s.opps.CatalogueCandidates(ctx(c), tenant(c).ID, q)
	if err != nil {
		return err
	}
	return c.JSON(ListPage[opportunities.Candidate]{Items: nonNil(list)})
}

func (s *Server) apiBodyNotices(c *fiber.Ctx) error {
	list, err := s.opps.BodyNotices(ctx(c), tenant(c).ID, uuid.Nil, c.QueryInt("limit", 100))
	if err != nil {
		return err
	}
	return c.JSON(ListPage[opportunities.BodyNotice]{Items: nonNil(list)})
}

func (s *Server) apiCreateOpportunity(c *fiber.Ctx) error {
	var in opportunities.Input
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	o, err := s.opps.Create(ctx(c), tenant(c).ID, principal(c).User.ID, in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(o)
}

func (s *Server) apiTenantOpportunity(c *fiber.Ctx) error {
	id, err := itemID(c)
	if err != nil {
		return err
	}
	o, err := s.opps.Get(ctx(c), tenant(c).ID, id)
	if err != nil {
		return err
	}
	return c.JSON(o)
}

func (s *Server) apiOpportunityStatus(c *fiber.Ctx) error {
	id, err := itemID(c)
	if err != nil {
		return err
	}
	var in struct {
		Status string `json:"status"`
	}
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	o, err := s.opps.SetStatus(ctx(c), tenant(c).ID, id, in.Status)
	if err != nil {
		return err
	}
	return c.JSON(o)
}

func (s *Server) apiLoadNotices(c *fiber.Ctx) error {
	rep, err := s.opps.LoadNotices(ctx(c), strings.NewReader(string(c.Body())))
	if err != nil {
		return err
	}
	return c.JSON(rep)
}
