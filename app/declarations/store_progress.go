package declarations

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/tenants"
)

// supplierKey identifies "the same enterprise" across contracts: the register supplier when the
// contract is linked to it, else its NEQ, else its name.
const supplierKey = `coalesce(c.supplier_id::text, 'neq:' || c.supplier_neq, 'name:' || lower(btrim(c.supplier_name)))`

// periodContractsSQL reads the contracts awarded in [from, to] as plain records. The spend after
// amendments is the final amount when known, else the awarded amount plus the amendments.
const periodContractsSQL = `
SELECT c.id::text AS id, ` + supplierKey + ` AS supplier_id, c.supplier_name, c.awarded_on AS award_date,
       c.awarded_cents,
       coalesce(c.final_cents, c.awarded_cents + a.delta, c.awarded_cents) AS final_cents,
       (c.final_cents IS NOT NULL OR a.delta IS NOT NULL) AS has_final,
       c.supplier_ees AS ees, c.supplier_adapted AS adapted, c.supplier_local AS local,
       coalesce(c.supplier_region, '') AS region, coalesce(s.mrc_code, '') AS mrc,
       coalesce(c.category, '') AS unspsc, c.procedure
  FROM contracts c
  LEFT JOIN (SELECT contract_id, sum(delta_cents) AS delta FROM contract_amendments
              WHERE tenant_id = @tenant GROUP BY contract_id) a ON a.contract_id = c.id
  -- The contract captures the region and the policy's "local" flag at award, not the MRC: the MRC
  -- comes from the register's current record of the supplier.
  LEFT JOIN suppliers s ON s.tenant_id = c.tenant_id AND s.id = c.supplier_id
 WHERE c.tenant_id = @tenant AND c.awarded_on BETWEEN @from AND @to
 ORDER BY c.awarded_on, c.id`

// priorSuppliersSQL lists, among the collective enterprises of the period, those contracted before
// it (only they can be new relationships). Each one is checked by the column its key comes from
// (register id, else NEQ, else name), so the check is a probe of contracts_supplier_idx or
// contracts_neq_idx: under row-level security only leakproof comparisons such as plain equality
// may use an index, never one on an expression like lower(name).
const priorSuppliersSQL = `
WITH p AS (SELECT DISTINCT ` + supplierKey + ` AS k, c.supplier_id AS sid, c.supplier_neq AS neq,
                  lower(btrim(c.supplier_name)) AS nm
             FROM contracts c
            WHERE c.tenant_id = @tenant AND c.awarded_on BETWEEN @from AND @to AND c.supplier_ees)
SELECT p.k FROM p CROSS JOIN LATERAL (SELECT 1 FROM contracts c WHERE c.tenant_id = @tenant
         AND c.supplier_id = p.sid AND c.awarded_on < @from LIMIT 1) x
 WHERE p.sid IS NOT NULL
UNION ALL
SELECT p.k FROM p CROSS JOIN LATERAL (SELECT 1 FROM contracts c WHERE c.tenant_id = @tenant
         AND c.supplier_neq = p.neq AND c.supplier_id IS NULL AND c.awarded_on < @from LIMIT 1) x
 WHERE p.sid IS NULL AND p.neq IS NOT NULL
UNION ALL
SELECT p.k FROM p CROSS JOIN LATERAL (SELECT 1 FROM contracts c WHERE c.tenant_id = @tenant
         AND c.supplier_id IS NULL AND c.supplier_neq IS NULL AND lower(btrim(c.supplier_name)) = p.nm
         AND c.awarded_on < @from LIMIT 1) x
 WHERE p.sid IS NULL AND p.neq IS NULL`

// ProgressData reads what Compute needs for declaration d up to asOf, in one read-only tenant
// transaction: the contracts of the period and the suppliers contracted before it.
func (s *Store) ProgressData(ctx context.Context, tenantID uuid.UUID, d Declaration, asOf time.Time) (contracts []Contract, prior []string, err error) {
	to := Day(d.PeriodEnd)
	if a := Day(asOf); a.Before(to) {
		to = a
	}
	err = tenants.ReadTx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		var err error
		contracts, prior, err = progressData(tx, tenantID, Day(d.PeriodStart), to)
		return err
	})
	return contracts, prior, err
}

func progressData(tx *gorm.DB, tenantID uuid.UUID, from, to time.Time) ([]Contract, []string, error) {
	args := map[string]any{"tenant": tenantID, "from": from, "to": to}
	// Rows are scanned by hand: for the thousands of contracts of a period, reflection-based
	// scanning costs more than the query itself.
	rows, err := tx.Raw(periodContractsSQL, args).Rows()
	if err != nil {
		return nil, nil, fmt.Errorf("period contracts: %w", err)
	}
	defer rows.Close()
	out := make([]Contract, 0, 1024)
	for rows.Next() {
		var c Contract
		if err := rows.Scan(&c.ID, &c.SupplierID, &c.SupplierName, &c.AwardDate, &c.AwardedCents, &c.FinalCents, &c.HasFinal,
			&c.EES, &c.Adapted, &c.Local, &c.Region, &c.MRC, &c.UNSPSC, &c.Procedure); err != nil {
			return nil, nil, fmt.Errorf("period contracts: %w", err)
		}
		c.AwardDate = Day(c.AwardDate)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("period contracts: %w", err)
	}
	var prior []string
	if err := tx.Raw(priorSuppliersSQL, args).Scan(&prior).Error; err != nil {
		return nil, nil, fmt.Errorf("prior suppliers: %w", err)
	}
	return out, prior, nil
}

// PilotData reads what Pilot needs besides the contracts: the contact log of the period, the
// tenant's buyers (members with the buyer or tenant_admin role) and the register's approved
// collective enterprises.
func (s *Store) PilotData(ctx context.Context, tenantID uuid.UUID, from, to time.Time) (contacts []Contact, buyers, registerEES []string, err error) {
	err = tenants.ReadTx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		var err error
		contacts, buyers, registerEES, err = pilotData(tx, tenantID, from, to)
		return err
	})
	return contacts, buyers, registerEES, err
}

func pilotData(tx *gorm.DB, tenantID uuid.UUID, from, to time.Time) (contacts []Contact, buyers, registerEES []string, err error) {
	var rows []struct {
		ContactDate time.Time
		Kind        string
		BuyerID     string
		SupplierID  string
		Name        string
	}
	if err := tx.Raw(`SELECT contact_date, kind, coalesce(buyer_id::text, '') AS buyer_id, supplier_id, enterprise_name AS name
		FROM contact_log WHERE tenant_id = ? AND contact_date BETWEEN ? AND ?`, tenantID, Day(from), Day(to)).Scan(&rows).Error; err != nil {
		return nil, nil, nil, fmt.Errorf("contacts: %w", err)
	}
	for _, r := range rows {
		contacts = append(contacts, Contact{Date: Day(r.ContactDate), Kind: ContactKind(r.Kind), BuyerID: r.BuyerID,
			SupplierID: r.SupplierID, EnterpriseName: r.Name})
	}
	// The body's buyers and its register's approved collective enterprises, in one round trip.
	var people []struct{ Kind, ID string }
	if err := tx.Raw(`SELECT 'buyer' AS kind, user_id::text AS id FROM memberships
			WHERE tenant_id = ? AND role IN ('buyer', 'tenant_admin') GROUP BY user_id
		UNION ALL
		SELECT 'ees', id::text FROM suppliers WHERE tenant_id = ? AND ees AND status = 'approved'`,
		tenantID, tenantID).Scan(&people).Error; err != nil {
		return nil, nil, nil, fmt.Errorf("buyers and register: %w", err)
	}
	for _, p := range people {
		if p.Kind == "buyer" {
			buyers = append(buyers, p.ID)
		} else {
			registerEES = append(registerEES, p.ID)
		}
	}
	return contacts, buyers, registerEES, nil
}
