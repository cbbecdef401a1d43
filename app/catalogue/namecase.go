package catalogue

import (
	"strings"
	"unicode"
)

// NameCase rewrites a name written entirely in capitals, as the Registraire's extracts write
// them ("CENTRE D'ACTION BÉNÉVOLE DE SHAWINIGAN INC."), the way directories show names:
// "Centre d'Action Bénévole de Shawinigan inc.". Words are capitalised except French articles,
// prepositions and legal suffixes; known acronyms (CPE, CDC, OBNL…) and dotted abbreviations
// stay in capitals. A name with any lower-case letter is the writer's choice and is returned
// as is.
func NameCase(name string) string {
	hasUpper := false
	for _, r := range name {
		if unicode.IsLower(r) {
			return name
		}
		if unicode.IsUpper(r) {
			hasUpper = true
		}
	}
	if !hasUpper {
		return name
	}
	words := strings.Split(name, " ")
	prev := ""
	for i, w := range words {
		// An article opens a proper name ("CPE LA RUCHE" → "CPE La Ruche") unless a
		// preposition comes before it ("MAISON DE LA FAMILLE" → "Maison de la Famille").
		lead := i == 0 || articles[strings.ToLower(w)] && !prepositions[prev]
		words[i] = caseWord(w, lead)
		prev = strings.ToLower(w)
	}
	return strings.Join(words, " ")
}

// smallWords stay in lower case inside a name.
var smallWords = map[string]bool{"de": true, "du": true, "des": true, "la": true, "le": true, "les": true, "et": true,
	"en": true, "à": true, "a": true, "au": true, "aux": true, "pour": true, "sur": true, "par": true, "dans": true,
	"avec": true, "chez": true, "sous": true, "ou": true, "l": true, "d": true, "inc": true, "ltée": true, "enr": true}

var articles = map[string]bool{"le": true, "la": true, "les": true}

var prepositions = map[string]bool{"de": true, "du": true, "des": true, "à": true, "a": true, "au": true, "aux": true,
	"pour": true, "sur": true, "par": true, "dans": true, "avec": true, "chez": true, "sous": true, "en": true, "et": true}

// acronyms stay in capitals.
var acronyms = map[string]bool{"CPE": true, "CDC": true, "CLSC": true, "CAB": true, "OBNL": true, "OSBL": true, "CJE": true,
	"SADC": true, "CLD": true, "CDEC": true, "CSSS": true, "CIUSSS": true, "YMCA": true, "YWCA": true, "FADOQ": true,
	"AFEAS": true, "ACEF": true, "CDE": true, "CRE": true, "MRC": true, "TVC": true, "CTA": true, "PME": true, "RPA": true,
	"HLM": true, "OMH": true, "CHSLD": true, "TNO": true, "II": true, "III": true, "IV": true, "VI": true, "CAE": true}

// caseWord cases one space-separated word; hyphenated and elided parts are cased one by one
// ("SAINTE-MARIE-DE-BLANDFORD" → "Sainte-Marie-de-Blandford", "D'ACTION" → "d'Action").
func caseWord(w string, first bool) string {
	if w == "" {
		return w
	}
	core := strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if acronyms[core] || strings.Count(core, ".") > 0 && len([]rune(core)) <= 12 && isDotted(w) {
		return w
	}
	var b strings.Builder
	part := 0
	start := 0
	rs := []rune(w)
	flush := func(end int) {
		seg := string(rs[start:end])
		b.WriteString(casePart(seg, first && part == 0))
		part++
	}
	for i, r := range rs {
		if r == '-' || r == '\'' || r == '’' {
			flush(i)
			b.WriteRune(r)
			start = i + 1
		}
	}
	flush(len(rs))
	return b.String()
}

func casePart(seg string, first bool) string {
	low := strings.ToLower(seg)
	bare := strings.TrimFunc(low, func(r rune) bool { return !unicode.IsLetter(r) })
	if bare == "" || !first && smallWords[bare] {
		return low
	}
	if acronyms[strings.ToUpper(bare)] && len(bare) > 1 {
		return strings.ToUpper(seg)
	}
	rs := []rune(low)
	for i, r := range rs {
		if unicode.IsLetter(r) {
			rs[i] = unicode.ToUpper(r)
			break
		}
	}
	return string(rs)
}

// isDotted reports an abbreviation written with dots between letters ("S.E.N.C.", "C.P.").
func isDotted(w string) bool {
	letters, dots := 0, 0
	for _, r := range w {
		switch {
		case unicode.IsLetter(r):
			letters++
		case r == '.':
			dots++
		}
	}
	return dots >= 2 && dots >= letters-1
}

// streetTypes stay in lower case in an address ("1200, rang Saint-Joseph").
var streetTypes = map[string]bool{"rue": true, "rang": true, "avenue": true, "av.": true, "boulevard": true, "boul.": true,
	"chemin": true, "ch.": true, "route": true, "rte": true, "place": true, "montée": true, "côte": true, "impasse": true,
	"terrasse": true, "allée": true, "croissant": true, "carré": true, "promenade": true, "ruelle": true, "voie": true,
	"bureau": true, "local": true, "app.": true, "suite": true}

// AddressCase rewrites an address written entirely in capitals ("1200, RANG SAINT-JOSEPH",
// "5E RUE DE LA POINTE") as addresses are written: "1200, rang Saint-Joseph", "5e Rue de la
// Pointe"; post-office boxes ("C.P. 12") are left alone.
func AddressCase(addr string) string {
	out := NameCase(addr)
	if out == addr {
		return addr
	}
	words := strings.Split(out, " ")
	for i, w := range words {
		low := strings.ToLower(w)
		switch {
		case streetTypes[low] && i > 0:
			words[i] = low
		case len(w) >= 2 && unicode.IsDigit(rune(w[0])) && (strings.HasSuffix(low, "e") || strings.HasSuffix(low, "er")):
			words[i] = low // 5e, 1er
		}
	}
	return strings.Join(words, " ")
}
