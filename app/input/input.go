// Package input holds the rules every piece of text and every date entering Maillage obeys, whatever
// route or command brings it: no NUL byte or other control character (PostgreSQL refuses NUL in text, and
// control characters corrupt CSV exports, e-mails and logs), valid UTF-8, a bounded length (the database
// agrees: every text column carries a CHECK constraint named <column>_max_<N>), and calendar dates within
// a plausible range. The web adapter applies Text to every value of every request centrally; domain code
// calls Date and the length constants where it validates its own fields.
package input

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Length limits, in characters. The database's CHECK constraints use the same values (migrations 0900+).
const (
	MaxCode = 100    // statuses, kinds, codes, identifiers
	MaxName = 300    // names, titles, labels, file names, streets, e-mail addresses (RFC 5321 allows 254)
	MaxURL  = 2048   // web addresses
	MaxNote = 5000   // reasons, messages, notes, outcomes, citations, a contract's object
	MaxLong = 50_000 // long texts: a declaration, a description of products and services
	// MaxValue is the longest any single value of a request may be: the longest text column. A longer
	// value is refused before any handler runs.
	MaxValue = MaxLong
)

// Message IDs of the refusals (frontend/locales/input.*.toml).
const (
	KeyControl  = "input.control_chars"
	KeyEncoding = "input.invalid_utf8"
	KeyTooLong  = "input.too_long"
	KeyDate     = "input.date_invalid"
	KeyDateMin  = "input.date_out_of_range"
)

// Text checks one value: "" when it is acceptable, else the message ID of the refusal. Tabs and line
// breaks are allowed (text areas); every other C0 control, DEL and the C1 controls are not.
func Text(s string, max int) string {
	if !utf8.ValidString(s) {
		return KeyEncoding
	}
	if HasControl(s) {
		return KeyControl
	}
	if max > 0 && len(s) > max && utf8.RuneCountInString(s) > max {
		return KeyTooLong
	}
	return ""
}

// HasControl reports whether s holds a control character other than tab, line feed and carriage return.
func HasControl(s string) bool {
	for _, r := range s {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r >= 0x7f && r <= 0x9f {
			return true
		}
	}
	return false
}

// Clip shortens s to at most max characters (for values the system records from the outside world, such
// as a User-Agent header, which must never make a login fail) and drops control characters.
func Clip(s string, max int) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if HasControl(s) {
		s = strings.Map(func(r rune) rune {
			if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r >= 0x7f && r <= 0x9f {
				return -1
			}
			return r
		}, s)
	}
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	return string([]rune(s)[:max])
}

// Plausible dates: anything outside is a typing error (0000-01-01, 20266-01-01), never a real contract,
// contact or declaration. The database's date columns carry the same range.
var (
	MinDate = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	MaxDate = time.Date(2199, 12, 31, 0, 0, 0, 0, time.UTC)
)

// Date parses a calendar date written YYYY-MM-DD (what forms and the API send) at UTC midnight. It
// returns the message ID of the refusal when the text is not a real date or falls outside the plausible
// range.
func Date(s string) (time.Time, string) {
	d, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
	if err != nil {
		return time.Time{}, KeyDate
	}
	return d, DateInRange(d)
}

// DateInRange returns "" for a date within the plausible range, else the message ID of the refusal.
func DateInRange(d time.Time) string {
	if d.Before(MinDate) || d.After(MaxDate) {
		return KeyDateMin
	}
	return ""
}
