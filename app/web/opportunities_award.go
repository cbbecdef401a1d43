package web

import (
	"fmt"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"maillage/app/contracts"
	"maillage/app/errs"
	"maillage/app/opportunities"
)

// Awarding an opportunity records its contract (contracts area) and marks it awarded, through
// app/flows in one transaction; the contract counts in the declaration's progress like any other.
func (s *Server) awardRoutes() []Route {
	return []Route{
		{Method: "POST", Path: "/api/v1/t/:slug/opportunities/:id/award", Scope: Tenant, Obj: "opportunities", Act: "write", Handler: s.apiAward,
			Doc: &APIDoc{Summary: "Award an opportunity: records its contract (object, category, procedure and advice default to the opportunity's)",
				Tag: "opportunities", Request: "ContractInput", Response: "Contract", Status: fiber.StatusCreated}},
		{Method: "POST", Path: "/t/:slug/opportunites/:id/adjuger", Scope: Tenant, Obj: "opportunities", Act: "write", Handler: s.pageAward},
	}
}

// procedureOf is the contract procedure an opportunity's kind stands for.
func procedureOf(kind string) string {
	switch kind {
	case "invitation":
		return "invitation"
	case "notice":
		return "public_call"
	}
	return "gre_a_gre"
}

// awardDefaults fills what the buyer left empty from the opportunity.
func awardDefaults(o opportunities.Opportunity, in *contracts.Input) {
	if strings.TrimSpace(in.Object) == "" {
		in.Object = o.Title
	}
	if in.Category == "" && len(o.UNSPSC) > 0 {
		in.Category = o.UNSPSC[0]
	}
	if in.Procedure == "" {
		in.Procedure = procedureOf(o.Kind)
	}
	if in.AdviceID == "" && o.AdviceID != nil {
		in.AdviceID = o.AdviceID.String()
	}
}

func (s *Server) award(c *fiber.Ctx, id uuid.UUID, in contracts.Input) (contracts.Contract, error) {
	o, err := s.opps.Get(ctx(c), tenant(c).ID, id)
	if err != nil {
		return contracts.Contract{}, err
	}
	awardDefaults(o, &in)
	cid, err := s.flows.Award(ctx(c), tenant(c).ID, id, in)
	if err != nil {
		return contracts.Contract{}, err
	}
	return s.contracts.Get(ctx(c), tenant(c).ID, cid)
}

func (s *Server) apiAward(c *fiber.Ctx) error {
	id, err := itemID(c)
	if err != nil {
		return err
	}
	var in contracts.Input
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	ct, err := s.award(c, id, in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(ct)
}

func (s *Server) pageAward(c *fiber.Ctx) error {
	id, err := itemID(c)
	if err != nil {
		return err
	}
	in := contracts.Input{SupplierID: c.FormValue("supplier_id"), SupplierName: c.FormValue("supplier_name"), Nature: c.FormValue("nature")}
	var v errs.Validation
	v.Key = "opportunities.err.award_invalid"
	if cents, ok := parseMoney(c.FormValue("amount")); ok && cents > 0 {
		in.AwardedCents = cents
	} else {
		v.Add("amount", "opportunities.err.amount", nil)
	}
	if d, err := time.Parse("2006-01-02", strings.TrimSpace(c.FormValue("awarded_on"))); err == nil {
		in.AwardedOn = d
	} else {
		v.Add("awarded_on", "opportunities.err.date", nil)
	}
	if err := v.Err(); err != nil {
		return s.reshow(c, err, s.tenantOpportunityPage)
	}
	ct, err := s.award(c, id, in)
	if err != nil {
		return s.reshow(c, err, s.tenantOpportunityPage)
	}
	return c.Redirect(fmt.Sprintf("/t/%s/contracts/%s", tenant(c).Slug, ct.ID), fiber.StatusSeeOther)
}
