package quebec

import (
	"strings"
	"unicode"

	"maillage/app/errs"
)

// NEQ is a numéro d'entreprise du Québec: exactly ten ASCII digits, as issued by the
// Registraire des entreprises. No check digit has been confirmed from a primary source,
// so only the format is validated; a well-formed NEQ may still not exist.
type NEQ string

// NormalizeNEQ removes the separators people type in a NEQ ("1143 456 789", "1143-456-789",
// "1143.456.789", non-breaking spaces). Text with anything else in it is returned trimmed
// but otherwise as typed, so that validation reports what the user wrote.
func NormalizeNEQ(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case unicode.IsSpace(r) || r == '-' || r == '.':
		default:
			return strings.TrimSpace(s)
		}
	}
	return b.String()
}

// ValidNEQ reports a canonical NEQ: ten ASCII digits.
func ValidNEQ(s string) bool {
	if len(s) != 10 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// ParseNEQ accepts the ways people write a NEQ ("1143456789", "1143 456 789",
// "1143-456-789") and returns its canonical ten-digit form. Errors: Invalid
// "quebec.neq_required" or "quebec.neq_invalid" (with the Value as typed).
func ParseNEQ(s string) (NEQ, error) {
	n := NormalizeNEQ(s)
	if n == "" {
		return "", errs.E(errs.Invalid, "quebec.neq_required")
	}
	if !ValidNEQ(n) {
		return "", errs.E(errs.Invalid, "quebec.neq_invalid").With(map[string]any{"Value": s})
	}
	return NEQ(n), nil
}

// String returns the canonical ten digits.
func (n NEQ) String() string { return string(n) }

// Display groups the digits as the Registraire shows them: "1143 456 789".
func (n NEQ) Display() string {
	if len(n) != 10 {
		return string(n)
	}
	return string(n[:4]) + " " + string(n[4:7]) + " " + string(n[7:])
}
