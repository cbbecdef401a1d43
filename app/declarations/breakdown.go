package declarations

import (
	"cmp"
	"slices"
)

// Slice is one row of a breakdown of the period's EES spend.
type Slice struct {
	Key         string   `json:"key"`   // segment code, procedure, or supplier id
	Label       string   `json:"label"` // supplier name for TopSuppliers; empty otherwise (the caller labels codes)
	Cents       int64    `json:"cents"`
	Contracts   int      `json:"contracts"`
	ContractIDs []string `json:"contract_ids"`
}

// BySegment breaks the period's EES spend down by UNSPSC segment, largest first.
func (p Progress) BySegment() []Slice {
	return breakdown(p.EESContracts, func(c Contract) (string, string) { return c.Segment(), "" })
}

// ByProcedure breaks the period's EES spend down by procedure, largest first.
func (p Progress) ByProcedure() []Slice {
	return breakdown(p.EESContracts, func(c Contract) (string, string) { return c.Procedure, "" })
}

// TopSuppliers returns the n EES suppliers with the most spend in the period.
func (p Progress) TopSuppliers(n int) []Slice {
	s := breakdown(p.EESContracts, func(c Contract) (string, string) { return c.SupplierID, c.SupplierName })
	return s[:min(n, len(s))]
}

func breakdown(cs []Contract, key func(Contract) (string, string)) []Slice {
	idx := map[string]int{}
	var out []Slice
	for _, c := range cs {
		k, label := key(c)
		i, ok := idx[k]
		if !ok {
			i = len(out)
			idx[k] = i
			out = append(out, Slice{Key: k, Label: label})
		}
		out[i].Cents += c.Spend()
		out[i].Contracts++
		out[i].ContractIDs = append(out[i].ContractIDs, c.ID)
	}
	slices.SortStableFunc(out, func(a, b Slice) int {
		if c := cmp.Compare(b.Cents, a.Cents); c != 0 {
			return c
		}
		return cmp.Compare(a.Key, b.Key)
	})
	return out
}
