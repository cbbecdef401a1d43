package web

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/nicksnyder/go-i18n/v2/i18n"

	"maillage/app/rules"
)

// lineView is one translated line of an answer with the rule it rests on, said in words: the
// citation (article, regulation, resolution number and date), where to read it, and whether it was
// confirmed. Rule keys and version identifiers stay in the API; pages never show them.
type lineView struct {
	Text      string
	Citation  string
	URL       string
	Confirmed bool
	Policy    bool
	Register  bool
}

// Argument names of the rules messages by type: the engine passes typed values (rules.Cents,
// rules.Percent, time.Time); saved answers come back from JSON as numbers and strings, so the
// name decides how a value is shown.
var (
	moneyArgs = map[string]bool{"Amount": true, "Floor": true, "Threshold": true, "Ceiling": true, "Expense": true, "Options": true}
	pctArgs   = map[string]bool{"Pct": true, "MaxPct": true, "Share": true, "Limit": true}
	dateArgs  = map[string]bool{"Date": true, "From": true, "To": true, "Expired": true, "Until": true, "Award": true}
	countArgs = map[string]bool{"Count": true, "Min": true, "Months": true}
)

func toInt64(v any) (int64, bool) {
	switch x := v.(type) {
	case rules.Cents:
		return int64(x), true
	case rules.Percent:
		return int64(x), true
	case int64:
		return x, true
	case int:
		return int64(x), true
	case float64:
		return int64(x), true
	}
	return 0, false
}

// formatPercent renders basis points: 500 → "5 %" (fr) or "5%" (en); 250 → "2,5 %".
func formatPercent(bp int64, lang string) string {
	return formatDecimalPercent(float64(bp)/100, lang)
}

// formatRate renders parts per million: 49875 → "4,9875 %".
func formatRate(ppm int64, lang string) string {
	return formatDecimalPercent(float64(ppm)/10_000, lang)
}

func formatDecimalPercent(f float64, lang string) string {
	s := strconv.FormatFloat(math.Round(f*10_000)/10_000, 'f', -1, 64)
	if lang == "fr" {
		return strings.Replace(s, ".", ",", 1) + "\u00a0%"
	}
	return s + "%"
}

func formatDay(v any) string {
	switch x := v.(type) {
	case time.Time:
		if x.IsZero() {
			return ""
		}
		return x.Format(time.DateOnly)
	case string:
		if t, err := time.Parse(time.RFC3339, x); err == nil {
			if t.Year() <= 1 {
				return ""
			}
			return t.Format(time.DateOnly)
		}
		return x
	}
	return fmt.Sprint(v)
}

// lineFormatter turns answer lines into the reader's language, naming categories, regions and MRCs.
type lineFormatter struct {
	l     *i18n.Localizer
	lang  string
	names rules.Names
	// memo keeps the lines already translated: a register of thousands of suppliers repeats the same
	// few reason lines, and each translation runs a template. nil: no memo.
	memo map[lineMemoKey]lineView
}

// lineMemoKey identifies a line by its rule, message and at most two scalar arguments.
type lineMemoKey struct {
	rule       rules.RuleRef
	msg        string
	arg1, arg2 string
	val1, val2 any
}

func memoKey(ln rules.Line) (lineMemoKey, bool) {
	k := lineMemoKey{rule: ln.Rule, msg: ln.MsgID}
	if len(ln.Args) > 2 {
		return k, false
	}
	for name, v := range ln.Args {
		switch v.(type) {
		case string, int, int64, float64, bool, rules.Cents, rules.Percent, time.Time:
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

// category names a UNSPSC code: "Nettoyage de bâtiments (76111500)", or the code alone when unknown.
func (f lineFormatter) category(code string) string {
	t, ok := f.names.Categories[code]
	if !ok && len(code) < 8 { // a segment, family or class prefix, as the concentration alerts give
		t, ok = f.names.Categories[(code + "00000000")[:8]]
	}
	if !ok {
		return code
	}
	name := t[0]
	if f.lang == "en" && t[1] != "" {
		name = t[1]
	}
	return name + " (" + code + ")"
}

// places names the codes of a territory: regions or MRCs by name.
func (f lineFormatter) places(scope, codes string) string {
	table := f.names.Regions
	if scope == string(rules.TerritoryMRC) {
		table = f.names.MRCs
	}
	var out []string
	for _, c := range strings.Split(codes, ", ") {
		if n, ok := table[c]; ok {
			out = append(out, n)
		} else if c != "" {
			out = append(out, c)
		}
	}
	return strings.Join(out, ", ")
}

// args formats a line's arguments for the reader's language.
func (f lineFormatter) args(args map[string]any) map[string]any {
	out := make(map[string]any, len(args))
	for k, v := range args {
		switch {
		case moneyArgs[k]:
			if n, ok := toInt64(v); ok {
				out[k] = formatMoney(n, f.lang)
				if n == 0 && k == "Options" {
					out[k] = ""
				}
				continue
			}
		case pctArgs[k]:
			if n, ok := toInt64(v); ok {
				out[k] = formatPercent(n, f.lang)
				continue
			}
		case k == "Rate":
			if n, ok := toInt64(v); ok {
				out[k] = formatRate(n, f.lang)
				continue
			}
		case countArgs[k]:
			if n, ok := toInt64(v); ok {
				out[k] = n
				continue
			}
		case dateArgs[k]:
			out[k] = formatDay(v)
			continue
		case k == "Doc":
			out[k] = docLabel(f.l, fmt.Sprint(v))
			continue
		case k == "Category":
			if s := fmt.Sprint(v); s != "" {
				out[k] = f.category(s)
				continue
			}
		case k == "Status":
			out[k] = translate(f.l, "suppliers.state."+fmt.Sprint(v), nil)
			continue
		}
		out[k] = v
	}
	if codes, ok := args["Codes"].(string); ok {
		scope, _ := args["Scope"].(string)
		out["Codes"] = f.places(scope, codes)
	}
	return out
}

// docLabel names a document type: built-in types are translated, a body's own codes shown as they are.
func docLabel(l *i18n.Localizer, code string) string {
	id := "rules.doctype." + code
	if t := translate(l, id, nil); t != id {
		return t
	}
	return code
}

func (f lineFormatter) line(ln rules.Line) lineView {
	key, ok := memoKey(ln)
	if ok && f.memo != nil {
		if v, hit := f.memo[key]; hit {
			return v
		}
	}
	v := f.translateLine(ln)
	if ok && f.memo != nil {
		f.memo[key] = v
	}
	return v
}

func (f lineFormatter) translateLine(ln rules.Line) lineView {
	v := lineView{Text: translate(f.l, ln.MsgID, f.args(ln.Args)), Citation: ln.Rule.Citation, URL: ln.Rule.URL, Confirmed: ln.Rule.Confirmed,
		Policy: ln.Rule.Source == rules.SourcePolicy, Register: ln.Rule.Source == rules.SourceRegister}
	if ln.Rule.Source == rules.SourceLaw {
		v.Citation = rules.CitationIn(ln.Rule.Version, v.Citation, f.lang)
	}
	if v.Policy && v.Citation != "" {
		v.Citation = translate(f.l, "rules.ui.policy_citation", map[string]any{"Resolution": v.Citation})
	}
	return v
}

func (f lineFormatter) lines(ls []rules.Line) []lineView {
	out := make([]lineView, 0, len(ls))
	for _, ln := range ls {
		out = append(out, f.line(ln))
	}
	return out
}

// codesOf collects the codes an answer quotes, so their names are read once.
func codesOf(sa rules.SavedAdvice) (cats, regions, mrcs []string) {
	seen := map[*[]string]map[string]bool{&cats: {}, &regions: {}, &mrcs: {}}
	add := func(dst *[]string, code string) {
		if code != "" && !seen[dst][code] {
			seen[dst][code] = true
			*dst = append(*dst, code)
		}
	}
	add(&cats, sa.Purchase.Category)
	visit := func(ls []rules.Line) {
		for _, l := range ls {
			if c, ok := l.Args["Category"].(string); ok {
				add(&cats, c)
			}
			if codes, ok := l.Args["Codes"].(string); ok {
				scope, _ := l.Args["Scope"].(string)
				for _, c := range strings.Split(codes, ", ") {
					if scope == string(rules.TerritoryMRC) {
						add(&mrcs, c)
					} else {
						add(&regions, c)
					}
				}
			}
		}
	}
	a := sa.Advice
	for _, ls := range [][]rules.Line{a.Basis, a.ProcedureWhy, a.Preferences, a.Exemptions, a.Warnings} {
		visit(ls)
	}
	for _, r := range a.Ranked {
		visit(r.Reasons)
	}
	for _, x := range a.Excluded {
		visit(x.Reasons)
	}
	return cats, regions, mrcs
}

// parsePercent reads "5", "2,5", "2.5 %" into basis points.
func parsePercent(s string) (rules.Percent, bool) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\u00a0", ""), ",", ".")
	if s == "" {
		return 0, true
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 || f > 100 {
		return 0, false
	}
	return rules.Percent(f*100 + 0.5), true
}
