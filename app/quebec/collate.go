package quebec

import (
	"bytes"
	"slices"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// French collation for every list people read (names of regions, municipalities, suppliers, enterprises,
// people, categories): É sorts with E, Œ as OE, Ç with C; accents and case only break ties; numbers inside
// names go by value ("Lot 2" before "Lot 10"). Byte order, what Go's < and a C-collated database give, puts
// "Échevin" after "Zoo". The database sorts the same way through the ICU collation maillage_fr (locale
// fr-u-kn-true, migration 0290), which the name columns carry, so a list sorted in SQL and one sorted here
// agree.

// newCollator is a French collator with numeric ordering. Collators keep buffers: one per sort, never shared
// between goroutines.
func newCollator() *collate.Collator { return collate.New(language.French, collate.Numeric) }

// SortNames sorts xs by name(x) in French alphabetical order, stably (equal names keep their order). Each name's
// collation key is made once; the sort moves small (key, position) pairs, ties broken by position, and xs is
// rearranged once at the end (a stable sort of the elements themselves moved them O(n log² n) times).
func SortNames[T any](xs []T, name func(T) string) {
	c := newCollator()
	var buf collate.Buffer
	type keyed struct {
		key []byte
		at  int
	}
	ks := make([]keyed, len(xs))
	for i, x := range xs {
		ks[i] = keyed{key: c.KeyFromString(&buf, name(x)), at: i}
	}
	slices.SortFunc(ks, func(a, b keyed) int {
		if c := bytes.Compare(a.key, b.key); c != 0 {
			return c
		}
		return a.at - b.at
	})
	sorted := make([]T, len(xs))
	for i, k := range ks {
		sorted[i] = xs[k.at]
	}
	copy(xs, sorted)
}

// NameOrder returns a comparison of two names in French alphabetical order, for sorts on several keys
// (a category, then a name). The function it returns is not safe for concurrent use: make one per sort.
func NameOrder() func(a, b string) int {
	c := newCollator()
	return c.CompareString
}
