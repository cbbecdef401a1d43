package web

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"maillage/app/contracts"
	"maillage/app/errs"
)

// seaoBuyerRoutes: the body's SEAO buyer ids, a tenant-admin setting (they decide which SEAO awards load as
// the body's contracts), shown with the name SEAO gives each id and a warning when it is not this body.
func (s *Server) seaoBuyerRoutes() []Route {
	const api = "/api/v1/t/:slug/seao-buyers"
	return []Route{
		{Method: "GET", Path: "/t/:slug/admin/acheteurs-seao", Scope: Tenant, Obj: "tenant", Act: "write", Handler: s.seaoBuyersPage},
		{Method: "POST", Path: "/t/:slug/admin/acheteurs-seao", Scope: Tenant, Obj: "tenant", Act: "write", Handler: s.seaoBuyersSave},
		{Method: "GET", Path: api, Scope: Tenant, Obj: "contracts", Act: "read", Handler: s.apiSEAOBuyers,
			Doc: &APIDoc{Summary: "The body's SEAO buyer ids, with SEAO's name for each and whether it matches the body", Tag: "contracts", Response: "SEAOBuyers"}},
		{Method: "PUT", Path: api, Scope: Tenant, Obj: "tenant", Act: "write", Handler: s.apiSEAOBuyersPut,
			Doc: &APIDoc{Summary: "Replace the body's SEAO buyer ids (tenant admins; an id another body declared is a 409)", Tag: "contracts",
				Request: "SEAOBuyerIDs", Response: "SEAOBuyers"}},
	}
}

func seaoBuyerSchemas() map[string]any {
	return map[string]any{
		"SEAOBuyerIDs": obj(map[string]any{"buyer_ids": arr(str(""))}),
		"SEAOBuyers": obj(map[string]any{"items": arr(obj(map[string]any{"buyer_id": str(""), "seao_name": str(""),
			"seao_locality": str(""), "known": map[string]any{"type": "boolean"}, "matches": map[string]any{"type": "boolean"}}))}),
	}
}

type seaoBuyersView struct {
	Buyers  []contracts.SEAOBuyer
	Entered string // the ids as typed, kept after a refusal
}

func (s *Server) seaoBuyersPage(c *fiber.Ctx) error {
	bs, err := s.contracts.SEAOBuyerDetails(ctx(c), tenant(c))
	if err != nil {
		return err
	}
	ids := make([]string, len(bs))
	for i, b := range bs {
		ids[i] = b.ID
	}
	return s.render(c, "admin/seao_buyers", "contracts.seao_buyers.title", seaoBuyersView{Buyers: bs, Entered: strings.Join(ids, ", ")})
}

func (s *Server) seaoBuyersSave(c *fiber.Ctx) error {
	t := tenant(c)
	entered := c.FormValue("buyer_ids")
	if err := s.contracts.SetSEAOBuyers(ctx(c), t.ID, splitList(entered)); err != nil {
		bs, derr := s.contracts.SEAOBuyerDetails(ctx(c), t)
		if derr != nil {
			return derr
		}
		return s.renderInvalid(c, "admin/seao_buyers", "contracts.seao_buyers.title", seaoBuyersView{Buyers: bs, Entered: entered}, err)
	}
	return s.redirectWith(c, "/t/"+t.Slug+"/admin/acheteurs-seao", "contracts.seao_buyers.saved", nil)
}

func (s *Server) apiSEAOBuyers(c *fiber.Ctx) error {
	bs, err := s.contracts.SEAOBuyerDetails(ctx(c), tenant(c))
	if err != nil {
		return err
	}
	return c.JSON(ListPage[contracts.SEAOBuyer]{Items: bs})
}

func (s *Server) apiSEAOBuyersPut(c *fiber.Ctx) error {
	var in struct {
		BuyerIDs []string `json:"buyer_ids"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if in.BuyerIDs == nil {
		return errs.E(errs.Invalid, "errors.invalid_input").Field("buyer_ids", "input.required", nil)
	}
	if err := s.contracts.SetSEAOBuyers(ctx(c), tenant(c).ID, in.BuyerIDs); err != nil {
		return err
	}
	return s.apiSEAOBuyers(c)
}
