package rules

// splitting warns when this purchase, together with the body's contracts of the same need (same
// UNSPSC class) or with the same supplier over the body's window, reaches a threshold the purchase
// alone stays under: dividing a contract to avoid a procedure is forbidden (LCV 573.3.0.3, CM
// 938.0.3; LCOM s. 19; LCOP s. 12). The engine cannot know the intent, so it warns and says why.
func (a *advisor) splitting() error {
	ban, ok := a.in.Reference.At(a.prefix()+"_split_ban", a.day)
	if !ok || len(a.in.History) == 0 {
		return nil
	}
	months := DefaultSplitWindowMonths
	if a.hasPolicy && a.pol.SplitWindowMonths > 0 {
		months = a.pol.SplitWindowMonths
	}
	from := a.day.AddDate(0, -months, 0)
	class := classOf(a.in.Purchase.Category)
	var need, supplier struct {
		total Cents
		count int
		name  string
	}
	for _, h := range a.in.History {
		d := Truncate(h.Date)
		if d.Before(from) || d.After(a.day) {
			continue
		}
		if len(h.Category) == 8 && Overlaps(classOf(h.Category), class) {
			need.total += h.Amount
			need.count++
		}
		if a.in.Purchase.SupplierID != "" && h.SupplierID == a.in.Purchase.SupplierID {
			supplier.total += h.Amount
			supplier.count++
			supplier.name = h.SupplierName
		}
	}
	for _, c := range []struct {
		msg   string
		total Cents
		count int
		name  string
	}{{"rules.warn.split_same_need", need.total, need.count, ""}, {"rules.warn.split_same_supplier", supplier.total, supplier.count, supplier.name}} {
		if c.count == 0 {
			continue
		}
		combined := a.total + c.total
		for _, thr := range []LegalValue{a.threshold, a.floor} {
			if !a.reaches(a.total, thr.Cents) && a.reaches(combined, thr.Cents) {
				a.warn(ban.Ref(), c.msg, map[string]any{"Count": c.count, "Months": months, "Amount": a.net(combined),
					"Threshold": thr.Cents, "Supplier": c.name, "Category": class})
				break
			}
		}
	}
	return nil
}

// classOf is the UNSPSC class (6 digits) of a code: "the same need" for the splitting check.
func classOf(c string) string {
	if len(c) != 8 {
		return c
	}
	return c[:6] + "00"
}
