package rules

import "strings"

// exemptions lists the LCV s. 573.3 (CM s. 938) exemptions that may let a contract with a non-profit
// or a designated solidarity co-operative be awarded without tendering. They matter only to
// municipal bodies from the invitation floor up (below it gré à gré is open anyway):
//   - par. 2.1: insurance or services from a non-profit, except residual-materials services and the
//     services listed in par. 2.3;
//   - par. 2.2: services from a solidarity co-operative designated by the minister (from 2018-04-19);
//   - par. 2.3: the listed services from a non-profit, only below the services ceiling.
//
// Which UNSPSC codes are insurance, residual materials or listed services is itself reference data.
// Each line counts the register suppliers that could use it.
func (a *advisor) exemptions() error {
	if !a.municipal() || a.out.Band == BandSmall {
		return nil
	}
	cat := a.in.Purchase.Category
	insurance, _ := a.categoryIn("insurance_unspsc", cat)
	if a.in.Purchase.Nature != Services && !insurance {
		return nil
	}
	var nonprofits, solidarity int
	for _, s := range a.in.Suppliers {
		if s.Status != StatusApproved || s.RENAListed || !a.inCategory(s) {
			continue
		}
		switch s.LegalForm {
		case FormNonProfit:
			nonprofits++
		case FormSolidarityCoop:
			solidarity++
		}
	}
	residual, residualRef := a.categoryIn("residual_materials_unspsc", cat)
	listed, listedRef := a.categoryIn("lcv_573_3_2_3_unspsc", cat)
	if v, ok := a.in.Reference.At("lcv_573_3_nonprofit", a.day); ok {
		switch {
		case residual:
			a.out.Exemptions = append(a.out.Exemptions, line(v.Ref(), "rules.exempt.nonprofit_not_residual", nil),
				line(residualRef, "rules.exempt.category_residual", nil))
		case listed:
			a.out.Exemptions = append(a.out.Exemptions, line(v.Ref(), "rules.exempt.nonprofit_not_listed", nil))
		default:
			a.out.Exemptions = append(a.out.Exemptions, line(v.Ref(), "rules.exempt.nonprofit", map[string]any{"Count": nonprofits, "Insurance": insurance}))
		}
	}
	if v, ok := a.in.Reference.At("lcv_573_3_solidarity_coop", a.day); ok && a.in.Purchase.Nature == Services {
		a.out.Exemptions = append(a.out.Exemptions, line(v.Ref(), "rules.exempt.solidarity_coop", map[string]any{"Count": solidarity}))
	}
	if v, ok := a.in.Reference.At("lcv_573_3_listed_services", a.day); ok && listed {
		a.out.Exemptions = append(a.out.Exemptions, line(listedRef, "rules.exempt.category_listed", nil))
		c, known := a.in.Reference.At("muni_canadian_origin_ceiling_supply_services", a.day)
		switch {
		case !known || c.Kind != KindCents:
			a.out.Exemptions = append(a.out.Exemptions, line(v.Ref(), "rules.exempt.listed_services", map[string]any{"Count": nonprofits}))
			ref := v.Ref()
			if known {
				ref = c.Ref()
			}
			a.warn(ref, "rules.warn.services_ceiling_unknown", nil)
		case a.reaches(a.total, c.Cents):
			a.out.Exemptions = append(a.out.Exemptions, line(c.Ref(), "rules.exempt.listed_services_over_ceiling", map[string]any{"Ceiling": c.Cents}))
		default:
			a.out.Exemptions = append(a.out.Exemptions, line(v.Ref(), "rules.exempt.listed_services", map[string]any{"Count": nonprofits, "Ceiling": c.Cents}))
		}
	}
	return nil
}

// categoryIn reports whether the purchase's category is inside one of the UNSPSC prefixes the legal
// value key lists (space separated), with the value's rule.
func (a *advisor) categoryIn(key, cat string) (bool, RuleRef) {
	v, ok := a.in.Reference.At(key, a.day)
	if !ok {
		return false, RuleRef{}
	}
	for _, p := range strings.Fields(v.Text) {
		if strings.HasPrefix(cat, p) {
			return true, v.Ref()
		}
	}
	return false, v.Ref()
}

// inCategory reports whether the supplier sells in the purchase's UNSPSC branch.
func (a *advisor) inCategory(s Supplier) bool {
	_, ok := matchingCategory(s.Categories, a.in.Purchase.Category)
	return ok
}

func matchingCategory(categories []string, c string) (string, bool) {
	for _, sc := range categories {
		if Overlaps(sc, c) {
			return sc, true
		}
	}
	return "", false
}
