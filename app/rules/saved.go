package rules

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"time"
)

// The saved form of an answer. A register of thousands of suppliers gives thousands of reason
// lines that quote the same few rules, so the rules are stored once and lines point at them; field
// names are short. This keeps a saved answer small enough to write on every request.

type savedLine struct {
	M string         `json:"m"`
	A map[string]any `json:"a,omitempty"`
	R int            `json:"r"`
}

type savedSupplier struct {
	I string      `json:"i"`
	N string      `json:"n"`
	K int         `json:"k,omitempty"`
	L []savedLine `json:"l"`
}

type savedDoc struct {
	T string    `json:"t"`
	L savedLine `json:"l"`
}

type savedAdvice struct {
	Date      time.Time       `json:"date"`
	Amount    Cents           `json:"amount"`
	Band      Band            `json:"band"`
	Procedure Procedure       `json:"procedure"`
	Policy    string          `json:"policy"`
	Rules     []RuleRef       `json:"rules"`
	Why       []savedLine     `json:"why"`
	Pref      []savedLine     `json:"pref,omitempty"`
	Exempt    []savedLine     `json:"exempt,omitempty"`
	Docs      []savedDoc      `json:"docs,omitempty"`
	Warn      []savedLine     `json:"warn,omitempty"`
	Ranked    []savedSupplier `json:"ranked,omitempty"`
	Excluded  []savedSupplier `json:"excluded,omitempty"`
	Others    int             `json:"others,omitempty"`
}

type ruleIndex struct {
	refs []RuleRef
	at   map[RuleRef]int
}

func (x *ruleIndex) line(l Line) savedLine {
	i, ok := x.at[l.Rule]
	if !ok {
		i = len(x.refs)
		x.refs = append(x.refs, l.Rule)
		x.at[l.Rule] = i
	}
	return savedLine{M: l.MsgID, A: l.Args, R: i}
}

func (x *ruleIndex) lines(ls []Line) []savedLine {
	out := make([]savedLine, len(ls))
	for i, l := range ls {
		out[i] = x.line(l)
	}
	return out
}

// toSaved turns an answer into its saved form.
func toSaved(a Advice) savedAdvice {
	x := &ruleIndex{at: map[RuleRef]int{}}
	s := savedAdvice{Date: a.PlannedDate, Amount: a.Amount, Band: a.Band, Procedure: a.Procedure, Policy: a.PolicyVersion,
		Why: x.lines(a.ProcedureWhy), Pref: x.lines(a.Preferences), Exempt: x.lines(a.Exemptions), Warn: x.lines(a.Warnings)}
	for _, d := range a.Documents {
		s.Docs = append(s.Docs, savedDoc{T: d.DocType, L: x.line(d.Line)})
	}
	for _, r := range a.Ranked {
		s.Ranked = append(s.Ranked, savedSupplier{I: r.SupplierID, N: r.Name, K: r.Rank, L: x.lines(r.Reasons)})
	}
	for _, e := range a.Excluded {
		s.Excluded = append(s.Excluded, savedSupplier{I: e.SupplierID, N: e.Name, L: x.lines(e.Reasons)})
	}
	s.Rules, s.Others = x.refs, a.OutOfCategory
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
	a := Advice{PlannedDate: s.Date, Amount: s.Amount, Band: s.Band, Procedure: s.Procedure, PolicyVersion: s.Policy,
		ProcedureWhy: lines(s.Why), Preferences: lines(s.Pref), Exemptions: lines(s.Exempt), Warnings: lines(s.Warn), OutOfCategory: s.Others}
	for _, d := range s.Docs {
		a.Documents = append(a.Documents, Requirement{DocType: d.T, Line: line(d.L)})
	}
	for _, r := range s.Ranked {
		a.Ranked = append(a.Ranked, RankedSupplier{SupplierID: r.I, Name: r.N, Rank: r.K, Reasons: lines(r.L)})
	}
	for _, e := range s.Excluded {
		a.Excluded = append(a.Excluded, ExcludedSupplier{SupplierID: e.I, Name: e.N, Reasons: lines(e.L)})
	}
	return a
}

// encodeSaved writes the saved form as gzip-compressed JSON (the column is bytea).
func encodeSaved(s savedAdvice) ([]byte, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	if err != nil {
		return nil, err
	}
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
