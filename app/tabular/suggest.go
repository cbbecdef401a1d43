package tabular

import (
	"sort"
	"strings"
	"unicode"
)

// Suggestion is the proposed target of one header, with how sure the proposal is: 1 for the
// field's name or one of its aliases written another way ("CodePostal", "code_postal",
// "Code postal"), less when the header only contains an alias ("NEQ de l'entreprise", 0.7) or
// was remembered from an earlier file of the same source (Saved).
type Suggestion struct {
	Header     string  `json:"header"`
	Field      string  `json:"field"`
	Confidence float64 `json:"confidence"`
	Saved      bool    `json:"saved,omitempty"`
}

// MinConfidence is the lowest confidence Suggest maps a header with; lower proposals are
// left for the person doing the import.
const MinConfidence = 0.5

// Suggest proposes a mapping from the headers' names (see SuggestScored).
func Suggest(headers []string, targets []Target) Mapping {
	m := Mapping{}
	for _, s := range SuggestScored(headers, targets) {
		m[s.Header] = s.Field
	}
	return m
}

// SuggestScored proposes a target for each header it recognises, in header order. Headers
// are read the way people and exports write them: camel case split ("NomEntreprise" is
// "nom entreprise"), accents, case, punctuation and French articles ignored, plurals folded
// ("Secteurs d'activité" is "secteur activite"). Each header and each field is used at most
// once, best confidence first; the person doing the import reviews the proposal.
func SuggestScored(headers []string, targets []Target) []Suggestion {
	type candidate struct {
		header, target int
		score          float64
	}
	var cands []candidate
	for hi, h := range headers {
		ht := HeaderTokens(h)
		if len(ht) == 0 {
			continue
		}
		exact := strings.ReplaceAll(Normalize(splitCamel(h)), " ", "")
		for ti, t := range targets {
			best := 0.0
			for _, name := range append([]string{t.Field}, t.Aliases...) {
				score := tokenScore(ht, HeaderTokens(name))
				if score == 1 && exact != strings.ReplaceAll(Normalize(splitCamel(name)), " ", "") {
					score = 0.97 // the same once plurals and articles are set aside: a hair less sure than as written
				}
				best = max(best, score)
			}
			if best >= MinConfidence {
				cands = append(cands, candidate{hi, ti, best})
			}
		}
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].score > cands[j].score })
	usedH, usedT := map[int]bool{}, map[int]bool{}
	var out []Suggestion
	for _, c := range cands {
		if usedH[c.header] || usedT[c.target] {
			continue
		}
		usedH[c.header], usedT[c.target] = true, true
		out = append(out, Suggestion{Header: headers[c.header], Field: targets[c.target].Field, Confidence: round2(c.score)})
	}
	order := make(map[string]int, len(headers))
	for i, h := range headers {
		order[h] = i
	}
	sort.Slice(out, func(i, j int) bool { return order[out[i].Header] < order[out[j].Header] })
	return out
}

func round2(f float64) float64 { return float64(int(f*100+0.5)) / 100 }

// tokenScore compares a header's tokens h with a name's tokens a.
func tokenScore(h, a []string) float64 {
	if len(a) == 0 {
		return 0
	}
	if strings.Join(h, "") == strings.Join(a, "") { // same words, or the same written together
		return 1
	}
	hs, as := set(h), set(a)
	common := 0
	for w := range as {
		if hs[w] {
			common++
		}
	}
	switch {
	case common == len(as) && common == len(hs): // the same words in another order
		return 0.95
	case common == len(as): // the header contains the name: "Ville du siège social"
		return 0.5 + 0.4*float64(common)/float64(len(hs))
	case common == len(hs): // the header is part of the name: "Ville" for "ville de l'établissement"
		return 0.3 + 0.3*float64(common)/float64(len(as))
	}
	return 0
}

func set(ws []string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// headerStopWords carry no meaning in a header: French and English articles and
// prepositions.
var headerStopWords = map[string]bool{"de": true, "du": true, "des": true, "d": true, "l": true, "la": true, "le": true,
	"les": true, "et": true, "ou": true, "a": true, "au": true, "aux": true, "en": true, "the": true, "of": true, "s": true, "e": true}

// headerWordForms folds the abbreviations of a word to one form.
var headerWordForms = map[string]string{"n": "numero", "no": "numero", "num": "numero", "nro": "numero", "number": "numero",
	"tel": "telephone", "phone": "telephone", "mun": "municipalite", "muni": "municipalite", "adr": "adresse",
	"cp": "code postal", "mail": "courriel", "email": "courriel", "web": "web", "www": "web", "internet": "web"}

// HeaderTokens splits a header into its meaningful words: "NomEntreprise" → [nom entreprise],
// "Adresse_Lign3" → [adresse lign 3], "N° d'entreprise (NEQ)" → [numero entreprise neq],
// "Secteurs d'activité" → [secteur activite].
func HeaderTokens(s string) []string {
	var out []string
	for _, w := range strings.Fields(Normalize(splitCamel(s))) {
		if f, ok := headerWordForms[w]; ok {
			w = f
		}
		for _, x := range strings.Fields(w) {
			if headerStopWords[x] {
				continue
			}
			out = append(out, singular(x))
		}
	}
	return out
}

// singular folds a French or English plural ("secteurs", "régions", "travaux" stays: too
// short a rule to be safe on -aux).
func singular(w string) string {
	if len(w) > 3 && (strings.HasSuffix(w, "s") || strings.HasSuffix(w, "x")) && !strings.HasSuffix(w, "ss") &&
		!strings.HasSuffix(w, "aux") && !strings.HasSuffix(w, "ais") {
		return w[:len(w)-1]
	}
	return w
}

// splitCamel puts a space where a word boundary is written by case or digits only:
// "NomEntreprise" → "Nom Entreprise", "NEQEntreprise" → "NEQ Entreprise", "Lign3" → "Lign 3".
func splitCamel(s string) string {
	rs := []rune(s)
	var b strings.Builder
	for i, r := range rs {
		if i > 0 {
			p := rs[i-1]
			next := rune(0)
			if i+1 < len(rs) {
				next = rs[i+1]
			}
			switch {
			case unicode.IsLower(p) && unicode.IsUpper(r),
				unicode.IsUpper(p) && unicode.IsUpper(r) && unicode.IsLower(next),
				unicode.IsLetter(p) && unicode.IsDigit(r),
				unicode.IsDigit(p) && unicode.IsLetter(r):
				b.WriteByte(' ')
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}
