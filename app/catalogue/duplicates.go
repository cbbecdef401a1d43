package catalogue

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/errs"
	"maillage/app/quebec"
)

// DuplicatePair is two active entries that look like one enterprise: the same NEQ, or names
// the matcher scores as possible duplicates (in the same municipality, or near-identical
// elsewhere).
type DuplicatePair struct {
	A, B    Entry
	Score   float64 // 1 for the same NEQ, else the name score (see Matcher.Similar)
	SameNEQ bool
}

// Percent is the score as a whole percentage, for pages.
func (p DuplicatePair) Percent() int { return int(p.Score*100 + 0.5) }

// Duplicates finds possible duplicates among the active entries of a region ("" for every
// region the steward covers), best first, at most limit pairs. Two entries with different
// NEQs are two legal persons and never a pair; pairs a steward declared distinct are left out.
func (s *Service) Duplicates(ctx context.Context, st Steward, region string, limit int) ([]DuplicatePair, error) {
	if region != "" && !st.Covers(region) {
		return nil, errs.E(errs.Forbidden, "catalogue.steward.region_forbidden")
	}
	regions := st.Regions
	if region != "" {
		regions = []string{region}
	}
	entries, err := queryEntries(ctx, s.db, `SELECT `+entryColumns+` FROM catalogue_entries e JOIN municipalities mu ON mu.code = e.municipality_code
		WHERE e.status = 'active' AND (? OR e.region_code IN (SELECT jsonb_array_elements_text(?::jsonb)))`, len(regions) == 0, jsonList(regions))
	if err != nil {
		return nil, fmt.Errorf("duplicates: load entries: %w", err)
	}
	distinct, err := s.distinctPairs(ctx)
	if err != nil {
		return nil, err
	}
	places, err := s.Places(ctx)
	if err != nil {
		return nil, err
	}
	return findDuplicates(entries, places, distinct, limit), nil
}

// findDuplicates pairs the entries that look like one enterprise (see Duplicates), leaving
// out the pairs declared distinct. Names are compared within each municipality (a matcher per
// town, words weighed over the whole set), and across towns only when the name keys are the
// same or one typo apart and few towns share them: comparing every name with every other
// would grow with the square of the catalogue (minutes at 11,000 entries), and the matcher
// only takes names of another town when they are near-identical anyway.
func findDuplicates(entries []Entry, places *quebec.Places, distinct map[[2]string]bool, limit int) []DuplicatePair {
	all := NewMatcher(entries).WithPlaces(places)
	byID := make(map[string]Entry, len(entries))
	byNEQ := map[string]string{}
	byTown := map[string][]Entry{}
	byKey := map[string][]Entry{}
	seen := map[[2]string]bool{}
	var out []DuplicatePair
	add := func(a, b Entry, score float64, sameNEQ bool) {
		k := pairKey(a.ID, b.ID)
		if a.ID == b.ID || seen[k] || distinct[k] || (a.NEQ != "" && b.NEQ != "" && a.NEQ != b.NEQ) {
			return
		}
		seen[k] = true
		if a.ID > b.ID {
			a, b = b, a
		}
		out = append(out, DuplicatePair{A: a, B: b, Score: score, SameNEQ: sameNEQ})
	}
	for _, e := range entries {
		if e.Status == StatusRetired {
			continue
		}
		byID[e.ID] = e
		byTown[e.Address.MunicipalityCode] = append(byTown[e.Address.MunicipalityCode], e)
		byKey[NameKey(e.Name)] = append(byKey[NameKey(e.Name)], e)
		if e.NEQ == "" {
			continue
		}
		if other, ok := byNEQ[e.NEQ]; ok {
			add(byID[other], e, 1, true)
		} else {
			byNEQ[e.NEQ] = e.ID
		}
	}
	for town, es := range byTown {
		if len(es) < 2 {
			continue
		}
		m := NewMatcher(es).WithPlaces(places).weighWith(all)
		for _, e := range es {
			for _, mt := range m.Similar(e.Name, town, PossibleScore, 5) {
				add(e, byID[mt.EntryID], mt.Score, false)
			}
		}
	}
	const genericName = 10 // a name this many entries share ("Maison des jeunes") says nothing by itself
	acrossTowns := func(as, bs []Entry, score float64) {
		for _, a := range as {
			for _, b := range bs {
				if a.Address.MunicipalityCode != b.Address.MunicipalityCode {
					add(a, b, score, false)
				}
			}
		}
	}
	for key, es := range byKey {
		if key == "" || len(es) < 2 || len(es) >= genericName {
			continue
		}
		for i, a := range es {
			acrossTowns([]Entry{a}, es[i+1:], otherPlaceFactor)
		}
	}
	for _, p := range oneTypoApart(byKey, genericName) {
		// One letter apart in another town: a little below the same name elsewhere, and the
		// more letters the name has, the less likely the difference is another enterprise.
		n := max(utf8.RuneCountInString(p[0]), utf8.RuneCountInString(p[1]))
		acrossTowns(byKey[p[0]], byKey[p[1]], otherPlaceFactor*(1-1/float64(n)))
	}
	slices.SortFunc(out, func(x, y DuplicatePair) int {
		if c := cmp.Compare(y.Score, x.Score); c != 0 {
			return c
		}
		if c := cmp.Compare(x.A.Name+x.B.Name, y.A.Name+y.B.Name); c != 0 {
			return c
		}
		return cmp.Compare(x.A.ID+x.B.ID, y.A.ID+y.B.ID)
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out
}

// typoMinKey is the shortest name key compared letter by letter across towns: one letter
// makes another word of a short name ("Écho" and "Échos").
const typoMinKey = 8

// oneTypoApart returns the pairs of name keys one typo apart (a letter added, dropped,
// replaced, or two neighbours swapped), for keys of at least typoMinKey letters shared by
// fewer than generic entries, differing by no digit, where the word that differs is rare on
// one side (misspelt). Keys meet through their one-letter deletions (the key itself
// included), so the cost grows with the catalogue's letters, not with the square of its
// entries; a deletion many keys share (a generic stem) is left out.
func oneTypoApart(byKey map[string][]Entry, generic int) [][2]string {
	byDeletion := map[string][]string{}
	for key, es := range byKey {
		rs := []rune(key)
		if len(rs) < typoMinKey || len(es) >= generic {
			continue
		}
		byDeletion[key] = append(byDeletion[key], key)
		for i := range rs {
			d := string(rs[:i]) + string(rs[i+1:])
			if ks := byDeletion[d]; len(ks) == 0 || ks[len(ks)-1] != key { // "boreal" loses its "o"s once
				byDeletion[d] = append(ks, key)
			}
		}
	}
	uses := map[string]int{} // entries whose name has the word
	for key, es := range byKey {
		for _, w := range strings.Fields(key) {
			uses[w] += len(es)
		}
	}
	seen := map[[2]string]bool{}
	var out [][2]string
	for _, keys := range byDeletion {
		if len(keys) < 2 || len(keys) > generic {
			continue
		}
		for i, a := range keys {
			for _, b := range keys[i+1:] {
				k := pairKey(a, b)
				if a != b && !seen[k] && digits(a) == digits(b) && oneEditApart([]rune(a), []rune(b)) && misspelt(a, b, uses) {
					seen[k] = true
					out = append(out, k)
				}
			}
		}
	}
	slices.SortFunc(out, func(x, y [2]string) int { return cmp.Compare(x[0]+"\x00"+x[1], y[0]+"\x00"+y[1]) })
	return out
}

// rareWord is how many names at most may hold a word for it to be taken as a misspelling.
const rareWord = 3

// misspelt reports whether the word that differs between two keys one edit apart is rare on
// one side: a misspelling is written once or twice, while "Ruche", "Rucher" and "Pruche" are
// three words that many names use, and two enterprises called "La Ruche" and "Le Rucher" are
// two enterprises.
func misspelt(a, b string, uses map[string]int) bool {
	wa, wb := strings.Fields(a), strings.Fields(b)
	if len(wa) != len(wb) {
		return true // a space added or dropped ("Grand Portage", "Grandportage")
	}
	for i := range wa {
		if wa[i] != wb[i] {
			return min(uses[wa[i]], uses[wb[i]]) <= rareWord
		}
	}
	return false
}

// digits keeps the digits of s: names that differ by a number ("Atelier 1", "Atelier 2") are
// numbered on purpose, not misspelt.
func digits(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsDigit(r) {
			return r
		}
		return -1
	}, s)
}

// oneEditApart reports whether a and b differ by exactly one inserted, deleted or replaced
// letter, or two swapped neighbours.
func oneEditApart(a, b []rune) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(b)-len(a) > 1 {
		return false
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	if i == len(a) {
		return len(b) == len(a)+1
	}
	if len(a) == len(b) {
		if slices.Equal(a[i+1:], b[i+1:]) {
			return true // replaced
		}
		return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && slices.Equal(a[i+2:], b[i+2:]) // swapped
	}
	return slices.Equal(a[i:], b[i+1:]) // one letter more in b
}

func pairKey(a, b string) [2]string {
	if a > b {
		a, b = b, a
	}
	return [2]string{a, b}
}

func (s *Service) distinctPairs(ctx context.Context) (map[[2]string]bool, error) {
	var rows []struct{ EntryA, EntryB string }
	if err := s.db.WithContext(ctx).Raw(`SELECT entry_a::text AS entry_a, entry_b::text AS entry_b FROM catalogue_distinct_pairs`).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("distinct pairs: %w", err)
	}
	out := make(map[[2]string]bool, len(rows))
	for _, r := range rows {
		out[pairKey(r.EntryA, r.EntryB)] = true
	}
	return out, nil
}

// MarkDistinct records that two entries are two enterprises, so the duplicate finder stops
// proposing them. The steward must cover both entries' regions.
func (s *Service) MarkDistinct(ctx context.Context, st Steward, idA, idB string) error {
	if _, err := uuid.Parse(idA); err != nil {
		return errs.E(errs.NotFound, "catalogue.not_found")
	}
	if _, err := uuid.Parse(idB); err != nil {
		return errs.E(errs.NotFound, "catalogue.not_found")
	}
	if idA == idB {
		return errs.E(errs.Invalid, "catalogue.merge_self")
	}
	k := pairKey(idA, idB)
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		for _, id := range k {
			e, err := getTx(ctx, tx, id)
			if err != nil {
				return err
			}
			if !st.Covers(e.Address.RegionCode) {
				return errs.E(errs.Forbidden, "catalogue.steward.region_forbidden")
			}
		}
		if err := tx.Exec(`INSERT INTO catalogue_distinct_pairs (entry_a, entry_b, decided_by) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
			k[0], k[1], nullUUID(st.UserID)).Error; err != nil {
			return fmt.Errorf("mark %s and %s distinct: %w", k[0], k[1], err)
		}
		return platformAudit(ctx, tx, "catalogue_entry.distinct", k[0], nil, map[string]any{"distinct_from": k[1]})
	})
}
