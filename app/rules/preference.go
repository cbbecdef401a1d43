package rules

import "strings"

// preferences decides whether a local or collective-enterprise preference may lawfully apply
// and how. Above the public-tender threshold the trade agreements forbid any.
func (a *advisor) preferences() error {
	p := a.in.Policy
	if a.out.Band == BandPublic {
		if p.LocalMechanism == MechanismNone && !p.EESPreference {
			return nil
		}
		ta, err := a.in.Reference.need("trade_agreements_no_preference", a.day)
		if err != nil {
			return err
		}
		a.out.Preferences = append(a.out.Preferences, line(ta.Ref(), "rules.pref.none_above_threshold",
			map[string]any{"Threshold": a.threshold.Cents}))
		return nil
	}
	if a.municipal() {
		return a.municipalPreferences()
	}
	return a.lcopPreferences()
}

func (a *advisor) territoryArgs() map[string]any {
	p := a.in.Policy
	return map[string]any{"Scope": string(p.LocalScope), "Codes": strings.Join(p.LocalCodes, ", ")}
}

func withArg(m map[string]any, k string, v any) map[string]any {
	m[k] = v
	return m
}

func (a *advisor) municipalPreferences() error {
	p := a.in.Policy
	rgc, err := a.in.Reference.need("local_preference_rgc", a.day)
	if err != nil {
		return err
	}
	basis := rgc.Ref()
	if w, in := a.in.Reference.At("loi67_window", a.day); in {
		basis = w.Ref()
		if p.LocalMechanism == MechanismNone {
			a.warn(w.Ref(), "rules.warn.loi67_policy_missing", map[string]any{"From": w.From, "To": w.To})
		} else {
			a.out.Preferences = append(a.out.Preferences, line(w.Ref(), "rules.pref.loi67_in_force", map[string]any{"From": w.From, "To": w.To}))
		}
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
	p := a.in.Policy
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

// lcopPreferences applies the Loi 12 measures open to bodies under the LCOP below the
// threshold: Québec value-added preference, reserved call to small enterprises, Québec
// goods, and the preferential margin for collective enterprises.
func (a *advisor) lcopPreferences() error {
	p := a.in.Policy
	maxPref, in := a.in.Reference.At("lcop_quebec_value_preference_max", a.day)
	if !in {
		if next, ok := a.in.Reference.first("lcop_quebec_value_preference_max"); ok && (p.LocalMechanism != MechanismNone || p.EESPreference) {
			a.warn(next.Ref(), "rules.warn.lcop_not_in_force", map[string]any{"Date": a.day, "From": next.From})
		}
		return nil
	}
	a.localRef = maxPref.Ref()
	switch p.LocalMechanism {
	case MechanismPremium:
		pct := min(p.LocalPremium, maxPref.Percent)
		if pct < p.LocalPremium {
			a.warn(maxPref.Ref(), "rules.warn.lcop_premium_capped", map[string]any{"Pct": p.LocalPremium, "MaxPct": maxPref.Percent})
		}
		a.local, a.premium = true, pct
		a.out.Preferences = append(a.out.Preferences, line(maxPref.Ref(), "rules.pref.lcop_value_added", map[string]any{"Pct": pct, "MaxPct": maxPref.Percent}))
	case MechanismReserved:
		small, err := a.in.Reference.need("lcop_reserved_small_enterprise", a.day)
		if err != nil {
			return err
		}
		a.local, a.localRef, a.smallMax = true, small.Ref(), small.Number
		a.reserved = a.out.Procedure == Invitation
		a.out.Preferences = append(a.out.Preferences, line(small.Ref(), "rules.pref.lcop_reserved_small", withArg(a.territoryArgs(), "Employees", small.Number)))
	case MechanismInvite:
		a.local, a.localRef = true, p.Ref("local_preference")
		a.out.Preferences = append(a.out.Preferences, line(a.localRef, "rules.pref.local_invite_first", a.territoryArgs()))
	}
	if goods, ok := a.in.Reference.At("lcop_quebec_goods_requirement", a.day); ok && a.in.Purchase.Nature == Goods && a.local {
		a.out.Preferences = append(a.out.Preferences, line(goods.Ref(), "rules.pref.lcop_quebec_goods", nil))
	}
	if p.EESPreference {
		margin, err := a.in.Reference.need("lcop_ees_margin", a.day)
		if err != nil {
			return err
		}
		a.ees, a.eesRef = true, margin.Ref()
		a.out.Preferences = append(a.out.Preferences, line(margin.Ref(), "rules.pref.lcop_ees_margin", nil))
	}
	return nil
}
