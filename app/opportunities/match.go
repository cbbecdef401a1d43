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
// Per-profile state lives in dense slices reset through the list of profiles an item touched, so a match
// costs what the item touches, not the number of profiles.
type Index struct {
	profiles []Profile
	exact    map[string][]int32 // code → profiles naming exactly that code
	within   map[string][]int32 // code of a segment/family/class → profiles naming a code strictly under it
	terms    map[string][]termRef
	regions  []uint32 // bit r set: region r served; 0: all of Québec
	// scratch, reused between items
	score   []int32
	code    []Reason // the closest category reason of each touched profile (Kind "" for none)
	term    []string // the term of each touched profile that matched ("" for none)
	touched []int32
}

type termRef struct {
	profile int32
	words   []string // every folded word of the term
	term    string   // as the profile wrote it
}

// NewIndex indexes profiles; hits name them by their position in the slice.
func NewIndex(profiles []Profile) *Index {
	n := len(profiles)
	ix := &Index{profiles: profiles, exact: map[string][]int32{}, within: map[string][]int32{}, terms: map[string][]termRef{},
		regions: make([]uint32, n), score: make([]int32, n), code: make([]Reason, n), term: make([]string, n)}
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
func (ix *Index) Match(it Item) []Hit { return ix.MatchTop(it, -1) }

// MatchTop is Match keeping only the n best hits (all when n < 0); reasons are built for those only.
func (ix *Index) MatchTop(it Item, n int) []Hit {
	defer ix.reset()
	touch := func(p int32, s int) {
		if ix.score[p] == 0 {
			ix.touched = append(ix.touched, p)
		}
		ix.score[p] += int32(s)
	}
	codes := dedupe(it.UNSPSC)
	for _, pass := range []struct {
		kind  string
		score int
	}{{ReasonCodeSame, scoreSame}, {ReasonCodeUnder, scoreUnder}, {ReasonCodeAbove, scoreAbove}} {
		for _, c := range codes {
			if level(c) == 0 {
				continue
			}
			visit := func(p int32, profileCode string) {
				if ix.code[p].Kind != "" { // one category reason per profile: the closest (passes go closest first)
					return
				}
				ix.code[p] = Reason{Kind: pass.kind, Item: c, Profile: profileCode}
				touch(p, pass.score)
			}
			switch pass.kind {
			case ReasonCodeSame:
				for _, p := range ix.exact[c] {
					visit(p, c)
				}
			case ReasonCodeUnder:
				for _, a := range ancestors(c) {
					for _, p := range ix.exact[a] {
						visit(p, a)
					}
				}
			case ReasonCodeAbove:
				ix.narrower(c, visit)
			}
		}
	}
	if len(ix.terms) > 0 && it.Text != "" {
		words := Words(it.Text)
		for _, w := range words {
			for _, tr := range ix.terms[w] {
				if ix.term[tr.profile] != "" || !allIn(tr.words, words) {
					continue
				}
				ix.term[tr.profile] = tr.term
				touch(tr.profile, scoreText)
			}
		}
	}
	itemMask := regionMask(it.Regions)
	type cand struct {
		p     int32
		score int
	}
	var cands []cand
	for _, p := range ix.touched {
		served, score := ix.regions[p], int(ix.score[p])
		switch {
		case itemMask == 0, served == 0:
		case served&itemMask != 0:
			score += scoreRegion
		default:
			continue // not a region the profile serves
		}
		cands = append(cands, cand{p, score})
	}
	if n >= 0 && len(cands) > n {
		// Scores are small integers: find the n-th best by counting, so only the best few are sorted.
		var counts [64]int
		for _, c := range cands {
			counts[min(c.score, 63)]++
		}
		th, acc := 63, 0
		for ; th > 0; th-- {
			if acc += counts[th]; acc >= n {
				break
			}
		}
		kept := cands[:0]
		for _, c := range cands {
			if min(c.score, 63) >= th {
				kept = append(kept, c)
			}
		}
		cands = kept
	}
	better := func(a, b cand) bool { return a.score > b.score || (a.score == b.score && a.p < b.p) }
	sort.Slice(cands, func(i, j int) bool { return better(cands[i], cands[j]) })
	if n >= 0 && len(cands) > n {
		cands = cands[:n]
	}
	hits := make([]Hit, len(cands))
	for i, c := range cands {
		var rs []Reason
		if r := ix.code[c.p]; r.Kind != "" {
			rs = append(rs, r)
		}
		if t := ix.term[c.p]; t != "" {
			rs = append(rs, Reason{Kind: ReasonText, Profile: t})
		}
		served := ix.regions[c.p]
		switch {
		case itemMask == 0:
		case served == 0:
			rs = append(rs, Reason{Kind: ReasonAllRegions})
		default:
			for _, r := range it.Regions {
				if served&regionMask([]string{r}) != 0 {
					rs = append(rs, Reason{Kind: ReasonRegion, Item: r})
				}
			}
		}
		hits[i] = Hit{Profile: int(c.p), Score: c.score, Reasons: rs}
	}
	return hits
}

// narrower visits the profiles naming a code strictly under c (c a segment, family or class), with the
// code each names: an alert on a class matches an item of its family.
func (ix *Index) narrower(c string, visit func(p int32, profileCode string)) {
	l := level(c)
	if l == 8 {
		return
	}
	prefix := c[:l]
	for _, p := range ix.within[c] {
		for _, pc := range ix.profiles[p].UNSPSC {
			if pc != c && strings.HasPrefix(pc, prefix) && level(pc) > l {
				visit(p, pc)
				break
			}
		}
	}
}

// allIn reports whether every word is among the item's (a handful: a linear scan beats a map).
func allIn(words, among []string) bool {
	for _, w := range words {
		found := false
		for _, a := range among {
			if a == w {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func (ix *Index) reset() {
	for _, p := range ix.touched {
		ix.score[p], ix.code[p], ix.term[p] = 0, Reason{}, ""
	}
	ix.touched = ix.touched[:0]
}
