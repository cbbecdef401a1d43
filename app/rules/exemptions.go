package rules

// exemptions lists the LCV s. 573.3 exemptions that may let a services contract with a
// non-profit or a designated solidarity co-operative be awarded without the tendering
// procedure. They matter only from the invitation floor up (below it gré à gré is open anyway)
// and only to municipal bodies; each line counts the register suppliers that could use it.
func (a *advisor) exemptions() error {
	if !a.municipal() || a.out.Band == BandSmall || a.in.Purchase.Nature != Services {
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
	for _, e := range []struct {
		key, msg string
		count    int
	}{
		{"lcv_573_3_nonprofit_services", "rules.exempt.nonprofit_services", nonprofits},
		{"lcv_573_3_solidarity_coop", "rules.exempt.solidarity_coop", solidarity},
		{"lcv_573_3_listed_services_nonprofit", "rules.exempt.listed_services_nonprofit", nonprofits},
	} {
		v, ok := a.in.Reference.At(e.key, a.day)
		if !ok {
			continue
		}
		a.out.Exemptions = append(a.out.Exemptions, line(v.Ref(), e.msg, map[string]any{"Count": e.count}))
	}
	return nil
}

// inCategory reports whether the supplier sells in the purchase's UNSPSC branch.
func (a *advisor) inCategory(s Supplier) bool {
	_, ok := matchingCategory(s, a.in.Purchase.Category)
	return ok
}

func matchingCategory(s Supplier, c string) (string, bool) {
	for _, sc := range s.Categories {
		if Overlaps(sc, c) {
			return sc, true
		}
	}
	return "", false
}
