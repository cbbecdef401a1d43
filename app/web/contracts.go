package web

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"maillage/app/contracts"
	"maillage/app/errs"
	"maillage/app/quebec"
	"maillage/app/rules"
)

// contractsRoutes: the tenant's contracts (list, form, amendments, spreadsheet import, SEAO load), the
// published yearly list, and the API.
func (s *Server) contractsRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/t/:slug/contracts", Scope: Tenant, Obj: "contracts", Act: "read", Handler: s.contractsList},
		{Method: "GET", Path: "/t/:slug/contracts/new", Scope: Tenant, Obj: "contracts", Act: "write", Handler: s.contractNew},
		{Method: "POST", Path: "/t/:slug/contracts", Scope: Tenant, Obj: "contracts", Act: "write", Handler: s.contractCreate},
		{Method: "GET", Path: "/t/:slug/contracts/import", Scope: Tenant, Obj: "contracts", Act: "write", Handler: s.contractsImportForm},
		// Before /t/:slug/contracts/:id.
		{Method: "POST", Path: "/t/:slug/contracts/import", Scope: Tenant, Obj: "contracts", Act: "write", Handler: s.contractsImport},
		{Method: "GET", Path: "/t/:slug/contracts/seao", Scope: Tenant, Obj: "contracts", Act: "write", Handler: s.seaoForm},
		{Method: "POST", Path: "/t/:slug/contracts/seao", Scope: Tenant, Obj: "contracts", Act: "write", Handler: s.seaoUpload},
		{Method: "GET", Path: "/t/:slug/contracts/published", Scope: TenantPublic, Handler: s.publishedList},
		{Method: "GET", Path: "/t/:slug/contracts/published.csv", Scope: TenantPublic, Handler: s.publishedCSV},
		{Method: "GET", Path: "/t/:slug/contracts/:id", Scope: Tenant, Obj: "contracts", Act: "read", Handler: s.contractShow},
		{Method: "GET", Path: "/t/:slug/contracts/:id/edit", Scope: Tenant, Obj: "contracts", Act: "write", Handler: s.contractEdit},
		{Method: "POST", Path: "/t/:slug/contracts/:id", Scope: Tenant, Obj: "contracts", Act: "write", Handler: s.contractUpdate},
		{Method: "POST", Path: "/t/:slug/contracts/:id/amendments", Scope: Tenant, Obj: "contracts", Act: "write", Handler: s.contractAmend},
		{Method: "POST", Path: "/t/:slug/contracts/:id/delete", Scope: Tenant, Obj: "contracts", Act: "write", Handler: s.contractDelete},
		{Method: "GET", Path: "/api/v1/t/:slug/contracts", Scope: Tenant, Obj: "contracts", Act: "read", Handler: s.apiContracts,
			Doc: &APIDoc{Summary: "The tenant's contracts, latest award first", Tag: "contracts", Response: "ContractPage", Query: []string{"year", "limit", "cursor"}}},
		{Method: "POST", Path: "/api/v1/t/:slug/contracts", Scope: Tenant, Obj: "contracts", Act: "write", Handler: s.apiContractCreate,
			Doc: &APIDoc{Summary: "Record a contract (the supplier's status is captured from the register)", Tag: "contracts",
				Request: "ContractInput", Response: "Contract", Status: fiber.StatusCreated}},
		{Method: "POST", Path: "/api/v1/t/:slug/contracts/seao", Scope: Tenant, Obj: "contracts", Act: "write", Handler: s.apiSEAO, Limit: 20,
			Doc: &APIDoc{Summary: "Load a SEAO weekly OCDS file (the body); keeps this tenant's awards, idempotent", Tag: "contracts",
				Binary: "application/json", Response: "SEAOReport"}},
		{Method: "GET", Path: "/api/v1/t/:slug/contracts.ocds.json", Scope: Tenant, Obj: "contracts", Act: "read", Handler: s.apiOCDS,
			Doc: &APIDoc{Summary: "The tenant's contracts as an OCDS 1.1 release package", Tag: "contracts", Binary: "application/json"}},
	}
}

type contractsListView struct {
	Year      int
	Years     []int
	Contracts []contracts.Contract
	Alerts    []concentrationGroup
	Limit     string // the policy's concentration limit, as a percentage
	Total     int64
}

// concentrationGroup is the concentration alert of one category: the category by name, and each supplier
// above the policy's limit with the contracts behind its share.
type concentrationGroup struct {
	Category string
	Total    int64
	Items    []concentrationItem
}

type concentrationItem struct {
	Supplier  string
	Share     string
	Spend     int64
	Contracts []contracts.Contract
}

func yearParam(c *fiber.Ctx, now time.Time) (int, error) {
	y := now.Year()
	if v := c.Query("year"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 2000 || n > 2100 {
			return 0, (&errs.Validation{Key: "rules.err.year_invalid"}).ErrWith("year", "rules.err.year_invalid", map[string]any{"Year": v})
		}
		y = n
	}
	return y, nil
}

func yearBounds(y int) (time.Time, time.Time) {
	return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC)
}

func (s *Server) contractsList(c *fiber.Ctx) error {
	t := tenant(c)
	year, err := yearParam(c, s.now())
	if err != nil {
		return err
	}
	from, to := yearBounds(year)
	cs, err := s.contracts.List(ctx(c), t.ID, contracts.Filter{From: from, To: to})
	if err != nil {
		return err
	}
	v := contractsListView{Year: year, Contracts: cs}
	for y := s.now().Year(); y >= s.now().Year()-5; y-- {
		v.Years = append(v.Years, y)
	}
	var lines []rules.SpendLine
	for _, k := range cs {
		v.Total += k.Expense()
		key := k.SupplierNEQ
		if key == "" {
			key = k.SupplierName
		}
		lines = append(lines, rules.SpendLine{SupplierKey: key, SupplierName: k.SupplierName, Category: k.Category,
			Procedure: rules.Procedure(k.Procedure), Amount: rules.Cents(k.Expense()), Date: k.AwardedOn})
	}
	rule := rules.ConcentrationRule{Limit: 5000, Level: 4, From: from, To: to, Ref: rules.RuleRef{Key: "policy.concentration", Source: rules.SourcePolicy}}
	if pv, err := s.rules.PolicyInForce(ctx(c), t.ID, to); err == nil {
		rule.Limit, rule.Level, rule.Ref = pv.Concentration.Limit, pv.Concentration.Level, pv.Ref("concentration")
	}
	page := s.page(c, "contracts.ui.list_title", nil)
	if alerts, err := rules.Concentration(rule, lines); err == nil {
		v.Alerts = s.concentrationGroups(page.Lang, alerts, cs, rule.Level)
		v.Limit = percentText(int64(rule.Limit), page.Lang)
	}
	page.Data = v
	return s.renderPage(c, "contracts/list", page)
}

type contractFormView struct {
	Form       map[string]string
	Register   []Choice
	Natures    []Choice
	Procedures []Choice
	Action     string
}

var contractFields = []string{"supplier_id", "supplier_name", "supplier_neq", "object", "category", "nature", "procedure", "awarded",
	"awarded_taxed", "final", "awarded_on", "starts_on", "ends_on", "seao_number", "advice_id"}

func (s *Server) contractNew(c *fiber.Ctx) error {
	form := map[string]string{"awarded_on": s.now().Format(time.DateOnly), "nature": "goods", "procedure": "gre_a_gre"}
	if id, err := uuid.Parse(c.Query("advice")); err == nil {
		if sa, err := s.rules.SavedAdvice(ctx(c), tenant(c).ID, id); err == nil {
			form["advice_id"], form["object"], form["category"] = id.String(), sa.Purchase.Object, sa.Purchase.Category
			form["nature"], form["procedure"] = string(sa.Purchase.Nature), string(sa.Advice.Procedure)
			form["awarded"] = strings.ReplaceAll(formatMoney(int64(sa.Purchase.Amount), "fr"), "\u00a0$", "")
		}
	}
	form["supplier_id"] = c.Query("supplier")
	return s.renderContractForm(c, form, nil)
}

func (s *Server) renderContractForm(c *fiber.Ctx, form map[string]string, ferr error) error {
	reg, err := s.contracts.RegisterOptions(ctx(c), tenant(c).ID)
	if err != nil {
		return err
	}
	action, title := "/t/"+tenant(c).Slug+"/contracts", "contracts.ui.new_title"
	if id := c.Params("id"); id != "" {
		action, title = action+"/"+id, "contracts.ui.edit_title"
	}
	l := s.localizer(c)
	v := contractFormView{Form: form, Action: action}
	v.Register = []Choice{{Value: "", Label: translate(l, "contracts.ui.not_in_register", nil)}}
	for _, r := range reg {
		v.Register = append(v.Register, Choice{Value: r.ID.String(), Label: r.LegalName + " (" + quebec.NEQ(r.Neq).Display() + ")"})
	}
	for _, n := range []string{"goods", "services", "construction"} {
		v.Natures = append(v.Natures, Choice{Value: n, Label: translate(l, "rules.nature."+n, nil)})
	}
	for _, p := range []string{"gre_a_gre", "invitation", "public_call"} {
		v.Procedures = append(v.Procedures, Choice{Value: p, Label: translate(l, "rules.procedure."+p, nil)})
	}
	if ferr != nil {
		return s.renderInvalid(c, "contracts/form", title, v, ferr)
	}
	return s.render(c, "contracts/form", title, v)
}

// contractFromForm reads the contract form (amounts in dollars, dates YYYY-MM-DD).
func contractFromForm(form map[string]string) (contracts.Input, error) {
	v := errs.Validation{Key: "contracts.invalid"}
	in := contracts.Input{SupplierID: form["supplier_id"], SupplierName: form["supplier_name"], SupplierNEQ: form["supplier_neq"],
		Object: form["object"], Category: form["category"], Nature: form["nature"], Procedure: form["procedure"], SEAONumber: form["seao_number"],
		AdviceID: form["advice_id"]}
	if strings.TrimSpace(form["awarded"]) == "" {
		v.Add("awarded", "contracts.amount_required", nil)
	} else if a, ok := contracts.ParseAmount(form["awarded"]); ok {
		in.AwardedCents = a
	} else {
		v.Add("awarded", "contracts.amount_invalid", map[string]any{"Value": form["awarded"]})
	}
	for field, dst := range map[string]**int64{"awarded_taxed": &in.AwardedTaxedCents, "final": &in.FinalCents} {
		if strings.TrimSpace(form[field]) == "" {
			continue
		}
		a, ok := contracts.ParseAmount(form[field])
		if !ok {
			v.Add(field, "contracts.amount_invalid", map[string]any{"Value": form[field]})
			continue
		}
		*dst = &a
	}
	if strings.TrimSpace(form["awarded_on"]) == "" {
		v.Add("awarded_on", "contracts.date_required", nil)
	} else if d, ok := contracts.ParseDate(form["awarded_on"]); ok {
		in.AwardedOn = d
	} else {
		v.Add("awarded_on", "contracts.date_invalid", map[string]any{"Value": form["awarded_on"]})
	}
	for field, dst := range map[string]**time.Time{"starts_on": &in.StartsOn, "ends_on": &in.EndsOn} {
		if strings.TrimSpace(form[field]) == "" {
			continue
		}
		d, ok := contracts.ParseDate(form[field])
		if !ok {
			v.Add(field, "contracts.date_invalid", map[string]any{"Value": form[field]})
			continue
		}
		*dst = &d
	}
	if err := v.Err(); err != nil {
		// Every other problem of the form in the same answer (what could be read is checked too).
		checked := in
		checked.Normalize()
		rest := errs.Validation{Key: "contracts.invalid"}
		checked.Validate(&rest, 0)
		return in, joinInvalid(err, rest.Err())
	}
	return in, nil
}

func (s *Server) contractCreate(c *fiber.Ctx) error {
	form := map[string]string{}
	for _, k := range contractFields {
		form[k] = c.FormValue(k)
	}
	in, err := contractFromForm(form)
	var created contracts.Contract
	if err == nil {
		created, err = s.contracts.Create(ctx(c), tenant(c).ID, in)
	}
	if err != nil {
		return s.renderContractForm(c, form, err)
	}
	return s.redirectWith(c, "/t/"+tenant(c).Slug+"/contracts/"+created.ID.String(), "contracts.ui.created", map[string]any{"Object": created.Object})
}

func (s *Server) contractShow(c *fiber.Ctx) error {
	id, err := uuid.Parse(c.Params("id"))
	if err != nil {
		return errNotFound
	}
	k, err := s.contracts.Get(ctx(c), tenant(c).ID, id)
	if err != nil {
		return err
	}
	p := principal(c)
	return s.render(c, "contracts/show", "contracts.ui.show_title", map[string]any{"Contract": k,
		"CanWrite": s.authz.Allowed(p.TenantRoles, "contracts", "write"), "Today": s.now().Format(time.DateOnly)})
}

func (s *Server) contractAmend(c *fiber.Ctx) error {
	t := tenant(c)
	id, err := uuid.Parse(c.Params("id"))
	if err != nil {
		return errNotFound
	}
	v := errs.Validation{Key: "contracts.invalid"}
	in := contracts.AmendmentInput{Reason: strings.TrimSpace(c.FormValue("reason"))}
	raw := strings.TrimSpace(c.FormValue("delta"))
	neg := strings.HasPrefix(raw, "-")
	if d, ok := contracts.ParseAmount(strings.TrimPrefix(raw, "-")); ok {
		in.DeltaCents = d
		if neg {
			in.DeltaCents = -d
		}
	} else {
		v.Add("delta", "contracts.amount_invalid", map[string]any{"Value": raw})
	}
	if d, ok := contracts.ParseDate(c.FormValue("amended_on")); ok {
		in.AmendedOn = d
	} else {
		v.Add("amended_on", "contracts.date_invalid", map[string]any{"Value": c.FormValue("amended_on")})
	}
	err = v.Err()
	if err == nil {
		_, err = s.contracts.AddAmendment(ctx(c), t.ID, id, in)
	}
	if err != nil {
		return s.reshow(c, err, s.contractShow)
	}
	return s.redirectWith(c, "/t/"+t.Slug+"/contracts/"+id.String(), "contracts.ui.amended", nil)
}

func (s *Server) contractDelete(c *fiber.Ctx) error {
	t := tenant(c)
	id, err := uuid.Parse(c.Params("id"))
	if err != nil {
		return errNotFound
	}
	if err := s.contracts.Delete(ctx(c), t.ID, id); err != nil {
		return s.reshow(c, err, s.contractShow)
	}
	return s.redirectWith(c, "/t/"+t.Slug+"/contracts", "contracts.ui.deleted", nil)
}

// contractForm fills the form from a stored contract (amounts in dollars as the form reads them).
func contractForm(k contracts.Contract) map[string]string {
	dollars := func(c int64) string { return decimal(c, "fr") }
	f := map[string]string{"supplier_id": k.SupplierID, "supplier_name": k.SupplierName, "supplier_neq": k.SupplierNEQ, "object": k.Object,
		"category": k.Category, "nature": k.Nature, "procedure": k.Procedure, "awarded": dollars(k.AwardedCents),
		"awarded_on": k.AwardedOn.Format(time.DateOnly), "seao_number": k.SEAONumber, "advice_id": k.AdviceID}
	if k.AwardedTaxedCents != nil {
		f["awarded_taxed"] = dollars(*k.AwardedTaxedCents)
	}
	if k.FinalCents != nil {
		f["final"] = dollars(*k.FinalCents)
	}
	if k.StartsOn != nil {
		f["starts_on"] = k.StartsOn.Format(time.DateOnly)
	}
	if k.EndsOn != nil {
		f["ends_on"] = k.EndsOn.Format(time.DateOnly)
	}
	return f
}

func (s *Server) contractEdit(c *fiber.Ctx) error {
	id, err := uuid.Parse(c.Params("id"))
	if err != nil {
		return errNotFound
	}
	k, err := s.contracts.Get(ctx(c), tenant(c).ID, id)
	if err != nil {
		return err
	}
	return s.renderContractForm(c, contractForm(k), nil)
}

func (s *Server) contractUpdate(c *fiber.Ctx) error {
	id, err := uuid.Parse(c.Params("id"))
	if err != nil {
		return errNotFound
	}
	form := map[string]string{}
	for _, k := range contractFields {
		form[k] = c.FormValue(k)
	}
	in, err := contractFromForm(form)
	if err == nil {
		var before contracts.Contract
		if before, err = s.contracts.Get(ctx(c), tenant(c).ID, id); err == nil {
			in.Status = before.Status
			_, err = s.contracts.Update(ctx(c), tenant(c).ID, id, in)
		}
	}
	if err != nil {
		return s.renderContractForm(c, form, err)
	}
	return s.redirectWith(c, "/t/"+tenant(c).Slug+"/contracts/"+id.String(), "contracts.ui.updated", nil)
}

// concentrationGroups groups the alerts by category (named, never coded) with, for each supplier, the
// contracts by mutual agreement behind its share.
func (s *Server) concentrationGroups(lang string, alerts []rules.ConcentrationAlert, cs []contracts.Contract, level int) []concentrationGroup {
	var out []concentrationGroup
	for _, a := range alerts {
		if len(out) == 0 || out[len(out)-1].Category != a.Category {
			code := a.Category + strings.Repeat("0", 8-len(a.Category))
			out = append(out, concentrationGroup{Category: orCode(s.names.UNSPSC(code, lang), a.Category), Total: int64(a.Total)})
		}
		g := &out[len(out)-1]
		it := concentrationItem{Supplier: a.SupplierName, Share: percentText(int64(a.Share), lang), Spend: int64(a.Spend)}
		for _, k := range cs {
			key := k.SupplierNEQ
			if key == "" {
				key = k.SupplierName
			}
			if key == a.SupplierKey && k.Procedure == string(rules.GreAGre) && len(k.Category) >= level && k.Category[:level] == a.Category {
				it.Contracts = append(it.Contracts, k)
			}
		}
		g.Items = append(g.Items, it)
	}
	return out
}

// percentText writes basis points (hundredths of a percent) as "51,9 %" or "51.9%".
func percentText(bp int64, lang string) string {
	whole, frac := bp/100, (bp%100)/10
	if lang == "en" {
		if frac == 0 {
			return fmt.Sprintf("%d%%", whole)
		}
		return fmt.Sprintf("%d.%d%%", whole, frac)
	}
	if frac == 0 {
		return fmt.Sprintf("%d\u00a0%%", whole)
	}
	return fmt.Sprintf("%d,%d\u00a0%%", whole, frac)
}
