package rules

import (
	"encoding/json"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"
)

// The saved answer is written by hand: with a register of thousands of suppliers it holds thousands of small
// objects (suppliers, reason lines with their arguments), and encoding/json's reflection, map-key sorting and
// re-compaction of a Marshaler's output were most of the time a request spent saving its answer. appendJSON
// writes exactly the bytes json.Marshal writes for the same value (same fields, order, omissions, escaping:
// TestSavedEncoderWritesWhatEncodingJSONWrites), so decoding stays the standard one.

// appendJSON appends s as JSON.
func (s savedAdvice) appendJSON(b []byte) ([]byte, error) {
	var err error
	b = append(b, '{')
	if s.V != 0 {
		b = append(b, `"v":`...)
		b = strconv.AppendInt(b, int64(s.V), 10)
		b = append(b, ',')
	}
	b = append(b, `"date":`...)
	if b, err = appendTime(b, s.Date); err != nil {
		return nil, err
	}
	if !s.Award.IsZero() {
		b = append(b, `,"award":`...)
		if b, err = appendTime(b, s.Award); err != nil {
			return nil, err
		}
	}
	b = append(b, `,"amount":`...)
	b = strconv.AppendInt(b, int64(s.Amount), 10)
	b = appendIntField(b, `,"options":`, int64(s.Options))
	b = appendIntField(b, `,"expense":`, int64(s.Expense))
	b = appendStringField(b, `,"regime":`, string(s.Regime))
	b = appendStringField(b, `,"body":`, string(s.Body))
	if s.LawOnly {
		b = append(b, `,"law_only":true`...)
	}
	b = append(b, `,"band":`...)
	b = appendJSONString(b, string(s.Band))
	b = append(b, `,"procedure":`...)
	b = appendJSONString(b, string(s.Procedure))
	b = append(b, `,"policy":`...)
	b = appendJSONString(b, s.Policy)
	b = append(b, `,"rules":`...)
	b = appendList(b, s.Rules, appendRuleRef)
	for _, f := range []struct {
		name  string
		ls    []savedLine
		omits bool
	}{{`,"lines":`, s.Lines, true}, {`,"basis":`, s.Basis, true}, {`,"why":`, s.Why, false}, {`,"pref":`, s.Pref, true}, {`,"exempt":`, s.Exempt, true}} {
		if f.omits && len(f.ls) == 0 {
			continue
		}
		b = append(b, f.name...)
		if b, err = appendLines(b, f.ls); err != nil {
			return nil, err
		}
	}
	if len(s.Docs) > 0 {
		b = append(b, `,"docs":[`...)
		for i, d := range s.Docs {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"t":`...)
			b = appendJSONString(b, d.T)
			b = append(b, `,"l":`...)
			if b, err = appendLine(b, d.L); err != nil {
				return nil, err
			}
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	if len(s.Warn) > 0 {
		b = append(b, `,"warn":`...)
		if b, err = appendLines(b, s.Warn); err != nil {
			return nil, err
		}
	}
	for _, f := range []struct {
		name string
		ss   []savedSupplier
	}{{`,"ranked":`, s.Ranked}, {`,"excluded":`, s.Excluded}} {
		if len(f.ss) == 0 {
			continue
		}
		b = append(b, f.name...)
		if b, err = appendSuppliers(b, f.ss); err != nil {
			return nil, err
		}
	}
	b = appendIntField(b, `,"others":`, int64(s.Others))
	if len(s.Uncat) > 0 {
		b = append(b, `,"uncat":`...)
		b = appendList(b, s.Uncat, func(b []byte, n NamedSupplier) []byte {
			b = append(b, `{"supplier_id":`...)
			b = appendJSONString(b, n.SupplierID)
			b = append(b, `,"name":`...)
			b = appendJSONString(b, n.Name)
			return append(b, '}')
		})
	}
	b = appendIntField(b, `,"uncat_n":`, int64(s.UncatN))
	return append(b, '}'), nil
}

func appendIntField(b []byte, name string, v int64) []byte {
	if v == 0 {
		return b
	}
	return strconv.AppendInt(append(b, name...), v, 10)
}

func appendStringField(b []byte, name, v string) []byte {
	if v == "" {
		return b
	}
	return appendJSONString(append(b, name...), v)
}

// appendList appends xs as a JSON array, null when nil (as encoding/json does for a nil slice).
func appendList[T any](b []byte, xs []T, one func([]byte, T) []byte) []byte {
	if xs == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, x := range xs {
		if i > 0 {
			b = append(b, ',')
		}
		b = one(b, x)
	}
	return append(b, ']')
}

func appendRuleRef(b []byte, r RuleRef) []byte {
	b = append(b, `{"key":`...)
	b = appendJSONString(b, r.Key)
	b = append(b, `,"version":`...)
	b = appendJSONString(b, r.Version)
	b = append(b, `,"citation":`...)
	b = appendJSONString(b, r.Citation)
	b = append(b, `,"confirmed":`...)
	b = strconv.AppendBool(b, r.Confirmed)
	b = append(b, `,"source":`...)
	b = appendJSONString(b, string(r.Source))
	b = appendStringField(b, `,"url":`, r.URL)
	return append(b, '}')
}

func appendLines(b []byte, ls []savedLine) ([]byte, error) {
	if ls == nil {
		return append(b, "null"...), nil
	}
	b = append(b, '[')
	for i, l := range ls {
		if i > 0 {
			b = append(b, ',')
		}
		var err error
		if b, err = appendLine(b, l); err != nil {
			return nil, err
		}
	}
	return append(b, ']'), nil
}

// appendLine writes {"m":…,"a":{…},"r":…}; the arguments' names sorted, as encoding/json sorts a map's keys.
func appendLine(b []byte, l savedLine) ([]byte, error) {
	b = append(b, `{"m":`...)
	b = appendJSONString(b, l.M)
	if len(l.A) > 0 {
		b = append(b, `,"a":{`...)
		var names [4]string
		keys := names[:0]
		for k := range l.A {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for i, k := range keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, k)
			b = append(b, ':')
			var err error
			if b, err = appendArg(b, l.A[k]); err != nil {
				return nil, err
			}
		}
		b = append(b, '}')
	}
	b = append(b, `,"r":`...)
	b = strconv.AppendInt(b, int64(l.R), 10)
	return append(b, '}'), nil
}

// appendArg writes the scalar argument types the engine uses; any other goes through encoding/json.
func appendArg(b []byte, v any) ([]byte, error) {
	switch v := v.(type) {
	case string:
		return appendJSONString(b, v), nil
	case int:
		return strconv.AppendInt(b, int64(v), 10), nil
	case int64:
		return strconv.AppendInt(b, v, 10), nil
	case Cents:
		return strconv.AppendInt(b, int64(v), 10), nil
	case Percent:
		return strconv.AppendInt(b, int64(v), 10), nil
	case bool:
		return strconv.AppendBool(b, v), nil
	case time.Time:
		return appendTime(b, v)
	}
	j, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return append(b, j...), nil
}

// appendTime writes t as time.Time.MarshalJSON does (RFC 3339 with nanoseconds when present).
func appendTime(b []byte, t time.Time) ([]byte, error) {
	if y := t.Year(); y < 0 || y > 9999 {
		j, err := json.Marshal(t) // encoding/json's error for a year out of range
		return append(b, j...), err
	}
	b = append(b, '"')
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b, '"'), nil
}

func appendSuppliers(b []byte, ss []savedSupplier) ([]byte, error) {
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"i":`...)
		b = appendJSONString(b, s.I)
		b = append(b, `,"n":`...)
		b = appendJSONString(b, s.N)
		b = appendIntField(b, `,"k":`, int64(s.K))
		if len(s.L) > 0 { // format 1 lines are never written again, but stay encodable
			b = append(b, `,"l":`...)
			var err error
			if b, err = appendLines(b, s.L); err != nil {
				return nil, err
			}
		}
		if len(s.X) > 0 {
			b = append(b, `,"x":[`...)
			for j, x := range s.X {
				if j > 0 {
					b = append(b, ',')
				}
				b = strconv.AppendInt(b, int64(x), 10)
			}
			b = append(b, ']')
		}
		b = append(b, '}')
	}
	return append(b, ']'), nil
}

// appendJSONString appends s as encoding/json writes a string: quotes, backslashes and control characters
// escaped (\n, \r, \t, \b, \f short), <, > and & as \u003c, \u003e, \u0026, U+2028 and U+2029 escaped; text
// that is not valid UTF-8 goes through encoding/json, which replaces what it cannot keep.
func appendJSONString(b []byte, s string) []byte {
	if !utf8.ValidString(s) {
		q, _ := json.Marshal(s)
		return append(b, q...)
	}
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
			start = i + size
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
