package web

import (
	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"maillage/app/errs"
	"maillage/app/signups"
)

func (s *Server) signupRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/organismes/inscription", Scope: Public, Handler: s.signupPage},
		{Method: "POST", Path: "/organismes/inscription", Scope: Public, Handler: s.signupSubmit, Limit: 10},
		{Method: "GET", Path: "/organismes/inscription/confirmer", Scope: Public, Handler: s.signupConfirmPage},
		{Method: "POST", Path: "/organismes/inscription/confirmer", Scope: Public, Handler: s.signupConfirm, Limit: 20},
		{Method: "POST", Path: "/api/v1/signups", Scope: Public, Handler: s.apiSignup, Limit: 10,
			Doc: &APIDoc{Summary: "A public body asks to join (anonymous; a confirmation e-mail follows)", Tag: "signups", Request: "SignupRequest", Response: "Signup", Status: 201}},
		{Method: "POST", Path: "/api/v1/signups/confirm", Scope: Public, Handler: s.apiSignupConfirm, Limit: 20,
			Doc: &APIDoc{Summary: "Confirm the e-mail address with the token of the link", Tag: "signups", Request: "SignupConfirmation", Response: "Signup"}},
		{Method: "GET", Path: "/admin/inscriptions", Scope: Platform, Obj: "signups", Act: "admin", Handler: s.signupQueuePage},
		{Method: "POST", Path: "/admin/inscriptions/:id/approuver", Scope: Platform, Obj: "signups", Act: "admin", Handler: s.signupApproveForm},
		{Method: "POST", Path: "/admin/inscriptions/:id/refuser", Scope: Platform, Obj: "signups", Act: "admin", Handler: s.signupRefuseForm},
		{Method: "GET", Path: "/api/v1/signups", Scope: Platform, Obj: "signups", Act: "admin", Handler: s.apiSignupList,
			Doc: &APIDoc{Summary: "Sign-up requests (platform admin); ?status=awaiting_email|pending|approved|refused", Tag: "signups", Query: []string{"status"}}},
		{Method: "POST", Path: "/api/v1/signups/:id/approve", Scope: Platform, Obj: "signups", Act: "admin", Handler: s.apiSignupApprove,
			Doc: &APIDoc{Summary: "Approve a confirmed sign-up: creates the body, its first admin, its default policy and its trial", Tag: "signups", Response: "Tenant"}},
		{Method: "POST", Path: "/api/v1/signups/:id/refuse", Scope: Platform, Obj: "signups", Act: "admin", Handler: s.apiSignupRefuse,
			Doc: &APIDoc{Summary: "Refuse a sign-up with a reason the person receives", Tag: "signups", Request: "SignupRefusal", Response: "Signup"}},
	}
}

// signupView is the sign-up form.
type signupView struct {
	Req            signups.Request
	Kinds          []Choice
	Municipalities []Choice
	MRCs           []Choice
	Plans          []planLine
}

type planLine struct {
	Label       string
	AnnualCents int64
}

func (s *Server) signupPage(c *fiber.Ctx) error {
	v, err := s.signupForm(c)
	if err != nil {
		return err
	}
	return s.render(c, "signups/form", "signups.title", v)
}

// signupForm is the form's data: the kinds, every MAMH municipality and MRC, the price list.
func (s *Server) signupForm(c *fiber.Ctx) (signupView, error) {
	v := signupView{Req: signups.Request{Kind: "municipality"}}
	for _, k := range signups.Kinds {
		v.Kinds = append(v.Kinds, Choice{Value: k, Label: s.T(c, "billing.kind."+k, nil)})
	}
	munis, mrcs, err := s.bill.signups.Places(ctx(c))
	if err != nil {
		return v, err
	}
	for _, m := range munis {
		v.Municipalities = append(v.Municipalities, Choice{Value: m.Code, Label: m.Name + " — " + m.RegionName})
	}
	for _, m := range mrcs {
		v.MRCs = append(v.MRCs, Choice{Value: m.Code, Label: m.Name + " — " + m.RegionName})
	}
	plans, err := s.bill.svc.Store.Plans(ctx(c), s.now())
	if err != nil {
		return v, err
	}
	l := pageLocalizer(s, c)
	for _, p := range plans {
		v.Plans = append(v.Plans, planLine{Label: planLabel(l, p), AnnualCents: p.AnnualCents})
	}
	return v, nil
}

func pageLocalizer(s *Server, c *fiber.Ctx) func(string, map[string]any) string {
	return func(id string, args map[string]any) string { return s.T(c, id, args) }
}

func signupRequest(c *fiber.Ctx) signups.Request {
	return signups.Request{BodyName: c.FormValue("body_name"), Kind: c.FormValue("kind"), MunicipalityCode: c.FormValue("municipality_code"),
		MRCCode: c.FormValue("mrc_code"), Identification: c.FormValue("identification"), PersonName: c.FormValue("person_name"),
		PersonTitle: c.FormValue("person_title"), Email: c.FormValue("email"), AcceptTerms: c.FormValue("accept_terms") != "", Lang: lang(c)}
}

func (s *Server) signupSubmit(c *fiber.Ctx) error {
	r := signupRequest(c)
	su, err := s.bill.signups.Submit(ctx(c), r)
	if err != nil {
		return s.reshow(c, err, s.signupPage)
	}
	return s.render(c, "signups/sent", "signups.sent_title", su)
}

func (s *Server) apiSignup(c *fiber.Ctx) error {
	var r signups.Request
	if err := c.BodyParser(&r); err != nil {
		return errs.E(errs.Invalid, "errors.invalid_input")
	}
	r.Lang = lang(c)
	su, err := s.bill.signups.Submit(ctx(c), r)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(su)
}

// The link in the e-mail opens a page with a button: a GET never changes anything (mail scanners follow
// links), the POST confirms.
func (s *Server) signupConfirmPage(c *fiber.Ctx) error {
	return s.render(c, "signups/confirm", "signups.confirm_title", fiber.Map{"Token": c.Query("jeton")})
}

func (s *Server) signupConfirm(c *fiber.Ctx) error {
	su, t, err := s.bill.flow.Confirm(ctx(c), c.FormValue("token"))
	if err != nil {
		return err
	}
	data := fiber.Map{"Signup": su}
	if t != nil {
		data["Slug"] = t.Slug
	}
	return s.render(c, "signups/confirmed", "signups.confirmed_title", data)
}

func (s *Server) apiSignupConfirm(c *fiber.Ctx) error {
	var in struct {
		Token string `json:"token"`
	}
	if err := c.BodyParser(&in); err != nil {
		return errs.E(errs.Invalid, "errors.invalid_input")
	}
	su, _, err := s.bill.flow.Confirm(ctx(c), in.Token)
	if err != nil {
		return err
	}
	return c.JSON(su)
}

func signupID(c *fiber.Ctx) (uuid.UUID, error) {
	id, err := uuid.Parse(c.Params("id"))
	if err != nil {
		return uuid.Nil, errs.E(errs.NotFound, "signups.err.not_found")
	}
	return id, nil
}

type signupQueueView struct {
	Status   string
	Statuses []string
	Items    []signups.Signup
}

func (s *Server) signupQueuePage(c *fiber.Ctx) error {
	status := c.Query("statut", signups.Pending)
	if status == "tous" {
		status = ""
	}
	items, err := s.bill.signups.List(ctx(c), status)
	if err != nil {
		return err
	}
	return s.render(c, "signups/queue", "signups.queue_title", signupQueueView{Status: status, Items: items,
		Statuses: []string{signups.Pending, signups.AwaitingEmail, signups.Approved, signups.Refused}})
}

func (s *Server) signupApproveForm(c *fiber.Ctx) error {
	id, err := signupID(c)
	if err != nil {
		return err
	}
	if _, err := s.bill.flow.Approve(ctx(c), id); err != nil {
		return s.reshow(c, err, s.signupQueuePage)
	}
	return s.redirectWith(c, "/admin/inscriptions", "signups.flash_approved", nil)
}

func (s *Server) signupRefuseForm(c *fiber.Ctx) error {
	id, err := signupID(c)
	if err != nil {
		return err
	}
	if _, err := s.bill.signups.Refuse(ctx(c), id, c.FormValue("reason")); err != nil {
		return s.reshow(c, err, s.signupQueuePage)
	}
	return s.redirectWith(c, "/admin/inscriptions", "signups.flash_refused", nil)
}

func (s *Server) apiSignupList(c *fiber.Ctx) error {
	items, err := s.bill.signups.List(ctx(c), c.Query("status"))
	if err != nil {
		return err
	}
	if items == nil {
		items = []signups.Signup{}
	}
	return c.JSON(ListPage[signups.Signup]{Items: items})
}

func (s *Server) apiSignupApprove(c *fiber.Ctx) error {
	id, err := signupID(c)
	if err != nil {
		return err
	}
	t, err := s.bill.flow.Approve(ctx(c), id)
	if err != nil {
		return err
	}
	return c.JSON(t)
}

func (s *Server) apiSignupRefuse(c *fiber.Ctx) error {
	id, err := signupID(c)
	if err != nil {
		return err
	}
	var in struct {
		Reason string `json:"reason"`
	}
	if err := c.BodyParser(&in); err != nil {
		return errs.E(errs.Invalid, "errors.invalid_input")
	}
	su, err := s.bill.signups.Refuse(ctx(c), id, in.Reason)
	if err != nil {
		return err
	}
	return c.JSON(su)
}
