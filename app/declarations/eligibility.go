package declarations

import (
	"slices"
	"time"
)

// EligibilityRule says which contracts make up the "eligible spend" that share targets divide by.
type EligibilityRule string

const (
	// BelowThreshold: a contract is eligible when its awarded amount is strictly below the
	// public-tender threshold in force on its award date (the band where a body may lawfully
	// favour collective or local suppliers). At the threshold a public call is required.
	BelowThreshold EligibilityRule = "below_threshold"
	// AllSpend: every contract of the period is eligible.
	AllSpend EligibilityRule = "all"
	// Custom: a definition the body chose and states on its page (amount ceiling, procedures,
	// excluded UNSPSC segments).
	Custom EligibilityRule = "custom"
)

// Eligibility is the stated definition of eligible spend of a declaration.
type Eligibility struct {
	Rule             EligibilityRule `json:"rule"`
	MaxAmountCents   int64           `json:"max_amount_cents"`  // Custom: eligible when the awarded amount is strictly below; 0 = no ceiling
	Procedures       []string        `json:"procedures"`        // Custom: only these procedures; empty = any
	ExcludedSegments []string        `json:"excluded_segments"` // Custom: UNSPSC segments never eligible (e.g. "83" public utilities)
	DescriptionFR    string          `json:"description_fr"`    // Custom: the definition as the body states it
	DescriptionEN    string          `json:"description_en"`
}

// Threshold is the public-tender threshold in force over a period (reference data kept by the
// rules area, passed in here as plain values: this package never owns legal constants).
type Threshold struct {
	From        time.Time // first day in force
	To          time.Time // last day in force; zero = still in force
	AmountCents int64
	Citation    string
}

// ThresholdAt returns the threshold in force on day d.
func ThresholdAt(ts []Threshold, d time.Time) (Threshold, bool) {
	d = Day(d)
	for _, t := range ts {
		if !d.Before(Day(t.From)) && (t.To.IsZero() || !d.After(Day(t.To))) {
			return t, true
		}
	}
	return Threshold{}, false
}

// eligible decides whether c counts in the eligible spend. known is false when the rule needs a
// threshold and none covers the award date: the contract is then left out and reported.
func (e Eligibility) eligible(c Contract, ts []Threshold) (ok, known bool) {
	switch e.Rule {
	case AllSpend:
		return true, true
	case BelowThreshold:
		t, found := ThresholdAt(ts, c.AwardDate)
		if !found {
			return false, false
		}
		// The award amount decides: the procedure was chosen on it, and an amendment later does
		// not turn a lawful below-threshold award into an ineligible one.
		return c.AwardedCents < t.AmountCents, true
	case Custom:
		if e.MaxAmountCents > 0 && c.AwardedCents >= e.MaxAmountCents {
			return false, true
		}
		if len(e.Procedures) > 0 && !slices.Contains(e.Procedures, c.Procedure) {
			return false, true
		}
		return !slices.Contains(e.ExcludedSegments, c.Segment()), true
	}
	return false, true
}
