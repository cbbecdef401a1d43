package web

import (
	"net/url"
	"strconv"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"maillage/app/catalogue"
	"maillage/app/errs"
	"maillage/app/quebec"
)

// catalogueSearchView is what the search page shows.
type catalogueSearchView struct {
	Params      catalogue.SearchParams
	Result      catalogue.SearchResult
	Facets      []facetGroup
	Action      string // the form's URL
	CanPull     bool
	PullURL     string
	PullStatus  string // the body's register setting: the status pulled enterprises get
	Near        string
	Pages       int
	PrevURL     string
	NextURL     string
	InRegion    string // public directory: the region's name
	Public      bool
	QueryBase   string
	NearNote    string // what "near us" searched, in words
	QueryString string // the search's query, kept by the pull form (an error shows the same results)
	// InRegister marks the results the body's register already holds (by entry id).
	InRegister map[string]bool
}

// Pager is the search's paging for the shared pager.
func (v catalogueSearchView) Pager() Pager {
	return Pager{PrevURL: v.PrevURL, NextURL: v.NextURL, Page: v.Result.Page, Pages: v.Pages}
}

// facetGroup is one facet with its values as links that toggle a filter.
type facetGroup struct {
	Name   string
	Label  string
	Values []facetLink
}

type facetLink struct {
	Label    string
	Count    int
	Href     string
	Selected bool
}

func (s *Server) searchView(c *fiber.Ctx, action string, p catalogue.SearchParams, res catalogue.SearchResult) catalogueSearchView {
	v := catalogueSearchView{Params: p, Result: res, Action: action, Near: c.Query("near")}
	q, _ := url.ParseQuery(string(c.Context().QueryArgs().QueryString()))
	q.Del("page")
	lang := lang(c)
	for _, name := range catalogue.FacetNames() {
		g := facetGroup{Name: name, Label: s.T(c, "catalogue.facet."+name, nil)}
		selected := map[string]bool{}
		for _, x := range q[name] {
			selected[x] = true
		}
		for _, fv := range res.Facets[name] {
			label := fv.LabelFR
			if lang == "en" && fv.LabelEN != "" {
				label = fv.LabelEN
			}
			switch name {
			case catalogue.FacetLegalForm:
				label = s.T(c, "quebec.collective."+fv.Value, nil)
			case catalogue.FacetAdapted:
				label = s.T(c, "catalogue.adapted."+fv.Value, nil)
			}
			nq := url.Values{}
			for k, vs := range q {
				nq[k] = append([]string(nil), vs...)
			}
			if selected[fv.Value] {
				nq.Del(name)
				for _, x := range q[name] {
					if x != fv.Value {
						nq.Add(name, x)
					}
				}
			} else {
				nq.Add(name, fv.Value)
			}
			g.Values = append(g.Values, facetLink{Label: label, Count: fv.Count, Href: action + "?" + nq.Encode(), Selected: selected[fv.Value]})
		}
		if len(g.Values) > 0 {
			v.Facets = append(v.Facets, g)
		}
	}
	v.QueryString = string(c.Context().QueryArgs().QueryString())
	v.Pages = (res.Total + res.PerPage - 1) / max(res.PerPage, 1)
	page := func(n int) string {
		nq := url.Values{}
		for k, vs := range q {
			nq[k] = vs
		}
		nq.Set("page", strconv.Itoa(n))
		return action + "?" + nq.Encode()
	}
	if res.Page > 1 {
		v.PrevURL = page(res.Page - 1)
	}
	if res.Page < v.Pages {
		v.NextURL = page(res.Page + 1)
	}
	return v
}

func (s *Server) catalogueSearchPage(c *fiber.Ctx) error {
	p, err := catalogueParams(c)
	if err != nil {
		return err
	}
	res, err := s.catalogue.Store().Search(ctx(c), p)
	if err != nil {
		return err
	}
	return s.render(c, "catalogue/search", "catalogue.title", s.searchView(c, "/catalogue", p, res))
}

func (s *Server) catalogueTenantSearchPage(c *fiber.Ctx) error {
	p, err := catalogueParams(c)
	if err != nil {
		return err
	}
	note, err := s.near(c, &p)
	if err != nil {
		return err
	}
	res, err := s.catalogue.Store().Search(ctx(c), p)
	if err != nil {
		return err
	}
	t := tenant(c)
	v := s.searchView(c, "/t/"+t.Slug+"/catalogue", p, res)
	v.NearNote = note
	var neqs, ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
		if h.NEQ != "" {
			neqs = append(neqs, h.NEQ)
		}
	}
	byNEQ, byEntry, err := s.sup.store.InRegister(ctx(c), t.ID, neqs, ids)
	if err != nil {
		return err
	}
	v.InRegister = map[string]bool{}
	for _, h := range res.Hits {
		v.InRegister[h.ID] = byEntry[h.ID] || (h.NEQ != "" && byNEQ[h.NEQ])
	}
	v.CanPull = s.authz.Allowed(principal(c).TenantRoles, "catalogue_pull", "write")
	v.PullURL = "/t/" + t.Slug + "/catalogue/pull"
	if v.CanPull {
		set, err := s.sup.store.Settings(ctx(c), t.ID)
		if err != nil {
			return err
		}
		v.PullStatus = set.PullStatus
	}
	return s.render(c, "catalogue/search", "catalogue.title", v)
}

// cataloguePublicRegion is the public, read-only directory of one region's collective enterprises.
func (s *Server) cataloguePublicRegion(c *fiber.Ctx) error {
	region := c.Params("region")
	places, err := s.catalogue.Places(ctx(c))
	if err != nil {
		return err
	}
	name, ok := places.RegionByCode(region)
	if !ok {
		return errNotFound
	}
	p, err := catalogueParams(c)
	if err != nil {
		return err
	}
	p.Regions = []string{region}
	res, err := s.catalogue.Store().Search(ctx(c), p)
	if err != nil {
		return err
	}
	v := s.searchView(c, "/repertoire/"+region, p, res)
	v.Public, v.InRegion = true, name
	return s.render(c, "catalogue/search", "catalogue.public_title", v)
}

type catalogueEntryView struct {
	Entry        catalogue.Entry
	History      []catalogue.HistoryRecord
	Criteria     []catalogue.Criterion
	IsSteward    bool
	CanVerify    bool
	IsEnterprise bool
	CanPropose   bool            // the signed-in enterprise holds the entry's claim
	MergeQuery   string          // what the steward searched for the entry to keep
	MergeHits    []catalogue.Hit // what that search found
	MergeChoices []Choice        // the same, as the merge form's choices (name — town · NEQ)
	ProfileNEQ   string          // the enterprise's own NEQ, pre-filled in the claim form
}

func (s *Server) catalogueEntryPage(c *fiber.Ctx) error {
	e, err := s.catalogue.Store().Get(ctx(c), c.Params("id"))
	if err != nil {
		return err
	}
	v := catalogueEntryView{Entry: e, Criteria: catalogue.Criteria()}
	p := principal(c)
	v.CanVerify = s.authz.Allowed(p.RolesIn(false), "catalogue", "verify")
	v.IsEnterprise = s.authz.Allowed(p.RolesIn(false), "enterprise_profile", "write") && e.ClaimedBy == "" && e.Status == catalogue.StatusActive
	v.CanPropose = e.ClaimedBy != "" && e.ClaimedBy == p.User.ID.String() && e.Status == catalogue.StatusActive
	if v.IsEnterprise {
		if ent, err := s.sup.apps.Mine(ctx(c), p.User.ID); err == nil {
			v.ProfileNEQ = string(ent.Profile.NEQ)
		} else if !errs.Is(err, errs.NotFound) {
			return err
		}
	}
	if s.authz.Allowed(p.RolesIn(false), "catalogue", "write") {
		v.IsSteward = true
		if v.History, err = s.catalogue.Store().History(ctx(c), e.ID); err != nil {
			return err
		}
		v.MergeQuery = c.Query("fusion")
		if v.MergeHits, err = s.mergeSearch(c, e, v.MergeQuery); err != nil {
			return err
		}
		for _, h := range v.MergeHits {
			label := h.Name + " — " + h.Address.MunicipalityName
			if h.NEQ != "" {
				label += " · NEQ " + quebec.NEQ(h.NEQ).Display()
			}
			v.MergeChoices = append(v.MergeChoices, Choice{Value: h.ID, Label: label})
		}
	}
	pg := s.page(c, "catalogue.title", v)
	pg.Title = e.Name
	if c.Query("propose") == "1" {
		pg.Flash = s.T(c, "catalogue.proposal.sent", nil)
	}
	return s.renderPage(c, "catalogue/entry", pg)
}

// cataloguePullForm adds the checked entries to the register, then shows the linked suppliers.
func (s *Server) cataloguePullForm(c *fiber.Ctx) error {
	var ids []string
	for _, v := range c.Context().PostArgs().PeekMulti("catalogue_ids") {
		ids = append(ids, string(v))
	}
	if len(ids) == 0 {
		return s.reshow(c, (&errs.Validation{Key: "catalogue.pull.refused"}).ErrWith("catalogue_ids", "catalogue.pull.empty", nil), s.catalogueTenantSearchPage)
	}
	t := tenant(c)
	status, err := s.pullStatus(c, t.ID)
	if err != nil {
		return err
	}
	res, err := s.flows.Pull(ctx(c), t.ID, ids, status)
	if err != nil {
		return s.reshow(c, perEntry(err, ids), s.catalogueTenantSearchPage)
	}
	return s.redirectWith(c, "/t/"+t.Slug+"/catalogue/links", "catalogue.pull.done", map[string]any{"Count": len(res.Suppliers)})
}

// perEntry puts a pull's row errors on the check box of the entry they are about ("pick-<id>"), where the
// search page shows them.
func perEntry(err error, ids []string) error {
	e := errs.As(err)
	if e == nil {
		return err
	}
	out := *e
	out.Fields = nil
	for _, f := range e.Fields {
		if f.Row > 0 && f.Row <= len(ids) {
			f.Field, f.Row = "pick-"+ids[f.Row-1], 0
		}
		out.Fields = append(out.Fields, f)
	}
	return &out
}

// pullStatus is the status a pulled supplier gets: the body's register setting (approved or invited).
func (s *Server) pullStatus(c *fiber.Ctx, tenantID uuid.UUID) (string, error) {
	set, err := s.sup.store.Settings(ctx(c), tenantID)
	if err != nil {
		return "", err
	}
	return set.PullStatus, nil
}

type catalogueLinksView struct {
	Links []catalogue.Link
	Added int
}

func (s *Server) catalogueLinksPage(c *fiber.Ctx) error {
	ls, err := s.flows.Links(ctx(c), tenant(c).ID, "")
	if err != nil {
		return err
	}
	return s.render(c, "catalogue/links", "catalogue.links.title", catalogueLinksView{Links: ls})
}

func (s *Server) catalogueSyncForm(c *fiber.Ctx) error {
	var fields []catalogue.Field
	for _, v := range c.Context().PostArgs().PeekMulti("fields") {
		fields = append(fields, catalogue.Field(v))
	}
	if _, err := s.flows.Sync(ctx(c), tenant(c).ID, c.Params("supplier"), fields); err != nil {
		return err
	}
	return c.Redirect("/t/"+tenant(c).Slug+"/catalogue/links", fiber.StatusSeeOther)
}

func (s *Server) catalogueIgnoreForm(c *fiber.Ctx) error {
	if err := s.catalogue.Ignore(ctx(c), tenant(c).ID, c.Params("supplier")); err != nil {
		return err
	}
	return c.Redirect("/t/"+tenant(c).Slug+"/catalogue/links", fiber.StatusSeeOther)
}

func (s *Server) catalogueUnlinkForm(c *fiber.Ctx) error {
	if err := s.flows.Unlink(ctx(c), tenant(c).ID, c.Params("supplier")); err != nil {
		return err
	}
	return c.Redirect("/t/"+tenant(c).Slug+"/catalogue/links", fiber.StatusSeeOther)
}
