package catalogue

import (
	"cmp"
	"slices"
)

// Thresholds of the name score (trigram similarity of name keys, see NameKey).
const (
	// SameScore and above, in the same municipality, is taken as the same enterprise.
	SameScore = 0.9
	// PossibleScore and above is shown to a steward as a possible duplicate.
	PossibleScore = 0.5
	// otherPlaceFactor lowers the score of a name found in another municipality: a
	// "Ressourcerie" in Rimouski and one in Gatineau are usually two enterprises.
	otherPlaceFactor = 0.7
)

// Match is an existing entry that resembles a candidate.
type Match struct {
	EntryID          string  `json:"entry_id,omitempty"` // an entry of the catalogue…
	Line             int     `json:"line,omitempty"`     // …or an earlier line of the same file
	NEQ              string  `json:"neq,omitempty"`
	Name             string  `json:"name"`
	MunicipalityCode string  `json:"municipality_code"`
	NameScore        float64 `json:"name_score"` // trigram similarity of the name keys
	Score            float64 `json:"score"`      // NameScore, lowered when the municipality differs
	SameMunicipality bool    `json:"same_municipality"`
}

// Matcher finds existing entries by NEQ, by source reference and by fuzzy name. It indexes
// trigrams so that matching a file of a few hundred rows against 100,000 entries stays fast.
type Matcher struct {
	entries []Entry
	byID    map[string]int
	byNEQ   map[string]int
	byRef   map[[2]string]int
	names   []indexedName
	index   map[string][]int32 // trigram → positions in names
}

type indexedName struct {
	entry int
	size  int // number of distinct trigrams of the key
}

// NewMatcher indexes the active entries; retired ones can no longer receive updates.
func NewMatcher(entries []Entry) *Matcher {
	m := &Matcher{byID: map[string]int{}, byNEQ: map[string]int{}, byRef: map[[2]string]int{}, index: map[string][]int32{}}
	for _, e := range entries {
		if e.Status == StatusRetired {
			continue
		}
		m.add(e)
	}
	return m
}

func (m *Matcher) add(e Entry) {
	i := len(m.entries)
	m.entries = append(m.entries, e)
	m.byID[e.ID] = i
	if e.NEQ != "" {
		m.byNEQ[e.NEQ] = i
	}
	if e.Source.Ref != "" {
		m.byRef[[2]string{e.Source.Name, e.Source.Ref}] = i
	}
	for _, n := range append([]string{e.Name}, e.OtherNames...) {
		tg := trigrams(NameKey(n))
		pos := int32(len(m.names))
		m.names = append(m.names, indexedName{entry: i, size: len(tg)})
		for t := range tg {
			m.index[t] = append(m.index[t], pos)
		}
	}
}

// ByNEQ returns the active entry holding a NEQ.
func (m *Matcher) ByNEQ(neq string) (Entry, bool) {
	i, ok := m.byNEQ[neq]
	if !ok {
		return Entry{}, false
	}
	return m.entries[i], true
}

// BySourceRef returns the active entry imported earlier from the same source row.
func (m *Matcher) BySourceRef(source, ref string) (Entry, bool) {
	i, ok := m.byRef[[2]string{source, ref}]
	if !ok || ref == "" {
		return Entry{}, false
	}
	return m.entries[i], true
}

// Similar returns the entries whose name (or other name) resembles name, best first, with
// a score of at least min, at most limit of them.
func (m *Matcher) Similar(name, municipalityCode string, min float64, limit int) []Match {
	q := trigrams(NameKey(name))
	if len(q) == 0 {
		return nil
	}
	// Count shared trigrams per indexed name in a plain slice: posting lists of common
	// trigrams run to tens of thousands of names, where a map would dominate the cost.
	counts := make([]uint16, len(m.names))
	var touched []int32
	for t := range q {
		for _, pos := range m.index[t] {
			if counts[pos] == 0 {
				touched = append(touched, pos)
			}
			counts[pos]++
		}
	}
	best := map[int]Match{}
	for _, pos := range touched {
		n := int(counts[pos])
		in := m.names[pos]
		if float64(n)/float64(len(q)+in.size-n) < min {
			continue
		}
		ns := float64(n) / float64(len(q)+in.size-n)
		e := m.entries[in.entry]
		same := e.Address.MunicipalityCode == municipalityCode
		score := ns
		if !same {
			score *= otherPlaceFactor
		}
		if score < min {
			continue
		}
		if prev, ok := best[in.entry]; ok && prev.Score >= score {
			continue
		}
		best[in.entry] = Match{EntryID: e.ID, NEQ: e.NEQ, Name: e.Name, MunicipalityCode: e.Address.MunicipalityCode,
			NameScore: ns, Score: score, SameMunicipality: same}
	}
	out := make([]Match, 0, len(best))
	for _, mt := range best {
		out = append(out, mt)
	}
	slices.SortFunc(out, func(a, b Match) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return cmp.Compare(a.EntryID, b.EntryID) // stable order for equal scores
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out
}
