package opportunities

import (
	"sort"
	"strings"
)

// Item is what the matcher matches: a body's opportunity or a SEAO notice.
type Item struct {
	UNSPSC  []string // 8-digit codes (segment 72000000, family 72120000, class 72121000, commodity 72121001)
	Regions []string // administrative regions (two digits) where the work is; empty: not known
	Text    string   // title and description, French
}

// Profile is what an item is matched against: an enterprise's alert, or what a catalogue entry says
// it sells.
type Profile struct {
	UNSPSC  []string // codes at any level
	Regions []string // regions served; empty: all of Québec
	Terms   []string // keywords (an alert) or products (an entry); a term of several words needs them all
}

// Reason kinds: why an item matched a profile, worded on pages by the reason's kind.
const (
	ReasonCodeSame   = "code_same"   // the item's category is the profile's
	ReasonCodeUnder  = "code_under"  // the item's category is under the profile's (a segment alert gets its classes)
	ReasonCodeAbove  = "code_above"  // the item's category is the family of the profile's class
	ReasonText       = "text"        // the profile's term is in the item's title or description
	ReasonRegion     = "region"      // a region of the item is served
	ReasonAllRegions = "all_regions" // the profile serves all of Québec
)

// Reason is one reason of a match; Item and Profile hold the code, region or term involved.
type Reason struct {
	Kind    string `json:"kind"`
	Item    string `json:"item,omitempty"`
	Profile string `json:"profile,omitempty"`
}

// Hit is one profile that an item matches, with its score (higher first) and its reasons.
type Hit struct {
	Profile int      `json:"-"` // index in the profiles given to NewIndex
	Score   int      `json:"score"`
	Reasons []Reason `json:"reasons"`
}

// Scores: the closer the category, the higher; text alone counts less than a category.
const (
	scoreSame   = 30
	scoreUnder  = 25
	scoreAbove  = 12
	scoreText   = 10
	scoreRegion = 3
)

// level is the number of significant digits of a UNSPSC code: 2 (segment), 4 (family), 6 (class), 8.
func level(code string) int {
	switch {
	case len(code) != 8:
		return 0
	case code[2:] == "000000":
		return 2
	case code[4:] == "0000":
		return 4
	case code[6:] == "00":
		return 6
	}
	return 8
}

// ancestors lists the codes above code (its segment, family, class), broadest first.
func ancestors(code string) []string {
	l := level(code)
	var out []string
	for _, n := range []int{2, 4, 6} {
		if n < l {
			out = append(out, code[:n]+strings.Repeat("0", 8-n))
		}
	}
	return out
}

// Index holds profiles ready to be matched against many items. Build it once per run (for one
// week of notices, say) and call Match for each item; it is not safe for concurrent Match calls.
type Index struct {
	profiles []Profile
	exact    map[string][]int32 // code → profiles naming exactly that code
	within   map[string][]int32 // code of a segment/family/class → profiles naming a code strictly under it
	terms    map[string][]termRef
	regions  []uint32 // bit r set: region r served; 0: all of Québec
	// scratch, reused between items
	score   []int32
	reasons map[int32][]Reason
	touched []int32
}

type termRef struct {
	profile int32
	words   []string // every folded word of the term
	term    string   // as the profile wrote it
}

// NewIndex indexes profiles; hits name them by their position in the slice.
func NewIndex(profiles []Profile) *Index {
	ix := &Index{profiles: profiles, exact: map[string][]int32{}, within: map[string][]int32{}, terms: map[string][]termRef{},
		regions: make([]uint32, len(profiles)), score: make([]int32, len(profiles)), reasons: map[int32][]Reason{}}
	for i, p := range profiles {
		id := int32(i)
		for _, c := range dedupe(p.UNSPSC) {
			if level(c) == 0 {
				continue
			}
			ix.exact[c] = append(ix.exact[c], id)
			for _, a := range ancestors(c) {
				ix.within[a] = append(ix.within[a], id)
			}
		}
		ix.regions[i] = regionMask(p.Regions)
		for _, t := range p.Terms {
			words := Words(t)
			if len(words) == 0 {
				continue
			}
			ix.terms[words[0]] = append(ix.terms[words[0]], termRef{profile: id, words: words, term: strings.TrimSpace(t)})
		}
	}
	return ix
}

func dedupe(codes []string) []string {
	seen := make(map[string]bool, len(codes))
	out := codes[:0:0]
	for _, c := range codes {
		if !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	return out
}

func regionMask(regions []string) uint32 {
	var m uint32
	for _, r := range regions {
		if len(r) == 2 && r[0] >= '0' && r[0] <= '1' && r[1] >= '0' && r[1] <= '9' {
			n := int(r[0]-'0')*10 + int(r[1]-'0')
			if n >= 1 && n <= 17 {
				m |= 1 << n
			}
		}
	}
	return m
}

// Match returns the profiles the item matches, best first (ties in profile order): a category or a
// term must match, and the profile must serve a region of the item (a profile without regions serves
// all of Québec; an item without regions is anywhere).
func (ix *Index) Match(it Item) []Hit {
	defer ix.reset()
	bump := func(p int32, s int, r Reason) {
		if ix.score[p] == 0 {
			ix.touched = append(ix.touched, p)
		}
		ix.score[p] += int32(s)
		ix.reasons[p] = append(ix.reasons[p], r)
	}
	codeSeen := map[int32]bool{} // one category reason per profile: the closest
	for _, pass := range []struct {
		kind  string
		score int
		look  func(code string) []codeRef
	}{
		{ReasonCodeSame, scoreSame, func(c string) []codeRef { return refs(ix.exact[c], c) }},
		{ReasonCodeUnder, scoreUnder, func(c string) []codeRef {
			var out []codeRef
			for _, a := range ancestors(c) {
				out = append(out, refs(ix.exact[a], a)...)
			}
			return out
		}},
		{ReasonCodeAbove, scoreAbove, func(c string) []codeRef { return ix.narrower(c) }},
	} {
		for _, c := range dedupe(it.UNSPSC) {
			if level(c) == 0 {
				continue
			}
			for _, r := range pass.look(c) {
				if codeSeen[r.profile] {
					continue
				}
				codeSeen[r.profile] = true
				bump(r.profile, pass.score, Reason{Kind: pass.kind, Item: c, Profile: r.code})
			}
		}
	}
	if len(ix.terms) > 0 && it.Text != "" {
		words := Words(it.Text)
		set := make(map[string]bool, len(words))
		for _, w := range words {
			set[w] = true
		}
		termSeen := map[int32]bool{}
		for _, w := range words {
			for _, tr := range ix.terms[w] {
				if termSeen[tr.profile] || !allIn(tr.words, set) {
					continue
				}
				termSeen[tr.profile] = true
				bump(tr.profile, scoreText, Reason{Kind: ReasonText, Profile: tr.term})
			}
		}
	}
	itemMask := regionMask(it.Regions)
	var hits []Hit
	for _, p := range ix.touched {
		served := ix.regions[p]
		rs := ix.reasons[p]
		score := int(ix.score[p])
		switch {
		case itemMask == 0:
		case served == 0:
			rs = append(rs, Reason{Kind: ReasonAllRegions})
		case served&itemMask != 0:
			score += scoreRegion
			for _, r := range it.Regions {
				if served&regionMask([]string{r}) != 0 {
					rs = append(rs, Reason{Kind: ReasonRegion, Item: r})
				}
			}
		default:
			continue // not a region the profile serves
		}
		hits = append(hits, Hit{Profile: int(p), Score: score, Reasons: append([]Reason(nil), rs...)})
	}
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].Score != hits[j].Score {
			return hits[i].Score > hits[j].Score
		}
		return hits[i].Profile < hits[j].Profile
	})
	return hits
}

type codeRef struct {
	profile int32
	code    string
}

func refs(ps []int32, code string) []codeRef {
	out := make([]codeRef, len(ps))
	for i, p := range ps {
		out[i] = codeRef{p, code}
	}
	return out
}

// narrower finds the profiles naming a code strictly under c (c a segment, family or class), with the
// code each names. Only the direct use in the words matters ("a class matches its family"), so
// any depth below counts.
func (ix *Index) narrower(c string) []codeRef {
	if level(c) == 8 {
		return nil
	}
	ps := ix.within[c]
	if len(ps) == 0 {
		return nil
	}
	prefix := c[:level(c)]
	out := make([]codeRef, 0, len(ps))
	for _, p := range ps {
		for _, pc := range ix.profiles[p].UNSPSC {
			if pc != c && strings.HasPrefix(pc, prefix) && level(pc) > level(c) {
				out = append(out, codeRef{p, pc})
				break
			}
		}
	}
	return out
}

func allIn(words []string, set map[string]bool) bool {
	for _, w := range words {
		if !set[w] {
			return false
		}
	}
	return true
}

func (ix *Index) reset() {
	for _, p := range ix.touched {
		ix.score[p] = 0
		delete(ix.reasons, p)
	}
	ix.touched = ix.touched[:0]
}
