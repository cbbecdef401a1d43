package web

import (
	"fmt"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"maillage/app/errs"
	"maillage/app/opportunities"
)

// Questions and answers, and addenda: visible to all who can see the opportunity (row-level security),
// asked by enterprises (account or invitation link), answered and published by the body's buyers.
func (s *Server) discussionRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/api/v1/opportunities/:id/discussion", Scope: Public, Handler: s.apiDiscussion,
			Doc: &APIDoc{Summary: "An opportunity's addenda and answered questions (and the caller's own questions)", Tag: "opportunities", Response: "Discussion"}},
		{Method: "POST", Path: "/api/v1/opportunities/:id/questions", Scope: Platform, Obj: "opportunity_interest", Act: "write", Handler: s.apiAsk, Limit: 30,
			Doc: &APIDoc{Summary: "Ask the body a question about an opportunity (before its questions deadline)", Tag: "opportunities",
				Request: "QuestionInput", Response: "Question", Status: fiber.StatusCreated}},
		{Method: "POST", Path: "/api/v1/t/:slug/opportunities/:id/questions/:qid/answer", Scope: Tenant, Obj: "opportunities", Act: "write", Handler: s.apiAnswer,
			Doc: &APIDoc{Summary: "Answer a question: the answer is shown to all who can see the opportunity", Tag: "opportunities",
				Request: "AnswerInput", Status: fiber.StatusNoContent}},
		{Method: "POST", Path: "/api/v1/t/:slug/opportunities/:id/addenda", Scope: Tenant, Obj: "opportunities", Act: "write", Handler: s.apiAddendum,
			Doc: &APIDoc{Summary: "Publish an addendum to an opportunity", Tag: "opportunities", Request: "AddendumInput", Response: "Addendum", Status: fiber.StatusCreated}},
		{Method: "POST", Path: "/opportunites/invitation/:token/questions", Scope: Public, Handler: s.invitationAsk, Limit: 30},
		{Method: "POST", Path: "/opportunites/:id/questions", Scope: Platform, Obj: "opportunity_interest", Act: "write", Handler: s.pageAsk},
		{Method: "POST", Path: "/t/:slug/opportunites/:id/reponses/:qid", Scope: Tenant, Obj: "opportunities", Act: "write", Handler: s.pageAnswer},
		{Method: "POST", Path: "/t/:slug/opportunites/:id/addenda", Scope: Tenant, Obj: "opportunities", Act: "write", Handler: s.pageAddendum},
	}
}

func (s *Server) apiDiscussion(c *fiber.Ctx) error {
	id, err := itemID(c)
	if err != nil {
		return err
	}
	v, err := s.viewer(c)
	if err != nil {
		return err
	}
	if _, err := s.opps.Item(ctx(c), v, id); err != nil {
		return err
	}
	adds, qs, err := s.opps.Discussion(ctx(c), v, uuid.Nil, id)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"addenda": nonNil(adds), "questions": nonNil(qs)})
}

func (s *Server) apiAsk(c *fiber.Ctx) error {
	id, err := itemID(c)
	if err != nil {
		return err
	}
	var in struct {
		Question string `json:"question"`
	}
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	v, err := s.viewer(c)
	if err != nil {
		return err
	}
	q, err := s.opps.Ask(ctx(c), v, id, in.Question)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(q)
}

func (s *Server) apiAnswer(c *fiber.Ctx) error {
	id, err := itemID(c)
	if err != nil {
		return err
	}
	qid, err := uuid.Parse(c.Params("qid"))
	if err != nil {
		return errs.E(errs.NotFound, "opportunities.err.not_found")
	}
	var in struct {
		Answer string `json:"answer"`
	}
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	if err := s.opps.Answer(ctx(c), tenant(c).ID, principal(c).User.ID, id, qid, in.Answer); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (s *Server) apiAddendum(c *fiber.Ctx) error {
	id, err := itemID(c)
	if err != nil {
		return err
	}
	var in struct {
		Body string `json:"body"`
	}
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	a, err := s.opps.AddAddendum(ctx(c), tenant(c).ID, principal(c).User.ID, id, in.Body)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(a)
}

func (s *Server) pageAsk(c *fiber.Ctx) error {
	id, err := itemID(c)
	if err != nil {
		return err
	}
	v, err := s.viewer(c)
	if err != nil {
		return err
	}
	if _, err := s.opps.Ask(ctx(c), v, id, c.FormValue("question")); err != nil {
		return s.reshow(c, err, s.opportunityPage)
	}
	return c.Redirect("/opportunites/"+id.String()+"?enregistre=question", fiber.StatusSeeOther)
}

func (s *Server) invitationAsk(c *fiber.Ctx) error {
	token := c.Params("token")
	it, err := s.opps.InvitationItem(ctx(c), token)
	if err != nil {
		return err
	}
	if _, err := s.opps.Ask(ctx(c), opportunities.Viewer{InviteToken: token}, it.ID, c.FormValue("question")); err != nil {
		return s.reshow(c, err, s.invitationPage)
	}
	return c.Redirect("/opportunites/invitation/"+token+"?enregistre=question", fiber.StatusSeeOther)
}

func (s *Server) pageAnswer(c *fiber.Ctx) error {
	id, err := itemID(c)
	if err != nil {
		return err
	}
	qid, err := uuid.Parse(c.Params("qid"))
	if err != nil {
		return errs.E(errs.NotFound, "opportunities.err.not_found")
	}
	if err := s.opps.Answer(ctx(c), tenant(c).ID, principal(c).User.ID, id, qid, c.FormValue("answer")); err != nil {
		return s.reshow(c, err, s.tenantOpportunityPage)
	}
	return c.Redirect(fmt.Sprintf("/t/%s/opportunites/%s", tenant(c).Slug, id), fiber.StatusSeeOther)
}

func (s *Server) pageAddendum(c *fiber.Ctx) error {
	id, err := itemID(c)
	if err != nil {
		return err
	}
	if _, err := s.opps.AddAddendum(ctx(c), tenant(c).ID, principal(c).User.ID, id, c.FormValue("body")); err != nil {
		return s.reshow(c, err, s.tenantOpportunityPage)
	}
	return c.Redirect(fmt.Sprintf("/t/%s/opportunites/%s", tenant(c).Slug, id), fiber.StatusSeeOther)
}
