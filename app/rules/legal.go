package rules

import (
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"

	"maillage/app/errs"
)

// ValueKind says which field of a LegalValue holds its value.
type ValueKind string

const (
	KindCents   ValueKind = "cents"   // Cents holds an amount
	KindPercent ValueKind = "percent" // Percent holds basis points
	KindNumber  ValueKind = "number"  // Number holds a count (months, employees)
	KindFlag    ValueKind = "flag"    // the rule exists in its period; Text may describe it
	KindText    ValueKind = "text"    // Text holds the value
	KindRate    ValueKind = "rate"    // Number holds a rate in parts per million: 49875 is 4.9875 %
)

// LegalValue is one version of one legal reference value: what the law said about Key
// between From and To (both inclusive; a zero To means "until further notice").
type LegalValue struct {
	Key       string    `json:"key"`
	Version   string    `json:"version"` // stable identifier of this version, quoted in every answer
	Kind      ValueKind `json:"kind"`
	Cents     Cents     `json:"cents,omitempty"`
	Percent   Percent   `json:"percent,omitempty"`
	Number    int64     `json:"number,omitempty"`
	Text      string    `json:"text,omitempty"`
	From      time.Time `json:"from"`
	To        time.Time `json:"to,omitzero"`
	Citation  string    `json:"citation"`
	Confirmed bool      `json:"confirmed"` // false: not checked against a primary source; shown as such
	Note      string    `json:"note,omitempty"`
	// Source is the address of the document the value was read from; Confidence says in words how sure
	// the audit that entered it was ("confirmed", "probable", "not found (carried over)"). Confirmed is
	// the flag answers show; Confidence is its explanation.
	Source     string `json:"source,omitempty"`
	Confidence string `json:"confidence,omitempty"`
}

// Covers reports whether the value is in effect on day d.
func (v LegalValue) Covers(d time.Time) bool {
	d = Truncate(d)
	return !d.Before(v.From) && (v.To.IsZero() || !d.After(v.To))
}

// Ref is the rule reference an answer line quotes for this value.
func (v LegalValue) Ref() RuleRef {
	return RuleRef{Key: v.Key, Version: v.Version, Citation: v.Citation, Confirmed: v.Confirmed, Source: SourceLaw, URL: v.Source}
}

// Reference is the set of legal values known to the platform, every version of every key.
type Reference struct {
	Values []LegalValue
}

// At returns the version of key in effect on day d.
func (r Reference) At(key string, d time.Time) (LegalValue, bool) {
	for _, v := range r.Values {
		if v.Key == key && v.Covers(d) {
			return v, true
		}
	}
	return LegalValue{}, false
}

// first returns the earliest version of key, to say when a rule not yet in force starts.
func (r Reference) first(key string) (LegalValue, bool) {
	var out LegalValue
	found := false
	for _, v := range r.Values {
		if v.Key == key && (!found || v.From.Before(out.From)) {
			out, found = v, true
		}
	}
	return out, found
}

// need is At for values the engine cannot answer without.
func (r Reference) need(key string, d time.Time) (LegalValue, error) {
	v, ok := r.At(key, d)
	if !ok {
		return v, errs.E(errs.Invalid, "rules.err.no_legal_value").
			With(map[string]any{"Key": key, "Date": Truncate(d).Format(time.DateOnly)})
	}
	return v, nil
}

// Validate checks one value on its own; field errors name its fields ("citation", "source", "to", "value").
func (lv LegalValue) Validate() error {
	err := Reference{Values: []LegalValue{lv}}.Validate()
	e := errs.As(err)
	if e == nil {
		return err
	}
	for i, f := range e.Fields {
		switch f.Field {
		case "values[0]":
			e.Fields[i].Field = "value"
		default:
			e.Fields[i].Field = strings.TrimPrefix(f.Field, "values[0].")
		}
	}
	return e
}

// Validate checks each value (key, version, kind, period, citation) and that no two versions
// of a key overlap in time, so At is never ambiguous.
func (r Reference) Validate() error {
	var v errs.Validation
	v.Key = "rules.err.invalid_reference"
	versions := map[string]bool{}
	byKey := map[string][]LegalValue{}
	for i, lv := range r.Values {
		field := fmt.Sprintf("values[%d]", i)
		switch {
		case lv.Key == "":
			v.Add(field+".key", "rules.err.key_required", nil)
		case lv.Version == "" || versions[lv.Version]:
			v.Add(field+".version", "rules.err.version_invalid", map[string]any{"Version": lv.Version})
		case !validKind(lv.Kind):
			v.Add(field+".kind", "rules.err.kind_invalid", map[string]any{"Kind": string(lv.Kind)})
		case lv.From.IsZero() || (!lv.To.IsZero() && lv.To.Before(lv.From)):
			v.Add(field+".to", "rules.err.period_invalid", map[string]any{"Key": lv.Key})
		case lv.Citation == "":
			v.Add(field+".citation", "rules.err.citation_required", map[string]any{"Key": lv.Key})
		case lv.Cents < 0 || lv.Percent < 0 || lv.Number < 0:
			v.Add(field, "rules.err.value_negative", map[string]any{"Key": lv.Key})
		case lv.Source != "" && !validSource(lv.Source):
			v.Add(field+".source", "rules.err.source_invalid", map[string]any{"Key": lv.Key})
		}
		versions[lv.Version] = true
		byKey[lv.Key] = append(byKey[lv.Key], lv)
	}
	keys := make([]string, 0, len(byKey))
	for k := range byKey {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if a, b, ok := firstOverlap(byKey[k]); ok {
			v.Add(k, "rules.err.legal_overlap", map[string]any{"Key": k, "A": a, "B": b})
		}
	}
	return v.Err()
}

func validKind(k ValueKind) bool {
	switch k {
	case KindCents, KindPercent, KindNumber, KindFlag, KindText, KindRate:
		return true
	}
	return false
}

// validSource accepts an absolute http(s) address: the page shows it as a link.
func validSource(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && len(s) <= 1000
}

// firstOverlap returns the versions of the first two overlapping periods of one key.
func firstOverlap(vs []LegalValue) (string, string, bool) {
	s := append([]LegalValue(nil), vs...)
	sort.Slice(s, func(i, j int) bool { return s[i].From.Before(s[j].From) })
	for i := 1; i < len(s); i++ {
		prev := s[i-1]
		if prev.To.IsZero() || !s[i].From.After(prev.To) {
			return prev.Version, s[i].Version, true
		}
	}
	return "", "", false
}
