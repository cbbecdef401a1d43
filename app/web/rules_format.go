package web

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/nicksnyder/go-i18n/v2/i18n"

	"maillage/app/rules"
)

// lineView is one translated line of an answer, with the rule it rests on.
type lineView struct {
	Text      string
	Key       string
	Version   string
	Citation  string
	Confirmed bool
	Policy    bool
}

// Argument names of the rules messages by type: the engine passes typed values (rules.Cents,
// rules.Percent, time.Time); saved answers come back from JSON as numbers and strings, so the
// name decides how a value is shown.
var (
	moneyArgs = map[string]bool{"Amount": true, "Floor": true, "Threshold": true, "Ceiling": true}
	pctArgs   = map[string]bool{"Pct": true, "MaxPct": true, "Share": true, "Limit": true}
	dateArgs  = map[string]bool{"Date": true, "From": true, "To": true, "Expired": true, "Until": true}
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
	s := strconv.FormatFloat(float64(bp)/100, 'f', -1, 64)
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

// lineArgs formats a line's arguments for the reader's language.
func lineArgs(l *i18n.Localizer, lang string, args map[string]any) map[string]any {
	out := make(map[string]any, len(args))
	for k, v := range args {
		switch {
		case moneyArgs[k]:
			if n, ok := toInt64(v); ok {
				out[k] = formatMoney(n, lang)
				continue
			}
		case pctArgs[k]:
			if n, ok := toInt64(v); ok {
				out[k] = formatPercent(n, lang)
				continue
			}
		case dateArgs[k]:
			out[k] = formatDay(v)
			continue
		case k == "Doc":
			out[k] = docLabel(l, fmt.Sprint(v))
			continue
		}
		out[k] = v
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

func viewLine(l *i18n.Localizer, lang string, ln rules.Line) lineView {
	return lineView{Text: translate(l, ln.MsgID, lineArgs(l, lang, ln.Args)), Key: ln.Rule.Key, Version: ln.Rule.Version,
		Citation: ln.Rule.Citation, Confirmed: ln.Rule.Confirmed, Policy: ln.Rule.Source == rules.SourcePolicy}
}

func viewLines(l *i18n.Localizer, lang string, ls []rules.Line) []lineView {
	out := make([]lineView, 0, len(ls))
	for _, ln := range ls {
		out = append(out, viewLine(l, lang, ln))
	}
	return out
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
