package catalogue

import "maillage/app/quebec"

// Change is how one field differs between two versions of an enterprise's data: From is
// the version we hold (the register copy, or the catalogue entry before an import), To is
// the newer one. For list fields Added and Removed say which items changed.
type Change struct {
	Field   Field    `json:"field"`
	From    []string `json:"from"`
	To      []string `json:"to"`
	Added   []string `json:"added,omitempty"`
	Removed []string `json:"removed,omitempty"`
}

// Diff compares two versions field by field and returns the fields that differ, in display
// order. Differences of spacing, list order, duplicates in a list and the case of an e-mail
// or website are not changes.
func Diff(from, to Entry) []Change {
	return diffFields(&from, &to, nil)
}

// DiffFields is Diff restricted to some fields (the ones a register copy holds, or the
// columns an import mapped).
func DiffFields(from, to Entry, only []Field) []Change {
	if only == nil {
		only = []Field{}
	}
	return diffFields(&from, &to, only)
}

func diffFields(from, to *Entry, only []Field) []Change {
	var out []Change
	for _, s := range fieldSpecs {
		if only != nil && !containsField(only, s.name) {
			continue
		}
		a, b := canonical(s, s.get(from)), canonical(s, s.get(to))
		if equalFolded(s, a, b) {
			continue
		}
		c := Change{Field: s.name, From: a, To: b}
		if s.list {
			c.Added, c.Removed = setDiff(b, a), setDiff(a, b)
		}
		out = append(out, c)
	}
	return out
}

// equalFolded compares canonical values; list items compare without accents or case
// ("Déneigement" and "deneigement" are one product), single values exactly, since a
// corrected accent in a name is a real correction the other side should see.
func equalFolded(s fieldSpec, a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if s.list && quebec.Fold(a[i]) == quebec.Fold(b[i]) {
			continue
		}
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// setDiff returns the items of a that are not in b (accent- and case-insensitive).
func setDiff(a, b []string) []string {
	in := make(map[string]bool, len(b))
	for _, x := range b {
		in[quebec.Fold(x)] = true
	}
	var out []string
	for _, x := range a {
		if !in[quebec.Fold(x)] {
			out = append(out, x)
		}
	}
	return out
}

func containsField(fs []Field, f Field) bool {
	for _, x := range fs {
		if x == f {
			return true
		}
	}
	return false
}

// Apply copies the chosen fields of src onto dst and returns the result: "sync" of a
// register copy with its catalogue entry, or an import updating an entry with the columns
// the file carries. Fields not named are left as they are.
func Apply(dst, src Entry, fields []Field) Entry {
	for _, f := range fields {
		s, ok := specOf(f)
		if !ok {
			continue
		}
		v := s.get(&src)
		s.set(&dst, append([]string(nil), v...))
		if f == FieldMunicipality {
			dst.Address.MunicipalityName = src.Address.MunicipalityName
		}
	}
	return dst
}
