package web

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"maillage/app/contracts"
	"maillage/app/errs"
	"maillage/app/rules"
)

type policyView struct {
	Versions []policyRowView
	Form     map[string]string
	CanWrite bool
}

func (s *Server) policyPage(c *fiber.Ctx) error {
	return s.renderPolicy(c, map[string]string{"law_family": "lcv_cm", "concentration_limit": "50", "concentration_level": "4",
		"close_current": "on", "valid_from": s.now().Format(time.DateOnly)}, nil)
}

func (s *Server) renderPolicy(c *fiber.Ctx, form map[string]string, ferr error) error {
	t := tenant(c)
	versions, err := s.rules.Policies(ctx(c), t.ID)
	if err != nil {
		return err
	}
	p := principal(c)
	v := policyView{Form: form, CanWrite: s.authz.Allowed(p.TenantRoles, "policy", "write")}
	for _, pv := range versions {
		v.Versions = append(v.Versions, policyRowView{PolicyVersion: pv, Ceiling: formatMoney(int64(pv.GreAGreCeiling), lang(c))})
	}
	page := s.page(c, "rules.ui.policy_title", v)
	if ferr != nil {
		if !formErrors(page.L, page, ferr) {
			return ferr
		}
		c.Status(statusOf(errs.KindOf(ferr)))
	}
	return s.renderPage(c, "rules/policy", page)
}

type policyRowView struct {
	rules.PolicyVersion
	Ceiling string
}

var policyFields = []string{"law_family", "valid_from", "valid_to", "resolution_number", "resolution_date", "gre_a_gre_ceiling",
	"category_ceilings", "rotation_months", "local_scope", "local_codes", "local_mechanism", "local_premium", "ees_preference",
	"docs_small", "docs_middle", "docs_public", "concentration_limit", "concentration_level", "close_current"}

// policyFromForm reads a policy version from the settings form.
func policyFromForm(form map[string]string) (rules.PolicyVersion, error) {
	v := errs.Validation{Key: "rules.err.invalid_policy"}
	date := func(field string, required bool) time.Time {
		s := strings.TrimSpace(form[field])
		if s == "" {
			if required {
				v.Add(field, "rules.ui.date_invalid", nil)
			}
			return time.Time{}
		}
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			v.Add(field, "rules.ui.date_invalid", nil)
		}
		return d
	}
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
	pv := rules.PolicyVersion{Policy: rules.Policy{LawFamily: rules.LawFamily(form["law_family"]), From: date("valid_from", true),
		To: date("valid_to", false), ResolutionNumber: strings.TrimSpace(form["resolution_number"]), ResolutionDate: date("resolution_date", true),
		GreAGreCeiling: amount("gre_a_gre_ceiling"), RotationMonths: integer("rotation_months"), LocalScope: rules.TerritoryScope(form["local_scope"]),
		LocalMechanism: rules.Mechanism(form["local_mechanism"]), EESPreference: form["ees_preference"] != ""}}
	for _, code := range splitList(form["local_codes"]) {
		pv.LocalCodes = append(pv.LocalCodes, code)
	}
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
	return pv, nil
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

func (s *Server) policySubmit(c *fiber.Ctx) error {
	form := map[string]string{}
	for _, k := range policyFields {
		form[k] = c.FormValue(k)
	}
	pv, err := policyFromForm(form)
	if err == nil {
		_, err = s.rules.CreatePolicy(ctx(c), tenant(c).ID, pv, form["close_current"] != "")
	}
	if err != nil {
		return s.renderPolicy(c, form, err)
	}
	return c.Redirect(fmt.Sprintf("/t/%s/policy?saved=1", tenant(c).Slug), fiber.StatusSeeOther)
}
