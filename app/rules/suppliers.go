package rules

import (
	"maillage/app/quebec"
	"slices"
	"sort"
	"strings"
	"time"
)

// candidate is one supplier under assessment.
type candidate struct {
	s          *Supplier // in the engine's input, never copied
	category   string
	excluded   []Line
	local      bool
	lastAward  time.Time // last gré-à-gré award in the purchase's category, zero when none
	collective bool
}

// suppliers sorts the register into eligible suppliers, ranked, and excluded ones. Order:
// collective enterprises first when that preference applies, then local ones when a local
// preference applies, then rotation order (never awarded in the category, then the longest
// ago), then name and id so the answer is deterministic.
func (a *advisor) suppliers() error {
	all := make([]candidate, len(a.in.Suppliers)) // one allocation for the register, not one per supplier
	cs := make([]*candidate, len(all))
	var latest time.Time // the category's latest gré-à-gré award among the register
	for i := range a.in.Suppliers {
		s := &a.in.Suppliers[i]
		c := &all[i]
		*c = candidate{s: s, local: a.isLocal(s), collective: s.EES || s.Adapted}
		for _, aw := range s.Awards {
			d := Truncate(aw.Date)
			if Overlaps(aw.Category, a.in.Purchase.Category) && !d.After(a.day) && d.After(c.lastAward) {
				c.lastAward = d
			}
		}
		if c.lastAward.After(latest) {
			latest = c.lastAward
		}
		cs[i] = c
	}
	for _, c := range cs {
		a.assess(c, latest)
	}
	a.applyReservation(cs)
	nExcluded := 0
	for _, c := range cs {
		if len(c.excluded) > 0 {
			nExcluded++
		}
	}
	eligible := make([]*candidate, 0, len(cs)-nExcluded)
	a.out.Excluded = slices.Grow(a.out.Excluded, nExcluded)
	for _, c := range cs {
		if len(c.excluded) > 0 {
			a.out.Excluded = append(a.out.Excluded, ExcludedSupplier{SupplierID: c.s.ID, Name: c.s.Name, Reasons: c.excluded})
			continue
		}
		eligible = append(eligible, c)
	}
	sort.SliceStable(eligible, func(i, j int) bool { return a.before(eligible[i], eligible[j]) })
	a.out.Ranked = make([]RankedSupplier, 0, len(eligible))
	// The ranked suppliers' reasons share one backing array, each supplier's part capped at its end.
	slab := make([]Line, 0, len(eligible)*(6+len(a.out.Documents)))
	for i, c := range eligible {
		start := len(slab)
		slab = a.rankReasons(slab, c)
		a.out.Ranked = append(a.out.Ranked, RankedSupplier{SupplierID: c.s.ID, Name: c.s.Name, Rank: i + 1, Reasons: slab[start:len(slab):len(slab)]})
	}
	// French order of names, as the register lists them, then id: sorted by id first, then stably by name on
	// collation keys made once per supplier (comparing names with the collator inside the sort was most of
	// the engine's time on a large register).
	slices.SortFunc(a.out.Excluded, func(x, y ExcludedSupplier) int { return strings.Compare(x.SupplierID, y.SupplierID) })
	quebec.SortNames(a.out.Excluded, func(e ExcludedSupplier) string { return e.Name })
	if a.out.Procedure == Invitation && len(eligible) < 2 {
		ref := a.floor.Ref()
		if !a.municipal() {
			ref = a.threshold.Ref()
		}
		a.warn(ref, "rules.warn.few_suppliers", map[string]any{"Count": len(eligible), "Min": 2})
	}
	return nil
}

func (a *advisor) isLocal(s *Supplier) bool {
	p := &a.pol
	switch p.LocalScope {
	case TerritoryQuebec:
		return s.Region >= "01" && s.Region <= "17" && len(s.Region) == 2
	case TerritoryRegion:
		return s.Region != "" && in(p.LocalCodes, s.Region)
	case TerritoryMRC:
		return s.MRC != "" && in(p.LocalCodes, s.MRC)
	}
	return false
}

func in(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// assess records every reason a supplier may not be chosen.
func (a *advisor) assess(c *candidate, latest time.Time) {
	p, s := &a.pol, c.s
	if s.Status != StatusApproved {
		c.excluded = append(c.excluded, line(a.ref("register_status"), "rules.excl.not_approved", a.args("Status", s.Status)))
	}
	if s.RENAListed {
		rena, _ := a.in.Reference.At("rena_check", a.day)
		c.excluded = append(c.excluded, line(rena.Ref(), "rules.excl.rena", nil))
	}
	var ok bool
	if c.category, ok = matchingCategory(s.Categories, a.in.Purchase.Category); !ok {
		c.excluded = append(c.excluded, line(a.ref("register_category"), "rules.excl.category", a.args("Category", a.in.Purchase.Category)))
	}
	for _, r := range a.out.Documents {
		if r.DocType == DocRENA {
			continue
		}
		valid, _, expired, found := a.docStatus(s, r.DocType)
		switch {
		case valid:
		case !found:
			c.excluded = append(c.excluded, line(r.Line.Rule, "rules.excl.doc_missing", a.args("Doc", r.DocType)))
		case expired.IsZero():
			c.excluded = append(c.excluded, line(r.Line.Rule, "rules.excl.doc_not_yet_valid", a.args("Doc", r.DocType)))
		default:
			c.excluded = append(c.excluded, line(r.Line.Rule, "rules.excl.doc_expired", a.args2("Doc", r.DocType, "Expired", expired)))
		}
	}
	// Rotation: the holder of the category's latest gré-à-gré award may not get the next
	// one (two consecutive awards) within the policy's window.
	if a.out.Procedure == GreAGre && p.RotationMonths > 0 && !c.lastAward.IsZero() && c.lastAward.Equal(latest) &&
		c.lastAward.After(a.day.AddDate(0, -p.RotationMonths, 0)) {
		c.excluded = append(c.excluded, line(p.Ref("rotation"), "rules.excl.rotation", a.args2("Date", c.lastAward, "Months", p.RotationMonths)))
	}
}

// applyReservation excludes the suppliers a reserved invitation leaves out, unless fewer than
// two would remain: then the invitation cannot be reserved and the buyer is told.
func (a *advisor) applyReservation(cs []*candidate) {
	if !a.reserved {
		return
	}
	n := 0
	for _, c := range cs {
		if len(c.excluded) == 0 && c.local {
			n++
		}
	}
	if n < 2 {
		a.reserved = false
		a.warn(a.localRef, "rules.warn.reserved_insufficient", map[string]any{"Count": n, "Min": 2})
		return
	}
	for _, c := range cs {
		if !c.local {
			c.excluded = append(c.excluded, line(a.localRef, "rules.excl.not_local_reserved", a.sharedTerritoryArgs()))
		}
	}
}

func (a *advisor) before(x, y *candidate) bool {
	if a.ees && x.collective != y.collective {
		return x.collective
	}
	if a.local && x.local != y.local {
		return x.local
	}
	if x.lastAward.IsZero() != y.lastAward.IsZero() {
		return x.lastAward.IsZero()
	}
	if !x.lastAward.Equal(y.lastAward) {
		return x.lastAward.Before(y.lastAward)
	}
	if x.s.Name != y.s.Name {
		return x.s.Name < y.s.Name
	}
	return x.s.ID < y.s.ID
}

// rankReasons appends the lines that explain an eligible supplier's place.
func (a *advisor) rankReasons(rs []Line, c *candidate) []Line {
	rs = append(rs, line(a.ref("register_category"), "rules.rank.category", a.args("Category", c.category)))
	if a.ees && c.s.EES {
		rs = append(rs, line(a.eesRef, "rules.rank.ees", nil))
	}
	if a.ees && c.s.Adapted {
		rs = append(rs, line(a.eesRef, "rules.rank.adapted", nil))
	}
	if a.local && c.local {
		rs = append(rs, line(a.localRef, "rules.rank.local", a.sharedTerritoryArgs()))
		if a.premium > 0 {
			rs = append(rs, line(a.localRef, "rules.rank.premium", a.args("Pct", a.premium)))
		}
	}
	if c.lastAward.IsZero() {
		rs = append(rs, line(a.ref("rotation"), "rules.rank.rotation_never", nil))
	} else {
		rs = append(rs, line(a.ref("rotation"), "rules.rank.rotation_last", a.args("Date", c.lastAward)))
	}
	for _, r := range a.out.Documents {
		if r.DocType == DocRENA {
			continue
		}
		_, until, _, _ := a.docStatus(c.s, r.DocType)
		rs = append(rs, line(r.Line.Rule, "rules.rank.doc_valid", a.args2("Doc", r.DocType, "Until", until)))
	}
	return rs
}
