package quebec

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"regexp"
	"slices"
	"strings"
)

// former_municipalities.csv maps former municipalities, boroughs and sector names to today's
// municipality (see the file's header and README.md for its sources and coverage).
//
//go:embed former_municipalities.csv
var formerCSV []byte

// Former is a former municipality (or a borough, a sector) people still write as a place.
type Former struct {
	Name        string // as it was written
	CurrentCode string // today's municipality
	Since       string // the year it stopped being a municipality, when known
	Note        string
}

// placeHints are the indexes that read a place as people write it, beyond the MAMH names.
type placeHints struct {
	former map[string][]Former // folded former name → today's municipality
	fsa    map[string][]string // forward sortation area (the postal code's first three characters) → municipality codes
	fsaReg map[string]string   // FSA → the region most of its town halls are in
	mrc    map[string]string   // folded MRC name, without "MRC" and articles → MRC code
	grams  map[string][]string // trigram → folded names, to suggest near names
	names  map[string]int      // folded name → number of its trigrams
	byMRC  map[string][]string // MRC code → municipality codes
}

func buildHints(p *Places, ms []Municipality) placeHints {
	h := placeHints{former: map[string][]Former{}, fsa: map[string][]string{}, fsaReg: map[string]string{},
		mrc: map[string]string{}, grams: map[string][]string{}, names: map[string]int{}, byMRC: map[string][]string{}}
	votes := map[string]map[string]int{}
	for _, m := range ms {
		if pc, ok := NormalizePostalCode(m.PostalCode); ok {
			f := pc[:3]
			h.fsa[f] = append(h.fsa[f], m.Code)
			if votes[f] == nil {
				votes[f] = map[string]int{}
			}
			votes[f][m.RegionCode]++
		}
		if m.MRCCode != "" {
			h.mrc[mrcKey(m.MRCName)] = m.MRCCode
			h.byMRC[m.MRCCode] = append(h.byMRC[m.MRCCode], m.Code)
		}
		k := Fold(m.Name)
		if _, seen := h.names[k]; !seen {
			g := trigramSet(k)
			h.names[k] = len(g)
			for t := range g {
				h.grams[t] = append(h.grams[t], k)
			}
		}
	}
	for f, v := range votes {
		best, n := "", 0
		for r, c := range v {
			if c > n || c == n && r < best {
				best, n = r, c
			}
		}
		h.fsaReg[f] = best
	}
	r := csv.NewReader(bytes.NewReader(formerCSV))
	r.Comment = '#'
	recs, err := r.ReadAll()
	if err != nil || len(recs) == 0 {
		return h // the file is embedded at build time; TestFormerMunicipalitiesFile reads it
	}
	for _, rec := range recs[1:] {
		f := Former{Name: rec[0], CurrentCode: rec[1], Since: rec[3], Note: rec[4]}
		if _, ok := p.byCode[f.CurrentCode]; ok {
			k := Fold(f.Name)
			h.former[k] = append(h.former[k], f)
		}
	}
	return h
}

// mrcKey folds an MRC's name as a territory column writes it: "MRC des Chenaux", "Les
// Chenaux", "Des Chenaux" and "MRC de Mékinac" all give "chenaux" / "mekinac".
func mrcKey(s string) string {
	k := Fold(s)
	for _, p := range []string{"mrc ", "municipalite regionale de comte ", "territoire ", "agglomeration ", "ville "} {
		k = strings.TrimPrefix(k, p)
	}
	for _, a := range []string{"de la ", "de l ", "des ", "du ", "de ", "les ", "la ", "le ", "l "} {
		k = strings.TrimPrefix(k, a)
	}
	return k
}

// PlaceHints are what a row says besides the municipality's name, to tell apart the
// municipalities that share it: its postal code, its territory (an MRC or a city, as pôles
// write it), its region, and the region of the body importing it (the last resort).
type PlaceHints struct {
	PostalCode string
	Territory  string
	Region     string
	BodyRegion string
}

// PlaceMatch is how a municipality cell was read.
type PlaceMatch struct {
	Municipality Municipality
	Found        bool
	Via          string         // "code", "name", "former" (a former municipality or borough) or "hint"
	Former       *Former        // the former municipality the cell named, when Via is "former"
	Ambiguous    bool           // not found because several municipalities bear the name (Candidates)
	Candidates   []Municipality // when not found: the homonyms left, or names close to the one written
}

var (
	// "(Québec)", ", QC", " QC" after a municipality's name, as the Registraire writes it
	// ("Québec" alone is the city: only removed between brackets or after a comma).
	provinceSuffix = regexp.MustCompile(`(?i)\s*(\(\s*(qu[eé]bec|qc|p\.?\s?q\.?)\s*\)|,\s*(qu[eé]bec|qc|p\.?\s?q\.?)|\s(QC|P\.Q\.?))\s*$`)
	// A post-office box written into the municipality cell ("C.P. 123, Shawinigan", "Case postale
	// 7", "P.O. Box 3", "B.P. 12"), with its "succursale" when there is one.
	poBox = regexp.MustCompile(`(?i)\b(c\.?\s?p\.?|case\s+postale|b\.?\s?p\.?|p\.?\s?o\.?\s+box|bo[iî]te\s+postale)\s*[0-9]+[a-z]?\b(\s*,?\s*(succ\.?|succursale)\s+[\p{L}\p{N}' -]+?(?:,|$))?`)
	// "St-Boniface", "Ste Anne", "St. Jean": the abbreviations of Saint and Sainte.
	saintAbbrev = regexp.MustCompile(`(?i)(^|[\s-])(st|ste)\.?([\s-]+)`)
	// A postal code written after the name: "Shawinigan G9N 1A1".
	trailingPostal = regexp.MustCompile(`(?i)[\s,]+[A-Z][0-9][A-Z]\s?[0-9][A-Z][0-9]$`)
)

// CleanPlace removes what real files write around a municipality's name — the province
// ("Trois-Rivières (Québec)"), a post-office box ("C.P. 245, Shawinigan"), a postal code — and
// writes out the abbreviations of Saint and Sainte ("St-Boniface" → "Saint-Boniface").
func CleanPlace(cell string) string {
	s := strings.TrimSpace(cell)
	s = poBox.ReplaceAllString(s, " ")
	s = strings.Trim(strings.TrimSpace(s), ",; ")
	for {
		t := strings.Trim(strings.TrimSpace(trailingPostal.ReplaceAllString(provinceSuffix.ReplaceAllString(s, ""), "")), ",; ")
		if t == s || t == "" {
			break
		}
		s = t
	}
	s = saintAbbrev.ReplaceAllStringFunc(s, func(m string) string {
		g := saintAbbrev.FindStringSubmatch(m)
		word := "Saint"
		if strings.EqualFold(g[2], "ste") {
			word = "Sainte"
		}
		return g[1] + word + "-"
	})
	return strings.Trim(strings.Join(strings.Fields(s), " "), ",; ")
}

// IsPOBox reports an address that is only a post-office box ("C.P. 245", "Case postale 12").
func IsPOBox(street string) bool {
	s := strings.TrimSpace(poBox.ReplaceAllString(street, ""))
	return s != strings.TrimSpace(street) && strings.Trim(s, ",; ") == ""
}

// ResolvePlace reads a municipality cell as people write it: a MAMH code; a name in any case,
// with or without accents and hyphens, " (Québec)", a post-office box or "St-"/"Ste-"; a
// former municipality, borough or sector name (former_municipalities.csv: "Cap-de-la-Madeleine"
// is Trois-Rivières). When several municipalities share the name, the hints decide, in order:
// the row's region, its territory (an MRC, a city or a region), its postal code (the
// municipalities whose town hall has the same FSA, else the FSA's region), then the body's
// region. What stays ambiguous or unknown is not found, with the candidates to choose from.
func (p *Places) ResolvePlace(cell string, h PlaceHints) PlaceMatch {
	raw := strings.TrimSpace(cell)
	if raw == "" {
		return PlaceMatch{}
	}
	if m, ok := p.byCode[raw]; ok {
		return PlaceMatch{Municipality: m, Found: true, Via: "code"}
	}
	name := CleanPlace(raw)
	via := "name"
	all := p.byName[Fold(name)]
	if len(all) == 0 {
		if n, desig, split := splitDesignation(name); split {
			for _, c := range p.byName[Fold(n)] {
				if Fold(c.Designation) == Fold(desig) {
					all = append(all, c)
				}
			}
		}
	}
	var former *Former
	if len(all) == 0 {
		for _, f := range p.hints.former[Fold(name)] {
			if m, ok := p.byCode[f.CurrentCode]; ok && !slices.ContainsFunc(all, func(x Municipality) bool { return x.Code == m.Code }) {
				all = append(all, m)
				ff := f
				former = &ff
			}
		}
		if len(all) > 0 {
			via = "former"
		}
	}
	if len(all) == 0 {
		return PlaceMatch{Candidates: p.nearNames(name, 3)}
	}
	all = preferLocal(all)
	for _, narrow := range []func(Municipality) bool{
		p.inRegion(h.Region),
		p.inTerritory(h.Territory),
		p.sameFSA(h.PostalCode),
		p.fsaRegion(h.PostalCode),
		p.inRegion(h.BodyRegion),
	} {
		if len(all) < 2 || narrow == nil {
			continue
		}
		var in []Municipality
		for _, m := range all {
			if narrow(m) {
				in = append(in, m)
			}
		}
		if len(in) > 0 {
			all = in
			if via == "name" && len(in) == 1 {
				via = "hint"
			}
		}
	}
	if len(all) == 1 {
		out := PlaceMatch{Municipality: all[0], Found: true, Via: via}
		if via == "former" {
			out.Former = former
		}
		return out
	}
	return PlaceMatch{Candidates: all, Ambiguous: true}
}

func (p *Places) inRegion(region string) func(Municipality) bool {
	rc, ok := p.Region(region)
	if !ok {
		return nil
	}
	return func(m Municipality) bool { return m.RegionCode == rc }
}

// inTerritory reads a pôle's "Territoire" cell: an MRC ("Mékinac", "MRC des Chenaux"), a
// city outside any MRC ("Shawinigan", "Ville de Trois-Rivières") or a region.
func (p *Places) inTerritory(cell string) func(Municipality) bool {
	if strings.TrimSpace(cell) == "" {
		return nil
	}
	k := mrcKey(CleanPlace(cell))
	if code, ok := p.hints.mrc[k]; ok {
		return func(m Municipality) bool { return m.MRCCode == code }
	}
	if rc, ok := p.Region(cell); ok {
		return func(m Municipality) bool { return m.RegionCode == rc }
	}
	cities := p.byName[Fold(CleanPlace(strings.TrimPrefix(Fold(cell), "ville ")))]
	if len(cities) == 0 {
		return nil
	}
	return func(m Municipality) bool {
		for _, c := range cities {
			if c.Code == m.Code || c.MRCCode != "" && c.MRCCode == m.MRCCode {
				return true
			}
		}
		return false
	}
}

func fsaOf(postal string) string {
	pc, ok := NormalizePostalCode(postal)
	if !ok {
		return ""
	}
	return pc[:3]
}

func (p *Places) sameFSA(postal string) func(Municipality) bool {
	f := fsaOf(postal)
	if f == "" || len(p.hints.fsa[f]) == 0 {
		return nil
	}
	codes := p.hints.fsa[f]
	return func(m Municipality) bool { return slices.Contains(codes, m.Code) }
}

func (p *Places) fsaRegion(postal string) func(Municipality) bool {
	f := fsaOf(postal)
	rc, ok := p.hints.fsaReg[f]
	if f == "" || !ok {
		return nil
	}
	return func(m Municipality) bool { return m.RegionCode == rc }
}

// nearNames suggests the municipalities whose names are closest to one written wrong
// ("Shawinigan-Sudd", "Trois-Rivère"), by trigram similarity, best first.
func (p *Places) nearNames(name string, limit int) []Municipality {
	q := trigramSet(Fold(name))
	if len(q) == 0 {
		return nil
	}
	counts := map[string]int{}
	for t := range q {
		for _, n := range p.hints.grams[t] {
			counts[n]++
		}
	}
	type scored struct {
		name  string
		score float64
	}
	var best []scored
	for n, c := range counts {
		s := float64(c) / float64(len(q)+p.hints.names[n]-c)
		if s >= 0.45 {
			best = append(best, scored{n, s})
		}
	}
	slices.SortFunc(best, func(a, b scored) int {
		if a.score != b.score {
			if a.score > b.score {
				return -1
			}
			return 1
		}
		return strings.Compare(a.name, b.name)
	})
	var out []Municipality
	for _, b := range best {
		for _, m := range preferLocal(p.byName[b.name]) {
			if len(out) < limit {
				out = append(out, m)
			}
		}
	}
	return out
}

// FormerNames lists the former municipalities the resolver knows, for documentation and tests.
func (p *Places) FormerNames() []Former {
	var out []Former
	for _, fs := range p.hints.former {
		out = append(out, fs...)
	}
	slices.SortFunc(out, func(a, b Former) int { return strings.Compare(Fold(a.Name), Fold(b.Name)) })
	return out
}

// trigramSet is the set of trigrams of a folded name, padded as pg_trgm pads words.
func trigramSet(s string) map[string]struct{} {
	out := map[string]struct{}{}
	for _, w := range strings.Fields(s) {
		w = "  " + w + " "
		for i := 0; i+3 <= len(w); i++ {
			out[w[i:i+3]] = struct{}{}
		}
	}
	return out
}
