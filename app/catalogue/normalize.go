package catalogue

import (
	"slices"
	"strings"

	"maillage/app/quebec"
)

// legalPhrases are legal-form words that directories add, drop or abbreviate at will; they
// say nothing about which enterprise it is, so matching ignores them. Longest first, so
// "cooperative de solidarite" goes before "cooperative".
var legalPhrases = [][]string{
	{"cooperative", "de", "solidarite"},
	{"coop", "de", "solidarite"},
	{"cooperative", "solidarite"}, // "Coop Solidarité Santé X" is "Coop de solidarité santé de X"
	{"coop", "solidarite"},
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
	folded := quebec.Fold(name)
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
	slices.Sort(kept) // word order says nothing either: "Pixel & Papier, coop de travail"
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
