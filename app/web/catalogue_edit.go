package web

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"maillage/app/catalogue"
	"maillage/app/quebec"
)

// catalogueEditRoutes: a steward creates or edits an entry in a form. (The new-entry page,
// GET /catalogue/entries/new, is declared before GET /catalogue/:id in catalogueRoutes.)
func (s *Server) catalogueEditRoutes() []Route {
	return []Route{
		{Method: "POST", Path: "/catalogue/entries", Scope: Platform, Obj: "catalogue", Act: "write", Handler: s.catalogueCreateForm},
		{Method: "GET", Path: "/catalogue/:id/edit", Scope: Platform, Obj: "catalogue", Act: "write", Handler: s.catalogueEditPage},
		{Method: "POST", Path: "/catalogue/:id/edit", Scope: Platform, Obj: "catalogue", Act: "write", Handler: s.catalogueUpdateForm},
	}
}

type catalogueFormView struct {
	Entry        catalogue.Entry
	Action       string
	Forms        []Choice
	Sectors      []Choice
	Regions      []Choice
	OtherNames   string
	Products     string
	UNSPSC       string
	Municipality string // the name, as a person types it
}

func (s *Server) catalogueForm(c *fiber.Ctx, e catalogue.Entry, action, title string) error {
	sectors, err := s.catalogue.Store().Sectors(ctx(c))
	if err != nil {
		return err
	}
	places, err := s.catalogue.Places(ctx(c))
	if err != nil {
		return err
	}
	v := catalogueFormView{Entry: e, Action: action, OtherNames: strings.Join(e.OtherNames, "\n"), Products: strings.Join(e.Products, "\n"),
		UNSPSC: strings.Join(e.UNSPSC, ", "), Municipality: e.Address.MunicipalityName}
	if v.Municipality == "" {
		v.Municipality = e.Address.MunicipalityCode
	}
	l := s.localizer(c)
	for _, f := range quebec.CollectiveForms() {
		v.Forms = append(v.Forms, Choice{Value: string(f), Label: translate(l, "quebec.collective."+string(f), nil)})
	}
	for _, sc := range sectors {
		label := sc.NameFR
		if lang(c) == "en" {
			label = sc.NameEN
		}
		v.Sectors = append(v.Sectors, Choice{Value: sc.Code, Label: label})
	}
	for _, r := range places.RegionCodes() {
		v.Regions = append(v.Regions, Choice{Value: r, Label: orCode(s.names.Region(r), r)})
	}
	return s.render(c, "catalogue/form", title, v)
}

func (s *Server) catalogueNewPage(c *fiber.Ctx) error {
	return s.catalogueForm(c, catalogue.Entry{LegalForm: quebec.CollectiveNonProfit}, "/catalogue/entries", "catalogue.steward.new")
}

func (s *Server) catalogueEditPage(c *fiber.Ctx) error {
	e, err := s.catalogue.Store().Get(ctx(c), c.Params("id"))
	if err != nil {
		return err
	}
	return s.catalogueForm(c, e, "/catalogue/"+e.ID+"/edit", "catalogue.steward.edit")
}

// entryFromForm reads the form; the municipality may be typed as its name or its code.
func (s *Server) entryFromForm(c *fiber.Ctx) (catalogue.Entry, error) {
	lines := func(v string) []string {
		var out []string
		for _, x := range strings.FieldsFunc(v, func(r rune) bool { return r == '\n' || r == ';' }) {
			if x = strings.TrimSpace(x); x != "" {
				out = append(out, x)
			}
		}
		return out
	}
	multi := func(name string) []string {
		var out []string
		for _, v := range c.Context().PostArgs().PeekMulti(name) {
			out = append(out, string(v))
		}
		return out
	}
	e := catalogue.Entry{NEQ: c.FormValue("neq"), Name: strings.TrimSpace(c.FormValue("name")), OtherNames: lines(c.FormValue("other_names")),
		LegalForm: quebec.CollectiveForm(c.FormValue("legal_form")), Adapted: c.FormValue("adapted") == "on", NoRistourne: c.FormValue("no_ristourne") == "on",
		RegionsServed: multi("regions_served"), Sectors: multi("sectors"), Products: lines(c.FormValue("products")),
		Description: strings.TrimSpace(c.FormValue("description")), Contact: catalogue.Contact{Email: strings.TrimSpace(c.FormValue("email"))}}
	e.UNSPSC = append(e.UNSPSC, strings.FieldsFunc(c.FormValue("unspsc"), func(r rune) bool { return r == ',' || r == ' ' || r == ';' })...)
	if w := strings.TrimSpace(c.FormValue("website")); w != "" {
		e.Website = w // as typed when refused, so that Validate names it next to the field
		if n, ok := quebec.NormalizeWebsite(w); ok {
			e.Website = n
		}
	}
	if p := strings.TrimSpace(c.FormValue("phone")); p != "" {
		e.Contact.Phone, _ = catalogue.NormalizePhone(p)
	}
	e.Address.Street, e.Address.PostalCode = strings.TrimSpace(c.FormValue("street")), strings.ToUpper(strings.TrimSpace(c.FormValue("postal_code")))
	e.Address.MunicipalityCode = strings.TrimSpace(c.FormValue("municipality"))
	places, err := s.catalogue.Places(ctx(c))
	if err != nil {
		return e, err
	}
	if m, _, ok := places.Resolve(e.Address.MunicipalityCode, ""); ok {
		e.Address.MunicipalityCode = m.Code
	}
	e.Version, _ = strconv.Atoi(c.FormValue("version"))
	return e, nil
}

func (s *Server) catalogueCreateForm(c *fiber.Ctx) error {
	e, err := s.entryFromForm(c)
	var out catalogue.Entry
	if err == nil {
		out, err = s.catalogue.Create(ctx(c), steward(principal(c)), e)
	}
	if err != nil {
		return s.reshow(c, err, s.catalogueNewPage)
	}
	return s.redirectWith(c, "/catalogue/"+out.ID, "catalogue.steward.created", map[string]any{"Name": out.Name})
}

func (s *Server) catalogueUpdateForm(c *fiber.Ctx) error {
	e, err := s.entryFromForm(c)
	var out catalogue.Entry
	if err == nil {
		out, err = s.catalogue.Update(ctx(c), steward(principal(c)), c.Params("id"), e.Version, e)
	}
	if err != nil {
		return s.reshow(c, err, s.catalogueEditPage)
	}
	return s.redirectWith(c, "/catalogue/"+out.ID, "catalogue.steward.saved", map[string]any{"Name": out.Name})
}
