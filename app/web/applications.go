package web

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"maillage/app/auth"
	"maillage/app/errs"
	"maillage/app/flows"
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
	Required     []suppliers.RequiredDoc // the documents the body requires, with the enterprise's
	Ready        bool                    // every required document is there and valid
	Return       string                  // this page, where document uploads come back to
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
		if v.IsEnterprise {
			req, err := s.sup.apps.Readiness(ctx(c), tenant(c).ID, p.User.ID)
			if err != nil {
				return err
			}
			v.Required, v.Ready = req, true
			for _, r := range req {
				v.Ready = v.Ready && r.Ready()
			}
		}
	}
	v.Return = "/t/" + tenant(c).Slug + "/inscription"
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
		return s.reshow(c, err, s.applyPage)
	}
	return s.redirectWith(c, "/entreprise/candidatures", "applications.sent", map[string]any{"Name": tenant(c).Name})
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

// safeReturn keeps a "come back here" address only when it is one of our own pages (a relative path).
func safeReturn(raw string) string {
	if p, err := auth.SafeReturnTo(raw); err == nil && p != "/" {
		return p
	}
	return ""
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
	// DocTypeChoices are the types of the upload form, translated.
	DocTypeChoices []Choice
	// Replacing is the document the upload form replaces (?replace=id), ReplacingType its type.
	Replacing     *suppliers.DocInfo
	ReplacingType string
	// Return is the page to go back to after adding documents (a body's application page).
	Return string
}

func (s *Server) myApplicationsPage(c *fiber.Ctx) error {
	uid := principal(c).User.ID
	v := myApplicationsView{DocTypes: enterpriseDocTypes(), Return: safeReturn(c.Query("return"))}
	l := s.localizer(c)
	for _, t := range v.DocTypes {
		v.DocTypeChoices = append(v.DocTypeChoices, Choice{Value: t, Label: translate(l, "suppliers.doc_type."+t, nil)})
	}
	ent, err := s.sup.apps.Mine(ctx(c), uid)
	if err == nil {
		v.Profile = &ent
		if v.Apps, err = s.sup.apps.MyApplications(ctx(c), uid); err != nil {
			return err
		}
		if v.Docs, err = s.sup.apps.MyDocs(ctx(c), uid); err != nil {
			return err
		}
		replace := c.Query("replace")
		if replace == "" {
			replace = c.FormValue("replaces")
		}
		for i := range v.Docs {
			if v.Docs[i].ID.String() == replace && replace != "" {
				v.Replacing, v.ReplacingType = &v.Docs[i], v.Docs[i].Type
			}
		}
	} else if !errs.Is(err, errs.NotFound) {
		return err
	}
	return s.render(c, "applications/mine", "applications.mine_title", v)
}

type appDetailView struct {
	D       suppliers.Detail
	Actions []actionButton
	Buyer   bool
	PostURL string
	Docs    []suppliers.DocInfo
	// The buyer's view: the enterprise's whole card, the body's required documents, the catalogue's word.
	Card      enterpriseCard
	Required  []suppliers.RequiredDoc
	Catalogue *suppliers.CatalogueEES
	// The enterprise's view: the document types an answer can carry, and whether it may withdraw.
	DocTypes    []Choice
	CanWithdraw bool
}

// ScoreChoices are the grid's notes, 0 to 5, or none.
func (appDetailView) ScoreChoices() []Choice {
	out := []Choice{{Value: "", Label: "—"}}
	for i := 0; i <= 5; i++ {
		out = append(out, Choice{Value: strconv.Itoa(i), Label: strconv.Itoa(i)})
	}
	return out
}

// actionButton is one explicit decision button (Accept, Ask for details, Refuse…).
type actionButton struct {
	Action suppliers.Action
	Class  string // "", "secondary" or "danger"
	Reason bool   // a written message is required
}

// enterpriseCard is the enterprise's profile in words: places and categories named, the contact person.
type enterpriseCard struct {
	Municipality  string
	Region        string
	RegionsServed []string
	Categories    []string
	Contact       suppliers.Contact
	Criteria      []suppliers.EESCriterion
}

// buttons orders the allowed actions as decisions: accept first, refusals last.
func buttons(allowed []suppliers.Action) []actionButton {
	order := []suppliers.Action{suppliers.ActApprove, suppliers.ActRequestInfo, suppliers.ActStartReview, suppliers.ActAnswer,
		suppliers.ActReinstate, suppliers.ActReject, suppliers.ActSuspend}
	var out []actionButton
	for _, a := range order {
		for _, x := range allowed {
			if x != a {
				continue
			}
			b := actionButton{Action: a, Reason: suppliers.NeedsReason(a)}
			switch a {
			case suppliers.ActApprove, suppliers.ActAnswer:
			case suppliers.ActReject, suppliers.ActSuspend:
				b.Class = "danger"
			default:
				b.Class = "secondary"
			}
			out = append(out, b)
		}
	}
	return out
}

func (s *Server) card(c *fiber.Ctx, p *suppliers.Supplier) (enterpriseCard, error) {
	var k enterpriseCard
	if p == nil {
		return k, nil
	}
	ref, err := s.reference(c)
	if err != nil {
		return k, err
	}
	if p.MunicipalityCode != "" {
		k.Municipality = ref.MunicipalityLabel(p.MunicipalityCode)
	}
	k.Region = s.names.Region(p.RegionCode)
	for _, r := range p.RegionsServed {
		k.RegionsServed = append(k.RegionsServed, orCode(s.names.Region(r), r))
	}
	for _, u := range p.UNSPSC {
		k.Categories = append(k.Categories, orCode(s.names.UNSPSC(u, lang(c)), u))
	}
	k.Contact = firstContact(p.Contacts)
	k.Criteria = p.EESCriteria
	return k, nil
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
	v := appDetailView{D: d, PostURL: c.Path()}
	for _, a := range suppliers.Allowed(d.State, suppliers.RoleEnterprise) {
		if a == suppliers.ActWithdraw {
			v.CanWithdraw = true
		} else if a == suppliers.ActAnswer {
			v.Actions = buttons([]suppliers.Action{a})
		}
	}
	l := s.localizer(c)
	v.DocTypes = []Choice{{Value: "", Label: translate(l, "applications.attach_none", nil)}}
	for _, t := range enterpriseDocTypes() {
		v.DocTypes = append(v.DocTypes, Choice{Value: t, Label: translate(l, "suppliers.doc_type."+t, nil)})
	}
	p := s.page(c, "applications.detail_title", v)
	p.Title = translate(p.L, "applications.detail_title", map[string]any{"Name": d.TenantName})
	return s.renderPage(c, "applications/detail", p)
}

// enterpriseDocTypes are the documents an enterprise keeps itself (the RENA check is the body's).
func enterpriseDocTypes() []string {
	return []string{suppliers.DocRQAttestation, suppliers.DocInsurance, suppliers.DocAMPAuthorization}
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
	if a == "" {
		return s.reshow(c, (&errs.Validation{}).ErrWith("action", "applications.action_choose", nil), s.myApplicationPage)
	}
	if a != suppliers.ActAnswer && a != suppliers.ActWithdraw {
		return errs.E(errs.Forbidden, "suppliers.transition_forbidden")
	}
	who := suppliers.Actor{Role: suppliers.RoleEnterprise, UserID: principal(c).User.ID, Label: principal(c).User.Email}
	att, err := s.attachment(c)
	if err == nil {
		_, err = s.sup.apps.ActWith(ctx(c), tid, id, who, a, c.FormValue("message"), att)
	}
	if err != nil {
		return s.reshow(c, err, s.myApplicationPage)
	}
	return s.redirectWith(c, c.Path(), "applications.done."+string(a), nil)
}

// attachment reads the optional document of an answer: a type chosen and a file, both or neither.
func (s *Server) attachment(c *fiber.Ctx) (*suppliers.Attachment, error) {
	typ := c.FormValue("type")
	_, ferr := c.FormFile("file")
	if typ == "" && ferr != nil {
		return nil, nil
	}
	if typ == "" {
		return nil, (&errs.Validation{}).ErrWith("type", "applications.attach_type_required", nil)
	}
	n, err := newDocForm(c)
	if err != nil {
		return nil, err
	}
	f, err := uploadedFile(c, true)
	if err != nil {
		return nil, onField("file", err)
	}
	return &suppliers.Attachment{Doc: n, File: *f, Blobs: s.sup.blobs}, nil
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
		return s.reshow(c, err, s.queuePage)
	}
	return s.redirectWith(c, "/t/"+tenant(c).Slug+"/candidatures", "applications.invited", map[string]any{"Email": c.FormValue("email")})
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
	v := appDetailView{D: d, Buyer: true, PostURL: "/t/" + tenant(c).Slug + "/candidatures/" + id.String(), Docs: d.Docs}
	if s.authz.Allowed(principal(c).TenantRoles, "applications", "review") {
		v.Actions = buttons(suppliers.Allowed(d.State, suppliers.RoleBuyer))
	}
	if v.Card, err = s.card(c, d.Profile); err != nil {
		return err
	}
	types, err := s.sup.store.DocTypes(ctx(c), tenant(c).ID)
	if err != nil {
		return err
	}
	v.Required = suppliers.RequiredStatus(types, d.Docs)
	if d.NEQ != "" {
		cat, found, err := s.catalogueEES(ctx(c), string(d.NEQ))
		if err != nil {
			return err
		}
		if found {
			v.Catalogue = &cat
		}
	}
	p := s.page(c, "applications.detail_title", v)
	p.Title = d.EnterpriseName
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
	a := c.FormValue("action")
	var err2 error
	if a == "" {
		err2 = (&errs.Validation{}).ErrWith("action", "applications.action_choose", nil)
	} else {
		_, err2 = s.buyerAct(c, id, a, c.FormValue("message"))
	}
	if err2 != nil {
		return s.reshow(c, err2, s.reviewPage)
	}
	return s.redirectWith(c, "/t/"+tenant(c).Slug+"/candidatures/"+id.String(), "applications.done."+a, nil)
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
		return s.reshow(c, err, s.reviewPage)
	}
	return s.redirectWith(c, "/t/"+tenant(c).Slug+"/candidatures/"+id.String(), "applications.grid_saved", nil)
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

// catalogueProfile pre-fills a new enterprise profile from the shared catalogue when the NEQ is known there
// (the enterprise reviews every field before saving), the social-economy criteria the catalogue records
// included: the enterprise declares them; a steward's verification reaches the register when it applies.
func (s *Server) catalogueProfile(c *fiber.Ctx, neq quebec.NEQ) (suppliers.Supplier, error) {
	p := suppliers.Supplier{NEQ: neq, LegalForm: quebec.FormOther}
	e, ok, err := s.catalogue.Store().ActiveByNEQ(ctx(c), string(neq))
	if err != nil || !ok {
		return p, err
	}
	p.LegalName, p.OtherNames, p.Website = e.Name, e.OtherNames, e.Website
	p.Street, p.MunicipalityCode, p.PostalCode = e.Address.Street, e.Address.MunicipalityCode, e.Address.PostalCode
	p.QuebecEstablishment, p.NoRistourne, p.Adapted = e.Address.MunicipalityCode != "", e.NoRistourne, e.Adapted
	p.UNSPSC, p.RegionsServed = e.UNSPSC, e.RegionsServed
	p.ProductsServices = strings.TrimSpace(strings.Trim(strings.Join(e.Products, ", ")+". "+e.Description, ". "))
	if form, kind := e.LegalForm.Split(); form.Collective() {
		p.LegalForm, p.CoopKind = form, kind
	}
	p.EESCriteria = flows.RegisterCriteria(e.EES)
	if e.EES.Meets() {
		p.Attestation = suppliers.AttestDeclared
	}
	return p, nil
}
