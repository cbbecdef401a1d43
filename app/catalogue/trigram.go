package catalogue

import (
	"strings"

	"maillage/app/quebec"
)

// trigrams returns the set of trigrams of s the way PostgreSQL's pg_trgm builds them: each
// word (letters and digits) lower-cased and padded with two spaces in front and one behind.
// Keeping the same definition means the pure matcher used by imports and the database's
// similarity() agree on what "close names" are.
func trigrams(s string) map[string]struct{} {
	set := make(map[string]struct{})
	for _, w := range strings.Fields(quebec.Fold(s)) {
		p := []rune("  " + w + " ")
		for i := 0; i+3 <= len(p); i++ {
			set[string(p[i:i+3])] = struct{}{}
		}
	}
	return set
}

// Similarity is pg_trgm's similarity(): shared trigrams over all distinct trigrams, 0 to 1.
func Similarity(a, b string) float64 {
	ta, tb := trigrams(a), trigrams(b)
	if len(ta) == 0 || len(tb) == 0 {
		return 0
	}
	shared := 0
	for t := range ta {
		if _, ok := tb[t]; ok {
			shared++
		}
	}
	return float64(shared) / float64(len(ta)+len(tb)-shared)
}
