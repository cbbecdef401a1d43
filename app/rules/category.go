package rules

import "strings"

// validCategory accepts an 8-digit UNSPSC code.
func validCategory(c string) bool {
	if len(c) != 8 {
		return false
	}
	for _, r := range c {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// significant strips the trailing "00" pairs that mark a segment, family or class code:
// 72120000 → 7212, 24101603 → 24101603.
func significant(c string) string {
	for len(c) > 2 && strings.HasSuffix(c, "00") {
		c = c[:len(c)-2]
	}
	return c
}

// Overlaps reports whether two UNSPSC codes are in the same branch: one is equal to or
// contains the other (a supplier listed under a family sells what a commodity in it names,
// and a supplier of one commodity of a family is a candidate for a purchase of that family).
func Overlaps(a, b string) bool {
	sa, sb := significant(a), significant(b)
	return strings.HasPrefix(sa, sb) || strings.HasPrefix(sb, sa)
}

// contains reports whether code c is inside branch b (b equal or broader).
func contains(b, c string) bool { return strings.HasPrefix(significant(c), significant(b)) }
