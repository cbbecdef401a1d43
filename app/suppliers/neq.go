package suppliers

import (
	"strings"

	"maillage/app/errs"
)

// NEQ is a numéro d'entreprise du Québec: exactly ten ASCII digits, as issued by the
// Registraire des entreprises. No check digit has been confirmed from a primary source,
// so only the format is validated; a well-formed NEQ may still not exist.
type NEQ string

// ParseNEQ accepts the ways people write a NEQ ("1143456789", "1143 456 789",
// "1143-456-789") and returns its canonical ten-digit form.
func ParseNEQ(s string) (NEQ, error) {
	compact := strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '.', '\u00a0', '\u202f', '\t':
			return -1
		}
		return r
	}, s)
	if compact == "" {
		return "", errs.E(errs.Invalid, "suppliers.neq_required")
	}
	if len(compact) != 10 {
		return "", errs.E(errs.Invalid, "suppliers.neq_invalid").With(map[string]any{"Value": s})
	}
	for i := 0; i < len(compact); i++ {
		if compact[i] < '0' || compact[i] > '9' {
			return "", errs.E(errs.Invalid, "suppliers.neq_invalid").With(map[string]any{"Value": s})
		}
	}
	return NEQ(compact), nil
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
