package web

import (
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"
	"github.com/nicksnyder/go-i18n/v2/i18n"

	"maillage/app/contracts"
	"maillage/app/errs"
	"maillage/app/rules"
)

// rulesRoutes: the purchase advisor (pages and API), saved answers ("Mes avis") and the tenant's policy.
func (s *Server) rulesRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/t/:slug/advisor", Scope: Tenant, Obj: "advisor", Act: "use", Handler: s.advisorForm},
		{Method: "POST", Path: "/t/:slug/advisor", Scope: Tenant, Obj: "advisor", Act: "use", Handler: s.advisorSubmit},
		{Method: "GET", Path: "/t/:slug/advisor/:id", Scope: Tenant, Obj: "advisor", Act: "use", Handler: s.advisorShow},
		{Method: "GET", Path: "/t/:slug/advice", Scope: Tenant, Obj: "advisor", Act: "use", Handler: s.adviceList},
		{Method: "POST", Path: "/api/v1/t/:slug/advisor", Scope: Tenant, Obj: "advisor", Act: "use", Handler: s.apiAdvisor,
			Doc: &APIDoc{Summary: "Advise on a planned purchase (from the law alone when no policy version is in force on the launch date): " +
				"procedure, preferences, exemptions, documents, warnings, ranked suppliers; the answer is saved",
				Tag: "rules", Request: "PurchaseInput", Response: "SavedAdvice", Status: fiber.StatusCreated}},
		{Method: "GET", Path: "/api/v1/t/:slug/advice", Scope: Tenant, Obj: "advisor", Act: "use", Handler: s.apiAdviceList,
			Doc: &APIDoc{Summary: "Saved answers, newest first (mine=true: the caller's own)", Tag: "rules", Response: "AdviceSummaryPage",
				Query: []string{"mine", "limit", "cursor"}}},
		{Method: "GET", Path: "/api/v1/t/:slug/advice/:id", Scope: Tenant, Obj: "advisor", Act: "use", Handler: s.apiAdviceGet,
			Doc: &APIDoc{Summary: "One saved answer as it was given, with its ranked suppliers", Tag: "rules", Response: "SavedAdvice"}},
		{Method: "GET", Path: "/t/:slug/policy", Scope: Tenant, Obj: "policy", Act: "read", Handler: s.policyPage},
		{Method: "POST", Path: "/t/:slug/policy", Scope: Tenant, Obj: "policy", Act: "write", Handler: s.policySubmit},
		{Method: "GET", Path: "/api/v1/t/:slug/policies", Scope: Tenant, Obj: "policy", Act: "read", Handler: s.apiPolicies,
			Doc: &APIDoc{Summary: "Policy (RGC) versions, latest first, with the one in force today", Tag: "rules", Response: "PolicyVersionList"}},
		{Method: "POST", Path: "/api/v1/t/:slug/policies", Scope: Tenant, Obj: "policy", Act: "write", Handler: s.apiPolicyCreate,
			Doc: &APIDoc{Summary: "Adopt a new policy version: fields left out are taken from the version in force on valid_from; " +
				"preview=true returns the version and its differences without saving", Tag: "rules", Request: "PolicyInput",
				Response: "PolicyChange", Status: fiber.StatusCreated, Also: fiber.StatusOK, Query: []string{"preview"}}},
	}
}

var purchaseFields = []string{"object", "category", "nature", "amount", "options", "launch_date", "award_date"}

type advisorFormView struct {
	Form    map[string]string
	Natures []natureChoice
	Recent  []adviceRow
}

// natureChoice is a nature in the form's list, named by its message.
type natureChoice string

func (n natureChoice) MessageKey() string { return "rules.nature." + string(n) }

// advisorForm is the advisor's form; after bad input (reshow) the shared partials put back what was typed.
func (s *Server) advisorForm(c *fiber.Ctx) error {
	form := map[string]string{"launch_date": s.now().Format(time.DateOnly), "nature": "goods"}
	me := principal(c).User.ID
	recent, _, err := s.rules.ListAdvice(ctx(c), tenant(c).ID, rules.AdviceFilter{Author: &me, Limit: 5})
	if err != nil {
		return err
	}
	page := s.page(c, "rules.ui.advisor_title", nil)
	page.Data = advisorFormView{Form: form, Natures: []natureChoice{"goods", "services", "construction"}, Recent: s.adviceRows(page.L, recent)}
	return s.renderPage(c, "rules/advisor", page)
}

// purchaseFromForm reads the advisor form; amounts are typed in dollars as people write them. The
// decisive date is the launch of the process; "planned_date" (the field's earlier name) is read as it.
func purchaseFromForm(c *fiber.Ctx) (rules.Purchase, error) {
	form := map[string]string{}
	for _, k := range purchaseFields {
		form[k] = strings.TrimSpace(c.FormValue(k))
	}
	if form["launch_date"] == "" {
		form["launch_date"] = strings.TrimSpace(c.FormValue("planned_date"))
	}
	p := rules.Purchase{Object: form["object"], Category: form["category"], Nature: rules.Nature(form["nature"])}
	v := errs.Validation{Key: "rules.err.invalid_purchase"}
	if amt, ok := contracts.ParseAmount(form["amount"]); ok {
		p.Amount = rules.Cents(amt)
	} else {
		v.Add("amount", "rules.ui.amount_invalid", nil)
	}
	if form["options"] != "" {
		if amt, ok := contracts.ParseAmount(form["options"]); ok {
			p.Options = rules.Cents(amt)
		} else {
			v.Add("options", "rules.ui.amount_invalid", nil)
		}
	}
	if d, err := time.Parse(time.DateOnly, form["launch_date"]); err == nil {
		p.LaunchDate = d
	} else {
		v.Add("launch_date", "rules.err.date_required", nil)
	}
	if form["award_date"] != "" {
		if d, err := time.Parse(time.DateOnly, form["award_date"]); err == nil {
			p.AwardDate = d
		} else {
			v.Add("award_date", "rules.ui.date_invalid", nil)
		}
	}
	if err := p.Validate(); err != nil {
		rename := map[string]string{"amount_cents": "amount", "options_cents": "options"}
		for _, f := range errs.As(err).Fields {
			if n, ok := rename[f.Field]; ok {
				f.Field = n
			}
			v.Fields = append(v.Fields, f)
		}
	}
	return p, v.Err()
}

// formErrors turns an Invalid error into the page's error summary and per-field messages.
func formErrors(l *i18n.Localizer, p *Page, err error) bool {
	e := errs.As(err)
	if e == nil || (e.Kind != errs.Invalid && e.Kind != errs.Conflict && e.Kind != errs.NotFound) {
		return false
	}
	p.Error = translate(l, e.Key, e.Args)
	p.Errors = map[string]string{}
	for _, f := range e.Fields {
		if _, dup := p.Errors[f.Field]; !dup {
			p.Errors[f.Field] = translate(l, f.Key, f.Args)
		}
	}
	return true
}

func (s *Server) advisorSubmit(c *fiber.Ctx) error {
	t := tenant(c)
	p, err := purchaseFromForm(c)
	var saved rules.SavedAdvice
	if err == nil {
		saved, err = s.rules.AdviseAndSave(ctx(c), t.ID, rules.BodyOfKind(t.Kind), p)
	}
	if err != nil {
		return s.reshow(c, s.nameMissingValue(c, err), s.advisorForm)
	}
	return c.Redirect("/t/"+t.Slug+"/advisor/"+saved.ID.String(), fiber.StatusSeeOther)
}

type rankedView struct {
	Rank       int
	SupplierID string
	Name       string
	Reasons    []lineView
}

type adviceView struct {
	Saved         rules.SavedAdvice
	Amount        int64 // before taxes
	Options       int64
	Expense       int64  // compared with the thresholds
	Category      string // the purchase's category, named
	Nature        string
	Procedure     string
	Regime        string
	Basis         []lineView
	Why           []lineView
	Preferences   []lineView
	Exemptions    []lineView
	Documents     []lineView
	Warnings      []lineView
	Ranked        []rankedView
	Excluded      []rankedView
	Uncategorized []string // names of suppliers with no category
	UncatMore     int      // how many more than those named
	Unconfirmed   bool
	RecordPrefix  string
	PublishURL    string // "publish as an opportunity" (issue 16), when the person may publish
	Resolution    string // the policy version's resolution, as its lines cite it
}

// adviceView prepares a saved answer for the page and the API's text: translated lines, named codes.
func (s *Server) adviceView(c *fiber.Ctx, l *i18n.Localizer, lang string, sa rules.SavedAdvice) (adviceView, error) {
	cats, regions, mrcs := codesOf(sa)
	names, err := s.rules.Names(ctx(c), cats, regions, mrcs)
	if err != nil {
		return adviceView{}, err
	}
	f := lineFormatter{l: l, lang: lang, names: names, memo: map[lineMemoKey]lineView{}}
	a := sa.Advice
	v := adviceView{Saved: sa, Amount: int64(a.Amount), Options: int64(a.Options), Expense: int64(a.Expense), Category: f.category(sa.Purchase.Category), Nature: translate(l, "rules.nature."+string(sa.Purchase.Nature), nil),
		Procedure: translate(l, "rules.procedure."+string(a.Procedure), nil), Basis: f.lines(a.Basis), Why: f.lines(a.ProcedureWhy),
		Preferences: f.lines(a.Preferences), Exemptions: f.lines(a.Exemptions), Warnings: f.lines(a.Warnings),
		RecordPrefix: "/t/" + tenant(c).Slug + "/contracts/new?advice=" + sa.ID.String()}
	if p := principal(c); p != nil && s.authz.Allowed(p.TenantRoles, "opportunities", "write") {
		v.PublishURL = "/t/" + tenant(c).Slug + "/opportunites/nouvelle?avis=" + sa.ID.String()
	}
	if a.Regime != "" {
		v.Regime = translate(l, "rules.regime."+string(a.Regime), nil)
	}
	for _, d := range a.Documents {
		v.Documents = append(v.Documents, f.line(d.Line))
	}
	for _, r := range a.Ranked {
		v.Ranked = append(v.Ranked, rankedView{Rank: r.Rank, SupplierID: r.SupplierID, Name: r.Name, Reasons: f.lines(r.Reasons)})
	}
	for _, x := range a.Excluded {
		v.Excluded = append(v.Excluded, rankedView{SupplierID: x.SupplierID, Name: x.Name, Reasons: f.lines(x.Reasons)})
	}
	for _, u := range a.Uncategorized {
		v.Uncategorized = append(v.Uncategorized, u.Name)
	}
	v.UncatMore = a.UncategorizedCount - len(a.Uncategorized)
	for _, group := range [][]lineView{v.Basis, v.Why, v.Preferences, v.Exemptions, v.Documents, v.Warnings} {
		for _, ln := range group {
			v.Unconfirmed = v.Unconfirmed || (!ln.Confirmed && !ln.Register)
		}
	}
	policyLines := [][]rules.Line{a.ProcedureWhy, a.Preferences, a.Warnings}
	if len(a.Ranked) > 0 {
		policyLines = append(policyLines, a.Ranked[0].Reasons)
	}
	for _, ls := range policyLines {
		for _, ln := range ls {
			if ln.Rule.Source == rules.SourcePolicy && v.Resolution == "" {
				v.Resolution = ln.Rule.Citation
			}
		}
	}
	return v, nil
}

func (s *Server) savedAdvice(c *fiber.Ctx) (rules.SavedAdvice, error) {
	id, err := uuid.Parse(c.Params("id"))
	if err != nil {
		return rules.SavedAdvice{}, errNotFound
	}
	return s.rules.SavedAdvice(ctx(c), tenant(c).ID, id)
}

func (s *Server) advisorShow(c *fiber.Ctx) error {
	saved, err := s.savedAdvice(c)
	if err != nil {
		return err
	}
	page := s.page(c, "rules.ui.advice_title", nil)
	if page.Data, err = s.adviceView(c, page.L, page.Lang, saved); err != nil {
		return err
	}
	return s.renderPage(c, "rules/advice", page)
}

// purchaseInput is the API's request body for the advisor. Amounts are estimates before taxes, in cents;
// the engine adds net taxes and options as the law of the launch date says.
type purchaseInput struct {
	Object       string `json:"object"`
	Category     string `json:"category"`
	Nature       string `json:"nature"`
	AmountCents  int64  `json:"amount_cents"`
	OptionsCents int64  `json:"options_cents"`
	LaunchDate   string `json:"launch_date"`
	PlannedDate  string `json:"planned_date"` // the earlier name of launch_date, still accepted
	AwardDate    string `json:"award_date"`
	SupplierID   string `json:"supplier_id"`
}

func (in purchaseInput) purchase() (rules.Purchase, error) {
	p := rules.Purchase{Object: in.Object, Category: in.Category, Nature: rules.Nature(in.Nature), Amount: rules.Cents(in.AmountCents),
		Options: rules.Cents(in.OptionsCents), SupplierID: in.SupplierID}
	v := errs.Validation{Key: "rules.err.invalid_purchase"}
	launch := in.LaunchDate
	if launch == "" {
		launch = in.PlannedDate
	} else if in.PlannedDate != "" && in.PlannedDate != in.LaunchDate {
		v.Add("planned_date", "rules.ui.two_launch_dates", nil)
	}
	for _, d := range []struct {
		field, value string
		dst          *time.Time
	}{{"launch_date", launch, &p.LaunchDate}, {"award_date", in.AwardDate, &p.AwardDate}} {
		if d.value == "" {
			continue
		}
		t, err := time.Parse(time.DateOnly, d.value)
		if err != nil {
			v.Add(d.field, "rules.ui.date_invalid", nil)
			continue
		}
		*d.dst = t
	}
	if in.SupplierID != "" {
		if _, err := uuid.Parse(in.SupplierID); err != nil {
			v.Add("supplier_id", "rules.err.supplier_invalid", nil)
		}
	}
	if err := v.Err(); err != nil {
		return p, err
	}
	return p, p.Validate()
}

func (s *Server) apiAdvisor(c *fiber.Ctx) error {
	var in purchaseInput
	if err := c.BodyParser(&in); err != nil {
		return errs.E(errs.Invalid, "rules.ui.invalid_json").Wrap(err)
	}
	p, err := in.purchase()
	if err != nil {
		return err
	}
	t := tenant(c)
	saved, err := s.rules.AdviseAndSave(ctx(c), t.ID, rules.BodyOfKind(t.Kind), p)
	if err != nil {
		return s.nameMissingValue(c, err)
	}
	return s.sendAdvice(c, fiber.StatusCreated, saved)
}

// nameMissingValue says in words which legal value the engine lacked on the date (a launch after the last
// period entered, e.g. 2028 before the agreements' new thresholds are typed), never its rule key.
func (s *Server) nameMissingValue(c *fiber.Ctx, err error) error {
	if e := errs.As(err); e != nil && e.Key == "rules.err.no_legal_value" {
		if key, ok := e.Args["Key"].(string); ok {
			e.Args["Key"] = legalLabel(s.localizer(c), key)
		}
	}
	return err
}

func (s *Server) apiAdviceGet(c *fiber.Ctx) error {
	saved, err := s.savedAdvice(c)
	if err != nil {
		return err
	}
	return s.sendAdvice(c, fiber.StatusOK, saved)
}

func (s *Server) sendAdvice(c *fiber.Ctx, status int, saved rules.SavedAdvice) error {
	l := i18n.NewLocalizer(s.i18n, lang(c))
	v, err := s.adviceView(c, l, lang(c), saved)
	if err != nil {
		return err
	}
	return c.Status(status).JSON(adviceResponse{SavedAdvice: saved, Text: adviceTextOf(v)})
}

// adviceResponse is the saved answer (message IDs, arguments, rules) plus the same lines translated in the
// caller's language (Accept-Language), for clients that only show them.
type adviceResponse struct {
	rules.SavedAdvice
	Text adviceText `json:"text"`
}

type adviceText struct {
	Procedure   string         `json:"procedure"`
	Basis       []string       `json:"basis"`
	Why         []string       `json:"procedure_lines"`
	Preferences []string       `json:"preferences"`
	Exemptions  []string       `json:"exemptions"`
	Documents   []string       `json:"documents"`
	Warnings    []string       `json:"warnings"`
	Ranked      []supplierText `json:"ranked"`
	Excluded    []supplierText `json:"excluded"`
}

type supplierText struct {
	SupplierID string   `json:"supplier_id"`
	Name       string   `json:"name"`
	Rank       int      `json:"rank,omitempty"`
	Reasons    []string `json:"reasons"`
}

func texts(ls []lineView) []string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = l.Text
	}
	return out
}

func adviceTextOf(v adviceView) adviceText {
	t := adviceText{Procedure: v.Procedure, Basis: texts(v.Basis), Why: texts(v.Why), Preferences: texts(v.Preferences), Exemptions: texts(v.Exemptions),
		Documents: texts(v.Documents), Warnings: texts(v.Warnings), Ranked: []supplierText{}, Excluded: []supplierText{}}
	for _, r := range v.Ranked {
		t.Ranked = append(t.Ranked, supplierText{SupplierID: r.SupplierID, Name: r.Name, Rank: r.Rank, Reasons: texts(r.Reasons)})
	}
	for _, r := range v.Excluded {
		t.Excluded = append(t.Excluded, supplierText{SupplierID: r.SupplierID, Name: r.Name, Reasons: texts(r.Reasons)})
	}
	return t
}
