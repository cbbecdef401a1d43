package contracts

import (
	"strconv"
	"strings"
	"time"
	"unicode"

	"maillage/app/input"
)

// ParseAmount reads an amount as people type it in Québec, in dollars, into cents: "25 000,50 $",
// "25000.50", "25 000", "1 234 567,8". A comma followed by exactly three digits with no other
// separator ("25,000") is refused as ambiguous (25 dollars in French, 25 thousand in English).
func ParseAmount(s string) (int64, bool) {
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '$' || r == '\u00a0' || r == '\u202f' {
			return -1
		}
		return r
	}, strings.TrimSpace(s))
	if s == "" || strings.HasPrefix(s, "-") {
		return 0, false
	}
	comma, dot := strings.LastIndex(s, ","), strings.LastIndex(s, ".")
	switch {
	case comma >= 0 && dot >= 0: // the last one is the decimal separator
		if comma > dot {
			s = strings.ReplaceAll(s, ".", "")
			s = strings.Replace(s, ",", ".", 1)
		} else {
			s = strings.ReplaceAll(s, ",", "")
		}
	case comma >= 0:
		if strings.Count(s, ",") > 1 || len(s)-comma-1 == 3 {
			return 0, false
		}
		s = strings.Replace(s, ",", ".", 1)
	case strings.Count(s, ".") > 1:
		return 0, false
	}
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" || len(frac) > 2 {
		return 0, false
	}
	for len(frac) < 2 {
		frac += "0"
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || w > MaxCents/100 {
		return 0, false
	}
	f, err := strconv.ParseInt(frac, 10, 64)
	if err != nil {
		return 0, false
	}
	return w*100 + f, true
}

// ParseDate reads YYYY-MM-DD (ISO, what SEAO and spreadsheets export) or DD/MM/YYYY (the French
// order; never MM/DD). A date outside the plausible range (input.MinDate–MaxDate: 0000-01-01, a typo
// such as 20266) is refused like unreadable text.
func ParseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.DateOnly, "02/01/2006", "2/1/2006", "2006/01/02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, input.DateInRange(t) == ""
		}
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		y, m, d := t.Date()
		t = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
		return t, input.DateInRange(t) == ""
	}
	return time.Time{}, false
}

// ParseBool reads oui/non, yes/no, vrai/faux, x, 1/0.
func ParseBool(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "oui", "o", "yes", "y", "vrai", "true", "x", "1":
		return true, true
	case "non", "n", "no", "faux", "false", "0", "":
		return false, true
	}
	return false, false
}
