package accounts

import (
	"net/mail"
	"strings"
)

func validEmail(e string) bool {
	a, err := mail.ParseAddress(e)
	return err == nil && a.Address == e && strings.Contains(e[strings.LastIndex(e, "@"):], ".")
}

func splitNonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// pgArray renders a PostgreSQL array literal of simple codes (region codes are two digits).
func pgArray(xs []string) string { return "{" + strings.Join(xs, ",") + "}" }
