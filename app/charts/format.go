package charts

import (
	"strings"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"
)

// Format writes numbers the way a reader of the page's language expects: "12 345,67 $" and
// "45,5 %" in French (Québec), "$12,345.67" and "45.5%" in English. It uses CLDR data through
// golang.org/x/text rather than hand-made separators.
type Format struct {
	lang string
	p    *message.Printer
}

// NewFormat returns the formatter for "fr" or "en" (anything else falls back to French, the
// product's first language).
func NewFormat(lang string) Format {
	if lang == "en" {
		return Format{lang: "en", p: message.NewPrinter(language.MustParse("en-CA"))}
	}
	return Format{lang: "fr", p: message.NewPrinter(language.CanadianFrench)}
}

// Lang is "fr" or "en".
func (f Format) Lang() string { return f.lang }

// Money writes cents as dollars; whole dollars drop the cents.
func (f Format) Money(cents int64) string {
	neg := cents < 0
	if neg {
		cents = -cents
	}
	var s string
	if cents%100 == 0 {
		s = f.p.Sprint(number.Decimal(cents / 100))
	} else {
		s = f.p.Sprint(number.Decimal(float64(cents)/100, number.Scale(2)))
	}
	if f.lang == "en" {
		s = "$" + s
	} else {
		s += "\u00a0$"
	}
	if neg {
		s = "-" + s
	}
	return s
}

// Int writes a count with grouping.
func (f Format) Int(n int64) string { return f.p.Sprint(number.Decimal(n)) }

// Percent writes basis points as a percentage with at most one decimal.
func (f Format) Percent(bp int64) string {
	s := f.p.Sprint(number.Percent(float64(bp)/10_000, number.MaxFractionDigits(1)))
	return s
}

// Fraction writes a fraction (0.455) as a percentage with at most one decimal.
func (f Format) Fraction(x float64) string {
	return f.p.Sprint(number.Percent(x, number.MaxFractionDigits(1)))
}

var monthsFR = []string{"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."}

// Date writes a day: "31 déc. 2025" / "Dec 31, 2025".
func (f Format) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	if f.lang == "en" {
		return t.UTC().Format("Jan 2, 2006")
	}
	return strings.Join([]string{t.UTC().Format("2"), monthsFR[t.UTC().Month()-1], t.UTC().Format("2006")}, " ")
}

// Month writes a month for an axis: "mars 2025" / "Mar 2025".
func (f Format) Month(t time.Time) string {
	if f.lang == "en" {
		return t.UTC().Format("Jan 2006")
	}
	return monthsFR[t.UTC().Month()-1] + " " + t.UTC().Format("2006")
}
