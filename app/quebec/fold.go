package quebec

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
// Unicode decompositions so that Fold does not run a transformer on every call. It is a
// read-only table, never changed after the package is loaded.
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

// compact folds text for code-like comparisons: no accents, case, spaces or punctuation
// ("S.E.N.C." and "senc" compare equal).
func compact(s string) string { return strings.ReplaceAll(Fold(s), " ", "") }
