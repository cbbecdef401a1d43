package quebec

import (
	"net/url"
	"regexp"
	"strings"
)

// NormalizeWebsite returns an enterprise's website as one canonical http(s) URL: the
// scheme people leave out is added ("www.abercorn.ca" → "https://www.abercorn.ca"), the host
// is lower-cased and a trailing slash dropped. Empty text is a valid "no website". Anything
// else is refused (false): other schemes (javascript:, data:, mailto:…), a host without a
// dot, a host with spaces or quotes, and user information ("https://user:pw@host"), which
// would show a password on every page that links to the site.
func NormalizeWebsite(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", true
	}
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
		strings.ContainsAny(u.Host, " <>\"'") || !strings.Contains(u.Host, ".") {
		return "", false
	}
	u.Host = strings.ToLower(u.Host)
	return strings.TrimSuffix(u.String(), "/"), true
}

// postalRe is a Canadian postal code without its space: the letters D, F, I, O, Q and U
// are never used, and W and Z never come first.
var postalRe = regexp.MustCompile(`^[ABCEGHJ-NPRSTVXY][0-9][ABCEGHJ-NPRSTV-Z][0-9][ABCEGHJ-NPRSTV-Z][0-9]$`)

// NormalizePostalCode returns a Canadian postal code as "A1A 1A1" from the ways people
// type it ("j0e 1a0", "J0E-1A0", "J0E1A0"), or false.
func NormalizePostalCode(s string) (string, bool) {
	c := strings.ToUpper(strings.Join(strings.Fields(s), ""))
	c = strings.ReplaceAll(c, "-", "")
	if !postalRe.MatchString(c) {
		return "", false
	}
	return c[:3] + " " + c[3:], true
}
