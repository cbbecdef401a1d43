package suppliers

import "maillage/app/quebec"

// Reference is the platform reference data a supplier is checked against: the places of
// Québec (regions, MRC, MAMH municipalities, shared by every area) and the UNSPSC codes.
// It is built once and never changes during a request.
type Reference struct {
	*quebec.Places
	unspsc map[string]bool
}

// NewReference adds the UNSPSC codes to the reference places.
func NewReference(places *quebec.Places, unspsc []string) *Reference {
	r := &Reference{Places: places, unspsc: make(map[string]bool, len(unspsc))}
	for _, c := range unspsc {
		r.unspsc[c] = true
	}
	return r
}

// KnownUNSPSC reports a code of the reference list, or a class ("72101500") of a family
// of that list: the platform ships segments and families, and classes refine them.
func (r *Reference) KnownUNSPSC(code string) bool {
	if r.unspsc[code] {
		return true
	}
	return len(code) == 8 && code[6:] == "00" && code[4:6] != "00" && r.unspsc[code[:4]+"0000"]
}
