// Package provincial gives provincial staff the aggregate picture across public bodies, by region: bodies on
// the platform, declarations adopted, spend and spend to collective enterprises (EES), EES suppliers, new
// business relationships, EES in registers, and the Montréal pilot's contact count.
//
// It never reads a tenant's rows: it calls provincial_summary() (migrations/0902_provincial_disclosure.sql),
// a SECURITY DEFINER function that returns only per-region figures and withholds any figure that could
// reveal one body: a figure is published only when at least MinBodies bodies contribute to it and none makes
// more than MaxShare of it, over the period and in each calendar quarter inside it; periods are whole
// calendar quarters. A withheld figure is "not available" with its reason, never a zero.
package provincial

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"maillage/app/errs"
)

// The disclosure rules the database function applies (restated for display and validation).
const (
	MinBodies = 3  // contributing bodies a figure needs
	MaxShare  = 80 // percent of a figure one body may make at most
	MaxYears  = 11 // longest period
)

// Reasons a figure is withheld (message IDs provincial.reason.<reason>).
const (
	ReasonFewBodies = "few_bodies" // fewer than MinBodies bodies contribute
	ReasonDominance = "dominance"  // one body makes more than MaxShare %
	ReasonQuarter   = "quarter"    // one of the period's quarters fails one of the above
	ReasonNoRegion  = "no_region"  // a total: no region's figure can be published
)

// Figure is one published number, or the reason it is withheld.
type Figure struct {
	Value  *int64 `json:"value"`            // nil when withheld
	Reason string `json:"reason,omitempty"` // why it is withheld
	// Regions is, in the totals, how many regions' published figures the total adds up.
	Regions int `json:"regions,omitempty"`
}

// Available reports whether the figure is published.
func (f Figure) Available() bool { return f.Value != nil }

// Region is one row of the summary.
type Region struct {
	RegionCode            string `json:"region_code"`
	RegionName            string `json:"region_name"`
	Bodies                int    `json:"bodies"`
	BodiesWithDeclaration int    `json:"bodies_with_declaration"`
	Contracts             Figure `json:"contracts"`
	SpendCents            Figure `json:"spend_cents"`
	EESSpendCents         Figure `json:"ees_spend_cents"`
	EESSuppliers          Figure `json:"ees_suppliers"`
	NewEESRelationships   Figure `json:"new_ees_relationships"`
	RegisterEES           Figure `json:"register_ees"`
	Contacts              Figure `json:"contacts"`
}

// figures lists a region's withholdable figures by the name the database function gives them.
func (r *Region) figures() map[string]*Figure {
	return map[string]*Figure{"contracts": &r.Contracts, "spend_cents": &r.SpendCents, "ees_spend_cents": &r.EESSpendCents,
		"ees_suppliers": &r.EESSuppliers, "new_ees_relationships": &r.NewEESRelationships, "register_ees": &r.RegisterEES,
		"contacts": &r.Contacts}
}

// EESShare is the share of spend going to EES, in percent (nil unless both figures are published and spend
// is not zero).
func (r Region) EESShare() *float64 {
	if !r.SpendCents.Available() || !r.EESSpendCents.Available() || *r.SpendCents.Value == 0 {
		return nil
	}
	v := 100 * float64(*r.EESSpendCents.Value) / float64(*r.SpendCents.Value)
	return &v
}

// Summary is the whole picture for a period.
type Summary struct {
	From    time.Time `json:"from"`
	To      time.Time `json:"to"`
	Regions []Region  `json:"regions"`
	// Totals add up, figure by figure, the regions where that figure is published (Figure.Regions says how
	// many); body counts add up every region. Never the province's true total when a region is withheld:
	// subtracting the published regions from it would give the withheld one.
	Totals Region `json:"totals"`
}

// Service reads the aggregates.
type Service struct{ db *gorm.DB }

// NewService returns a Service on the app role's pool.
func NewService(db *gorm.DB) *Service { return &Service{db: db} }

// CheckPeriod refuses a period the aggregates cannot be given for: it must run from the first day of a
// calendar quarter to the last day of one (so at least one quarter: no one-day or shifted ranges), within
// MaxYears.
func CheckPeriod(from, to time.Time) error {
	var v errs.Validation
	v.Key = "provincial.period_refused"
	switch {
	case to.Before(from):
		v.Add("to", "provincial.period_invalid", nil)
	case !QuarterStart(from):
		v.Add("from", "provincial.period_quarter_start", map[string]any{"Suggestion": QuarterOf(from).Format(time.DateOnly)})
	case !QuarterEnd(to):
		v.Add("to", "provincial.period_quarter_end", map[string]any{"Suggestion": QuarterOf(to).AddDate(0, 3, -1).Format(time.DateOnly)})
	case to.After(from.AddDate(MaxYears, 0, 0)):
		v.Add("to", "provincial.period_too_long", map[string]any{"Years": MaxYears})
	}
	return v.Err()
}

// QuarterOf is the first day of d's calendar quarter.
func QuarterOf(d time.Time) time.Time {
	return time.Date(d.Year(), time.Month((int(d.Month())-1)/3*3+1), 1, 0, 0, 0, 0, time.UTC)
}

// QuarterStart reports whether d is the first day of a calendar quarter.
func QuarterStart(d time.Time) bool { return d.Equal(QuarterOf(d)) }

// QuarterEnd reports whether d is the last day of a calendar quarter.
func QuarterEnd(d time.Time) bool { return d.Equal(QuarterOf(d).AddDate(0, 3, -1)) }

// Summarize returns the per-region figures for contracts awarded (and contacts logged) between from and to.
func (s *Service) Summarize(ctx context.Context, from, to time.Time) (Summary, error) {
	if err := CheckPeriod(from, to); err != nil {
		return Summary{}, err
	}
	var rows []struct {
		RegionCode, RegionName, Figure, Reason string
		Value                                  *int64
	}
	err := s.db.WithContext(ctx).Raw(`
		SELECT p.region_code, r.name AS region_name, p.figure, p.value, coalesce(p.reason, '') AS reason
		  FROM provincial_summary(?, ?) p JOIN regions r ON r.code = p.region_code
		 ORDER BY p.region_code`, from, to).Scan(&rows).Error
	if err != nil {
		return Summary{}, fmt.Errorf("provincial summary: %w", err)
	}
	sum := Summary{From: from, To: to, Regions: []Region{}}
	for _, row := range rows {
		if n := len(sum.Regions); n == 0 || sum.Regions[n-1].RegionCode != row.RegionCode {
			sum.Regions = append(sum.Regions, Region{RegionCode: row.RegionCode, RegionName: row.RegionName})
		}
		r := &sum.Regions[len(sum.Regions)-1]
		switch row.Figure {
		case "bodies":
			r.Bodies = int(deref(row.Value))
		case "bodies_with_declaration":
			r.BodiesWithDeclaration = int(deref(row.Value))
		default:
			if f, ok := r.figures()[row.Figure]; ok {
				*f = Figure{Value: row.Value, Reason: row.Reason}
			}
		}
	}
	sum.Totals = totals(sum.Regions)
	return sum, nil
}

// totals adds up each figure over the regions where it is published.
func totals(regions []Region) Region {
	var t Region
	for name, tf := range t.figures() {
		var v int64
		for _, r := range regions {
			if f := r.figures()[name]; f.Available() {
				v += *f.Value
				tf.Regions++
			}
		}
		if tf.Regions == 0 {
			tf.Reason = ReasonNoRegion
			continue
		}
		tf.Value = &v
	}
	for _, r := range regions {
		t.Bodies += r.Bodies
		t.BodiesWithDeclaration += r.BodiesWithDeclaration
	}
	return t
}

func deref(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}
