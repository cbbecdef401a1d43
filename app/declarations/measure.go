package declarations

// measure computes the current value of one target and the contracts behind it. period holds the
// contracts of the period in award order; before the suppliers contracted before the period.
func measure(t Target, period []Contract, eligible map[string]bool, before map[string]bool) TargetProgress {
	tp := TargetProgress{Target: t}
	switch t.Kind {
	case EESAmount, SegmentEESAmount:
		for _, c := range period {
			if c.EES && (t.Kind == EESAmount || c.Segment() == t.Segment) {
				tp.Current += c.Spend()
				tp.ContractIDs = append(tp.ContractIDs, c.ID)
			}
		}
	case EESShare, SegmentEESShare, LocalShare:
		for _, c := range period {
			if !eligible[c.ID] || (t.Kind == SegmentEESShare && c.Segment() != t.Segment) {
				continue
			}
			tp.Share.Den += c.Spend()
			counts := c.EES
			if t.Kind == LocalShare {
				counts = c.inTerritory(t.Territory)
			}
			if counts {
				tp.Share.Num += c.Spend()
				tp.ContractIDs = append(tp.ContractIDs, c.ID)
			}
		}
		tp.Current = tp.Share.BasisPoints()
	case DistinctEES, NewRelationships:
		// A supplier counts once, through its first EES contract of the period; with
		// NewRelationships only when the body had no contract at all with it before the period.
		seen := map[string]bool{}
		for _, c := range period {
			if !c.EES || seen[c.SupplierID] || (t.Kind == NewRelationships && before[c.SupplierID]) {
				continue
			}
			seen[c.SupplierID] = true
			tp.SupplierIDs = append(tp.SupplierIDs, c.SupplierID)
			tp.ContractIDs = append(tp.ContractIDs, c.ID)
		}
		tp.Current = int64(len(tp.SupplierIDs))
	}
	return tp
}
