package rules

// natureKey names a nature in the LCOP threshold keys.
var natureKey = map[Nature]string{Goods: "goods", Services: "services", Construction: "construction"}

// thresholdKeys are the legal keys of the invitation floor and the public-tender threshold of the
// body's law: one municipal threshold for every nature; LCOP thresholds by kind of body and nature.
func (a *advisor) thresholdKeys() (floor, threshold string) {
	if a.municipal() {
		return "muni_invitation_floor", "muni_tender_threshold"
	}
	return "lcop_invitation_floor", "lcop_tender_threshold_" + string(a.body) + "_" + natureKey[a.in.Purchase.Nature]
}

// procedure decides the band and the award procedure from the expense, the thresholds in effect on
// the launch date and the policy's gré-à-gré ceilings.
func (a *advisor) procedure() error {
	fk, tk := a.thresholdKeys()
	var err error
	if a.floor, err = a.in.Reference.need(fk, a.day); err != nil {
		return err
	}
	if a.threshold, err = a.in.Reference.need(tk, a.day); err != nil {
		return err
	}
	floor, thr := a.floor.Cents, a.threshold.Cents
	args := map[string]any{"Amount": a.out.Expense, "Floor": floor, "Threshold": thr}
	switch {
	case a.reaches(a.total, thr):
		a.out.Band, a.out.Procedure = BandPublic, PublicCall
		a.out.ProcedureWhy = append(a.out.ProcedureWhy, line(a.threshold.Ref(), "rules.proc.public_call", args))
		if v, ok := a.in.Reference.At("muni_seao_notice_content", a.day); ok && a.municipal() {
			a.out.ProcedureWhy = append(a.out.ProcedureWhy, line(v.Ref(), "rules.proc.lcom_notice_content", nil))
		}
	case !a.reaches(a.total, floor):
		a.out.Band, a.out.Procedure = BandSmall, GreAGre
		if a.municipal() {
			a.out.ProcedureWhy = append(a.out.ProcedureWhy, line(a.floor.Ref(), "rules.proc.gre_a_gre_under_floor", args))
		} else {
			a.out.ProcedureWhy = append(a.out.ProcedureWhy, line(a.threshold.Ref(), "rules.proc.lcop_under_floor", args))
		}
	default:
		a.out.Band = BandMiddle
		a.middleBand(args)
	}
	if v, ok := a.in.Reference.At("muni_seao_contract_list_floor", a.day); ok && a.municipal() && a.reaches(a.total, v.Cents) {
		a.out.ProcedureWhy = append(a.out.ProcedureWhy, line(v.Ref(), "rules.proc.seao_contract_list", map[string]any{"Floor": v.Cents}))
	}
	if !a.hasPolicy {
		a.noPolicyWarning()
	}
	return nil
}

// noPolicyWarning says the answer rests on the law alone: the body's RGC (or, under the LCOP, its
// contract management policy) was not entered for the launch date, so what it adds is unknown.
func (a *advisor) noPolicyWarning() {
	ref := a.threshold.Ref()
	if v, ok := a.in.Reference.At("local_preference_rgc", a.day); ok && a.municipal() {
		ref = v.Ref()
	}
	msg := "rules.warn.no_policy"
	if !a.municipal() {
		msg = "rules.warn.no_policy_lcop"
	}
	a.warn(ref, msg, map[string]any{"Date": a.day})
}

// middleBand applies the policy's ceiling between the invitation floor and the threshold. A municipal
// RGC may allow gré à gré in this band only from the date the law gave it that power.
func (a *advisor) middleBand(args map[string]any) {
	p := a.pol
	bandRef, bandMsg := a.floor.Ref(), "rules.proc.invitation"
	if !a.municipal() {
		bandRef, bandMsg = a.threshold.Ref(), "rules.proc.lcop_invitation"
	}
	below := line(a.threshold.Ref(), "rules.proc.below_threshold", args)
	ceiling, ref, category := a.ceiling()
	var power LegalValue
	if a.municipal() {
		var ok bool
		if power, ok = a.in.Reference.At("muni_rgc_band", a.day); !ok {
			if ceiling > 0 {
				if first, found := a.in.Reference.first("muni_rgc_band"); found {
					a.warn(first.Ref(), "rules.warn.rgc_band_not_in_force", map[string]any{"From": first.From, "Ceiling": ceiling})
				}
			}
			ceiling = 0
		}
	}
	if ceiling > a.threshold.Cents {
		// The law forbids gré à gré at or above the threshold whatever the by-law says.
		a.warn(a.threshold.Ref(), "rules.warn.ceiling_capped", map[string]any{"Ceiling": ceiling, "Threshold": a.threshold.Cents})
		ceiling = a.threshold.Cents
	}
	if ceiling > 0 && !a.reaches(a.total, ceiling) {
		a.out.Procedure = GreAGre
		a.out.ProcedureWhy = append(a.out.ProcedureWhy, below, line(bandRef, "rules.proc.middle_band", args))
		if a.municipal() {
			a.out.ProcedureWhy = append(a.out.ProcedureWhy, line(power.Ref(), "rules.proc.rgc_band_power", nil))
		}
		a.out.ProcedureWhy = append(a.out.ProcedureWhy, line(ref, "rules.proc.gre_a_gre_policy", map[string]any{"Ceiling": ceiling, "Category": category}))
		if !a.municipal() {
			return
		}
		if p.RotationMonths > 0 {
			a.out.ProcedureWhy = append(a.out.ProcedureWhy, line(p.Ref("rotation"), "rules.proc.rotation", map[string]any{"Months": p.RotationMonths}))
		} else if rot, ok := a.in.Reference.At("rotation_rgc", a.day); ok {
			a.warn(rot.Ref(), "rules.warn.rotation_missing", nil)
		}
		return
	}
	a.out.Procedure = Invitation
	a.out.ProcedureWhy = append(a.out.ProcedureWhy, below, line(bandRef, bandMsg, args))
	switch {
	case ceiling > 0:
		a.out.ProcedureWhy = append(a.out.ProcedureWhy, line(ref, "rules.proc.over_policy_ceiling", map[string]any{"Ceiling": ceiling, "Category": category}))
	case !a.hasPolicy && power.Key != "":
		a.out.ProcedureWhy = append(a.out.ProcedureWhy, line(power.Ref(), "rules.proc.rgc_could_allow", nil))
	}
}

// ceiling is the policy's gré-à-gré ceiling for the purchase's category: the narrowest category
// ceiling that contains it, else the general one; 0 when none.
func (a *advisor) ceiling() (Cents, RuleRef, string) {
	p := a.pol
	if !a.hasPolicy {
		return 0, RuleRef{}, ""
	}
	ceiling, ref, category := p.GreAGreCeiling, p.Ref("gre_a_gre_ceiling"), ""
	best := -1
	for _, c := range p.CategoryCeilings {
		if contains(c.Category, a.in.Purchase.Category) && len(significant(c.Category)) > best {
			best, ceiling, ref, category = len(significant(c.Category)), c.Ceiling, p.Ref("category_ceiling"), c.Category
		}
	}
	return ceiling, ref, category
}
