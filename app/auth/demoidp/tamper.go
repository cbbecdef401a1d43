package demoidp

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"

	"github.com/golang-jwt/jwt/v5"
	"github.com/oauth2-proxy/mockoidc"
)

// TamperNextIDToken makes the provider rewrite the claims of the next ID token it issues with
// edit, re-signed with sign (nil: the provider's own key). Tests use it to play a token minted
// for another client, by another issuer, for another login, or under a foreign key, and show the
// relying party refuses it. Only Go code can call it; nothing over HTTP reaches it.
func (p *Provider) TamperNextIDToken(edit func(jwt.MapClaims), sign func(jwt.MapClaims) (string, error)) {
	p.tamperMu.Lock()
	defer p.tamperMu.Unlock()
	if sign == nil {
		sign = p.Sign
	}
	p.tamper, p.tamperSign = edit, sign
}

func (p *Provider) pendingTamper() (func(jwt.MapClaims), func(jwt.MapClaims) (string, error)) {
	p.tamperMu.Lock()
	defer p.tamperMu.Unlock()
	return p.tamper, p.tamperSign
}

// tamperDone clears the pending tamper once an ID token was actually issued (a refused token
// request, such as oauth2's first auto-detect attempt with Basic auth, does not use it up).
func (p *Provider) tamperDone() {
	p.tamperMu.Lock()
	defer p.tamperMu.Unlock()
	p.tamper, p.tamperSign = nil, nil
}

// tamperTokens applies a pending TamperNextIDToken to a token response.
func (p *Provider) tamperTokens(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != mockoidc.TokenEndpoint {
			next.ServeHTTP(w, r)
			return
		}
		edit, sign := p.pendingTamper()
		if edit == nil {
			next.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		body := rec.Body.Bytes()
		var tr map[string]any
		if rec.Code == http.StatusOK && json.Unmarshal(body, &tr) == nil {
			if raw, _ := tr["id_token"].(string); raw != "" {
				claims := jwt.MapClaims{}
				if _, _, err := jwt.NewParser().ParseUnverified(raw, claims); err == nil {
					p.tamperDone()
					edit(claims)
					if signed, err := sign(claims); err == nil {
						tr["id_token"] = signed
						body, _ = json.Marshal(tr)
					}
				}
			}
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(rec.Code)
		_, _ = bytes.NewReader(body).WriteTo(w)
	})
}
