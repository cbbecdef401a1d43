package web

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"maillage/app/errs"
	"maillage/app/mail"
	"maillage/app/quebec"
	"maillage/app/suppliers"
)

func (s *Server) applicationRoutes() []Route {
	return []Route{
		// Public page of a body's register, and applying to it.
		{Method: "GET", Path: "/t/:slug/inscription", Scope: TenantPublic, Handler: s.applyPage},
		{Method: "POST", Path: "/t/:slug/inscription", Scope: Platform, Obj: "own_applications", Act: "write", Handler: s.applySubmit},
		// The enterprise's own pages.
		{Method: "GET", Path: "/entreprise/profil", Scope: Platform, Obj: "enterprise_profile", Act: "read", Handler: s.enterpriseProfilePage},
		{Method: "POST", Path: "/entreprise/profil", Scope: Platform, Obj: "enterprise_profile", Act: "write", Handler: s.enterpriseProfileSave},
		{Method: "GET", Path: "/entreprise/candidatures", Scope: Platform, Obj: "enterprise_profile", Act: "read", Handler: s.myApplicationsPage},
		{Method: "GET", Path: "/entreprise/candidatures/:tenant/:app", Scope: Platform, Obj: "enterprise_profile", Act: "read", Handler: s.myApplicationPage},
		{Method: "POST", Path: "/entreprise/candidatures/:tenant/:app", Scope: Platform, Obj: "own_applications", Act: "write", Handler: s.myApplicationAct},
		// The buyers' review queue.
		{Method: "GET", Path: "/t/:slug/candidatures", Scope: Tenant, Obj: "applications", Act: "read", Handler: s.queuePage},
		{Method: "POST", Path: "/t/:slug/candidatures/inviter", Scope: Tenant, Obj: "applications", Act: "review", Handler: s.invitePost},
		{Method: "GET", Path: "/t/:slug/candidatures/:app", Scope: Tenant, Obj: "applications", Act: "read", Handler: s.reviewPage},
		{Method: "POST", Path: "/t/:slug/candidatures/:app", Scope: Tenant, Obj: "applications", Act: "review", Handler: s.reviewAct},
		{Method: "POST", Path: "/t/:slug/candidatures/:app/grille", Scope: Tenant, Obj: "applications", Act: "review", Handler: s.reviewScore},
		{Method: "GET", Path: "/api/v1/t/:slug/applications", Scope: Tenant, Obj: "applications", Act: "read", Handler: s.apiQueue,
			Doc: &APIDoc{Summary: "The body's applications (state filter)", Tag: "applications", Query: []string{"state"}}},
		{Method: "GET", Path: "/api/v1/t/:slug/applications/:app", Scope: Tenant, Obj: "applications", Act: "read", Handler: s.apiApplication,
			Doc: &APIDoc{Summary: "One application with its messages, profile and documents", Tag: "applications"}},
		{Method: "POST", Path: "/api/v1/t/:slug/applications/:app/actions", Scope: Tenant, Obj: "applications", Act: "review", Handler: s.apiApplicationAct,
			Doc: &APIDoc{Summary: "Review action: start_review, request_info, approve, reject (reason required), suspend, reinstate", Tag: "applications", Request: "SupplierAction"}},
		// Development and test only, for platform admins: the e-mails the application would have sent
		// (invitations and messages carry personal data and sign-in links).
		{Method: "GET", Path: "/dev/courriels", Scope: Platform, Obj: "dev_mailbox", Act: "read", Handler: s.devMailbox},
	}
}

func appID(c *fiber.Ctx) (uuid.UUID, error) {
	id, err := uuid.Parse(c.Params("app"))
	if err != nil {
		return uuid.Nil, errs.E(errs.NotFound, "suppliers.application_not_found")
	}
	return id, nil
}

type applyView struct {
	LoggedIn     bool
	IsEnterprise bool
	HasProfile   bool
	ProfileName  string
	Already      *suppliers.Application
}

func (s *Server) applyPage(c *fiber.Ctx) error {
	v := applyView{}
	if p := principal(c); p != nil {
		v.LoggedIn = true
		v.IsEnterprise = p.HasPlatformRole("enterprise")
		if ent, err := s.sup.apps.Mine(ctx(c), p.User.ID); err == nil {
			v.HasProfile, v.ProfileName = true, ent.Profile.LegalName
			apps, err := s.sup.apps.MyApplications(ctx(c), p.User.ID)
			if err != nil {
				return err
			}
			for i := range apps {
				if apps[i].TenantSlug == tenant(c).Slug {
					v.Already = &apps[i]
				}
			}
		}
	}
	p := s.page(c, "applications.public_title", v)
	p.Title = translate(p.L, "applications.public_title", map[string]any{"Name": tenant(c).Name})
	return s.renderPage(c, "applications/public", p)
}

func (s *Server) applySubmit(c *fiber.Ctx) error {
	ref, err := s.reference(c)
	if err != nil {
		return err
	}
	if _, err := s.sup.apps.Apply(ctx(c), tenant(c).ID, principal(c).User.ID, ref); err != nil {
		if errs.Is(err, errs.NotFound) {
			return c.Redirect("/entreprise/profil?apply="+tenant(c).Slug, fiber.StatusSeeOther)
		}
		return err
	}
	return c.Redirect("/entreprise/candidatures?ok=1", fiber.StatusSeeOther)
}

func (s *Server) enterpriseProfilePage(c *fiber.Ctx) error {
	ref, err := s.reference(c)
	if err != nil {
		return err
	}
	ent, err := s.sup.apps.Mine(ctx(c), principal(c).User.ID)
	if err != nil && !errs.Is(err, errs.NotFound) {
		return err
	}
	if err != nil {
		ent.Profile.LegalForm = quebec.FormOther
		if neq, perr := quebec.ParseNEQ(c.Query("neq")); perr == nil {
			if ent.Profile, err = s.catalogueProfile(c, neq); err != nil {
				return err
			}
		}
	}
	f := s.newSupplierForm(ref, ent.Profile)
	f.Action, f.Cancel, f.Enterprise, f.ApplySlug = "/entreprise/profil?apply="+c.Query("apply"), "/entreprise/candidatures", true, c.Query("apply")
	return s.render(c, "suppliers/form", "applications.profile_title", f)
}

func (s *Server) enterpriseProfileSave(c *fiber.Ctx) error {
	ref, err := s.reference(c)
	if err != nil {
		return err
	}
	uid := principal(c).User.ID
	cur, err := s.sup.apps.Mine(ctx(c), uid)
	if err != nil && !errs.Is(err, errs.NotFound) {
		return err
	}
	prof := cur.Profile
	muni, err := parseSupplierForm(c, ref, &prof, principal(c).User.Email, false)
	if err == nil {
		_, err = s.sup.apps.SaveProfile(ctx(c), uid, ref, prof)
	}
	if err != nil {
		f := s.newSupplierForm(ref, prof)
		f.Municipality, f.Enterprise = muni, true
		f.Action, f.Cancel = "/entreprise/profil?apply="+c.Query("apply"), "/entreprise/candidatures"
		return s.rerenderForm(c, "suppliers/form", "applications.profile_title", f, err)
	}
	if slug := c.Query("apply"); slug != "" && slugOK(slug) {
		return c.Redirect("/t/"+slug+"/inscription", fiber.StatusSeeOther)
	}
	return c.Redirect("/entreprise/candidatures?ok=1", fiber.StatusSeeOther)
}

// slugOK keeps a redirect inside our own tenant pages.
func slugOK(s string) bool {
	for _, r := range s {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '-' {
			return false
		}
	}
	return s != ""
}

type myApplicationsView struct {
	Profile  *suppliers.Enterprise
	Apps     []suppliers.Application
	Docs     []suppliers.DocInfo
	DocTypes []string
}

func (s *Server) myApplicationsPage(c *fiber.Ctx) error {
	uid := principal(c).User.ID
	v := myApplicationsView{DocTypes: []string{suppliers.DocRQAttestation, suppliers.DocInsurance, suppliers.DocAMPAuthorization}}
	ent, err := s.sup.apps.Mine(ctx(c), uid)
	if err == nil {
		v.Profile = &ent
		if v.Apps, err = s.sup.apps.MyApplications(ctx(c), uid); err != nil {
			return err
		}
		if v.Docs, err = s.sup.apps.MyDocs(ctx(c), uid); err != nil {
			return err
		}
	} else if !errs.Is(err, errs.NotFound) {
		return err
	}
	p := s.page(c, "applications.mine_title", v)
	if c.Query("ok") != "" {
		p.Flash = translate(p.L, "suppliers.saved", nil)
	}
	return s.renderPage(c, "applications/mine", p)
}

type appDetailView struct {
	D       suppliers.Detail
	Actions []suppliers.Action
	Buyer   bool
	PostURL string
	Scores  []int
	Docs    []suppliers.DocInfo
}

func (s *Server) myApplicationPage(c *fiber.Ctx) error {
	tid, err := uuid.Parse(c.Params("tenant"))
	if err != nil {
		return errs.E(errs.NotFound, "suppliers.application_not_found")
	}
	id, err := appID(c)
	if err != nil {
		return err
	}
	d, err := s.sup.apps.MyApplication(ctx(c), principal(c).User.ID, tid, id)
	if err != nil {
		return err
	}
	v := appDetailView{D: d, Actions: suppliers.Allowed(d.State, suppliers.RoleEnterprise), PostURL: c.Path()}
	p := s.page(c, "applications.detail_title", v)
	p.Title = translate(p.L, "applications.detail_title", map[string]any{"Name": d.TenantName})
	if c.Query("ok") != "" {
		p.Flash = translate(p.L, "suppliers.saved", nil)
	}
	return s.renderPage(c, "applications/detail", p)
}

func (s *Server) myApplicationAct(c *fiber.Ctx) error {
	tid, err := uuid.Parse(c.Params("tenant"))
	if err != nil {
		return errs.E(errs.NotFound, "suppliers.application_not_found")
	}
	id, err := appID(c)
	if err != nil {
		return err
	}
	a := suppliers.Action(c.FormValue("action"))
	if a != suppliers.ActAnswer && a != suppliers.ActWithdraw {
		return errs.E(errs.Forbidden, "suppliers.transition_forbidden")
	}
	who := suppliers.Actor{Role: suppliers.RoleEnterprise, UserID: principal(c).User.ID, Label: principal(c).User.Email}
	if _, err := s.sup.apps.Act(ctx(c), tid, id, who, a, c.FormValue("message")); err != nil {
		return err
	}
	return c.Redirect(c.Path()+"?ok=1", fiber.StatusSeeOther)
}

type queueView struct {
	Apps   []suppliers.Application
	State  string
	States []suppliers.State
}

func (s *Server) queuePage(c *fiber.Ctx) error {
	st := suppliers.State(c.Query("state"))
	if st != "" && !st.Valid() {
		return (&errs.Validation{}).ErrWith("state", "suppliers.status_unknown", map[string]any{"Value": string(st)})
	}
	apps, err := s.sup.apps.Queue(ctx(c), tenant(c).ID, st)
	if err != nil {
		return err
	}
	p := s.page(c, "applications.queue_title", queueView{Apps: apps, State: string(st), States: suppliers.States()})
	if c.Query("ok") != "" {
		p.Flash = translate(p.L, "suppliers.saved", nil)
	}
	return s.renderPage(c, "applications/queue", p)
}

func (s *Server) invitePost(c *fiber.Ctx) error {
	if _, err := s.sup.apps.Invite(ctx(c), tenant(c).ID, c.FormValue("email")); err != nil {
		return err
	}
	return c.Redirect("/t/"+tenant(c).Slug+"/candidatures?ok=1", fiber.StatusSeeOther)
}

func (s *Server) reviewPage(c *fiber.Ctx) error {
	id, err := appID(c)
	if err != nil {
		return err
	}
	d, err := s.sup.apps.Get(ctx(c), tenant(c).ID, id)
	if err != nil {
		return err
	}
	v := appDetailView{D: d, Buyer: true, PostURL: c.Path(), Scores: []int{0, 1, 2, 3, 4, 5}, Docs: d.Docs}
	if s.authz.Allowed(principal(c).TenantRoles, "applications", "review") {
		v.Actions = suppliers.Allowed(d.State, suppliers.RoleBuyer)
	}
	p := s.page(c, "applications.detail_title", v)
	p.Title = d.EnterpriseName
	if c.Query("ok") != "" {
		p.Flash = translate(p.L, "suppliers.saved", nil)
	}
	return s.renderPage(c, "applications/detail", p)
}

func (s *Server) buyerAct(c *fiber.Ctx, id uuid.UUID, action, message string) (suppliers.Application, error) {
	a := suppliers.Action(action)
	if a == suppliers.ActApply || a == suppliers.ActAnswer || a == suppliers.ActWithdraw || a == suppliers.ActInvite {
		return suppliers.Application{}, errs.E(errs.Forbidden, "suppliers.transition_forbidden")
	}
	who := suppliers.Actor{Role: suppliers.RoleBuyer, UserID: principal(c).User.ID, Label: principal(c).User.Email}
	return s.sup.apps.Act(ctx(c), tenant(c).ID, id, who, a, message)
}

func (s *Server) reviewAct(c *fiber.Ctx) error {
	id, err := appID(c)
	if err != nil {
		return err
	}
	if _, err := s.buyerAct(c, id, c.FormValue("action"), c.FormValue("message")); err != nil {
		return err
	}
	return c.Redirect("/t/"+tenant(c).Slug+"/candidatures/"+id.String()+"?ok=1", fiber.StatusSeeOther)
}

func (s *Server) reviewScore(c *fiber.Ctx) error {
	id, err := appID(c)
	if err != nil {
		return err
	}
	val := func(name string) *int {
		n, err := strconv.Atoi(c.FormValue(name))
		if err != nil {
			return nil
		}
		return &n
	}
	if err := s.sup.apps.Score(ctx(c), tenant(c).ID, id, val("score_willingness"), val("score_fit"), val("score_capacity")); err != nil {
		return err
	}
	return c.Redirect("/t/"+tenant(c).Slug+"/candidatures/"+id.String()+"?ok=1", fiber.StatusSeeOther)
}

func (s *Server) apiQueue(c *fiber.Ctx) error {
	apps, err := s.sup.apps.Queue(ctx(c), tenant(c).ID, suppliers.State(c.Query("state")))
	if err != nil {
		return err
	}
	if apps == nil {
		apps = []suppliers.Application{}
	}
	return c.JSON(fiber.Map{"items": apps})
}

func (s *Server) apiApplication(c *fiber.Ctx) error {
	id, err := appID(c)
	if err != nil {
		return err
	}
	d, err := s.sup.apps.Get(ctx(c), tenant(c).ID, id)
	if err != nil {
		return err
	}
	return c.JSON(d)
}

func (s *Server) apiApplicationAct(c *fiber.Ctx) error {
	id, err := appID(c)
	if err != nil {
		return err
	}
	var in supplierAction
	if err := json.Unmarshal(c.Body(), &in); err != nil {
		return errs.E(errs.Invalid, "suppliers.json_invalid").With(map[string]any{"Detail": err.Error()})
	}
	ap, err := s.buyerAct(c, id, in.Action, in.Reason)
	if err != nil {
		return err
	}
	return c.JSON(ap)
}

type mailboxView struct {
	To   string
	Mail []mail.Stored
}

// devMailbox lists what the application would have sent, to platform admins. It does not exist in production.
func (s *Server) devMailbox(c *fiber.Ctx) error {
	if s.cfg.Env == "production" {
		return errNotFound
	}
	msgs, err := s.sup.outbox.Recent(ctx(c), c.Query("to"), 50)
	if err != nil {
		return err
	}
	return s.render(c, "dev/mailbox", "applications.mailbox_title", mailboxView{To: c.Query("to"), Mail: msgs})
}

// catalogueProfile pre-fills a new enterprise profile from the shared catalogue when the
// NEQ is known there (the enterprise reviews every field before saving).
func (s *Server) catalogueProfile(c *fiber.Ctx, neq quebec.NEQ) (suppliers.Supplier, error) {
	p := suppliers.Supplier{NEQ: neq, LegalForm: quebec.FormOther}
	e, ok, err := s.catalogue.Store().ActiveByNEQ(ctx(c), string(neq))
	if err != nil || !ok {
		return p, err
	}
	p.LegalName, p.Street, p.MunicipalityCode, p.PostalCode, p.Website = e.Name, e.Address.Street, e.Address.MunicipalityCode,
		e.Address.PostalCode, e.Website
	p.QuebecEstablishment, p.NoRistourne, p.Adapted = e.Address.MunicipalityCode != "", e.NoRistourne, e.Adapted
	p.UNSPSC, p.RegionsServed = e.UNSPSC, e.RegionsServed
	p.ProductsServices = strings.TrimSpace(strings.Trim(strings.Join(e.Products, ", ")+". "+e.Description, ". "))
	if form, kind := e.LegalForm.Split(); form.Collective() {
		p.LegalForm, p.CoopKind = form, kind
	}
	return p, nil
}
