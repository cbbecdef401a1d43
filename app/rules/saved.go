package rules

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"
)

// The saved form of an answer. A register of thousands of suppliers gives thousands of reason
// lines that say the same few things ("sells in category X", "never awarded in the category",
// "attestation valid until …"), so rules and lines are both stored once and suppliers point at
// their lines by index (format 2); field names are short. This keeps the saved answer small and
// cheap to write on every request. Format 1 (lines inline, no "v") stays readable.

type savedLine struct {
	M string         `json:"m"`
	A map[string]any `json:"a,omitempty"`
	R int            `json:"r"`
}

type savedSupplier struct {
	I string      `json:"i"`
	N string      `json:"n"`
	K int         `json:"k,omitempty"`
	L []savedLine `json:"l,omitempty"` // format 1
	X []int       `json:"x,omitempty"` // format 2: indexes into savedAdvice.Lines
}

// savedSuppliers encodes itself: thousands of small objects are most of a saved answer, and writing them by
// hand is several times faster than reflection. Decoding is the standard one.
type savedSuppliers []savedSupplier

func (ss savedSuppliers) MarshalJSON() ([]byte, error) {
	if ss == nil {
		return []byte("null"), nil
	}
	b := make([]byte, 0, 64*len(ss)+2)
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		if s.L != nil { // format 1 lines are never written again, but stay encodable
			one, err := json.Marshal(struct {
				I string      `json:"i"`
				N string      `json:"n"`
				K int         `json:"k,omitempty"`
				L []savedLine `json:"l"`
			}{s.I, s.N, s.K, s.L})
			if err != nil {
				return nil, err
			}
			b = append(b, one...)
			continue
		}
		b = append(b, `{"i":`...)
		b = appendJSONString(b, s.I)
		b = append(b, `,"n":`...)
		b = appendJSONString(b, s.N)
		if s.K != 0 {
			b = append(b, `,"k":`...)
			b = strconv.AppendInt(b, int64(s.K), 10)
		}
		b = append(b, `,"x":[`...)
		for j, x := range s.X {
			if j > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendInt(b, int64(x), 10)
		}
		b = append(b, "]}"...)
	}
	return append(b, ']'), nil
}

// appendJSONString appends s as a JSON string: quotes, backslashes and control characters escaped; text that
// is not valid UTF-8 goes through encoding/json, which replaces what it cannot keep.
func appendJSONString(b []byte, s string) []byte {
	if !utf8.ValidString(s) {
		q, _ := json.Marshal(s)
		return append(b, q...)
	}
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < 0x20:
			b = append(b, `\u00`...)
			b = append(b, "0123456789abcdef"[c>>4], "0123456789abcdef"[c&0xf])
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}

type savedDoc struct {
	T string    `json:"t"`
	L savedLine `json:"l"`
}

type savedAdvice struct {
	V         int             `json:"v,omitempty"`
	Date      time.Time       `json:"date"` // the launch date
	Award     time.Time       `json:"award,omitzero"`
	Amount    Cents           `json:"amount"`
	Options   Cents           `json:"options,omitempty"`
	Expense   Cents           `json:"expense,omitempty"`
	Regime    Regime          `json:"regime,omitempty"`
	Body      Body            `json:"body,omitempty"`
	LawOnly   bool            `json:"law_only,omitempty"`
	Band      Band            `json:"band"`
	Procedure Procedure       `json:"procedure"`
	Policy    string          `json:"policy"`
	Rules     []RuleRef       `json:"rules"`
	Lines     []savedLine     `json:"lines,omitempty"` // format 2: the suppliers' distinct reason lines
	Basis     []savedLine     `json:"basis,omitempty"`
	Why       []savedLine     `json:"why"`
	Pref      []savedLine     `json:"pref,omitempty"`
	Exempt    []savedLine     `json:"exempt,omitempty"`
	Docs      []savedDoc      `json:"docs,omitempty"`
	Warn      []savedLine     `json:"warn,omitempty"`
	Ranked    savedSuppliers  `json:"ranked,omitempty"`
	Excluded  savedSuppliers  `json:"excluded,omitempty"`
	Others    int             `json:"others,omitempty"`
	Uncat     []NamedSupplier `json:"uncat,omitempty"`
	UncatN    int             `json:"uncat_n,omitempty"`
}

const savedFormat = 2

// saver interns rules and suppliers' reason lines while an answer is turned into its saved form.
type saver struct {
	refs  []RuleRef
	at    map[RuleRef]int
	lines []savedLine
	// lineAt finds a reason line already stored: by rule, message and arguments (lines with more
	// than two arguments, or with non-scalar ones, are stored each time).
	lineAt map[lineKey]int
}

type lineKey struct {
	r          int
	m          string
	arg1, arg2 string
	val1, val2 any
}

func (x *saver) line(l Line) savedLine {
	i, ok := x.at[l.Rule]
	if !ok {
		i = len(x.refs)
		x.refs = append(x.refs, l.Rule)
		x.at[l.Rule] = i
	}
	return savedLine{M: l.MsgID, A: l.Args, R: i}
}

func (x *saver) lineList(ls []Line) []savedLine {
	out := make([]savedLine, len(ls))
	for i, l := range ls {
		out[i] = x.line(l)
	}
	return out
}

// reasons interns a supplier's reason lines and returns their indexes.
func (x *saver) reasons(ls []Line) []int {
	out := make([]int, len(ls))
	for i, l := range ls {
		sl := x.line(l)
		k, keyed := keyOf(sl)
		if keyed {
			if j, ok := x.lineAt[k]; ok {
				out[i] = j
				continue
			}
		}
		out[i] = len(x.lines)
		x.lines = append(x.lines, sl)
		if keyed {
			x.lineAt[k] = out[i]
		}
	}
	return out
}

// keyOf is the identity of a line with at most two scalar arguments (nearly every reason line).
func keyOf(l savedLine) (lineKey, bool) {
	k := lineKey{r: l.R, m: l.M}
	if len(l.A) > 2 {
		return k, false
	}
	for name, v := range l.A {
		switch v.(type) {
		case string, int, int64, Cents, Percent, bool, time.Time:
		default:
			return k, false
		}
		if k.arg1 == "" || name < k.arg1 {
			k.arg1, k.val1, k.arg2, k.val2 = name, v, k.arg1, k.val1
		} else {
			k.arg2, k.val2 = name, v
		}
	}
	return k, true
}

// toSaved turns an answer into its saved form.
func toSaved(a Advice) savedAdvice {
	x := &saver{at: map[RuleRef]int{}, lineAt: map[lineKey]int{}}
	s := savedAdvice{V: savedFormat, Date: a.LaunchDate, Award: a.AwardDate, Amount: a.Amount, Options: a.Options, Expense: a.Expense,
		Regime: a.Regime, Body: a.Body, LawOnly: a.LawOnly, Band: a.Band, Procedure: a.Procedure, Policy: a.PolicyVersion,
		Basis: x.lineList(a.Basis), Why: x.lineList(a.ProcedureWhy), Pref: x.lineList(a.Preferences), Exempt: x.lineList(a.Exemptions),
		Warn: x.lineList(a.Warnings), Others: a.OutOfCategory, Uncat: a.Uncategorized, UncatN: a.UncategorizedCount}
	for _, d := range a.Documents {
		s.Docs = append(s.Docs, savedDoc{T: d.DocType, L: x.line(d.Line)})
	}
	s.Ranked = make(savedSuppliers, 0, len(a.Ranked))
	for _, r := range a.Ranked {
		s.Ranked = append(s.Ranked, savedSupplier{I: r.SupplierID, N: r.Name, K: r.Rank, X: x.reasons(r.Reasons)})
	}
	s.Excluded = make(savedSuppliers, 0, len(a.Excluded))
	for _, e := range a.Excluded {
		s.Excluded = append(s.Excluded, savedSupplier{I: e.SupplierID, N: e.Name, X: x.reasons(e.Reasons)})
	}
	s.Rules, s.Lines = x.refs, x.lines
	return s
}

// advice turns a saved answer back into the answer it was.
func (s savedAdvice) advice() Advice {
	line := func(l savedLine) Line {
		var r RuleRef
		if l.R >= 0 && l.R < len(s.Rules) {
			r = s.Rules[l.R]
		}
		return Line{Rule: r, MsgID: l.M, Args: l.A}
	}
	lines := func(ls []savedLine) []Line {
		out := make([]Line, len(ls))
		for i, l := range ls {
			out[i] = line(l)
		}
		return out
	}
	reasons := func(sp savedSupplier) []Line {
		if sp.X == nil {
			return lines(sp.L)
		}
		out := make([]Line, 0, len(sp.X))
		for _, i := range sp.X {
			if i >= 0 && i < len(s.Lines) {
				out = append(out, line(s.Lines[i]))
			}
		}
		return out
	}
	a := Advice{LaunchDate: s.Date, AwardDate: s.Award, Amount: s.Amount, Options: s.Options, Expense: s.Expense, Regime: s.Regime,
		Body: s.Body, LawOnly: s.LawOnly, Band: s.Band, Procedure: s.Procedure, PolicyVersion: s.Policy,
		Basis: lines(s.Basis), ProcedureWhy: lines(s.Why), Preferences: lines(s.Pref), Exemptions: lines(s.Exempt), Warnings: lines(s.Warn),
		OutOfCategory: s.Others, Uncategorized: s.Uncat, UncategorizedCount: s.UncatN}
	if s.V < savedFormat && s.Expense == 0 {
		// Format 1 compared the estimate before taxes: say so by showing it as the compared amount.
		a.Expense, a.Regime, a.Body = s.Amount, RegimeLCVCM, BodyMunicipal
	}
	for _, d := range s.Docs {
		a.Documents = append(a.Documents, Requirement{DocType: d.T, Line: line(d.L)})
	}
	for _, r := range s.Ranked {
		a.Ranked = append(a.Ranked, RankedSupplier{SupplierID: r.I, Name: r.N, Rank: r.K, Reasons: reasons(r)})
	}
	for _, e := range s.Excluded {
		a.Excluded = append(a.Excluded, ExcludedSupplier{SupplierID: e.I, Name: e.N, Reasons: reasons(e)})
	}
	a.emptyLists()
	return a
}

// gzipWriters keeps compressors between answers: making one allocates about a megabyte of tables.
var gzipWriters = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(io.Discard, gzip.BestSpeed)
	return zw
}}

// encodeSaved writes the saved form as gzip-compressed JSON (the column is bytea).
func encodeSaved(s savedAdvice) ([]byte, error) {
	var buf bytes.Buffer
	zw := gzipWriters.Get().(*gzip.Writer)
	defer gzipWriters.Put(zw)
	zw.Reset(&buf)
	if err := json.NewEncoder(zw).Encode(s); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// decodeSaved reads a saved answer: gzip-compressed JSON, or plain JSON for rows written before 0404.
func decodeSaved(b []byte) (savedAdvice, error) {
	var s savedAdvice
	var r io.Reader = bytes.NewReader(b)
	if len(b) > 2 && b[0] == 0x1f && b[1] == 0x8b {
		zr, err := gzip.NewReader(r)
		if err != nil {
			return s, err
		}
		defer zr.Close()
		r = zr
	}
	err := json.NewDecoder(r).Decode(&s)
	return s, err
}
