package declarations

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/tenants"
)

// DashboardData is everything the progress pages read, gathered in one read-only transaction.
type DashboardData struct {
	Found       bool
	Declaration Declaration
	Contracts   []Contract // the period's, up to as-of
	Prior       []string   // suppliers contracted before the period
	Previous    *Declaration
	// PreviousContracts are the previous period's contracts with only the fields totals need.
	PreviousContracts []Contract
	Contacts          []Contact
	Buyers            []string
	RegisterEES       []string
	Public            bool // the public progress page is on
}

// Dashboard reads the declaration id (or, when id is empty, the one covering asOf, else the latest
// that started before it), its contracts, the previous declaration's contracts and the contact-log
// inputs. One transaction: the dashboard is read often and each transaction costs round trips.
func (s *Store) Dashboard(ctx context.Context, tenantID uuid.UUID, id string, asOf time.Time) (DashboardData, error) {
	var out DashboardData
	asOf = Day(asOf)
	var uid uuid.UUID
	if id != "" {
		var err error
		if uid, err = parseID(id); err != nil {
			return out, err
		}
	}
	err := tenants.ReadTx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		ds, err := load(tx, tenantID, "")
		if err != nil {
			return err
		}
		cur := -1
		for i, d := range ds {
			if (id != "" && d.ID == uid.String()) || (id == "" && !d.PeriodStart.After(asOf)) {
				cur = i
			}
		}
		if cur < 0 {
			if id != "" {
				return notFound
			}
			return nil
		}
		out.Found, out.Declaration = true, ds[cur]
		d := out.Declaration
		to := d.PeriodEnd
		if asOf.Before(to) {
			to = asOf
		}
		if out.Contracts, out.Prior, err = progressData(tx, tenantID, d.PeriodStart, to); err != nil {
			return err
		}
		if cur > 0 {
			p := ds[cur-1]
			out.Previous = &p
			if out.PreviousContracts, err = leanContracts(tx, tenantID, p.PeriodStart, p.PeriodEnd); err != nil {
				return err
			}
		}
		if out.Contacts, out.Buyers, out.RegisterEES, err = pilotData(tx, tenantID, d.PeriodStart, to); err != nil {
			return err
		}
		var on []bool
		if err := tx.Raw(`SELECT public_progress FROM declaration_settings WHERE tenant_id = ?`, tenantID).Scan(&on).Error; err != nil {
			return err
		}
		out.Public = len(on) == 1 && on[0]
		return nil
	})
	return out, err
}

// leanContractsSQL reads what period totals need, nothing more.
const leanContractsSQL = `
SELECT c.awarded_on, c.awarded_cents, coalesce(c.final_cents, c.awarded_cents + a.delta, c.awarded_cents),
       (c.final_cents IS NOT NULL OR a.delta IS NOT NULL), c.supplier_ees, c.procedure, coalesce(c.category, '')
  FROM contracts c
  LEFT JOIN (SELECT contract_id, sum(delta_cents) AS delta FROM contract_amendments
              WHERE tenant_id = @tenant GROUP BY contract_id) a ON a.contract_id = c.id
 WHERE c.tenant_id = @tenant AND c.awarded_on BETWEEN @from AND @to
 ORDER BY c.awarded_on`

func leanContracts(tx *gorm.DB, tenantID uuid.UUID, from, to time.Time) ([]Contract, error) {
	rows, err := tx.Raw(leanContractsSQL, map[string]any{"tenant": tenantID, "from": from, "to": to}).Rows()
	if err != nil {
		return nil, fmt.Errorf("previous period: %w", err)
	}
	defer rows.Close()
	var out []Contract
	for rows.Next() {
		var c Contract
		if err := rows.Scan(&c.AwardDate, &c.AwardedCents, &c.FinalCents, &c.HasFinal, &c.EES, &c.Procedure, &c.UNSPSC); err != nil {
			return nil, fmt.Errorf("previous period: %w", err)
		}
		c.AwardDate = Day(c.AwardDate)
		out = append(out, c)
	}
	return out, rows.Err()
}
