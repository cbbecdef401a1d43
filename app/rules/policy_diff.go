package rules

import (
	"fmt"
	"slices"
	"strings"
)

// PolicyChange is one setting a new policy version changes from the version it replaces.
type PolicyChange struct {
	Field  string `json:"field"` // the setting's name in the API (the page translates it)
	Before any    `json:"before"`
	After  any    `json:"after"`
}

// DiffPolicies lists the settings that differ between the version in force and a new one, in the
// order of the settings page. The resolution and the period always differ, so they are not listed.
func DiffPolicies(old, next PolicyVersion) []PolicyChange {
	var out []PolicyChange
	add := func(field string, before, after any, same bool) {
		if !same {
			out = append(out, PolicyChange{Field: field, Before: before, After: after})
		}
	}
	o, n := old.Policy, next.Policy
	add("law_family", o.LawFamily, n.LawFamily, o.LawFamily == n.LawFamily)
	add("body", o.Body, n.Body, o.Body == n.Body)
	add("gre_a_gre_ceiling_cents", o.GreAGreCeiling, n.GreAGreCeiling, o.GreAGreCeiling == n.GreAGreCeiling)
	add("category_ceilings", nonNil(o.CategoryCeilings), nonNil(n.CategoryCeilings), ceilingsText(o.CategoryCeilings) == ceilingsText(n.CategoryCeilings))
	add("rotation_months", o.RotationMonths, n.RotationMonths, o.RotationMonths == n.RotationMonths)
	add("split_window_months", o.SplitWindowMonths, n.SplitWindowMonths, o.SplitWindowMonths == n.SplitWindowMonths)
	add("local_mechanism", o.LocalMechanism, n.LocalMechanism, o.LocalMechanism == n.LocalMechanism)
	add("local_scope", o.LocalScope, n.LocalScope, o.LocalScope == n.LocalScope)
	add("local_codes", nonNil(o.LocalCodes), nonNil(n.LocalCodes), slices.Equal(o.LocalCodes, n.LocalCodes))
	add("local_premium", o.LocalPremium, n.LocalPremium, o.LocalPremium == n.LocalPremium)
	add("ees_preference", o.EESPreference, n.EESPreference, o.EESPreference == n.EESPreference)
	add("required_docs", nonNil(o.RequiredDocs), nonNil(n.RequiredDocs), docsText(o.RequiredDocs) == docsText(n.RequiredDocs))
	add("concentration_limit", old.Concentration.Limit, next.Concentration.Limit, old.Concentration.Limit == next.Concentration.Limit)
	add("concentration_level", old.Concentration.Level, next.Concentration.Level, old.Concentration.Level == next.Concentration.Level)
	return out
}

func ceilingsText(cs []CategoryCeiling) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = fmt.Sprintf("%s=%d", c.Category, c.Ceiling)
	}
	return strings.Join(parts, "; ")
}

func docsText(ds []BandDocuments) string {
	parts := make([]string, 0, len(ds))
	for _, d := range ds {
		parts = append(parts, string(d.Band)+": "+strings.Join(d.Types, ", "))
	}
	return strings.Join(parts, "; ")
}
