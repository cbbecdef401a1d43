package opportunities

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// fold lowers a text and removes its accents ("Déneigement" → "deneigement"), like catalogue_fold in SQL.
// Latin letters map through a table (fast: it runs for every product of 100,000 catalogue entries); other
// text goes through Unicode decomposition.
func fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range strings.ToLower(s) {
		if r < 0x80 {
			b.WriteRune(r)
			continue
		}
		if f, ok := latinFold[r]; ok {
			b.WriteString(f)
			continue
		}
		out, _, err := transform.String(transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn))), string(r))
		if err != nil {
			out = string(r)
		}
		b.WriteString(out)
	}
	return b.String()
}

// latinFold folds the accented letters of French and its neighbours.
var latinFold = func() map[rune]string {
	m := map[rune]string{}
	for base, letters := range map[string]string{
		"a": "àâäáãå", "c": "çć", "e": "éèêëē", "i": "îïíì", "o": "ôöóòõø", "u": "ùûüú", "y": "ÿý", "n": "ñ",
		"oe": "œ", "ae": "æ", "-": "‐‑–—", "'": "’‘",
	} {
		for _, r := range letters {
			m[r] = base
		}
	}
	return m
}()

// Words cuts a French text into the folded, lightly stemmed words that carry meaning: articles,
// prepositions and the words every call for tenders uses ("services", "acquisition", "contrat") are
// dropped, and plurals are made singular, so "Traiteurs" in a title meets the product "traiteur". The
// order of the text is kept; a word appears once.
func Words(s string) []string {
	fields := strings.FieldsFunc(fold(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	seen := make(map[string]bool, len(fields))
	out := make([]string, 0, len(fields))
	for _, f := range fields {
		w := stem(f)
		if len([]rune(w)) < 3 || stopWords[w] || seen[w] {
			continue
		}
		seen[w] = true
		out = append(out, w)
	}
	return out
}

// stem is a deliberately light French stemmer: plural endings only ("-eaux" → "-eau", "-aux" → "-al", "-s", "-x" on words of five letters or more).
// Heavier stemming makes unrelated products meet ("location" and "locaux").
func stem(w string) string {
	switch {
	case len(w) > 5 && strings.HasSuffix(w, "eaux"):
		return w[:len(w)-1]
	case len(w) > 5 && strings.HasSuffix(w, "aux"):
		return w[:len(w)-3] + "al"
	case len(w) > 4 && (strings.HasSuffix(w, "s") || strings.HasSuffix(w, "x")) && !strings.HasSuffix(w, "ss"):
		return w[:len(w)-1]
	}
	return w
}

// stopWords: folded and stemmed. French function words, and the words of procurement that say nothing
// of what is bought.
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`
		les des une aux avec dan pour par sur sou entre chez leur leurs ses son sa nos notre vos votre
		qui que quoi dont ou est sont etre ete avoir cette cet ce ces tout tou toute autre autres plus
		moin non pas ainsi selon lor vers afin
		the and for with from
		service acquisition achat fourniture contrat appel offre offres avi projet travail travaux
		mandat besoin diver divers general generale lot phase annee ville municipalite region regional
		programme entente gre invitation soumission ecrite public publique prix
	`) {
		m[stem(w)] = true
	}
	return m
}()
