package catalogue

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"maillage/app/quebec"
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
	// otherPlaceMin is the name score below which an entry of another municipality is not a
	// candidate at all.
	otherPlaceMin = 0.85
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

// Matcher finds existing entries by NEQ, by source reference and by name. Names are compared
// word by word, each word weighing what it says about which enterprise it is: a rare word
// ("Grenier") much, a word many names share (its document frequency over the names indexed
// and the file's) little, the words of a kind of organisation ("Cuisines collectives",
// "Centre d'action bénévole") and the municipality's own name, in the same municipality,
// nearly nothing. So "Cuisines collectives Les Forges" and "Cuisines collectives La Source"
// of one town are two enterprises, and "Coop Solidarité Santé Saint-Narcisse" and "Coop de
// solidarité santé de St-Narcisse" are one. Words match with typos (trigram similarity).
// A trigram index finds the candidates, so matching a file of a few hundred rows against
// 100,000 entries stays fast.
type Matcher struct {
	entries []Entry
	byID    map[string]int
	byNEQ   map[string]int
	byRef   map[[2]string]int
	names   []indexedName
	index   map[string][]int32 // trigram → positions in names
	df      map[string]int     // word → number of names using it (entries and added corpus)
	docs    int
	places  *quebec.Places // the municipalities' names, to set them aside in one town
}

type indexedName struct {
	entry int
	size  int      // number of distinct trigrams of the key
	words []string // the key's words
}

// NewMatcher indexes the active entries; retired ones can no longer receive updates.
func NewMatcher(entries []Entry) *Matcher {
	m := &Matcher{byID: map[string]int{}, byNEQ: map[string]int{}, byRef: map[[2]string]int{}, index: map[string][]int32{},
		df: map[string]int{}}
	for _, e := range entries {
		if e.Status == StatusRetired {
			continue
		}
		m.add(e)
	}
	return m
}

// WithPlaces lets the matcher set a municipality's own name aside when comparing names of one town.
func (m *Matcher) WithPlaces(p *quebec.Places) *Matcher {
	m.places = p
	return m
}

// weighWith makes m weigh words as other does (one corpus for the catalogue and the file).
func (m *Matcher) weighWith(other *Matcher) *Matcher {
	m.df, m.docs = other.df, other.docs
	return m
}

// AddCorpus counts names that are not indexed (the rows of the file being imported) in the
// words' frequencies.
func (m *Matcher) AddCorpus(names []string) {
	for _, n := range names {
		m.count(strings.Fields(NameKey(n)))
	}
}

func (m *Matcher) count(words []string) {
	m.docs++
	seen := map[string]bool{}
	for _, w := range words {
		if !seen[w] {
			seen[w] = true
			m.df[w]++
		}
	}
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
		key := NameKey(n)
		tg := trigrams(key)
		pos := int32(len(m.names))
		words := strings.Fields(key)
		m.names = append(m.names, indexedName{entry: i, size: len(tg), words: words})
		m.count(words)
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

// prefilter is the trigram similarity below which a name is not even scored: names of one
// enterprise share more than that even when written very differently.
const prefilter = 0.2

// Similar returns the entries whose name (or other name) resembles name, best first, with
// a score of at least min, at most limit of them.
func (m *Matcher) Similar(name, municipalityCode string, min float64, limit int) []Match {
	key := NameKey(name)
	q := trigrams(key)
	if len(q) == 0 {
		return nil
	}
	qWords := strings.Fields(key)
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
	town := m.townWords(municipalityCode)
	best := map[int]Match{}
	for _, pos := range touched {
		n := int(counts[pos])
		in := m.names[pos]
		if float64(n)/float64(len(q)+in.size-n) < prefilter {
			continue
		}
		e := m.entries[in.entry]
		same := e.Address.MunicipalityCode == municipalityCode
		var aside map[string]bool
		if same {
			aside = town
		}
		ns := m.wordScore(qWords, in.words, aside)
		if !same && ns < otherPlaceMin { // many towns have their "Maison des jeunes": only near-identical names elsewhere
			continue
		}
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

// townWords are the words of a municipality's name, set aside when two names of that town are
// compared ("Maison des jeunes de Shawinigan" says "Shawinigan" because it is there).
func (m *Matcher) townWords(code string) map[string]bool {
	if m.places == nil || code == "" {
		return nil
	}
	mu, ok := m.places.Municipality(code)
	if !ok {
		return nil
	}
	out := map[string]bool{}
	for _, w := range strings.Fields(NameKey(mu.Name)) {
		out[w] = true
	}
	return out
}

// kindWords name kinds of organisations: they say what an enterprise is, rarely which one;
// two names of different kinds ("Théâtre Le Phare", "Coopérative forestière Le Phare") are
// two enterprises. commonWords are the common words of places.
var (
	kindWords = wordSet(`centre centres maison maisons comite club clubs association associations corporation
		cuisine cuisines collective collectives comptoir alimentaire friperie ressourcerie popote roulante carrefour
		jeunesse emploi service services aide domestique marche public cpe garderie theatre atelier ateliers base plein
		air habitation habitations travail forestiere sante femmes femme jeunes action benevole benevoles personnes
		handicapees loisirs developpement communautaire societe fondation regroupement groupe organisme reseau table
		conseil economie sociale famille familles agricole funeraire insertion accueil entraide transport adapte
		traiteur recuperation recyclage culture culturel culturelle chorale ligue cercle fermieres mutuelle assurance
		motoneige patinage histoire optimiste lions golf ski radio television festival musee camp clinique`)
	commonWords = wordSet(`saint sainte st ste sud nord est ouest lac riviere rivieres mont monts grand grande
		petit petite vieux vieille ville municipalite paroisse region regional regionale quartier solidarite social`)
)

func wordSet(list string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.Fields(list) {
		out[w] = true
	}
	return out
}

// weight is what a word says about which enterprise a name is.
func (m *Matcher) weight(w string) float64 {
	idf := math.Log(1 + float64(m.docs+1)/float64(m.df[w]+1))
	switch {
	case kindWords[w]:
		return 0.5 * idf
	case commonWords[w] || len(w) < 2:
		return 0.3 * idf
	}
	return idf
}

// wordScore compares two names word by word (typos allowed), weighted; the words in aside
// (the town's name) count only when nothing else is left. Two names whose distinctive words
// all differ, or whose kinds differ, are two enterprises whatever else they share.
func (m *Matcher) wordScore(a, b []string, aside map[string]bool) float64 {
	a, b = without(a, aside), without(b, aside)
	var num, den float64
	for _, side := range [2][2][]string{{a, b}, {b, a}} {
		for _, w := range side[0] {
			wt := m.weight(w)
			den += wt
			num += wt * bestWordMatch(w, side[1])
		}
	}
	if den == 0 {
		return 0
	}
	score := num / den
	if disjoint(a, b, func(w string) bool { return !kindWords[w] && !commonWords[w] }) ||
		disjoint(a, b, func(w string) bool { return kindWords[w] }) {
		score = min(score, 0.45)
	}
	return score
}

// disjoint reports two names that both have words of a kind (keep) and share none of them.
func disjoint(a, b []string, keep func(string) bool) bool {
	var ka, kb []string
	for _, w := range a {
		if keep(w) {
			ka = append(ka, w)
		}
	}
	for _, w := range b {
		if keep(w) {
			kb = append(kb, w)
		}
	}
	if len(ka) == 0 || len(kb) == 0 {
		return false
	}
	for _, w := range ka {
		if bestWordMatch(w, kb) > 0 {
			return false
		}
	}
	return true
}

func without(words []string, aside map[string]bool) []string {
	if len(aside) == 0 {
		return words
	}
	out := make([]string, 0, len(words))
	for _, w := range words {
		if !aside[w] {
			out = append(out, w)
		}
	}
	if len(out) == 0 {
		return words
	}
	return out
}

// bestWordMatch is 1 for the same word, the trigram similarity for a word written with a typo
// (long enough words only), 0 otherwise.
func bestWordMatch(w string, in []string) float64 {
	best := 0.0
	for _, x := range in {
		switch {
		case x == w:
			return 1
		case len(w) >= 5 && len(x) >= 5:
			if s := Similarity(w, x); s >= 0.5 && s > best {
				best = s
			}
		}
	}
	return best
}
