package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/nicksnyder/go-i18n/v2/i18n"

	"maillage/app/contracts"
	"maillage/app/errs"
	"maillage/app/rules"
)

// The policy (RGC) settings: a page and an API that share one validation (rules.Policy.Validate and the
// store's checks). A new version starts from the one in force on its first day, and the buyer sees what
// it changes before saving.

type policyView struct {
	Versions []policyRowView
	Form     map[string]string
	Choices  policyChoices
	CanWrite bool
	Preview  []policyChangeView // set when the page shows the changes before saving
	InForce  string             // resolution of the version the new one starts from, "" when none
}

type policyRowView struct {
	rules.PolicyVersion
	Ceiling string
	Places  string // the local preference's regions or MRCs, named
	InForce bool
}

// msgChoice is an option of a select: its value and the message that names it.
type msgChoice struct{ value, key string }

func (m msgChoice) String() string     { return m.value }
func (m msgChoice) MessageKey() string { return m.key }

// policyChoices are the settings form's lists.
type policyChoices struct {
	Laws, Bodies, Mechanisms, Scopes, Levels []msgChoice
}

var policyFormChoices = policyChoices{
	Laws:   []msgChoice{{"lcv_cm", "rules.law.lcv_cm"}, {"lcop", "rules.law.lcop"}},
	Bodies: []msgChoice{{"ministry", "rules.body.ministry"}, {"education", "rules.body.education"}, {"health", "rules.body.health"}},
	Mechanisms: []msgChoice{{"", "rules.ui.mechanism_none"}, {"invite_local_first", "rules.ui.mechanism_invite_local_first"},
		{"price_premium", "rules.ui.mechanism_price_premium"}, {"reserved_invitation", "rules.ui.mechanism_reserved_invitation"}},
	Scopes: []msgChoice{{"quebec", "rules.ui.scope_quebec"}, {"region", "rules.ui.scope_region"}, {"mrc", "rules.ui.scope_mrc"}},
	Levels: []msgChoice{{"2", "rules.ui.level_segment"}, {"4", "rules.ui.level_family"}, {"6", "rules.ui.level_class"}, {"8", "rules.ui.level_commodity"}},
}

// policyChangeView is one changed setting, in words.
type policyChangeView struct {
	Label, Before, After string
}

func (s *Server) policyPage(c *fiber.Ctx) error {
	// With no version entered (or only the sign-up's default), the form starts from the law of the body's kind.
	form := map[string]string{"law_family": string(rules.BodyOfKind(tenant(c).Kind).Family()), "concentration_limit": "50", "concentration_level": "4",
		"close_current": "on"}
	if pv, err := s.rules.PolicyInForce(ctx(c), tenant(c).ID, s.now()); err == nil {
		form = policyForm(pv)
	} else if !errs.Is(err, errs.NotFound) {
		return err
	}
	form["valid_from"] = s.now().Format(time.DateOnly)
	return s.renderPolicy(c, form, nil)
}

// renderPolicy draws the versions and the form (with the changes a new version makes, when previewing).
func (s *Server) renderPolicy(c *fiber.Ctx, form map[string]string, preview []policyChangeView) error {
	t := tenant(c)
	versions, err := s.rules.Policies(ctx(c), t.ID)
	if err != nil {
		return err
	}
	p := principal(c)
	v := policyView{Form: form, Choices: policyFormChoices, CanWrite: s.authz.Allowed(p.TenantRoles, "policy", "write"), Preview: preview}
	var regions, mrcs []string
	for _, pv := range versions {
		if pv.LocalScope == rules.TerritoryMRC {
			mrcs = append(mrcs, pv.LocalCodes...)
		} else {
			regions = append(regions, pv.LocalCodes...)
		}
	}
	names, err := s.rules.Names(ctx(c), nil, regions, mrcs)
	if err != nil {
		return err
	}
	f := lineFormatter{names: names}
	today := s.now()
	for _, pv := range versions {
		v.Versions = append(v.Versions, policyRowView{PolicyVersion: pv, Ceiling: formatMoney(int64(pv.GreAGreCeiling), lang(c)), InForce: pv.Covers(today) && !pv.Placeholder(),
			Places: f.places(string(pv.LocalScope), strings.Join(pv.LocalCodes, ", "))})
	}
	if from, err := time.Parse(time.DateOnly, form["valid_from"]); err == nil {
		if base, ok := rules.InForce(policiesOf(versions), from); ok {
			v.InForce = base.ResolutionNumber
		}
	}
	return s.render(c, "rules/policy", "rules.ui.policy_title", v)
}

func policiesOf(vs []rules.PolicyVersion) []rules.Policy {
	out := make([]rules.Policy, len(vs))
	for i, v := range vs {
		out[i] = v.Policy
	}
	return out
}

var policyFields = []string{"law_family", "body", "valid_from", "valid_to", "resolution_number", "resolution_date", "gre_a_gre_ceiling",
	"category_ceilings", "rotation_months", "split_window_months", "local_scope", "local_codes", "local_mechanism", "local_premium",
	"ees_preference", "docs_small", "docs_middle", "docs_public", "concentration_limit", "concentration_level", "close_current"}

// policyForm writes a version as the settings form shows it, to start a new version from it (the
// resolution and the period are the new version's own).
func policyForm(pv rules.PolicyVersion) map[string]string {
	money := func(c rules.Cents) string {
		if c == 0 {
			return ""
		}
		return strings.ReplaceAll(formatMoney(int64(c), "fr"), "\u00a0$", "")
	}
	pct := func(p rules.Percent) string {
		if p == 0 {
			return ""
		}
		return strings.TrimSuffix(formatPercent(int64(p), "fr"), "\u00a0%")
	}
	f := map[string]string{"law_family": string(pv.LawFamily), "body": string(pv.Body), "gre_a_gre_ceiling": money(pv.GreAGreCeiling),
		"rotation_months": strconv.Itoa(pv.RotationMonths), "split_window_months": strconv.Itoa(pv.SplitWindowMonths),
		"local_scope": string(pv.LocalScope), "local_codes": strings.Join(pv.LocalCodes, ", "), "local_mechanism": string(pv.LocalMechanism),
		"local_premium": pct(pv.LocalPremium), "concentration_limit": pct(pv.Concentration.Limit),
		"concentration_level": strconv.Itoa(pv.Concentration.Level), "close_current": "on"}
	if pv.EESPreference {
		f["ees_preference"] = "on"
	}
	var lines []string
	for _, cc := range pv.CategoryCeilings {
		lines = append(lines, cc.Category+" = "+money(cc.Ceiling))
	}
	f["category_ceilings"] = strings.Join(lines, "\n")
	for _, d := range pv.RequiredDocs {
		f["docs_"+string(d.Band)] = strings.Join(d.Types, ", ")
	}
	return f
}

// policyFromForm reads a policy version from the settings form.
func policyFromForm(form map[string]string) (rules.PolicyVersion, error) {
	v := errs.Validation{Key: "rules.err.invalid_policy"}
	date := func(field string, required bool) time.Time { return policyDate(&v, field, form[field], required) }
	amount := func(field string) rules.Cents {
		s := strings.TrimSpace(form[field])
		if s == "" {
			return 0
		}
		c, ok := contracts.ParseAmount(s)
		if !ok {
			v.Add(field, "rules.ui.amount_invalid", nil)
		}
		return rules.Cents(c)
	}
	integer := func(field string) int {
		s := strings.TrimSpace(form[field])
		if s == "" {
			return 0
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			v.Add(field, "rules.ui.number_invalid", nil)
		}
		return n
	}
	pv := rules.PolicyVersion{Policy: rules.Policy{LawFamily: rules.LawFamily(form["law_family"]), Body: rules.Body(form["body"]),
		From: date("valid_from", true), To: date("valid_to", false), ResolutionNumber: strings.TrimSpace(form["resolution_number"]),
		ResolutionDate: date("resolution_date", true), GreAGreCeiling: amount("gre_a_gre_ceiling"), RotationMonths: integer("rotation_months"),
		SplitWindowMonths: integer("split_window_months"), LocalScope: rules.TerritoryScope(form["local_scope"]),
		LocalMechanism: rules.Mechanism(form["local_mechanism"]), EESPreference: form["ees_preference"] != ""}}
	if pv.LawFamily == rules.LawMunicipal {
		pv.Body = ""
	}
	pv.LocalCodes = append(pv.LocalCodes, splitList(form["local_codes"])...)
	if pct, ok := parsePercent(form["local_premium"]); ok {
		pv.LocalPremium = pct
	} else {
		v.Add("local_premium", "rules.ui.percent_invalid", nil)
	}
	for i, ln := range strings.Split(form["category_ceilings"], "\n") {
		if strings.TrimSpace(ln) == "" {
			continue
		}
		cat, amt, ok := strings.Cut(ln, "=")
		c, amtOK := contracts.ParseAmount(amt)
		if !ok || !amtOK {
			v.Add("category_ceilings", "rules.ui.ceiling_line_invalid", map[string]any{"Line": i + 1})
			continue
		}
		pv.CategoryCeilings = append(pv.CategoryCeilings, rules.CategoryCeiling{Category: strings.TrimSpace(cat), Ceiling: rules.Cents(c)})
	}
	for _, b := range []rules.Band{rules.BandSmall, rules.BandMiddle, rules.BandPublic} {
		if types := splitList(form["docs_"+string(b)]); len(types) > 0 {
			pv.RequiredDocs = append(pv.RequiredDocs, rules.BandDocuments{Band: b, Types: types})
		}
	}
	if pct, ok := parsePercent(form["concentration_limit"]); ok {
		pv.Concentration.Limit = pct
	} else {
		v.Add("concentration_limit", "rules.ui.percent_invalid", nil)
	}
	pv.Concentration.Level = integer("concentration_level")
	if err := v.Err(); err != nil {
		return pv, err
	}
	return pv, rules.ValidatePolicyVersion(pv)
}

// policyDate reads one of a version's dates (the input checks' strict YYYY-MM-DD); a required one may not be empty.
func policyDate(v *errs.Validation, field, s string, required bool) time.Time {
	if strings.TrimSpace(s) == "" && required {
		v.Add(field, "rules.ui.date_invalid", nil)
	}
	return dateField(v, field, s)
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\n' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// policySubmit shows the changes the new version makes to the one in force on its first day, then saves
// it when the buyer confirms.
func (s *Server) policySubmit(c *fiber.Ctx) error {
	form := map[string]string{}
	for _, k := range policyFields {
		form[k] = c.FormValue(k)
	}
	pv, err := policyFromForm(form)
	if err != nil {
		return s.reshow(c, err, s.policyPage)
	}
	if c.FormValue("confirm") != "1" {
		if err := s.rules.CheckPolicy(ctx(c), tenant(c).ID, pv, form["close_current"] != ""); err != nil {
			return s.reshow(c, err, s.policyPage)
		}
		changes, err := s.policyChanges(c, pv)
		if err != nil {
			return err
		}
		l := i18n.NewLocalizer(s.i18n, lang(c))
		return s.renderPolicy(c, form, s.changeViews(l, lang(c), changes))
	}
	if _, err := s.rules.CreatePolicy(ctx(c), tenant(c).ID, pv, form["close_current"] != ""); err != nil {
		return s.reshow(c, err, s.policyPage)
	}
	return c.Redirect(fmt.Sprintf("/t/%s/policy?saved=1", tenant(c).Slug), fiber.StatusSeeOther)
}

// policyChanges compares a new version with the one in force on its first day (none: every setting).
func (s *Server) policyChanges(c *fiber.Ctx, pv rules.PolicyVersion) ([]rules.PolicyChange, error) {
	base, err := s.rules.PolicyInForce(ctx(c), tenant(c).ID, pv.From)
	if err != nil && !errs.Is(err, errs.NotFound) {
		return nil, err
	}
	return rules.DiffPolicies(base, pv), nil
}

// changeViews says each change in words.
func (s *Server) changeViews(l *i18n.Localizer, lang string, changes []rules.PolicyChange) []policyChangeView {
	out := make([]policyChangeView, 0, len(changes))
	for _, ch := range changes {
		out = append(out, policyChangeView{Label: translate(l, "rules.ui.field_"+ch.Field, nil),
			Before: policyValue(l, lang, ch.Field, ch.Before), After: policyValue(l, lang, ch.Field, ch.After)})
	}
	return out
}

func policyValue(l *i18n.Localizer, lang, field string, v any) string {
	switch x := v.(type) {
	case rules.Cents:
		if x == 0 {
			return translate(l, "rules.ui.none", nil)
		}
		return formatMoney(int64(x), lang)
	case rules.Percent:
		return formatPercent(int64(x), lang)
	case bool:
		if x {
			return translate(l, "rules.ui.yes", nil)
		}
		return translate(l, "rules.ui.no", nil)
	case rules.LawFamily:
		return translate(l, "rules.law."+string(x), nil)
	case rules.Body:
		return translate(l, "rules.body."+string(x), nil)
	case rules.Mechanism:
		if x == "" {
			return translate(l, "rules.ui.mechanism_none", nil)
		}
		return translate(l, "rules.ui.mechanism_"+string(x), nil)
	case rules.TerritoryScope:
		if x == "" {
			return translate(l, "rules.ui.none", nil)
		}
		return translate(l, "rules.ui.scope_"+string(x), nil)
	case []rules.CategoryCeiling:
		parts := make([]string, len(x))
		for i, c := range x {
			parts[i] = c.Category + " : " + formatMoney(int64(c.Ceiling), lang)
		}
		return orNone(l, strings.Join(parts, "; "))
	case []rules.BandDocuments:
		parts := make([]string, len(x))
		for i, d := range x {
			docs := make([]string, len(d.Types))
			for j, t := range d.Types {
				docs[j] = docLabel(l, t)
			}
			parts[i] = translate(l, "rules.ui.docs_"+string(d.Band), nil) + " : " + strings.Join(docs, ", ")
		}
		return orNone(l, strings.Join(parts, "; "))
	case []string:
		return orNone(l, strings.Join(x, ", "))
	case int:
		if field == "concentration_level" {
			return translate(l, "rules.ui.level_"+map[int]string{2: "segment", 4: "family", 6: "class", 8: "commodity"}[x], nil)
		}
		return strconv.Itoa(x)
	}
	return fmt.Sprint(v)
}

func orNone(l *i18n.Localizer, s string) string {
	if s == "" {
		return translate(l, "rules.ui.none", nil)
	}
	return s
}

// policyJSON is a policy version in the API: dates as YYYY-MM-DD, amounts in cents, percentages in basis
// points (500 = 5 %). As input, fields left out are taken from the version in force on valid_from.
type policyJSON struct {
	ID                   string                  `json:"id,omitempty"`
	InForce              bool                    `json:"in_force,omitempty"`
	Placeholder          bool                    `json:"placeholder,omitempty"` // output only: the sign-up's default, no adopted by-law
	LawFamily            string                  `json:"law_family"`
	Body                 string                  `json:"body,omitempty"`
	ValidFrom            string                  `json:"valid_from"`
	ValidTo              string                  `json:"valid_to,omitempty"`
	ResolutionNumber     string                  `json:"resolution_number"`
	ResolutionDate       string                  `json:"resolution_date"`
	GreAGreCeilingCents  int64                   `json:"gre_a_gre_ceiling_cents"`
	CategoryCeilings     []rules.CategoryCeiling `json:"category_ceilings"`
	RotationMonths       int                     `json:"rotation_months"`
	SplitWindowMonths    int                     `json:"split_window_months"`
	LocalScope           string                  `json:"local_scope"`
	LocalCodes           []string                `json:"local_codes"`
	LocalMechanism       string                  `json:"local_mechanism"`
	LocalPremiumBp       int64                   `json:"local_premium_bp"`
	EESPreference        bool                    `json:"ees_preference"`
	RequiredDocs         []rules.BandDocuments   `json:"required_docs"`
	ConcentrationLimitBp int64                   `json:"concentration_limit_bp"`
	ConcentrationLevel   int                     `json:"concentration_level"`
	CloseCurrent         *bool                   `json:"close_current,omitempty"` // input only: end the open version the day before (default true)
}

func dayString(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

func policyJSONOf(pv rules.PolicyVersion) policyJSON {
	return policyJSON{ID: pv.VersionID, Placeholder: pv.Placeholder(), LawFamily: string(pv.LawFamily), Body: string(pv.Body), ValidFrom: dayString(pv.From), ValidTo: dayString(pv.To),
		ResolutionNumber: pv.ResolutionNumber, ResolutionDate: dayString(pv.ResolutionDate), GreAGreCeilingCents: int64(pv.GreAGreCeiling),
		CategoryCeilings: nonNilSlice(pv.CategoryCeilings), RotationMonths: pv.RotationMonths, SplitWindowMonths: pv.SplitWindowMonths,
		LocalScope: string(pv.LocalScope), LocalCodes: nonNilSlice(pv.LocalCodes), LocalMechanism: string(pv.LocalMechanism),
		LocalPremiumBp: int64(pv.LocalPremium), EESPreference: pv.EESPreference, RequiredDocs: nonNilSlice(pv.RequiredDocs),
		ConcentrationLimitBp: int64(pv.Concentration.Limit), ConcentrationLevel: pv.Concentration.Level}
}

func nonNilSlice[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// version reads the input as a policy version; dates are checked here, everything else by the rules.
func (in policyJSON) version() (rules.PolicyVersion, error) {
	v := errs.Validation{Key: "rules.err.invalid_policy"}
	date := func(field, s string, required bool) time.Time { return policyDate(&v, field, s, required) }
	pv := rules.PolicyVersion{Policy: rules.Policy{LawFamily: rules.LawFamily(in.LawFamily), Body: rules.Body(in.Body),
		From: date("valid_from", in.ValidFrom, true), To: date("valid_to", in.ValidTo, false), ResolutionNumber: strings.TrimSpace(in.ResolutionNumber),
		ResolutionDate: date("resolution_date", in.ResolutionDate, true), GreAGreCeiling: rules.Cents(in.GreAGreCeilingCents),
		CategoryCeilings: in.CategoryCeilings, RotationMonths: in.RotationMonths, SplitWindowMonths: in.SplitWindowMonths,
		LocalScope: rules.TerritoryScope(in.LocalScope), LocalCodes: in.LocalCodes, LocalMechanism: rules.Mechanism(in.LocalMechanism),
		LocalPremium: rules.Percent(in.LocalPremiumBp), EESPreference: in.EESPreference, RequiredDocs: in.RequiredDocs},
		Concentration: rules.ConcentrationSetting{Limit: rules.Percent(in.ConcentrationLimitBp), Level: in.ConcentrationLevel}}
	if err := v.Err(); err != nil {
		return pv, err
	}
	return pv, rules.ValidatePolicyVersion(pv)
}

type policyList struct {
	Items   []policyJSON `json:"items"`
	InForce string       `json:"in_force,omitempty"` // id of the version in force today
}

func (s *Server) apiPolicies(c *fiber.Ctx) error {
	versions, err := s.rules.Policies(ctx(c), tenant(c).ID)
	if err != nil {
		return err
	}
	out := policyList{Items: []policyJSON{}}
	for _, pv := range versions {
		j := policyJSONOf(pv)
		if pv.Covers(s.now()) && !pv.Placeholder() {
			j.InForce, out.InForce = true, pv.VersionID
		}
		out.Items = append(out.Items, j)
	}
	return c.JSON(out)
}

// policyChange is the API's answer to a new version: the version (saved, or previewed) and what it changes
// from the version in force on its first day.
type policyChange struct {
	Version policyJSON           `json:"version"`
	BasedOn string               `json:"based_on,omitempty"` // id of the version it starts from
	Changes []rules.PolicyChange `json:"changes"`
	Saved   bool                 `json:"saved"`
}

func (s *Server) apiPolicyCreate(c *fiber.Ctx) error {
	body := c.Body()
	var head struct {
		ValidFrom string `json:"valid_from"`
	}
	if err := json.Unmarshal(body, &head); err != nil {
		return errs.E(errs.Invalid, "rules.ui.invalid_json").Wrap(err)
	}
	from, err := time.Parse(time.DateOnly, head.ValidFrom)
	if err != nil {
		return (&errs.Validation{Key: "rules.err.invalid_policy"}).ErrWith("valid_from", "rules.ui.date_invalid", nil)
	}
	t := tenant(c)
	in := policyJSON{LawFamily: string(rules.BodyOfKind(t.Kind).Family()), ConcentrationLimitBp: 5000, ConcentrationLevel: 4}
	base, err := s.rules.PolicyInForce(ctx(c), t.ID, from)
	switch {
	case err == nil:
		in = policyJSONOf(base)
		in.ID, in.ValidTo, in.ResolutionNumber, in.ResolutionDate = "", "", "", ""
	case !errs.Is(err, errs.NotFound):
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return errs.E(errs.Invalid, "rules.ui.invalid_json").Wrap(err)
	}
	pv, err := in.version()
	if err != nil {
		return err
	}
	out := policyChange{BasedOn: base.VersionID, Changes: rules.DiffPolicies(base, pv)}
	closeCurrent := in.CloseCurrent == nil || *in.CloseCurrent
	if c.Query("preview") == "true" || c.Query("preview") == "1" {
		if err := s.rules.CheckPolicy(ctx(c), t.ID, pv, closeCurrent); err != nil {
			return err
		}
		out.Version = policyJSONOf(pv)
		return c.JSON(out)
	}
	saved, err := s.rules.CreatePolicy(ctx(c), t.ID, pv, closeCurrent)
	if err != nil {
		return err
	}
	out.Version, out.Saved = policyJSONOf(saved), true
	return c.Status(fiber.StatusCreated).JSON(out)
}
