package rules

// procedure decides the band and the award procedure from the amount, the thresholds in
// effect on the planned date and the policy's gré-à-gré ceilings.
func (a *advisor) procedure() error {
	var err error
	if a.floor, err = a.in.Reference.need("invitation_floor", a.day); err != nil {
		return err
	}
	key := "tender_threshold"
	if !a.municipal() {
		key = "lcop_tender_threshold"
	}
	if a.threshold, err = a.in.Reference.need(key, a.day); err != nil {
		return err
	}
	amt, floor, thr := a.in.Purchase.Amount, a.floor.Cents, a.threshold.Cents
	args := map[string]any{"Amount": amt, "Floor": floor, "Threshold": thr}
	switch {
	case amt >= thr:
		a.out.Band, a.out.Procedure = BandPublic, PublicCall
		a.out.ProcedureWhy = append(a.out.ProcedureWhy, line(a.threshold.Ref(), "rules.proc.public_call", args))
	case amt < floor:
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
	return nil
}

// middleBand applies the policy's ceiling between the invitation floor and the threshold.
func (a *advisor) middleBand(args map[string]any) {
	p := a.in.Policy
	ceiling, ref, category := p.GreAGreCeiling, p.Ref("gre_a_gre_ceiling"), ""
	best := -1
	for _, c := range p.CategoryCeilings {
		if contains(c.Category, a.in.Purchase.Category) && len(significant(c.Category)) > best {
			best, ceiling, ref, category = len(significant(c.Category)), c.Ceiling, p.Ref("category_ceiling"), c.Category
		}
	}
	if ceiling > a.threshold.Cents {
		// The law forbids gré à gré at or above the threshold whatever the by-law says.
		a.warn(a.threshold.Ref(), "rules.warn.ceiling_capped", map[string]any{"Ceiling": ceiling, "Threshold": a.threshold.Cents})
		ceiling = a.threshold.Cents
	}
	bandRef := a.floor.Ref()
	bandMsg := "rules.proc.invitation"
	if !a.municipal() {
		bandRef, bandMsg = a.threshold.Ref(), "rules.proc.lcop_invitation"
	}
	below := line(a.threshold.Ref(), "rules.proc.below_threshold", args)
	if a.in.Purchase.Amount < ceiling {
		a.out.Procedure = GreAGre
		a.out.ProcedureWhy = append(a.out.ProcedureWhy, below,
			line(bandRef, "rules.proc.middle_band", args),
			line(ref, "rules.proc.gre_a_gre_policy", map[string]any{"Ceiling": ceiling, "Category": category}))
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
	if ceiling > 0 {
		a.out.ProcedureWhy = append(a.out.ProcedureWhy, line(ref, "rules.proc.over_policy_ceiling", map[string]any{"Ceiling": ceiling, "Category": category}))
	}
}
