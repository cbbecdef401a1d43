package web

// French collation for lists sorted in Go: "École" sorts with the E's, "Île" with the I's, case and accents
// only break ties (golang.org/x/text/collate, CLDR rules for French). A Collator is not safe for concurrent
// use, so sorts take one from a pool.

import (
	"sort"
	"sync"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

var collators = map[string]*sync.Pool{
	"fr": {New: func() any { return collate.New(language.CanadianFrench) }},
	"en": {New: func() any { return collate.New(language.English) }},
}

// sortByName sorts xs by the name key gives, in lang's collation.
func sortByName[T any](lang string, xs []T, key func(T) string) {
	pool, ok := collators[lang]
	if !ok {
		pool = collators["fr"]
	}
	c := pool.Get().(*collate.Collator)
	defer pool.Put(c)
	sort.SliceStable(xs, func(i, j int) bool { return c.CompareString(key(xs[i]), key(xs[j])) < 0 })
}

func sortPlaces(ps []Place) { sortByName("fr", ps, func(p Place) string { return p.Name }) }
