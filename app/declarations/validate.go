package declarations

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"maillage/app/errs"
)

// Upper bounds that no real target reaches; beyond them the value is a typing mistake.
const (
	maxAmountCents = 100_000_000_000_00 // $100 billion: more than Québec's whole public procurement
	maxCount       = 1_000_000
	maxPeriodDays  = 10*366 + 1
	fullShare      = 10_000 // 100 % in basis points
)

var (
	segmentRe = regexp.MustCompile(`^[1-9][0-9]$`)
	mrcRe     = regexp.MustCompile(`^[0-9]{3}$`)
	regionRe  = regexp.MustCompile(`^(0[1-9]|1[0-7])$`)
)

// Validate checks a declaration on its own (not against other declarations: see CheckOverlap).
// It returns an Invalid *errs.Error listing every field in error, or nil.
func Validate(d Declaration) error {
	v := errs.Validation{Key: "declarations.invalid"}
	switch {
	case d.PeriodStart.IsZero():
		v.Add("period_start", "declarations.period_start_required", nil)
	case d.PeriodEnd.IsZero():
		v.Add("period_end", "declarations.period_end_required", nil)
	case Day(d.PeriodEnd).Before(Day(d.PeriodStart)):
		v.Add("period_end", "declarations.period_end_before_start", nil)
	case days(d.PeriodStart, d.PeriodEnd) > maxPeriodDays:
		v.Add("period_end", "declarations.period_too_long", map[string]any{"Years": 10})
	}
	if strings.TrimSpace(d.TextFR) == "" {
		v.Add("text_fr", "declarations.text_fr_required", nil)
	}
	if d.Status != Draft && d.Status != Adopted {
		v.Add("status", "declarations.status_unknown", nil)
	}
	if d.Status == Adopted {
		if strings.TrimSpace(d.ResolutionNumber) == "" {
			v.Add("resolution_number", "declarations.resolution_number_required", nil)
		}
		if d.ResolutionDate.IsZero() {
			v.Add("resolution_date", "declarations.resolution_date_required", nil)
		}
	}
	validateEligibility(&v, d.Eligibility)
	validateTargets(&v, d.Targets)
	validateCommitments(&v, d.Commitments)
	return v.Err()
}

func validateEligibility(v *errs.Validation, e Eligibility) {
	switch e.Rule {
	case BelowThreshold, AllSpend:
	case Custom:
		if strings.TrimSpace(e.DescriptionFR) == "" {
			v.Add("eligibility.description_fr", "declarations.eligibility_description_required", nil)
		}
		if e.MaxAmountCents < 0 {
			v.Add("eligibility.max_amount", "declarations.eligibility_ceiling_negative", nil)
		}
		for _, s := range e.ExcludedSegments {
			if !segmentRe.MatchString(s) {
				v.Add("eligibility.excluded_segments", "declarations.target_segment_invalid", map[string]any{"Segment": s})
			}
		}
	default:
		v.Add("eligibility.rule", "declarations.eligibility_rule_unknown", nil)
	}
}

func validateTargets(v *errs.Validation, ts []Target) {
	seenKey := map[string]bool{}
	seenWhat := map[string]bool{}
	for i, t := range ts {
		f := func(name string) string { return fmt.Sprintf("targets[%d].%s", i, name) }
		if t.Key == "" || seenKey[t.Key] {
			v.Add(f("key"), "declarations.target_key_invalid", nil)
		}
		seenKey[t.Key] = true
		if !slices.Contains(TargetKinds, t.Kind) {
			v.Add(f("kind"), "declarations.target_kind_unknown", nil)
			continue
		}
		switch {
		case t.Value < 0:
			v.Add(f("value"), "declarations.target_negative", nil)
		case t.Kind.Unit() == BasisPoints && t.Value > fullShare:
			v.Add(f("value"), "declarations.target_share_over_100", nil)
		case t.Kind.Unit() == Cents && t.Value > maxAmountCents:
			v.Add(f("value"), "declarations.target_amount_too_large", nil)
		case t.Kind.Unit() == Count && t.Value > maxCount:
			v.Add(f("value"), "declarations.target_count_too_large", nil)
		}
		what := string(t.Kind)
		switch t.Kind {
		case SegmentEESAmount, SegmentEESShare:
			if !segmentRe.MatchString(t.Segment) {
				v.Add(f("segment"), "declarations.target_segment_invalid", map[string]any{"Segment": t.Segment})
			}
			what += "/" + t.Segment
		case LocalShare:
			ok := (t.Territory.Level == LevelMRC && mrcRe.MatchString(t.Territory.Code)) ||
				(t.Territory.Level == LevelRegion && regionRe.MatchString(t.Territory.Code)) ||
				(t.Territory.Level == LevelPolicy && t.Territory.Code == "")
			if !ok {
				v.Add(f("territory"), "declarations.target_territory_invalid", nil)
			}
			what += "/" + t.Territory.Level + "/" + t.Territory.Code
		}
		if seenWhat[what] {
			v.Add(f("kind"), "declarations.target_duplicate", nil)
		}
		seenWhat[what] = true
	}
}

func validateCommitments(v *errs.Validation, cs []Commitment) {
	seen := map[string]bool{}
	for i, c := range cs {
		f := func(name string) string { return fmt.Sprintf("commitments[%d].%s", i, name) }
		if c.Key == "" || seen[c.Key] {
			v.Add(f("key"), "declarations.commitment_key_invalid", nil)
		}
		seen[c.Key] = true
		if strings.TrimSpace(c.TextFR) == "" {
			v.Add(f("text_fr"), "declarations.commitment_text_required", nil)
		}
		if !slices.Contains(CommitmentStatuses, c.Status) {
			v.Add(f("status"), "declarations.commitment_status_unknown", nil)
		}
	}
}

// CheckOverlap returns a Conflict error when d's period shares a day with another declaration of
// the same tenant (others may include d itself, matched by ID, which is skipped).
func CheckOverlap(d Declaration, others []Declaration) error {
	for _, o := range others {
		if o.ID == d.ID {
			continue
		}
		if Overlaps(d.PeriodStart, d.PeriodEnd, o.PeriodStart, o.PeriodEnd) {
			return errs.E(errs.Conflict, "declarations.period_overlap").With(map[string]any{
				"Start": Day(o.PeriodStart).Format("2006-01-02"),
				"End":   Day(o.PeriodEnd).Format("2006-01-02"),
			})
		}
	}
	return nil
}
