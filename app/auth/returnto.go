package auth

import (
	"net/url"
	"strings"

	"maillage/app/errs"
)

// maxReturnTo bounds the stored return-to path; longer values are refused, not truncated.
const maxReturnTo = 2048

// SafeReturnTo accepts only a relative path on our own site ("/t/ville/home?x=1") and returns
// it unchanged; an empty value becomes "/". Everything a browser could read as another origin
// is refused: absolute URLs, schemes ("javascript:"), scheme-relative "//host", "/\host"
// (browsers treat "\" as "/"), and control or space characters (browsers drop tabs and
// newlines, so "/\t/evil" would become "//evil").
func SafeReturnTo(raw string) (string, error) {
	if raw == "" {
		return "/", nil
	}
	bad := errs.E(errs.Invalid, KeyReturnToInvalid)
	if len(raw) > maxReturnTo || raw[0] != '/' {
		return "", bad
	}
	for _, r := range raw {
		if r <= 0x20 || r == 0x7f || r == '\\' {
			return "", bad
		}
	}
	if strings.HasPrefix(raw, "//") {
		return "", bad
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return "", bad
	}
	// An encoded "//" or "/\" could be decoded by a proxy or a later redirect: refuse it too.
	decoded, err := url.PathUnescape(u.EscapedPath())
	if err != nil || strings.HasPrefix(decoded, "//") || strings.Contains(decoded, "\\") {
		return "", bad
	}
	return raw, nil
}
