package auth

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
)

// unverifiedClaims decodes a JWT's payload WITHOUT checking anything. It is used only to name
// the reason a token already failed verification; never to trust a claim.
func unverifiedClaims(raw string) (map[string]any, error) {
	parts := strings.Split(raw, ".")
	if len(parts) != 3 {
		return nil, errors.New("not a compact JWT")
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return nil, err
	}
	var claims map[string]any
	if err := json.Unmarshal(payload, &claims); err != nil {
		return nil, err
	}
	return claims, nil
}
