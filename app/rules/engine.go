package rules

import (
	"fmt"
	"time"

	"maillage/app/errs"
)

// Input is everything one answer depends on. The caller picks the policy version in force on the
// launch date (InForce), or passes none: the answer then rests on the law alone.
type Input struct {
	Purchase  Purchase
	Body      Body    // the kind of body; for an LCOP body the policy's Body wins when set
	Policy    *Policy // nil: no policy version in force on the launch date
	Reference Reference
	Suppliers []Supplier
	History   []PastContract // the body's contracts before the launch date (the splitting check)
}

// advisor carries the facts decided by one step to the next ones.
type advisor struct {
	in        Input
	pol       Policy // the policy in force, or the zero policy when the law alone answers
	hasPolicy bool
	body      Body
	day       time.Time
	out       Advice

	rate     int64 // net taxes added to the estimate, parts per million (0 under the LCOP)
	total    Cents // estimate compared with the thresholds, before taxes (options included when the law counts them)
	ampTotal Cents // the same for the AMP thresholds, which always count options

	floor     LegalValue // invitation floor
	threshold LegalValue // public-tender threshold of the body's law, nature and date

	local    bool    // a local preference lawfully applies to this purchase
	ees      bool    // a collective-enterprise preference lawfully applies
	eesRef   RuleRef // the rule the EES preference rests on
	localRef RuleRef
	premium  Percent // accepted local price premium, 0 when none
	reserved bool    // invitation reserved to local suppliers

	// argCache shares the argument maps of the suppliers' reason lines: thousands of lines say the same
	// few things, and a shared map is never written after it is made.
	argCache       map[argKey]map[string]any
	territoryShare map[string]any
	// refs keeps the rule references ref made: a policy's reference is built from its resolution's number
	// and date, once per rule rather than once per supplier line.
	refs map[string]RuleRef
}

type argKey struct {
	k1, k2 string
	v1, v2 any
}

// args returns the (shared, read-only) argument map {k: v}.
func (a *advisor) args(k string, v any) map[string]any { return a.args2(k, v, "", nil) }

// args2 returns the (shared, read-only) argument map {k1: v1, k2: v2}; values must be comparable.
func (a *advisor) args2(k1 string, v1 any, k2 string, v2 any) map[string]any {
	key := argKey{k1: k1, v1: v1, k2: k2, v2: v2}
	if m, ok := a.argCache[key]; ok {
		return m
	}
	m := map[string]any{k1: v1}
	if k2 != "" {
		m[k2] = v2
	}
	if a.argCache == nil {
		a.argCache = map[argKey]map[string]any{}
	}
	a.argCache[key] = m
	return m
}

// sharedTerritoryArgs is territoryArgs made once, for the suppliers' lines (read-only).
func (a *advisor) sharedTerritoryArgs() map[string]any {
	if a.territoryShare == nil {
		a.territoryShare = a.territoryArgs()
	}
	return a.territoryShare
}

// Advise answers for one planned purchase. It fails with an Invalid error (field errors, message
// IDs) when the purchase or the policy is not valid, or when a legal value needed for the launch
// date is missing from the reference.
func Advise(in Input) (Advice, error) {
	if err := in.Purchase.Validate(); err != nil {
		return Advice{}, fmt.Errorf("advise: %w", err)
	}
	day := Truncate(in.Purchase.LaunchDate)
	a := &advisor{in: in, day: day, body: in.Body}
	if a.body == "" {
		a.body = BodyMunicipal
	}
	if in.Policy != nil && !in.Policy.Placeholder() { // the sign-up's stub is no RGC: the law alone answers
		if err := in.Policy.Validate(); err != nil {
			return Advice{}, fmt.Errorf("advise: %w", err)
		}
		if !in.Policy.Covers(day) {
			return Advice{}, errs.E(errs.Invalid, "rules.err.policy_not_in_force").
				With(map[string]any{"Date": day.Format(time.DateOnly), "Version": in.Policy.VersionID})
		}
		a.pol, a.hasPolicy = *in.Policy, true
		a.body = bodyOf(a.pol, a.body)
	}
	if !a.body.Valid() {
		return Advice{}, (&errs.Validation{Key: "rules.err.invalid_policy"}).ErrWith("body", "rules.err.body_invalid", nil)
	}
	a.out = Advice{LaunchDate: day, AwardDate: Truncate(in.Purchase.AwardDate), Amount: in.Purchase.Amount, Options: in.Purchase.Options,
		Body: a.body, LawOnly: !a.hasPolicy, PolicyVersion: a.pol.VersionID}
	for _, step := range []func() error{a.basis, a.procedure, a.preferences, a.exemptions, a.documents, a.splitting, a.suppliers} {
		if err := step(); err != nil {
			return Advice{}, fmt.Errorf("advise: %w", err)
		}
	}
	a.out.emptyLists()
	return a.out, nil
}

// bodyOf is the body the law sees under a policy: a municipal policy makes a municipal body; an
// LCOP policy names its kind of body, or leaves it to the tenant's kind.
func bodyOf(p Policy, tenantBody Body) Body {
	switch {
	case p.LawFamily == LawMunicipal:
		return BodyMunicipal
	case p.Body != "":
		return p.Body
	case tenantBody != BodyMunicipal:
		return tenantBody
	}
	return "" // an LCOP policy for a body whose kind says municipal: the policy must name its kind
}

func (a *advisor) municipal() bool { return a.body == BodyMunicipal }

// prefix is the legal keys' prefix of the body's law.
func (a *advisor) prefix() string {
	if a.municipal() {
		return "muni"
	}
	return "lcop"
}

// reaches reports whether an estimate before taxes, with the body's net taxes, is at least amount.
// Exact: no rounding decides a threshold.
func (a *advisor) reaches(beforeTaxes, amount Cents) bool {
	return int64(beforeTaxes)*(1_000_000+a.rate) >= int64(amount)*1_000_000
}

// net is an estimate before taxes with the body's net taxes, rounded to the cent.
func (a *advisor) net(beforeTaxes Cents) Cents {
	return Cents((int64(beforeTaxes)*(1_000_000+a.rate) + 500_000) / 1_000_000)
}

func (a *advisor) warn(ref RuleRef, id string, args map[string]any) {
	a.out.Warnings = append(a.out.Warnings, Line{Rule: ref, MsgID: id, Args: args})
}

// ref is the rule a line about the body's own choices rests on: its policy version, or, when none
// is in force, its register.
func (a *advisor) ref(key string) RuleRef {
	if r, ok := a.refs[key]; ok {
		return r
	}
	r := RuleRef{Key: "register." + key, Source: SourceRegister}
	if a.hasPolicy {
		r = a.pol.Ref(key)
	}
	if a.refs == nil {
		a.refs = map[string]RuleRef{}
	}
	a.refs[key] = r
	return r
}

func line(ref RuleRef, id string, args map[string]any) Line {
	return Line{Rule: ref, MsgID: id, Args: args}
}
