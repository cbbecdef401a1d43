package tabular

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"maillage/app/errs"
)

// Target is one field an importer can fill.
type Target struct {
	Field    string   // stable identifier, e.g. "neq"; also recognised as a header
	Aliases  []string // other header spellings, e.g. "Numéro d'entreprise du Québec"
	Required bool     // the column must be mapped and every row must have a value
}

// Mapping maps a source header, exactly as in Table.Headers, to a target field.
// Headers that are not in the mapping are ignored.
type Mapping map[string]string

// Record is one data row seen through a mapping.
type Record struct {
	Number  int               // 1-based data row, as in Row.Number
	Line    int               // line or sheet row, as in Row.Line
	Values  map[string]string // target field → cell value (trimmed)
	Columns map[string]string `json:"-"` // target field → the file's header (shared by the records of one mapping)
}

// Normalize folds a header or search term for comparison: accents removed, lower case,
// every run of punctuation or spaces turned into one space. "N° d'entreprise (NEQ)"
// becomes "n d entreprise neq".
func Normalize(s string) string {
	folded := stripAccents(s)
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(folded) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteRune(r)
			space = false
			continue
		}
		space = true
	}
	return b.String()
}

// stripAccents removes combining marks after canonical decomposition ("é" → "e").
// ASCII text, most of any register, is returned without allocating: imports call this
// for every cell they look up.
func stripAccents(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return strings.Map(func(r rune) rune {
				if unicode.Is(unicode.Mn, r) {
					return -1
				}
				return r
			}, norm.NFD.String(s))
		}
	}
	return s
}

// Check verifies a mapping against a table's headers and the targets: every mapped
// header exists, every field is known and used once, every required field is mapped.
func (m Mapping) Check(headers []string, targets []Target) error {
	v := errs.Validation{Key: "tabular.mapping_invalid"}
	known := make(map[string]bool, len(targets))
	for _, t := range targets {
		known[t.Field] = true
	}
	present := make(map[string]bool, len(headers))
	for _, h := range headers {
		present[h] = true
	}
	used := map[string]bool{}
	for _, h := range m.sortedHeaders() {
		f := m[h]
		switch {
		case !present[h]:
			v.Add(h, "tabular.mapping_unknown_column", map[string]any{"Column": h})
		case !known[f]:
			v.Add(h, "tabular.mapping_unknown_field", map[string]any{"Column": h, "Field": f})
		case used[f]:
			v.Add(h, "tabular.mapping_field_twice", map[string]any{"Column": h, "Field": f})
		}
		used[f] = true
	}
	for _, t := range targets {
		if t.Required && !used[t.Field] {
			v.Add(t.Field, "tabular.mapping_required_missing", map[string]any{"Field": t.Field})
		}
	}
	return v.Err()
}

// headerOf is the file's header mapped to a field, "" when none is.
func (m Mapping) headerOf(field string) string {
	for h, f := range m {
		if f == field {
			return h
		}
	}
	return ""
}

func (m Mapping) sortedHeaders() []string {
	hs := make([]string, 0, len(m))
	for h := range m {
		hs = append(hs, h)
	}
	sort.Strings(hs)
	return hs
}

// Apply maps every row of t. A required field left empty in a row is reported in v with
// the row number; the record is still returned so that other checks can run on it too.
// Call Check first: Apply ignores mapped headers that the table does not have.
func (m Mapping) Apply(t *Table, targets []Target, v *errs.Validation) []Record {
	recs := m.records(t, len(t.Rows))
	for _, r := range recs {
		for _, tg := range targets {
			if tg.Required && r.Values[tg.Field] == "" {
				v.Fields = append(v.Fields, errs.FieldError{Row: r.Line, Field: tg.Field, Column: m.headerOf(tg.Field),
					Key: "tabular.required_value", Args: map[string]any{"Line": r.Line, "Field": tg.Field}})
			}
		}
	}
	return recs
}

// Preview maps the first n rows, for showing before the import is confirmed.
func (m Mapping) Preview(t *Table, n int) []Record {
	return m.records(t, min(n, len(t.Rows)))
}

func (m Mapping) records(t *Table, n int) []Record {
	cols := make(map[int]string, len(m))
	names := make(map[string]string, len(m))
	for i, h := range t.Headers {
		if f, ok := m[h]; ok {
			cols[i], names[f] = f, h
		}
	}
	recs := make([]Record, 0, n)
	for _, row := range t.Rows[:n] {
		vals := make(map[string]string, len(cols))
		for i, f := range cols {
			vals[f] = row.Cells[i]
		}
		recs = append(recs, Record{Number: row.Number, Line: row.Line, Values: vals, Columns: names})
	}
	return recs
}
