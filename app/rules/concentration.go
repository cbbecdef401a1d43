package rules

import (
	"sort"
	"time"

	"maillage/app/errs"
)

// SpendLine is one awarded contract as the concentration check needs it.
type SpendLine struct {
	SupplierKey  string    `json:"supplier_key"`
	SupplierName string    `json:"supplier_name"`
	Category     string    `json:"category"` // UNSPSC, 8 digits
	Procedure    Procedure `json:"procedure"`
	Amount       Cents     `json:"amount_cents"`
	Date         time.Time `json:"date"`
}

// ConcentrationRule is the tenant's setting: alert when one supplier's share of a category's
// gré-à-gré spend over the period is above Limit. Level is how many UNSPSC digits make a
// category (2 segment, 4 family, 6 class, 8 commodity).
type ConcentrationRule struct {
	Limit    Percent
	Level    int
	MinSpend Cents // ignore categories with less gré-à-gré spend than this
	From, To time.Time
	Ref      RuleRef
}

// ConcentrationAlert says one supplier took more than the limit of a category.
type ConcentrationAlert struct {
	Category     string  `json:"category"`
	SupplierKey  string  `json:"supplier_key"`
	SupplierName string  `json:"supplier_name"`
	Spend        Cents   `json:"spend_cents"`
	Total        Cents   `json:"total_cents"`
	Share        Percent `json:"share"` // rounded down
	Line         Line    `json:"line"`
}

// Concentration returns the alerts, by category then supplier.
func Concentration(rule ConcentrationRule, lines []SpendLine) ([]ConcentrationAlert, error) {
	v := errs.Validation{Key: "rules.err.invalid_concentration"}
	if rule.Limit <= 0 || rule.Limit >= 10000 {
		v.Add("limit", "rules.err.share_invalid", nil)
	}
	if rule.Level != 2 && rule.Level != 4 && rule.Level != 6 && rule.Level != 8 {
		v.Add("level", "rules.err.level_invalid", nil)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	type key struct{ cat, sup string }
	totals, spend, names := map[string]Cents{}, map[key]Cents{}, map[string]string{}
	for _, l := range lines {
		d := Truncate(l.Date)
		if l.Procedure != GreAGre || len(l.Category) < rule.Level || d.Before(rule.From) || (!rule.To.IsZero() && d.After(rule.To)) {
			continue
		}
		cat := l.Category[:rule.Level]
		totals[cat] += l.Amount
		spend[key{cat, l.SupplierKey}] += l.Amount
		names[l.SupplierKey] = l.SupplierName
	}
	var out []ConcentrationAlert
	for k, s := range spend {
		t := totals[k.cat]
		if t <= 0 || t < rule.MinSpend || int64(s)*10000 <= int64(rule.Limit)*int64(t) {
			continue
		}
		share := Percent(int64(s) * 10000 / int64(t))
		out = append(out, ConcentrationAlert{Category: k.cat, SupplierKey: k.sup, SupplierName: names[k.sup], Spend: s, Total: t, Share: share,
			Line: line(rule.Ref, "rules.concentration.alert", map[string]any{"Supplier": names[k.sup], "Category": k.cat, "Share": share, "Limit": rule.Limit})})
	}
	sort.Slice(out, func(i, j int) bool {
		return out[i].Category < out[j].Category || (out[i].Category == out[j].Category && out[i].SupplierKey < out[j].SupplierKey)
	})
	return out, nil
}
