package rules

import (
	_ "embed"
	"encoding/json"
	"fmt"
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
