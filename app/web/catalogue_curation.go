package web

import (
	"net/url"

	"github.com/gofiber/fiber/v2"

	"maillage/app/catalogue"
	"maillage/app/errs"
)

// catalogueCurationRoutes: the stewards' pages that keep the catalogue tidy — the sector
// list (add, rename, retire by moving entries, forget a directory's value) and the duplicate
// finder (merge one into the other, or declare them two enterprises).
func (s *Server) catalogueCurationRoutes() []Route {
	w := func(method, path string, h fiber.Handler) Route {
		return Route{Method: method, Path: path, Scope: Platform, Obj: "catalogue", Act: "write", Handler: h}
	}
	return []Route{
		w("GET", "/catalogue/secteurs", s.sectorsPage),
		w("POST", "/catalogue/secteurs", s.sectorSave),
		w("POST", "/catalogue/secteurs/valeurs/oublier", s.sectorForgetValue),
		w("POST", "/catalogue/secteurs/:code", s.sectorSave),
		w("POST", "/catalogue/secteurs/:code/retirer", s.sectorRetire),
		w("GET", "/catalogue/doublons", s.duplicatesPage),
		w("POST", "/catalogue/doublons/distincts", s.duplicatesDistinct),
	}
}

type sectorsView struct {
	Sectors  []catalogue.SectorUse
	Ignored  []string
	Editing  *catalogue.SectorUse // the sector the form renames; nil: the form adds one
	CanEdit  bool                 // stewards of the whole province
	Done     string
	MoveTo   map[string][]Choice // sector code → the other active sectors
	FormPath string
}

func (s *Server) sectorsPage(c *fiber.Ctx) error {
	list, ignored, err := s.catalogue.SectorList(ctx(c))
	if err != nil {
		return err
	}
	v := sectorsView{Sectors: list, Ignored: ignored, CanEdit: len(steward(principal(c)).Regions) == 0, FormPath: "/catalogue/secteurs",
		MoveTo: map[string][]Choice{}}
	l := lang(c)
	name := func(x catalogue.SectorUse) string {
		if l == "en" {
			return x.NameEN
		}
		return x.NameFR
	}
	for i, x := range list {
		if x.Code == c.Query("modifier") && !x.Retired {
			v.Editing, v.FormPath = &list[i], "/catalogue/secteurs/"+url.PathEscape(x.Code)
		}
		if x.Retired {
			continue
		}
		choices := []Choice{{Value: "", Label: s.T(c, "catalogue.sectors.move_none", nil)}}
		for _, o := range list {
			if o.Code != x.Code && !o.Retired {
				choices = append(choices, Choice{Value: o.Code, Label: name(o)})
			}
		}
		v.MoveTo[x.Code] = choices
	}
	if d := c.Query("fait"); d != "" {
		v.Done = s.T(c, "catalogue.sectors.done_"+map[string]string{"ajout": "add", "nom": "rename", "retrait": "retire", "oubli": "forget"}[d], nil)
	}
	return s.render(c, "catalogue/sectors", "catalogue.sectors.title", v)
}

func (s *Server) sectorSave(c *fiber.Ctx) error {
	sec := catalogue.Sector{Code: c.Params("code"), NameFR: c.FormValue("name_fr"), NameEN: c.FormValue("name_en")}
	if _, err := s.catalogue.SaveSector(ctx(c), steward(principal(c)), sec); err != nil {
		if sec.Code != "" {
			c.Request().URI().QueryArgs().Set("modifier", sec.Code)
		}
		return s.reshow(c, err, s.sectorsPage)
	}
	done := "ajout"
	if sec.Code != "" {
		done = "nom"
	}
	return c.Redirect("/catalogue/secteurs?fait="+done, fiber.StatusSeeOther)
}

func (s *Server) sectorRetire(c *fiber.Ctx) error {
	if err := s.catalogue.RetireSector(ctx(c), steward(principal(c)), c.Params("code"), c.FormValue("move_to")); err != nil {
		return s.reshow(c, err, s.sectorsPage)
	}
	return c.Redirect("/catalogue/secteurs?fait=retrait", fiber.StatusSeeOther)
}

func (s *Server) sectorForgetValue(c *fiber.Ctx) error {
	if err := s.catalogue.ForgetSectorValue(ctx(c), steward(principal(c)), c.FormValue("value")); err != nil {
		return err
	}
	return c.Redirect("/catalogue/secteurs?fait=oubli", fiber.StatusSeeOther)
}

type duplicatesView struct {
	Pairs   []duplicatePairView
	Region  string
	Regions []Choice
	Done    string
}

// duplicatePairView is a pair with one row per entry, each offering to keep that entry.
type duplicatePairView struct {
	catalogue.DuplicatePair
	Rows []duplicateRow
}

type duplicateRow struct {
	Entry   catalogue.Entry
	OtherID string // the entry merged into this one when the steward keeps it
}

// duplicatesPage lists the possible duplicates of a region (the steward's, or all).
func (s *Server) duplicatesPage(c *fiber.Ctx) error {
	st := steward(principal(c))
	region := c.Query("region")
	if region == "" && len(st.Regions) > 0 {
		region = st.Regions[0]
	}
	pairs, err := s.catalogue.Duplicates(ctx(c), st, region, 100)
	if err != nil {
		return err
	}
	ref, err := s.catalogue.Places(ctx(c))
	if err != nil {
		return err
	}
	v := duplicatesView{Region: region}
	for _, p := range pairs {
		v.Pairs = append(v.Pairs, duplicatePairView{DuplicatePair: p, Rows: []duplicateRow{{p.A, p.B.ID}, {p.B, p.A.ID}}})
	}
	if len(st.Regions) == 0 {
		v.Regions = append(v.Regions, Choice{Value: "", Label: s.T(c, "catalogue.duplicates.all_regions", nil), Selected: region == ""})
	}
	for _, code := range ref.RegionCodes() {
		if st.Covers(code) {
			v.Regions = append(v.Regions, Choice{Value: code, Label: ref.RegionName(code), Selected: code == region})
		}
	}
	switch c.Query("fait") {
	case "fusion":
		v.Done = s.T(c, "catalogue.duplicates.merged", nil)
	case "distincts":
		v.Done = s.T(c, "catalogue.duplicates.kept_apart", nil)
	}
	return s.render(c, "catalogue/duplicates", "catalogue.duplicates.title", v)
}

func (s *Server) duplicatesDistinct(c *fiber.Ctx) error {
	if err := s.catalogue.MarkDistinct(ctx(c), steward(principal(c)), c.FormValue("a"), c.FormValue("b")); err != nil {
		return err
	}
	return c.Redirect("/catalogue/doublons?fait=distincts&region="+url.QueryEscape(c.FormValue("region")), fiber.StatusSeeOther)
}

// mergeSearch is the entry page's merge by search: the active entries whose name matches
// what the steward typed, the entry itself left out.
func (s *Server) mergeSearch(c *fiber.Ctx, e catalogue.Entry, q string) ([]catalogue.Hit, error) {
	if q == "" {
		return nil, nil
	}
	res, err := s.catalogue.Store().Search(ctx(c), catalogue.SearchParams{Q: q, PerPage: 11})
	if err != nil {
		return nil, err
	}
	out := make([]catalogue.Hit, 0, len(res.Hits))
	for _, h := range res.Hits {
		if h.ID != e.ID && len(out) < 10 {
			out = append(out, h)
		}
	}
	return out, nil
}

// errNoMergeTarget is a merge form sent without a chosen entry.
var errNoMergeTarget = (&errs.Validation{Key: "catalogue.invalid"}).ErrWith("into", "catalogue.steward.merge_choose", nil)
