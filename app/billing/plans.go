package billing

import (
	"context"
	"fmt"
	"time"

	"maillage/app/errs"
)

// Plan is one line of the price list: a kind of body, a population band [Min, Max) and an annual price.
type Plan struct {
	Code          string `json:"code"`
	Kind          string `json:"kind"`
	PopulationMin int    `json:"population_min"`
	PopulationMax *int   `json:"population_max,omitempty"` // exclusive; nil: no ceiling
	AnnualCents   int64  `json:"annual_cents"`
}

// Covers reports whether the plan applies to a body of that kind and population (nil population: the
// lowest band of its kind).
func (p Plan) Covers(kind string, population *int) bool {
	if p.Kind != kind {
		return false
	}
	n := 0
	if population != nil {
		n = *population
	}
	return n >= p.PopulationMin && (p.PopulationMax == nil || n < *p.PopulationMax)
}

// Amounts are a price with Québec's sales taxes: GST 5 % and QST 9.975 %, both on the price before taxes
// (QST is no longer charged on the GST since 2013), each rounded to the cent, half up.
type Amounts struct {
	SubtotalCents int64 `json:"subtotal_cents"`
	GSTCents      int64 `json:"gst_cents"`
	QSTCents      int64 `json:"qst_cents"`
	TotalCents    int64 `json:"total_cents"`
}

// Tax rates, in hundred-thousandths (5 % = 5000, 9.975 % = 9975).
const (
	GSTRate = 5000
	QSTRate = 9975
)

// WithTaxes computes the taxes of a price in cents.
func WithTaxes(cents int64) Amounts {
	gst := (cents*GSTRate + 50000) / 100000
	qst := (cents*QSTRate + 50000) / 100000
	return Amounts{SubtotalCents: cents, GSTCents: gst, QSTCents: qst, TotalCents: cents + gst + qst}
}

// Plans returns the price list in force on day, by kind then band.
func (s *Store) Plans(ctx context.Context, day time.Time) ([]Plan, error) {
	var rows []struct {
		Code          string
		Kind          string
		PopulationMin int
		PopulationMax *int
		AnnualCents   int64
	}
	err := s.db.WithContext(ctx).Raw(`SELECT code, kind, population_min, population_max, annual_cents FROM billing_plans
		WHERE valid_from <= ? AND (valid_to IS NULL OR valid_to >= ?) ORDER BY kind, population_min`, day, day).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("billing plans: %w", err)
	}
	out := make([]Plan, 0, len(rows))
	for _, r := range rows {
		out = append(out, Plan{Code: r.Code, Kind: r.Kind, PopulationMin: r.PopulationMin, PopulationMax: r.PopulationMax, AnnualCents: r.AnnualCents})
	}
	return out, nil
}

// PlanFor finds the plan of a body of that kind and population on day.
func (s *Store) PlanFor(ctx context.Context, kind string, population *int, day time.Time) (Plan, error) {
	plans, err := s.Plans(ctx, day)
	if err != nil {
		return Plan{}, err
	}
	for _, p := range plans {
		if p.Covers(kind, population) {
			return p, nil
		}
	}
	return Plan{}, errs.E(errs.NotFound, "billing.no_plan").With(map[string]any{"Kind": kind})
}

// PlanByCode finds a plan of the price list (in force or not).
func (s *Store) PlanByCode(ctx context.Context, code string) (Plan, error) {
	var p Plan
	res := s.db.WithContext(ctx).Raw(`SELECT code, kind, population_min, population_max, annual_cents FROM billing_plans WHERE code = ?`, code).Scan(&p)
	if res.Error != nil {
		return Plan{}, fmt.Errorf("billing plan %s: %w", code, res.Error)
	}
	if res.RowsAffected == 0 {
		return Plan{}, errs.E(errs.NotFound, "billing.no_plan").With(map[string]any{"Kind": code})
	}
	return p, nil
}
