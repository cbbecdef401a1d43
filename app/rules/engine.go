package rules

import (
	"fmt"
	"time"

	"maillage/app/errs"
)

// Input is everything one answer depends on. The caller picks the policy version in force on
// the planned date (InForce) and passes the whole legal reference.
type Input struct {
	Purchase  Purchase
	Policy    Policy
	Reference Reference
	Suppliers []Supplier
}

// advisor carries the facts decided by one step to the next ones.
type advisor struct {
	in  Input
	day time.Time
	out Advice

	floor     LegalValue // invitation floor
	threshold LegalValue // public-tender threshold of the body's law family

	local    bool    // a local preference lawfully applies to this purchase
	ees      bool    // a collective-enterprise preference lawfully applies
	eesRef   RuleRef // the rule the EES preference rests on
	localRef RuleRef
	premium  Percent // accepted local price premium, 0 when none
	reserved bool    // invitation reserved to local (and, under LCOP, small) suppliers
	smallMax int64   // LCOP reserved call: fewer employees than this
}

// Advise answers for one planned purchase. It fails with an Invalid error (field errors,
// message IDs) when the purchase or the policy is not valid, or when a legal value needed
// for the planned date is missing from the reference.
func Advise(in Input) (Advice, error) {
	if err := in.Purchase.Validate(); err != nil {
		return Advice{}, fmt.Errorf("advise: %w", err)
	}
	if err := in.Policy.Validate(); err != nil {
		return Advice{}, fmt.Errorf("advise: %w", err)
	}
	day := Truncate(in.Purchase.PlannedDate)
	if !in.Policy.Covers(day) {
		return Advice{}, errs.E(errs.Invalid, "rules.err.policy_not_in_force").
			With(map[string]any{"Date": day.Format(time.DateOnly), "Version": in.Policy.VersionID})
	}
	a := &advisor{in: in, day: day}
	a.out = Advice{PlannedDate: day, Amount: in.Purchase.Amount, PolicyVersion: in.Policy.VersionID}
	for _, step := range []func() error{a.procedure, a.preferences, a.exemptions, a.documents, a.suppliers} {
		if err := step(); err != nil {
			return Advice{}, fmt.Errorf("advise: %w", err)
		}
	}
	return a.out, nil
}

func (a *advisor) municipal() bool { return a.in.Policy.LawFamily == LawMunicipal }

func (a *advisor) warn(ref RuleRef, id string, args map[string]any) {
	a.out.Warnings = append(a.out.Warnings, Line{Rule: ref, MsgID: id, Args: args})
}

func line(ref RuleRef, id string, args map[string]any) Line {
	return Line{Rule: ref, MsgID: id, Args: args}
}
