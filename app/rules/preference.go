package rules

import "strings"

// preferences decides whether a local or collective-enterprise preference may lawfully apply and
// how. Below the public-tender threshold the body's own rules decide (and Loi 67 required them for a
// while); at or above it the trade agreements forbid regional preferences, though a municipal call
// may still be limited to Canadian suppliers below the CETA ceiling and an LCOP body may use the
// s. 14.1 measures up to the CETA threshold.
func (a *advisor) preferences() error {
	if a.out.Band == BandPublic {
		if a.municipal() {
			return a.municipalPublicPreferences()
		}
		return a.lcopPublicPreferences()
	}
	if a.municipal() {
		return a.municipalPreferences()
	}
	return a.lcopPreferences()
}

func (a *advisor) territoryArgs() map[string]any {
	p := a.pol
	return map[string]any{"Scope": string(p.LocalScope), "Codes": strings.Join(p.LocalCodes, ", ")}
}

func withArg(m map[string]any, k string, v any) map[string]any {
	m[k] = v
	return m
}

func (a *advisor) wantsPreference() bool {
	return !a.hasPolicy || a.pol.LocalMechanism != MechanismNone || a.pol.EESPreference
}

// noRegionalPreference states the trade agreements' rule when the body has (or may have) a preference.
func (a *advisor) noRegionalPreference() error {
	if !a.wantsPreference() {
		return nil
	}
	ta, err := a.in.Reference.need("trade_agreements_no_preference", a.day)
	if err != nil {
		return err
	}
	a.out.Preferences = append(a.out.Preferences, line(ta.Ref(), "rules.pref.none_above_threshold", map[string]any{"Threshold": a.threshold.Cents}))
	return nil
}

func (a *advisor) municipalPublicPreferences() error {
	if err := a.noRegionalPreference(); err != nil {
		return err
	}
	if a.in.Purchase.Nature == Construction {
		return nil
	}
	c, ok := a.in.Reference.At("muni_canadian_origin_ceiling_supply_services", a.day)
	switch {
	case !ok:
	case c.Kind != KindCents:
		a.out.Preferences = append(a.out.Preferences, line(c.Ref(), "rules.pref.muni_origin_limit_unknown", nil))
	case !a.reaches(a.total, c.Cents):
		a.out.Preferences = append(a.out.Preferences, line(c.Ref(), "rules.pref.muni_origin_limit", map[string]any{"Ceiling": c.Cents}))
	}
	return nil
}

func (a *advisor) municipalPreferences() error {
	p := a.pol
	rgc, err := a.in.Reference.need("local_preference_rgc", a.day)
	if err != nil {
		return err
	}
	basis := rgc.Ref()
	if w, in := a.in.Reference.At("loi67_window", a.day); in {
		basis = w.Ref()
		// The law's requirement is stated whatever the policy; what the body's RGC lacks is a warning.
		args := map[string]any{"From": w.From, "To": w.To}
		a.out.Preferences = append(a.out.Preferences, line(w.Ref(), "rules.pref.loi67_in_force", args))
		switch {
		case !a.hasPolicy:
			a.warn(w.Ref(), "rules.warn.loi67_rgc_not_entered", args)
		case p.LocalMechanism == MechanismNone:
			a.warn(w.Ref(), "rules.warn.loi67_policy_missing", args)
		}
	}
	if !a.hasPolicy {
		a.out.Preferences = append(a.out.Preferences, line(rgc.Ref(), "rules.pref.rgc_may_favour", map[string]any{"Threshold": a.threshold.Cents}))
		return nil
	}
	if p.LocalMechanism != MechanismNone {
		a.local, a.localRef = true, p.Ref("local_preference")
		a.out.Preferences = append(a.out.Preferences, line(basis, "rules.pref.local_lawful", map[string]any{"Threshold": a.threshold.Cents}))
		a.localMechanism()
	}
	if p.EESPreference {
		a.ees, a.eesRef = true, p.Ref("ees_preference")
		a.out.Preferences = append(a.out.Preferences, line(rgc.Ref(), "rules.pref.ees_lawful", map[string]any{"Threshold": a.threshold.Cents}),
			line(a.eesRef, "rules.pref.ees_first", nil))
	}
	return nil
}

// localMechanism states how the policy's local mechanism applies to this procedure: a price
// premium only on a gré-à-gré purchase, a reserved invitation only on an invitation.
func (a *advisor) localMechanism() {
	p := a.pol
	switch {
	case p.LocalMechanism == MechanismPremium && a.out.Procedure == GreAGre:
		a.premium = p.LocalPremium
		a.out.Preferences = append(a.out.Preferences, line(a.localRef, "rules.pref.local_premium", withArg(a.territoryArgs(), "Pct", p.LocalPremium)))
	case p.LocalMechanism == MechanismPremium:
		a.out.Preferences = append(a.out.Preferences, line(a.localRef, "rules.pref.local_premium_needs_gre_a_gre", withArg(a.territoryArgs(), "Pct", p.LocalPremium)))
	case p.LocalMechanism == MechanismReserved && a.out.Procedure == Invitation:
		a.reserved = true
		a.out.Preferences = append(a.out.Preferences, line(a.localRef, "rules.pref.local_reserved", a.territoryArgs()))
	default:
		a.out.Preferences = append(a.out.Preferences, line(a.localRef, "rules.pref.local_invite_first", a.territoryArgs()))
	}
}

// lcopPreferences: below the public-call threshold an LCOP body chooses whom it consults or invites,
// so its policy's local mechanism applies as a municipal one does; the s. 14.1 measures do not (they
// start at the threshold). The s. 14.11 margin applies only to designated acquisitions.
func (a *advisor) lcopPreferences() error {
	p := a.pol
	if a.hasPolicy && p.LocalMechanism != MechanismNone {
		a.local, a.localRef = true, p.Ref("local_preference")
		a.localMechanism()
		if m, ok := a.in.Reference.At("lcop_14_1_measures", a.day); ok {
			a.out.Preferences = append(a.out.Preferences, line(m.Ref(), "rules.pref.lcop_14_1_not_below", map[string]any{"Threshold": a.threshold.Cents}))
		}
	}
	a.lcopEESMargin()
	return nil
}

// lcopPublicPreferences applies s. 14.1 between the public-call threshold and the CETA threshold:
// a Québec (or Canadian) value-added preference, or requiring Québec or Canadian goods, services or
// works. Reserving the call to small enterprises needs a s. 14.4 directive, not in force.
func (a *advisor) lcopPublicPreferences() error {
	p := a.pol
	m, ok := a.in.Reference.At("lcop_14_1_measures", a.day)
	if !ok {
		if next, found := a.in.Reference.first("lcop_14_1_measures"); found && a.hasPolicy && p.LocalMechanism != MechanismNone && next.From.After(a.day) {
			a.warn(next.Ref(), "rules.warn.lcop_not_in_force", map[string]any{"Date": a.day, "From": next.From})
		}
		return a.noRegionalPreference()
	}
	ceta, cetaKnown := a.in.Reference.At("lcop_ceta_threshold", a.day)
	if cetaKnown && ceta.Kind == KindCents && a.reaches(a.total, ceta.Cents) {
		return a.noRegionalPreference()
	}
	args := map[string]any{"Threshold": a.threshold.Cents}
	if cetaKnown && ceta.Kind == KindCents {
		args["Ceiling"] = ceta.Cents
	}
	a.out.Preferences = append(a.out.Preferences, line(m.Ref(), "rules.pref.lcop_14_1_window", args))
	if cetaKnown && ceta.Kind != KindCents {
		a.out.Preferences = append(a.out.Preferences, line(ceta.Ref(), "rules.pref.lcop_ceta_unknown", nil))
	}
	a.out.Preferences = append(a.out.Preferences, line(m.Ref(), "rules.pref.lcop_quebec_goods", nil))
	if a.hasPolicy {
		switch p.LocalMechanism {
		case MechanismPremium:
			pct := p.LocalPremium
			if maxPref, ok := a.in.Reference.At("lcop_preference_max_percent", a.day); ok {
				if pct > maxPref.Percent {
					a.warn(maxPref.Ref(), "rules.warn.lcop_premium_capped", map[string]any{"Pct": p.LocalPremium, "MaxPct": maxPref.Percent})
					pct = maxPref.Percent
				}
				a.local, a.localRef, a.premium = true, maxPref.Ref(), pct
				a.out.Preferences = append(a.out.Preferences, line(maxPref.Ref(), "rules.pref.lcop_value_added", map[string]any{"Pct": pct, "MaxPct": maxPref.Percent}))
			}
		case MechanismReserved:
			if r, ok := a.in.Reference.At("lcop_14_1_reserved_small_enterprises", a.day); ok {
				a.warn(r.Ref(), "rules.warn.lcop_reserved_needs_directive", nil)
			}
		}
	}
	a.lcopEESMargin()
	return nil
}

func (a *advisor) lcopEESMargin() {
	if a.hasPolicy && !a.pol.EESPreference {
		return
	}
	margin, ok := a.in.Reference.At("lcop_14_11_ees_margin", a.day)
	if !ok {
		return
	}
	a.out.Preferences = append(a.out.Preferences, line(margin.Ref(), "rules.pref.lcop_ees_margin", nil))
	if a.hasPolicy {
		a.ees, a.eesRef = true, margin.Ref()
	}
}
