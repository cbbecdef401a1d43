package web

import (
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"
	"github.com/nicksnyder/go-i18n/v2/i18n"

	"maillage/app/contracts"
	"maillage/app/errs"
	"maillage/app/rules"
)

// rulesRoutes: the purchase advisor (pages and API) and the tenant's policy settings.
func (s *Server) rulesRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/t/:slug/advisor", Scope: Tenant, Obj: "advisor", Act: "use", Handler: s.advisorForm},
		{Method: "POST", Path: "/t/:slug/advisor", Scope: Tenant, Obj: "advisor", Act: "use", Handler: s.advisorSubmit},
		{Method: "GET", Path: "/t/:slug/advisor/:id", Scope: Tenant, Obj: "advisor", Act: "use", Handler: s.advisorShow},
		{Method: "POST", Path: "/api/v1/t/:slug/advisor", Scope: Tenant, Obj: "advisor", Act: "use", Handler: s.apiAdvisor,
			Doc: &APIDoc{Summary: "Advise on a planned purchase: procedure, preferences, exemptions, documents, ranked suppliers (saved)",
				Tag: "rules", Request: "PurchaseInput", Response: "SavedAdvice", Status: fiber.StatusCreated}},
		{Method: "GET", Path: "/t/:slug/policy", Scope: Tenant, Obj: "policy", Act: "read", Handler: s.policyPage},
		{Method: "POST", Path: "/t/:slug/policy", Scope: Tenant, Obj: "policy", Act: "write", Handler: s.policySubmit},
	}
}

type advisorFormView struct {
	Form   map[string]string
	Recent []recentAdvice
}

type recentAdvice struct {
	ID        string
	Object    string
	Amount    int64
	Procedure string
	CreatedAt time.Time
}

func (s *Server) advisorForm(c *fiber.Ctx) error {
	recent, err := s.rules.SavedAdvices(ctx(c), tenant(c).ID, nil, 10)
	if err != nil {
		return err
	}
	form := map[string]string{"planned_date": s.now().Format(time.DateOnly), "nature": "goods"}
	v := advisorFormView{Form: form}
	for _, r := range recent {
		v.Recent = append(v.Recent, recentAdvice{ID: r.ID.String(), Object: r.Purchase.Object, Amount: int64(r.Purchase.Amount),
			Procedure: s.T(c, "rules.procedure."+string(r.Advice.Procedure), nil), CreatedAt: r.CreatedAt})
	}
	return s.render(c, "rules/advisor", "rules.ui.advisor_title", v)
}

// purchaseFromForm reads the advisor form; amounts are typed in dollars as people write them.
func purchaseFromForm(c *fiber.Ctx) (rules.Purchase, map[string]string, error) {
	form := map[string]string{}
	for _, k := range []string{"object", "category", "nature", "amount", "planned_date"} {
		form[k] = c.FormValue(k)
	}
	p := rules.Purchase{Object: form["object"], Category: form["category"], Nature: rules.Nature(form["nature"])}
	v := errs.Validation{Key: "rules.err.invalid_purchase"}
	if amt, ok := contracts.ParseAmount(form["amount"]); ok {
		p.Amount = rules.Cents(amt)
	} else {
		v.Add("amount", "rules.ui.amount_invalid", nil)
	}
	if d, err := time.Parse(time.DateOnly, form["planned_date"]); err == nil {
		p.PlannedDate = d
	} else {
		v.Add("planned_date", "rules.err.date_required", nil)
	}
	if err := p.Validate(); err != nil {
		for _, f := range errs.As(err).Fields {
			if f.Field == "amount_cents" {
				f.Field = "amount"
			}
			v.Fields = append(v.Fields, f)
		}
	}
	return p, form, v.Err()
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
	p, form, err := purchaseFromForm(c)
	var saved rules.SavedAdvice
	if err == nil {
		saved, err = s.rules.AdviseAndSave(ctx(c), t.ID, p)
	}
	if err != nil {
		page := s.page(c, "rules.ui.advisor_title", advisorFormView{Form: form})
		if !formErrors(page.L, page, err) {
			return err
		}
		c.Status(statusOf(errs.KindOf(err)))
		return s.renderPage(c, "rules/advisor", page)
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
	Saved        rules.SavedAdvice
	Amount       int64
	Nature       string
	Procedure    string
	Why          []lineView
	Preferences  []lineView
	Exemptions   []lineView
	Documents    []lineView
	Warnings     []lineView
	Ranked       []rankedView
	Excluded     []rankedView
	Unconfirmed  bool
	RecordPrefix string
}

func (s *Server) adviceView(l *i18n.Localizer, lang, slug string, sa rules.SavedAdvice) adviceView {
	a := sa.Advice
	v := adviceView{Saved: sa, Amount: int64(sa.Purchase.Amount), Nature: translate(l, "rules.nature."+string(sa.Purchase.Nature), nil), Procedure: translate(l, "rules.procedure."+string(a.Procedure), nil),
		Why: viewLines(l, lang, a.ProcedureWhy), Preferences: viewLines(l, lang, a.Preferences), Exemptions: viewLines(l, lang, a.Exemptions),
		Warnings: viewLines(l, lang, a.Warnings), RecordPrefix: "/t/" + slug + "/contracts/new?advice=" + sa.ID.String()}
	for _, d := range a.Documents {
		v.Documents = append(v.Documents, viewLine(l, lang, d.Line))
	}
	for _, r := range a.Ranked {
		v.Ranked = append(v.Ranked, rankedView{Rank: r.Rank, SupplierID: r.SupplierID, Name: r.Name, Reasons: viewLines(l, lang, r.Reasons)})
	}
	for _, x := range a.Excluded {
		v.Excluded = append(v.Excluded, rankedView{SupplierID: x.SupplierID, Name: x.Name, Reasons: viewLines(l, lang, x.Reasons)})
	}
	for _, group := range [][]lineView{v.Why, v.Preferences, v.Exemptions, v.Documents} {
		for _, ln := range group {
			v.Unconfirmed = v.Unconfirmed || !ln.Confirmed
		}
	}
	return v
}

func (s *Server) advisorShow(c *fiber.Ctx) error {
	t := tenant(c)
	id, err := uuid.Parse(c.Params("id"))
	if err != nil {
		return errNotFound
	}
	saved, err := s.rules.SavedAdvices(ctx(c), t.ID, &id, 1)
	if err != nil {
		return err
	}
	page := s.page(c, "rules.ui.advice_title", nil)
	page.Data = s.adviceView(page.L, page.Lang, t.Slug, saved[0])
	return s.renderPage(c, "rules/advice", page)
}

// purchaseInput is the API's request body for the advisor.
type purchaseInput struct {
	Object      string `json:"object"`
	Category    string `json:"category"`
	Nature      string `json:"nature"`
	AmountCents int64  `json:"amount_cents"`
	PlannedDate string `json:"planned_date"`
}

func (s *Server) apiAdvisor(c *fiber.Ctx) error {
	var in purchaseInput
	if err := c.BodyParser(&in); err != nil {
		return errs.E(errs.Invalid, "rules.ui.invalid_json").Wrap(err)
	}
	p := rules.Purchase{Object: in.Object, Category: in.Category, Nature: rules.Nature(in.Nature), Amount: rules.Cents(in.AmountCents)}
	if in.PlannedDate != "" {
		d, err := time.Parse(time.DateOnly, in.PlannedDate)
		if err != nil {
			return (&errs.Validation{Key: "rules.err.invalid_purchase"}).ErrWith("planned_date", "rules.err.date_required", nil)
		}
		p.PlannedDate = d
	}
	saved, err := s.rules.AdviseAndSave(ctx(c), tenant(c).ID, p)
	if err != nil {
		return err
	}
	l := i18n.NewLocalizer(s.i18n, lang(c))
	v := s.adviceView(l, lang(c), tenant(c).Slug, saved)
	return c.Status(fiber.StatusCreated).JSON(adviceResponse{SavedAdvice: saved, Text: adviceTextOf(v)})
}

// adviceResponse is the saved answer (message IDs, arguments, rules) plus the same lines translated in the
// caller's language (Accept-Language), for clients that only show them.
type adviceResponse struct {
	rules.SavedAdvice
	Text adviceText `json:"text"`
}

type adviceText struct {
	Procedure   string         `json:"procedure"`
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
	t := adviceText{Procedure: v.Procedure, Why: texts(v.Why), Preferences: texts(v.Preferences), Exemptions: texts(v.Exemptions),
		Documents: texts(v.Documents), Warnings: texts(v.Warnings), Ranked: []supplierText{}, Excluded: []supplierText{}}
	for _, r := range v.Ranked {
		t.Ranked = append(t.Ranked, supplierText{SupplierID: r.SupplierID, Name: r.Name, Rank: r.Rank, Reasons: texts(r.Reasons)})
	}
	for _, r := range v.Excluded {
		t.Excluded = append(t.Excluded, supplierText{SupplierID: r.SupplierID, Name: r.Name, Reasons: texts(r.Reasons)})
	}
	return t
}

// rulesSchemas are the OpenAPI components of the advisor and contracts routes.
func rulesSchemas() map[string]any {
	integer := map[string]any{"type": "integer"}
	boolean := map[string]any{"type": "boolean"}
	line := obj(map[string]any{"msg_id": str(""), "args": map[string]any{"type": "object"},
		"rule": obj(map[string]any{"key": str(""), "version": str(""), "citation": str(""), "confirmed": boolean, "source": str("")})})
	supplier := obj(map[string]any{"supplier_id": str(""), "name": str(""), "rank": integer, "reasons": arr(line)})
	contractInput := map[string]any{"supplier_id": str("uuid"), "supplier_name": str(""), "supplier_neq": str(""), "object": str(""),
		"category": str(""), "nature": str(""), "procedure": str(""), "awarded_cents": integer, "awarded_taxed_cents": integer,
		"final_cents": integer, "final_taxed_cents": integer, "awarded_on": str("date-time"), "starts_on": str("date-time"),
		"ends_on": str("date-time"), "status": str(""), "seao_number": str(""), "advice_id": str("uuid")}
	contract := map[string]any{"id": str("uuid"), "source": str(""), "amended_cents": integer, "supplier_ees": boolean,
		"supplier_adapted": boolean, "supplier_local": boolean, "created_at": str("date-time"), "updated_at": str("date-time")}
	for k, v := range contractInput {
		contract[k] = v
	}
	return map[string]any{
		"PurchaseInput": obj(map[string]any{"object": str(""), "category": str(""), "nature": str(""), "amount_cents": integer, "planned_date": str("date")}),
		"SavedAdvice": obj(map[string]any{"id": str("uuid"), "created_at": str("date-time"),
			"text": obj(map[string]any{"procedure": str(""), "procedure_lines": arr(str("")), "preferences": arr(str("")), "exemptions": arr(str("")),
				"documents": arr(str("")), "warnings": arr(str("")), "ranked": arr(obj(map[string]any{"supplier_id": str(""), "name": str(""),
					"rank": integer, "reasons": arr(str(""))})), "excluded": arr(obj(map[string]any{"supplier_id": str(""), "name": str(""), "reasons": arr(str(""))}))}),
			"purchase": obj(map[string]any{"object": str(""), "category": str(""), "nature": str(""), "amount_cents": integer, "planned_date": str("date-time")}),
			"advice": obj(map[string]any{"procedure": str(""), "band": str(""), "policy_version": str(""), "procedure_lines": arr(line),
				"preferences": arr(line), "exemptions": arr(line), "warnings": arr(line),
				"documents": arr(obj(map[string]any{"doc_type": str(""), "line": line})), "ranked": arr(supplier), "excluded": arr(supplier)})}),
		"ContractInput": obj(contractInput),
		"Contract":      obj(contract),
		"ContractPage":  obj(map[string]any{"items": arr(ref("Contract")), "next_cursor": str("")}),
		"SEAOReport": obj(map[string]any{"releases": integer, "for_tenant": integer, "loaded": integer, "already_loaded": integer,
			"matched": integer, "unknown_suppliers": arr(obj(map[string]any{"neq": str(""), "name": str("")}))}),
	}
}
