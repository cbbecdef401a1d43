package rules

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"sync"
)

// defaultsJSON is the shipped legal reference data; the migration that creates the legal
// reference table seeds it from DefaultReference, and platform staff edit it from there.
//
//go:embed legal_defaults.json
var defaultsJSON []byte

type rawValue struct {
	Key        string    `json:"key"`
	Version    string    `json:"version"`
	Kind       ValueKind `json:"kind"`
	Cents      Cents     `json:"cents"`
	Percent    Percent   `json:"percent"`
	Number     int64     `json:"number"`
	Text       string    `json:"text"`
	From       string    `json:"from"`
	To         string    `json:"to"`
	Citation   string    `json:"citation"`
	Confirmed  bool      `json:"confirmed"`
	Note       string    `json:"note"`
	Source     string    `json:"source"`
	Confidence string    `json:"confidence"`
	// English wording of Text, Citation and Note (the statutes' official English titles); pages in English
	// show it while the French wording is still the shipped one (see InLanguage).
	TextEN     string `json:"text_en"`
	CitationEN string `json:"citation_en"`
	NoteEN     string `json:"note_en"`
}

// DefaultReference returns the legal values shipped with Maillage, validated.
func DefaultReference() (Reference, error) {
	var raw struct {
		Values []rawValue `json:"values"`
	}
	if err := json.Unmarshal(defaultsJSON, &raw); err != nil {
		return Reference{}, fmt.Errorf("decode legal defaults: %w", err)
	}
	ref := Reference{Values: make([]LegalValue, 0, len(raw.Values))}
	for _, r := range raw.Values {
		v := LegalValue{Key: r.Key, Version: r.Version, Kind: r.Kind, Cents: r.Cents, Percent: r.Percent,
			Number: r.Number, Text: r.Text, Citation: r.Citation, Confirmed: r.Confirmed, Note: r.Note,
			Source: r.Source, Confidence: r.Confidence}
		var err error
		if v.From, err = ParseDay(r.From); err != nil {
			return Reference{}, fmt.Errorf("legal default %s: from: %w", r.Version, err)
		}
		if r.To != "" {
			if v.To, err = ParseDay(r.To); err != nil {
				return Reference{}, fmt.Errorf("legal default %s: to: %w", r.Version, err)
			}
		}
		ref.Values = append(ref.Values, v)
	}
	if err := ref.Validate(); err != nil {
		return Reference{}, fmt.Errorf("legal defaults: %w", err)
	}
	return ref, nil
}

// shippedByVersion indexes the shipped values by version, for their English wording.
var shippedByVersion = sync.OnceValue(func() map[string]rawValue {
	var raw struct {
		Values []rawValue `json:"values"`
	}
	out := map[string]rawValue{}
	if err := json.Unmarshal(defaultsJSON, &raw); err != nil {
		return out // DefaultReference reports the error
	}
	for _, r := range raw.Values {
		out[r.Version] = r
	}
	return out
})

// InLanguage returns v worded for lang. The legal reference is kept in French (platform staff edit it
// in French); in English each of Text, Citation and Note shows the shipped English wording while the
// French one is still the shipped one, and an edited field shows as edited (French).
func InLanguage(v LegalValue, lang string) LegalValue {
	if lang != "en" {
		return v
	}
	r, ok := shippedByVersion()[v.Version]
	if !ok {
		return v
	}
	v.Text = english(v.Text, r.Text, r.TextEN)
	v.Citation = english(v.Citation, r.Citation, r.CitationEN)
	v.Note = english(v.Note, r.Note, r.NoteEN)
	return v
}

// CitationIn returns the citation of a legal value's version worded for lang (see InLanguage).
func CitationIn(version, citation, lang string) string {
	return InLanguage(LegalValue{Version: version, Citation: citation}, lang).Citation
}

func english(current, shipped, shippedEN string) string {
	if shippedEN != "" && current == shipped {
		return shippedEN
	}
	return current
}
