package rules

import (
	"bytes"
	"encoding/json"
	"io"
	"reflect"
	"time"

	"github.com/klauspost/compress/gzip"
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
	Ranked    []savedSupplier `json:"ranked,omitempty"`
	Excluded  []savedSupplier `json:"excluded,omitempty"`
	Others    int             `json:"others,omitempty"`
	Uncat     []NamedSupplier `json:"uncat,omitempty"`
	UncatN    int             `json:"uncat_n,omitempty"`
}

const savedFormat = 2

// saver interns rules and suppliers' reason lines while an answer is turned into its saved form.
type saver struct {
	refs []RuleRef
	// at finds a rule already stored by its key and version (then compares the whole reference): hashing
	// every line's citation text was most of the interning's time.
	at    map[[2]string][]int
	lines []savedLine
	// lineAt finds a reason line already stored: by rule, message and arguments (lines with more
	// than two arguments, or with non-scalar ones, are stored each time).
	lineAt map[lineKey]int
	// sameAt finds it faster when the line shares its argument map with one already seen: the engine makes
	// one map per distinct arguments and shares it between suppliers (maps are never changed once made).
	sameAt map[sameLine]int
	slab   []int // backs the suppliers' line indexes
}

type lineKey struct {
	r          int
	m          string
	arg1, arg2 string
	val1, val2 any
}

type sameLine struct {
	r    int
	m    string
	args uintptr
}

func (x *saver) rule(r RuleRef) int {
	k := [2]string{r.Key, r.Version}
	for _, i := range x.at[k] {
		if x.refs[i] == r {
			return i
		}
	}
	i := len(x.refs)
	x.refs = append(x.refs, r)
	x.at[k] = append(x.at[k], i)
	return i
}

func (x *saver) line(l Line) savedLine {
	return savedLine{M: l.MsgID, A: l.Args, R: x.rule(l.Rule)}
}

func (x *saver) lineList(ls []Line) []savedLine {
	out := make([]savedLine, len(ls))
	for i, l := range ls {
		out[i] = x.line(l)
	}
	return out
}

// reasons interns a supplier's reason lines and returns their indexes (a part of one array shared by all
// suppliers).
func (x *saver) reasons(ls []Line) []int {
	if cap(x.slab)-len(x.slab) < len(ls) {
		x.slab = make([]int, 0, max(len(ls), 4096))
	}
	start := len(x.slab)
	x.slab = x.slab[:start+len(ls)]
	out := x.slab[start : start+len(ls) : start+len(ls)]
	for i, l := range ls {
		sl := x.line(l)
		same := sameLine{r: sl.R, m: sl.M, args: reflect.ValueOf(sl.A).Pointer()}
		if j, ok := x.sameAt[same]; ok {
			out[i] = j
			continue
		}
		k, keyed := keyOf(sl)
		if keyed {
			if j, ok := x.lineAt[k]; ok {
				out[i] = j
				x.sameAt[same] = j
				continue
			}
		}
		out[i] = len(x.lines)
		x.lines = append(x.lines, sl)
		if keyed {
			x.lineAt[k] = out[i]
			x.sameAt[same] = out[i]
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
	n := len(a.Ranked) + len(a.Excluded)
	x := &saver{at: map[[2]string][]int{}, lineAt: make(map[lineKey]int, n), sameAt: make(map[sameLine]int, n)}
	s := savedAdvice{V: savedFormat, Date: a.LaunchDate, Award: a.AwardDate, Amount: a.Amount, Options: a.Options, Expense: a.Expense,
		Regime: a.Regime, Body: a.Body, LawOnly: a.LawOnly, Band: a.Band, Procedure: a.Procedure, Policy: a.PolicyVersion,
		Basis: x.lineList(a.Basis), Why: x.lineList(a.ProcedureWhy), Pref: x.lineList(a.Preferences), Exempt: x.lineList(a.Exemptions),
		Warn: x.lineList(a.Warnings), Others: a.OutOfCategory, Uncat: a.Uncategorized, UncatN: a.UncategorizedCount}
	for _, d := range a.Documents {
		s.Docs = append(s.Docs, savedDoc{T: d.DocType, L: x.line(d.Line)})
	}
	s.Ranked = make([]savedSupplier, 0, len(a.Ranked))
	for _, r := range a.Ranked {
		s.Ranked = append(s.Ranked, savedSupplier{I: r.SupplierID, N: r.Name, K: r.Rank, X: x.reasons(r.Reasons)})
	}
	s.Excluded = make([]savedSupplier, 0, len(a.Excluded))
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

// encoders keeps what writing a saved answer needs (a gzip writer, whose tables are a few hundred kilobytes, and
// the JSON buffer) between answers, up to one per answer being written at once. A sync.Pool would not do: every
// garbage collection empties it, and writing a large answer triggers several.
type encoders struct{ free chan *encoder }

type encoder struct {
	zw *gzip.Writer
	js []byte
}

// maxKeptJSON bounds the JSON buffer kept between answers.
const maxKeptJSON = 4 << 20

func newEncoders(n int) *encoders { return &encoders{free: make(chan *encoder, n)} }

func (es *encoders) get() *encoder {
	if es != nil {
		select {
		case e := <-es.free:
			return e
		default:
		}
	}
	zw, _ := gzip.NewWriterLevel(io.Discard, gzip.BestSpeed) // a valid level: no error
	return &encoder{zw: zw, js: make([]byte, 0, 64<<10)}
}

func (es *encoders) put(e *encoder) {
	if es == nil || cap(e.js) > maxKeptJSON {
		return
	}
	select {
	case es.free <- e:
	default:
	}
}

// encodeSaved writes the saved form as gzip-compressed JSON (the column is bytea). es may be nil (nothing kept).
func encodeSaved(s savedAdvice, es *encoders) ([]byte, error) {
	e := es.get()
	defer es.put(e)
	js, err := s.appendJSON(e.js[:0])
	if err != nil {
		return nil, err
	}
	js = append(js, '\n')
	e.js = js
	buf := bytes.NewBuffer(make([]byte, 0, len(js)/4))
	e.zw.Reset(buf)
	if _, err := e.zw.Write(js); err != nil {
		return nil, err
	}
	if err := e.zw.Close(); err != nil {
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
