package declarations

import (
	"math"
	"slices"
	"time"
)

// Input is what progress is computed from.
type Input struct {
	Declaration Declaration `json:"declaration"`
	// Contracts are all of the tenant's contracts, whatever their date: those before the period
	// tell which relationships are new.
	Contracts []Contract `json:"contracts"`
	// PriorSuppliers may list the suppliers contracted before the period instead of passing those
	// contracts; both sources are merged. Only the period's collective enterprises matter (new
	// relationships count EES), so a store lists just those.
	PriorSuppliers []string    `json:"prior_suppliers"`
	Thresholds     []Threshold `json:"thresholds"` // public-tender thresholds, for the BelowThreshold rule
	AsOf           time.Time   `json:"as_of"`      // the day the progress is read; contracts after it are ignored
}

// Ratio is a share as the two integers it comes from, so no precision is lost before display.
type Ratio struct {
	Num int64 `json:"num"`
	Den int64 `json:"den"`
}

// Fraction is Num/Den, 0 when Den is 0.
func (r Ratio) Fraction() float64 {
	if r.Den == 0 {
		return 0
	}
	return float64(r.Num) / float64(r.Den)
}

// BasisPoints is the share rounded to basis points.
func (r Ratio) BasisPoints() int64 { return int64(math.Round(r.Fraction() * fullShare)) }

// Totals sums the contracts of the period.
type Totals struct {
	Contracts        int   `json:"contracts"`
	EESContracts     int   `json:"ees_contracts"`
	Spend            int64 `json:"spend"` // every contract of the period
	EligibleSpend    int64 `json:"eligible_spend"`
	EESSpend         int64 `json:"ees_spend"`
	EESEligibleSpend int64 `json:"ees_eligible_spend"`
}

// TargetProgress is the progress of one target.
type TargetProgress struct {
	Target      Target   `json:"target"`
	Unit        Unit     `json:"unit"`
	Current     int64    `json:"current"`  // in Unit: cents, count or basis points
	Share       Ratio    `json:"share"`    // for share targets: the cents the current value comes from
	Expected    int64    `json:"expected"` // pro-rata value at AsOf for amounts; the target itself for counts and shares
	Reached     float64  `json:"reached"`
	OnTrack     bool     `json:"on_track"`     // Current >= Expected
	ContractIDs []string `json:"contract_ids"` // the contracts behind the number (drill-down), by award date
	SupplierIDs []string `json:"supplier_ids"` // for count targets: the enterprises counted
}

// Point is one step of the cumulative EES spend line.
type Point struct {
	Day   time.Time `json:"day"`
	Cents int64     `json:"cents"` // cumulative EES spend up to and including Day
}

// Progress is the computed state of a declaration at a date.
type Progress struct {
	DeclarationID string           `json:"declaration_id"`
	Version       int              `json:"version"`
	PeriodStart   time.Time        `json:"period_start"`
	PeriodEnd     time.Time        `json:"period_end"`
	AsOf          time.Time        `json:"as_of"`
	Elapsed       float64          `json:"elapsed"` // share of the period elapsed
	Totals        Totals           `json:"totals"`
	Targets       []TargetProgress `json:"targets"`
	Cumulative    []Point          `json:"cumulative"` // starts at (PeriodStart, 0)
	// The EES contracts of the period, each with the fields the dashboard needs.
	EESContracts []Contract `json:"-"`
	// UnknownThreshold lists contracts left out of the eligible spend because no threshold covers
	// their award date (reference data to complete).
	UnknownThreshold []string `json:"unknown_threshold"`
}

// Compute derives the progress of in.Declaration from its contracts.
func Compute(in Input) Progress {
	d := in.Declaration
	asOf := Day(in.AsOf)
	end := Day(d.PeriodEnd)
	if asOf.Before(end) {
		end = asOf
	}
	p := Progress{
		DeclarationID: d.ID, Version: d.Version,
		PeriodStart: Day(d.PeriodStart), PeriodEnd: Day(d.PeriodEnd), AsOf: asOf,
		Elapsed: Elapsed(d.PeriodStart, d.PeriodEnd, asOf),
	}
	period, before := split(in.Contracts, p.PeriodStart, end)
	for _, s := range in.PriorSuppliers {
		before[s] = true
	}
	eligible := make(map[string]bool, len(period))
	for _, c := range period {
		ok, known := d.Eligibility.eligible(c, in.Thresholds)
		if !known {
			p.UnknownThreshold = append(p.UnknownThreshold, c.ID)
		}
		eligible[c.ID] = ok
		p.Totals.add(c, ok)
		if c.EES {
			p.EESContracts = append(p.EESContracts, c)
		}
	}
	p.Cumulative = cumulative(p.PeriodStart, p.EESContracts)
	for _, t := range d.Targets {
		tp := measure(t, period, eligible, before)
		tp.Unit = t.Kind.Unit()
		tp.Expected = t.Value
		if t.Kind.ProRated() {
			tp.Expected = ProRata(t.Value, d.PeriodStart, d.PeriodEnd, asOf)
		}
		tp.Reached = 1
		if t.Value > 0 {
			tp.Reached = float64(tp.Current) / float64(t.Value)
		}
		tp.OnTrack = tp.Current >= tp.Expected
		p.Targets = append(p.Targets, tp)
	}
	return p
}

func (t *Totals) add(c Contract, eligible bool) {
	t.Contracts++
	t.Spend += c.Spend()
	if eligible {
		t.EligibleSpend += c.Spend()
	}
	if c.EES {
		t.EESContracts++
		t.EESSpend += c.Spend()
		if eligible {
			t.EESEligibleSpend += c.Spend()
		}
	}
}

// split returns the contracts awarded in [start, end] sorted by award date then id, and the set of
// suppliers contracted before start.
func split(cs []Contract, start, end time.Time) ([]Contract, map[string]bool) {
	in := make([]Contract, 0, len(cs))
	before := map[string]bool{}
	for _, c := range cs {
		c.AwardDate = Day(c.AwardDate)
		switch {
		case c.AwardDate.Before(start):
			before[c.SupplierID] = true
		case !c.AwardDate.After(end):
			in = append(in, c)
		}
	}
	// Stores hand contracts sorted by day already; only sort when they are not.
	byDay := func(a, b Contract) int {
		if c := a.AwardDate.Compare(b.AwardDate); c != 0 {
			return c
		}
		if a.ID < b.ID {
			return -1
		}
		if a.ID > b.ID {
			return 1
		}
		return 0
	}
	if !slices.IsSortedFunc(in, byDay) {
		slices.SortFunc(in, byDay) // a total order (day, then id): stability adds nothing
	}
	return in, before
}

func cumulative(start time.Time, ees []Contract) []Point {
	pts := []Point{{Day: start}}
	for _, c := range ees { // already sorted by date
		last := &pts[len(pts)-1]
		day := Day(c.AwardDate)
		if day.Equal(last.Day) {
			last.Cents += c.Spend()
			continue
		}
		pts = append(pts, Point{Day: day, Cents: last.Cents + c.Spend()})
	}
	return pts
}
