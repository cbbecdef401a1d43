// Package rules is Maillage's purchase advisor: a pure, deterministic engine that reads a
// planned purchase, the tenant's procurement policy (its RGC) and the platform's legal
// reference values, and answers which procedure the law requires, which local or
// social-economy preference may lawfully apply, which exemptions may apply, which documents
// to require, and which register suppliers are eligible, ranked, each with its reasons.
//
// Every legal value is data with an effective period and a citation (see Reference), never a
// constant in code, because thresholds move every two years and laws change. Every line of an
// answer carries the rule key, the rule version and the citation it relied on, plus an i18n
// message ID and its arguments: the engine never produces sentences. Arguments of type Cents,
// Percent and time.Time are formatted by the renderer in the reader's language.
//
// The package does no I/O: callers load the reference, the policy in force and the register
// and pass plain values in; the same input always yields the same answer.
package rules

import "time"

// Cents is an amount of money in cents (CAD), before taxes unless said otherwise.
type Cents int64

// Percent is a percentage in basis points: 500 means 5 %.
type Percent int64

// Day returns the date y-m-d at UTC midnight, the form every date in this package takes.
func Day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// Truncate returns t's calendar date at UTC midnight.
func Truncate(t time.Time) time.Time {
	y, m, d := t.Date()
	return Day(y, m, d)
}

// ParseDay parses YYYY-MM-DD.
func ParseDay(s string) (time.Time, error) { return time.Parse(time.DateOnly, s) }
