package billing

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
)

// BodyBilling is one body's line on the platform's billing page.
type BodyBilling struct {
	TenantID        uuid.UUID  `json:"tenant_id"`
	Slug            string     `json:"slug"`
	Name            string     `json:"name"`
	Kind            string     `json:"kind"`
	Status          string     `json:"status"` // "" when the body is billed outside Maillage (no subscription)
	PlanCode        string     `json:"plan_code,omitempty"`
	AnnualCents     int64      `json:"annual_cents"`
	TrialEndsAt     *time.Time `json:"trial_ends_at,omitempty"`
	OverdueInvoices int        `json:"overdue_invoices"`
	OverdueCents    int64      `json:"overdue_cents"`
	OldestDueAt     *time.Time `json:"oldest_due_at,omitempty"`
}

// Overview is the platform's billing page: every body with its status, the monthly recurring revenue
// (annual prices of active and past-due subscriptions, over 12) and the overdue invoices.
type Overview struct {
	Bodies       []BodyBilling  `json:"bodies"`
	ByStatus     map[string]int `json:"by_status"`
	MRRCents     int64          `json:"mrr_cents"`
	OverdueCents int64          `json:"overdue_cents"`
	Overdue      []BodyBilling  `json:"overdue"`
}

// Overview reads every body's billing through billing_overview (SECURITY DEFINER, billing figures only).
func (s *Store) Overview(ctx context.Context) (Overview, error) {
	var rows []BodyBilling
	err := s.db.WithContext(ctx).Raw(`SELECT t.id AS tenant_id, t.slug, t.name, t.kind, coalesce(o.status, '') AS status,
		coalesce(o.plan_code, '') AS plan_code, coalesce(o.annual_cents, 0) AS annual_cents, o.trial_ends_at,
		coalesce(o.overdue_invoices, 0) AS overdue_invoices, coalesce(o.overdue_cents, 0) AS overdue_cents, o.oldest_due_at
		FROM tenants t LEFT JOIN billing_overview(?) o ON o.tenant_id = t.id WHERE t.status <> 'closed' ORDER BY t.name, t.slug`, s.now()).Scan(&rows).Error
	if err != nil {
		return Overview{}, fmt.Errorf("billing overview: %w", err)
	}
	o := Overview{Bodies: rows, ByStatus: map[string]int{}}
	var annual int64
	for _, b := range rows {
		o.ByStatus[b.Status]++
		if b.Status == StatusActive || b.Status == StatusPastDue {
			annual += b.AnnualCents
		}
		if b.OverdueInvoices > 0 {
			o.Overdue = append(o.Overdue, b)
			o.OverdueCents += b.OverdueCents
		}
	}
	o.MRRCents = (annual + 6) / 12
	return o, nil
}
