// Package provincial gives provincial staff the aggregate picture across public bodies, by region: bodies on
// the platform, declarations adopted, spend and spend to collective enterprises (EES), EES suppliers, new
// business relationships, EES in registers, and the Montréal pilot's contact count.
//
// It never reads a tenant's rows: it calls provincial_summary(), a SECURITY DEFINER function that returns
// only per-region aggregates and suppresses the figures of any region with fewer than three bodies (so one
// body's spending cannot be read off the table).
package provincial

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"maillage/app/errs"
)

// MinBodies is the small-cell threshold enforced by the database function (kept here for display).
const MinBodies = 3

// Region is one row of the summary. Pointer fields are nil when the region is suppressed.
type Region struct {
	RegionCode            string `json:"region_code"`
	RegionName            string `json:"region_name"`
	Bodies                int    `json:"bodies"`
	BodiesWithDeclaration int    `json:"bodies_with_declaration"`
	Contracts             *int   `json:"contracts"`
	SpendCents            *int64 `json:"spend_cents"`
	EESSpendCents         *int64 `json:"ees_spend_cents"`
	EESSuppliers          *int   `json:"ees_suppliers"`
	NewEESRelationships   *int   `json:"new_ees_relationships"`
	RegisterEES           *int   `json:"register_ees"`
	Contacts              *int   `json:"contacts"`
	Suppressed            bool   `json:"suppressed"`
}

// EESShare is the share of spend going to EES, in percent (nil when suppressed or no spend).
func (r Region) EESShare() *float64 {
	if r.SpendCents == nil || r.EESSpendCents == nil || *r.SpendCents == 0 {
		return nil
	}
	v := 100 * float64(*r.EESSpendCents) / float64(*r.SpendCents)
	return &v
}

// Summary is the whole picture for a period.
type Summary struct {
	From    time.Time `json:"from"`
	To      time.Time `json:"to"`
	Regions []Region  `json:"regions"`
	Totals  Region    `json:"totals"` // sums over the regions that are not suppressed (bodies: all)
}

// Service reads the aggregates.
type Service struct{ db *gorm.DB }

// NewService returns a Service on the app role's pool.
func NewService(db *gorm.DB) *Service { return &Service{db: db} }

// Summarize returns the per-region aggregates of contracts awarded between from and to (inclusive).
func (s *Service) Summarize(ctx context.Context, from, to time.Time) (Summary, error) {
	var v errs.Validation
	if to.Before(from) {
		v.Add("to", "provincial.period_invalid", nil)
	}
	if to.Sub(from) > 11*366*24*time.Hour {
		v.Add("to", "provincial.period_too_long", nil)
	}
	if err := v.Err(); err != nil {
		return Summary{}, err
	}
	var rows []Region
	err := s.db.WithContext(ctx).Raw(`
		SELECT p.region_code, r.name AS region_name, p.bodies, p.bodies_with_declaration, p.contracts,
		       p.spend_cents, p.ees_spend_cents AS ees_spend_cents, p.ees_suppliers AS ees_suppliers,
		       p.new_ees_relationships AS new_ees_relationships, p.register_ees AS register_ees, p.contacts, p.suppressed
		  FROM provincial_summary(?, ?) p JOIN regions r ON r.code = p.region_code
		 ORDER BY p.region_code`, from, to).Scan(&rows).Error
	if err != nil {
		return Summary{}, fmt.Errorf("provincial summary: %w", err)
	}
	if rows == nil {
		rows = []Region{}
	}
	sum := Summary{From: from, To: to, Regions: rows}
	t := &sum.Totals
	t.Contracts, t.SpendCents, t.EESSpendCents, t.EESSuppliers, t.NewEESRelationships, t.RegisterEES, t.Contacts =
		new(int), new(int64), new(int64), new(int), new(int), new(int), new(int)
	for _, r := range rows {
		t.Bodies += r.Bodies
		t.BodiesWithDeclaration += r.BodiesWithDeclaration
		if r.Suppressed {
			continue
		}
		*t.Contracts += deref(r.Contracts)
		*t.SpendCents += deref(r.SpendCents)
		*t.EESSpendCents += deref(r.EESSpendCents)
		*t.EESSuppliers += deref(r.EESSuppliers) // an EES serving two regions counts in each
		*t.NewEESRelationships += deref(r.NewEESRelationships)
		*t.RegisterEES += deref(r.RegisterEES)
		*t.Contacts += deref(r.Contacts)
	}
	return sum, nil
}

func deref[T int | int64](p *T) T {
	if p == nil {
		return 0
	}
	return *p
}
