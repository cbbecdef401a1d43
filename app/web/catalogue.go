package web

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"maillage/app/accounts"
	"maillage/app/catalogue"
	"maillage/app/errs"
)

// catalogueRoutes: the shared catalogue of collective enterprises. Search is for every
// logged-in user (buyers first); stewards curate; buyers pull entries into their register.
func (s *Server) catalogueRoutes() []Route {
	return append(append(append([]Route{
		// Pages.
		{Method: "GET", Path: "/catalogue", Scope: Authenticated, Handler: s.catalogueSearchPage},
		// Before /catalogue/:id, which would take "entries" or "requests" for an id.
		{Method: "GET", Path: "/catalogue/entries/new", Scope: Platform, Obj: "catalogue", Act: "write", Handler: s.catalogueNewPage},
		{Method: "GET", Path: "/catalogue/requests", Scope: Platform, Obj: "catalogue", Act: "verify", Handler: s.catalogueQueuePage},
		{Method: "GET", Path: "/catalogue/:id", Scope: Authenticated, Handler: s.catalogueEntryPage},
		{Method: "GET", Path: "/repertoire/:region", Scope: Public, Handler: s.cataloguePublicRegion},
		{Method: "GET", Path: "/t/:slug/catalogue", Scope: Tenant, Obj: "suppliers", Act: "read", Handler: s.catalogueTenantSearchPage},
		{Method: "POST", Path: "/t/:slug/catalogue/pull", Scope: Tenant, Obj: "catalogue_pull", Act: "write", Handler: s.cataloguePullForm},
		{Method: "GET", Path: "/t/:slug/catalogue/links", Scope: Tenant, Obj: "suppliers", Act: "read", Handler: s.catalogueLinksPage},
		{Method: "POST", Path: "/t/:slug/catalogue/links/:supplier/sync", Scope: Tenant, Obj: "suppliers", Act: "write", Handler: s.catalogueSyncForm},
		{Method: "POST", Path: "/t/:slug/catalogue/links/:supplier/ignore", Scope: Tenant, Obj: "suppliers", Act: "write", Handler: s.catalogueIgnoreForm},
		{Method: "POST", Path: "/t/:slug/catalogue/links/:supplier/unlink", Scope: Tenant, Obj: "suppliers", Act: "write", Handler: s.catalogueUnlinkForm},
		// API: search and read.
		{Method: "GET", Path: "/api/v1/catalogue", Scope: Authenticated, Handler: s.apiCatalogueSearch,
			Doc: &APIDoc{Summary: "Search the catalogue of collective enterprises (French full text, typo-tolerant names, facets with counts)",
				Tag: "catalogue", Response: "CatalogueSearch", Query: catalogueQueryParams}},
		{Method: "GET", Path: "/api/v1/catalogue/requests", Scope: Platform, Obj: "catalogue", Act: "verify", Handler: s.apiCatalogueQueue,
			Doc: &APIDoc{Summary: "Pending claims and proposed changes the steward may decide", Tag: "catalogue-stewards", Response: "CatalogueRequests"}},
		{Method: "GET", Path: "/api/v1/catalogue/:id", Scope: Authenticated, Handler: s.apiCatalogueGet,
			Doc: &APIDoc{Summary: "One catalogue entry", Tag: "catalogue", Response: "CatalogueEntry"}},
		{Method: "GET", Path: "/api/v1/catalogue/:id/history", Scope: Authenticated, Handler: s.apiCatalogueHistory,
			Doc: &APIDoc{Summary: "The versions of a catalogue entry, newest first (actor: for catalogue stewards only)", Tag: "catalogue", Response: "CatalogueHistory"}},
		{Method: "GET", Path: "/api/v1/t/:slug/catalogue", Scope: Tenant, Obj: "suppliers", Act: "read", Handler: s.apiCatalogueTenantSearch,
			Doc: &APIDoc{Summary: "Search the catalogue from a body, with near=mrc|region (the body's MRC or region)", Tag: "catalogue",
				Response: "CatalogueSearch", Query: append([]string{"near"}, catalogueQueryParams...)}},
	}, s.catalogueRegisterAPIRoutes()...), append(s.catalogueStewardRoutes(), s.catalogueImportAPIRoutes()...)...), append(s.catalogueEnterpriseRoutes(),
		append(append(s.catalogueImportPageRoutes(), s.catalogueActionRoutes()...), append(s.catalogueEditRoutes(), s.catalogueQueueRoutes()...)...)...)...)
}

var catalogueQueryParams = []string{"q", "region", "mrc", "municipality", "sector", "unspsc_segment", "legal_form", "adapted", "limit", "cursor"}

// catalogueParams reads a search from the query string; several values of a facet are
// alternatives (?region=05&region=16).
func catalogueParams(c *fiber.Ctx) (catalogue.SearchParams, error) {
	multi := func(name string) []string {
		var out []string
		for _, v := range c.Context().QueryArgs().PeekMulti(name) {
			for _, x := range strings.Split(string(v), ",") {
				if x = strings.TrimSpace(x); x != "" {
					out = append(out, x)
				}
			}
		}
		return out
	}
	p := catalogue.SearchParams{Q: c.Query("q"), Regions: multi("region"), MRCs: multi("mrc"), Municipality: multi("municipality"),
		Sectors: multi("sector"), Segments: multi("unspsc_segment"), LegalForms: multi("legal_form")}
	switch c.Query("adapted") {
	case "":
	case "true", "1", "oui":
		t := true
		p.Adapted = &t
	case "false", "0", "non":
		f := false
		p.Adapted = &f
	default:
		return p, (&errs.Validation{}).ErrWith("adapted", "errors.invalid_input", nil)
	}
	limit, cursor, err := pageParams(c)
	if err != nil {
		return p, err
	}
	p.PerPage = min(limit, catalogue.MaxPerPage)
	if c.Query("limit") == "" {
		p.PerPage = 20
	}
	p.Page = 1
	if cursor != "" {
		n, convErr := strconv.Atoi(cursor)
		if convErr != nil || n < 1 || n > 10_000 {
			return p, (&errs.Validation{}).ErrWith("cursor", "errors.invalid_input", nil)
		}
		p.Page = n
	}
	if v := c.Query("page"); v != "" { // pages use ?page=
		n, convErr := strconv.Atoi(v)
		if convErr != nil || n < 1 || n > 10_000 {
			return p, (&errs.Validation{}).ErrWith("page", "errors.invalid_input", nil)
		}
		p.Page = n
	}
	return p, nil
}

// near narrows a tenant's search to its own MRC or region.
// near narrows a tenant's search to "near us": the body's MRC, or its region; it says in words what was
// searched, and falls back to the region when the body has no MRC (an agglomeration such as Longueuil or
// Montréal belongs to none) or no known municipality.
func (s *Server) near(c *fiber.Ctx, p *catalogue.SearchParams) (string, error) {
	t := tenant(c)
	region := ""
	if t.RegionCode != nil {
		region = *t.RegionCode
	}
	toRegion := func(why string) (string, error) {
		if region == "" {
			return s.T(c, "catalogue.near.nowhere", nil), nil
		}
		p.Regions = []string{region}
		return s.T(c, why, map[string]any{"Region": s.names.Region(region), "Name": t.Name}), nil
	}
	switch c.Query("near") {
	case "":
		return "", nil
	case "region":
		return toRegion("catalogue.near.region")
	case "mrc":
		if t.MunicipalityCode == nil {
			return toRegion("catalogue.near.no_municipality")
		}
		places, err := s.catalogue.Places(ctx(c))
		if err != nil {
			return "", err
		}
		m, _ := places.Municipality(*t.MunicipalityCode)
		if m.MRCCode == "" { // outside any MRC (an agglomeration city such as Longueuil): its region
			return toRegion("catalogue.near.no_mrc")
		}
		p.MRCs = []string{m.MRCCode}
		return s.T(c, "catalogue.near.mrc", map[string]any{"MRC": s.names.MRC(m.MRCCode)}), nil
	}
	return "", (&errs.Validation{}).ErrWith("near", "errors.invalid_input", nil)
}

func (s *Server) apiCatalogueSearch(c *fiber.Ctx) error {
	p, err := catalogueParams(c)
	if err != nil {
		return err
	}
	p.WithRetired = false
	return s.sendSearch(c, p)
}

// sendSearch sends the search document as PostgreSQL built it (already in the API's shape).
func (s *Server) sendSearch(c *fiber.Ctx, p catalogue.SearchParams) error {
	raw, err := s.catalogue.Store().SearchJSON(ctx(c), p)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
	return c.Send(raw)
}

func (s *Server) apiCatalogueTenantSearch(c *fiber.Ctx) error {
	p, err := catalogueParams(c)
	if err != nil {
		return err
	}
	if _, err := s.near(c, &p); err != nil {
		return err
	}
	return s.sendSearch(c, p)
}

func (s *Server) apiCatalogueGet(c *fiber.Ctx) error {
	e, err := s.catalogue.Store().Get(ctx(c), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(e)
}

func (s *Server) apiCatalogueHistory(c *fiber.Ctx) error {
	if _, err := s.catalogue.Store().Get(ctx(c), c.Params("id")); err != nil {
		return err
	}
	h, err := s.catalogue.Store().History(ctx(c), c.Params("id"))
	if err != nil {
		return err
	}
	if h == nil {
		h = []catalogue.HistoryRecord{}
	}
	// Who made each change (a steward's e-mail) is personal data: only stewards, who work together on the
	// catalogue, see it; anyone else sees what changed and when.
	if p := principal(c); p == nil || !s.authz.Allowed(p.RolesIn(false), "catalogue", "write") {
		for i := range h {
			h[i].Actor = ""
		}
	}
	return c.JSON(fiber.Map{"items": h})
}

// steward returns the caller as a catalogue steward with the regions the role is limited to.
func steward(p *accounts.Principal) catalogue.Steward {
	st := catalogue.Steward{UserID: p.User.ID.String()}
	for _, r := range p.PlatformRoles {
		if r.Role == accounts.RoleCatalogueSteward {
			if len(r.Regions) == 0 {
				return catalogue.Steward{UserID: st.UserID}
			}
			st.Regions = append(st.Regions, r.Regions...)
		}
	}
	return st
}
