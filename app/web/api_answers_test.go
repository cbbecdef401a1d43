package web_test

// Every answer the test kit receives from the API is checked against the OpenAPI document the server
// publishes, whatever test sent the request: a success must carry the documented status and match the
// route's response schema, a refusal must be an RFC 9457 problem matching Problem. So a handler that
// answers something its document does not say fails the test that called it.

import (
	"net/http"
	"strings"
	"sync"
	"testing"

	"maillage/app/web"
)

// apiAnswers holds what the checks need, built on the first API answer of an env.
type apiAnswers struct {
	once   sync.Once
	mu     sync.Mutex // the validator's schema cache
	v      *apiValidator
	routes []apiRoute
	err    error
}

type apiRoute struct {
	web.Route
	segs []string
}

// checkAPIAnswer reports (as a test error) an answer to method path that its OpenAPI document does not
// describe. Paths outside /api/ are not checked.
func (e *env) checkAPIAnswer(method, path string, status int, header http.Header, body string) {
	e.t.Helper()
	path, _, _ = strings.Cut(path, "?")
	if !strings.HasPrefix(path, "/api/") || method == http.MethodHead || method == http.MethodOptions {
		return
	}
	a := &e.answers
	if a.load(e.Srv); a.err != nil {
		e.t.Errorf("OpenAPI document: %v", a.err)
		return
	}
	if e.probes[e.Srv] && status < 400 {
		return // a probe's handler answered, not the route's: only its refusals are the API's
	}
	if msg := a.mismatch(method, path, status, header.Get("Content-Type"), body); msg != "" {
		e.t.Errorf("%s %s answered %d, not as its OpenAPI document says: %s\n%.400s", method, path, status, msg, body)
	}
}

// load compiles srv's document and lists its API routes, once.
func (a *apiAnswers) load(srv *web.Server) {
	a.once.Do(func() {
		a.v, a.err = compileAPIDoc(srv)
		for _, r := range srv.Routes() {
			if r.IsAPI() {
				a.routes = append(a.routes, apiRoute{r, strings.Split(strings.Trim(r.Path, "/"), "/")})
			}
		}
	})
}

// mismatch says how an answer departs from the document ("" when it does not).
func (a *apiAnswers) mismatch(method, path string, status int, ct, body string) string {
	if status >= 400 {
		if !strings.HasPrefix(ct, "application/problem+json") {
			return "a refusal with content type " + ct + ", want application/problem+json"
		}
		return a.validate("Problem", body)
	}
	r, ok := a.route(method, path)
	if !ok {
		return "no documented route answers this method and path"
	}
	want := r.Doc.Status
	if want == 0 {
		want = http.StatusOK
	}
	switch {
	case status != want && status != r.Doc.Also:
		return "the document says " + http.StatusText(want)
	case status == http.StatusNoContent:
		if body != "" {
			return "a body with 204"
		}
		return ""
	case r.Doc.Binary != "" && method == http.MethodGet:
		for _, t := range r.Doc.BinaryTypes() {
			if strings.HasPrefix(ct, t) {
				return ""
			}
		}
		return "content type " + ct + ", want " + r.Doc.Binary
	case !strings.HasPrefix(ct, "application/json"):
		return "content type " + ct + ", want application/json"
	}
	return a.validate(r.Doc.Response, body)
}

func (a *apiAnswers) validate(schema, body string) string {
	a.mu.Lock()
	defer a.mu.Unlock()
	if err := a.v.check(schema, body); err != nil {
		name := schema
		if name == "" {
			name = "object"
		}
		return "schema " + name + ": " + err.Error()
	}
	return ""
}

// route finds the documented route of method and a concrete path; a literal segment wins over a
// parameter at the same place (/suppliers/export before /suppliers/:id).
func (a *apiAnswers) route(method, path string) (web.Route, bool) {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	best, bestLiterals := -1, -1
	for i, r := range a.routes {
		if r.Method != method || r.Doc == nil {
			continue
		}
		if n, ok := matchSegments(r.segs, segs); ok && n > bestLiterals {
			best, bestLiterals = i, n
		}
	}
	if best < 0 {
		return web.Route{}, false
	}
	return a.routes[best].Route, true
}

// matchSegments matches a Fiber pattern's segments (":name", ":name?" optional last, "*" rest) against a
// path's and counts the literal ones.
func matchSegments(pattern, path []string) (literals int, ok bool) {
	for i, p := range pattern {
		switch {
		case p == "*":
			return literals, true
		case i >= len(path):
			return literals, strings.HasPrefix(p, ":") && strings.HasSuffix(p, "?") && i == len(pattern)-1
		case strings.HasPrefix(p, ":"):
			if path[i] == "" {
				return 0, false
			}
		case p == path[i]:
			literals++
		default:
			return 0, false
		}
	}
	return literals, len(pattern) == len(path)
}

// The check itself can fail: answers its document does not describe are reported, documented ones are not.
func TestAPIAnswerCheck(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := &e.answers
	if a.load(e.Srv); a.err != nil {
		t.Fatal(a.err)
	}
	const jsonCT, problemCT = "application/json", "application/problem+json"
	me := `{"user":{"id":"0b6f6a55-5d1c-4c43-9d4e-7b1b0a0c2f11","email":"a@b.test","name":"","locale":"fr"},"platform_roles":[],"memberships":[]}`
	problem := `{"type":"about:blank","title":"Not found","status":404}`
	tests := []struct {
		name, method, path string
		status             int
		ct, body           string
		bad                bool
	}{
		{"documented answer", "GET", "/api/v1/me", 200, jsonCT, me, false},
		{"a field of the wrong format", "GET", "/api/v1/me", 200, jsonCT, strings.Replace(me, "0b6f6a55-5d1c-4c43-9d4e-7b1b0a0c2f11", "not-a-uuid", 1), true},
		{"a field of the wrong type", "GET", "/api/v1/me", 200, jsonCT, `{"memberships":{}}`, true},
		{"a status the document does not give", "GET", "/api/v1/me", 201, jsonCT, me, true},
		{"JSON answered as text", "GET", "/api/v1/me", 200, "text/plain", me, true},
		{"an undocumented route", "GET", "/api/v1/nowhere", 200, jsonCT, `{}`, true},
		{"a problem", "GET", "/api/v1/nowhere", 404, problemCT, problem, false},
		{"a refusal that is not a problem", "GET", "/api/v1/me", 401, "text/plain", "no", true},
		{"a problem of the wrong shape", "GET", "/api/v1/me", 401, problemCT, `{"status":"401"}`, true},
		{"a body with 204", "DELETE", "/api/v1/me/tokens/0b6f6a55-5d1c-4c43-9d4e-7b1b0a0c2f11", 204, "", "{}", true},
		{"204 as documented", "DELETE", "/api/v1/me/tokens/0b6f6a55-5d1c-4c43-9d4e-7b1b0a0c2f11", 204, "", "", false},
		{"one of the listed binary types", "GET", "/api/v1/t/x/suppliers/export", 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "PK", false},
		{"a binary type not listed", "GET", "/api/v1/t/x/suppliers/export", 200, "application/pdf", "%PDF", true},
		{"a literal segment wins over a parameter", "GET", "/api/v1/t/x/suppliers/export", 200, jsonCT, "{}", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg := a.mismatch(tt.method, tt.path, tt.status, tt.ct, tt.body)
			if (msg != "") != tt.bad {
				t.Errorf("mismatch = %q, want a complaint: %v", msg, tt.bad)
			}
		})
	}
}
