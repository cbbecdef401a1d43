package catalogue

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Fold lowers case, strips accents and turns every run of punctuation or spaces into one
// space: "Coopérative  d’Entretien-Ménager, inc." → "cooperative d entretien menager inc".
// It is the same folding the database search applies (unaccent + lower), so a name that
// matches here also matches there.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true
	word := func(w string) {
		b.WriteString(w)
		space = false
	}
	for _, r := range s {
		if r >= 0x80 {
			if f, ok := latinFold[r]; ok {
				word(f)
				continue
			}
		}
		switch {
		case r == '&':
			if !space {
				b.WriteByte(' ')
			}
			b.WriteString("et ")
			space = true
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			space = false
		case r >= 'A' && r <= 'Z':
			b.WriteRune(r + 'a' - 'A')
			space = false
		case r >= 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			word(foldRare(r))
		default:
			if !space {
				b.WriteByte(' ')
				space = true
			}
		}
	}
	return strings.TrimRight(b.String(), " ")
}

// latinFold maps the accented and ligature letters of Latin-1 and Latin Extended-A (every
// letter French and English names use) to their folded form; it is computed once from the
// Unicode decompositions so that Fold does not run a transformer on every call.
var latinFold = buildLatinFold()

func buildLatinFold() map[rune]string {
	m := map[rune]string{'œ': "oe", 'Œ': "oe", 'æ': "ae", 'Æ': "ae", 'ß': "ss"}
	for r := rune(0xC0); r <= 0x24F; r++ {
		if _, done := m[r]; done || !unicode.IsLetter(r) {
			continue
		}
		m[r] = foldRare(r)
	}
	return m
}

// foldRare strips the accents of one letter and lowers it.
func foldRare(r rune) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, string(r))
	if err != nil {
		out = string(r)
	}
	return strings.ToLower(out)
}

// legalPhrases are legal-form words that directories add, drop or abbreviate at will; they
// say nothing about which enterprise it is, so matching ignores them. Longest first, so
// "cooperative de solidarite" goes before "cooperative".
var legalPhrases = [][]string{
	{"cooperative", "de", "travailleurs", "actionnaire"},
	{"cooperative", "de", "solidarite"},
	{"cooperative", "de", "travailleurs"},
	{"cooperative", "de", "travail"},
	{"cooperative", "de", "producteurs"},
	{"cooperative", "de", "consommateurs"},
	{"coop", "de", "solidarite"},
	{"coop", "de", "travail"},
	{"organisme", "sans", "but", "lucratif"},
	{"organisme", "a", "but", "non", "lucratif"},
	{"societe", "en", "nom", "collectif"},
	{"cooperative"}, {"coop"}, {"coopsco"}, {"cte"},
	{"inc"}, {"incorporee"}, {"ltee"}, {"limitee"}, {"enr"}, {"enregistree"},
	{"obnl"}, {"osbl"}, {"sbl"}, {"senc"}, {"cie"}, {"co"}, {"ltd"}, {"corp"},
}

// stopWords carry no identity either: articles and prepositions of French names.
var stopWords = map[string]bool{
	"l": true, "la": true, "le": true, "les": true, "de": true, "du": true, "des": true,
	"d": true, "et": true, "a": true, "au": true, "aux": true, "en": true, "the": true, "of": true,
}

// NameKey reduces a name to the words that identify the enterprise: folded, legal-form
// phrases and French articles removed. Two spellings of one enterprise share a key
// ("Coop de solidarité Le Grenier inc." and "LE GRENIER, COOPÉRATIVE DE SOLIDARITÉ" → "grenier").
// A name made only of such words keeps its folded form so that the key is never empty.
func NameKey(name string) string {
	folded := Fold(name)
	words := strings.Fields(folded)
	kept := make([]string, 0, len(words))
	for i := 0; i < len(words); {
		if n := legalPhraseAt(words, i); n > 0 {
			i += n
			continue
		}
		if !stopWords[words[i]] {
			kept = append(kept, words[i])
		}
		i++
	}
	if len(kept) == 0 {
		return folded
	}
	return strings.Join(kept, " ")
}

func legalPhraseAt(words []string, i int) int {
	for _, p := range legalPhrases {
		if i+len(p) > len(words) {
			continue
		}
		match := true
		for j, w := range p {
			if words[i+j] != w {
				match = false
				break
			}
		}
		if match {
			return len(p)
		}
	}
	return 0
}

// NormalizeNEQ keeps the digits of a NEQ as people type it ("1 164 123 456", "1164-123-456").
func NormalizeNEQ(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		} else if !unicode.IsSpace(r) && r != '-' && r != '.' {
			return strings.TrimSpace(s) // leave it as typed so validation reports it
		}
	}
	return b.String()
}

// ValidNEQ checks the format of a NEQ: ten digits. No check digit is confirmed, so none is tested.
func ValidNEQ(neq string) bool {
	if len(neq) != 10 {
		return false
	}
	for _, r := range neq {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
