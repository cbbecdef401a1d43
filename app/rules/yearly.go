package rules

import (
	"slices"
	"sort"
	"strings"
	"time"

	"maillage/app/errs"
	"maillage/app/quebec"
)

// ListedContract is a contract as the yearly list needs it. Amount is the expense the list
// shows (the caller decides: taxes included, amendments included, as its publication does).
type ListedContract struct {
	ID           string    `json:"id"`
	SupplierKey  string    `json:"supplier_key"` // NEQ or register id: what makes "the same contractor"
	SupplierName string    `json:"supplier_name"`
	Object       string    `json:"object"`
	Date         time.Time `json:"date"` // award date; decides the year
	Amount       Cents     `json:"amount_cents"`
}

// YearlyEntry is one contractor of the list with its listed contracts.
type YearlyEntry struct {
	SupplierKey  string           `json:"supplier_key"`
	SupplierName string           `json:"supplier_name"`
	Total        Cents            `json:"total_cents"` // its contracts of the year over the contract floor
	Contracts    []ListedContract `json:"contracts"`   // those contracts
}

// YearlyList is the list a municipality publishes by January 31 (LCV s. 477.6; CM s. 961.4).
type YearlyList struct {
	Year          int           `json:"year"`
	ContractFloor Cents         `json:"contract_floor_cents"`
	SupplierTotal Cents         `json:"supplier_total_cents"`
	Deadline      string        `json:"deadline,omitempty"` // the publication deadline as the reference states it
	Rules         []RuleRef     `json:"rules"`
	Entries       []YearlyEntry `json:"entries"`
}

// BuildYearlyList lists, for the calendar year, every contract over the contract floor ($2,000) with a
// contractor whose total of those contracts exceeds the supplier total ($25,000): contracts of $2,000
// or less are neither listed nor counted (LCV s. 477.6, CM s. 961.4). The values in effect on December
// 31 of the year apply.
func BuildYearlyList(ref Reference, year int, contracts []ListedContract) (YearlyList, error) {
	if year < 2000 || year > 2100 {
		return YearlyList{}, errs.E(errs.Invalid, "rules.err.year_invalid").With(map[string]any{"Year": year})
	}
	end := Day(year, time.December, 31)
	floor, err := ref.need("muni_yearly_list_contract_floor", end)
	if err != nil {
		return YearlyList{}, err
	}
	total, err := ref.need("muni_yearly_list_supplier_total", end)
	if err != nil {
		return YearlyList{}, err
	}
	out := YearlyList{Year: year, ContractFloor: floor.Cents, SupplierTotal: total.Cents, Rules: []RuleRef{floor.Ref(), total.Ref()}}
	if d, ok := ref.At("muni_yearly_list_deadline", end); ok {
		out.Deadline = d.Text
		out.Rules = append(out.Rules, d.Ref())
	}
	bySupplier := map[string]*YearlyEntry{}
	for _, c := range contracts {
		if c.Date.Year() != year {
			continue
		}
		e := bySupplier[c.SupplierKey]
		if e == nil {
			e = &YearlyEntry{SupplierKey: c.SupplierKey, SupplierName: c.SupplierName}
			bySupplier[c.SupplierKey] = e
		}
		if c.Amount > floor.Cents {
			e.Total += c.Amount
			e.Contracts = append(e.Contracts, c)
		}
	}
	for _, e := range bySupplier {
		if e.Total <= total.Cents || len(e.Contracts) == 0 {
			continue
		}
		sort.Slice(e.Contracts, func(i, j int) bool {
			x, y := e.Contracts[i], e.Contracts[j]
			return x.Date.Before(y.Date) || (x.Date.Equal(y.Date) && x.ID < y.ID)
		})
		out.Entries = append(out.Entries, *e)
	}
	byName := quebec.NameOrder() // the published list reads in French order: "École" with the E's
	slices.SortFunc(out.Entries, func(x, y YearlyEntry) int {
		if c := byName(x.SupplierName, y.SupplierName); c != 0 {
			return c
		}
		return strings.Compare(x.SupplierKey, y.SupplierKey)
	})
	return out, nil
}
