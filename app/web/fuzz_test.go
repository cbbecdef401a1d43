package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"maillage/app/accounts"
	"maillage/app/web"
)

// FuzzWriteRoutesJSON sends arbitrary bytes as the JSON body of every API write route (POST, PUT, PATCH)
// of the route table, as a person holding every role, and checks the one promise bad input gets: never a
// 5xx, and every refusal an RFC 9457 problem. `go test` (CI, short mode included) runs the seed corpus
// below — each route with bodies that have broken decoders before (wrong types, nulls, huge numbers,
// deep nesting, invalid UTF-8, impossible dates, duplicated keys); fuzzing explores from there:
//
//	go test ./app/web -run '^$' -fuzz FuzzWriteRoutesJSON -fuzztime 5m
//
// A failing input is saved under testdata/fuzz/FuzzWriteRoutesJSON and replayed by every later `go test`.
func FuzzWriteRoutesJSON(f *testing.F) {
	e := newEnv(f)
	tn := e.tenant("ville-fuzz")
	acc := accounts.NewStore(e.DB.App)
	u, err := acc.GrantTenantRole(context.Background(), tn.ID, "fuzz@roles.example", accounts.RoleTenantAdmin)
	if err != nil {
		f.Fatal(err)
	}
	for _, r := range []string{"platform_admin", "catalogue_steward", "provincial_analyst", "enterprise"} {
		if _, err := acc.GrantPlatformRole(context.Background(), "fuzz@roles.example", r, nil); err != nil {
			f.Fatal(err)
		}
	}
	token, _, err := accounts.NewTokens(e.DB.App, nil).Create(context.Background(), u.ID, "fuzz", 24*time.Hour)
	if err != nil {
		f.Fatal(err)
	}
	send := func(method, path string, body []byte) (int, string, []byte, error) {
		req := httptest.NewRequest(method, "http://example.test"+path, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := e.Srv.App().Test(req, 30_000)
		if err != nil {
			return 0, "", nil, err
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		return res.StatusCode, res.Header.Get("Content-Type"), b, err
	}
	// One real supplier, so that the supplier routes decode their bodies instead of answering 404.
	status, _, body, err := send(http.MethodPost, "/api/v1/t/ville-fuzz/suppliers", []byte(`{"neq":"1143456789","legal_name":"Coop fuzz","legal_form":"other"}`))
	var sup struct{ ID string }
	if err != nil || status != http.StatusCreated || json.Unmarshal(body, &sup) != nil {
		f.Fatalf("supplier: %d %v %.300s", status, err, body)
	}
	var routes []web.Route
	for _, r := range e.Srv.Routes() {
		if strings.HasPrefix(r.Path, "/api/") && !r.RawBody && (r.Method == http.MethodPost || r.Method == http.MethodPut || r.Method == http.MethodPatch) {
			routes = append(routes, r)
		}
	}
	if len(routes) < 30 {
		f.Fatalf("only %d API write routes found: the walker is broken", len(routes))
	}
	paths := make([]string, len(routes))
	for i, r := range routes {
		paths[i] = fillPath(strings.Replace(r.Path, "/suppliers/:id", "/suppliers/"+sup.ID, 1), tn.Slug)
	}
	seeds := []string{
		`{}`, `null`, `[]`, `""`, `0`, `{"version":1}`, `{"version":"1"}`, `{"version":-1}`, `{"version":1e999}`,
		`{"legal_name":"Coop","version":1}`, `{"legal_name":null,"contacts":null,"version":1}`,
		`{"contacts":[{"name":1}],"unspsc":"x","regions_served":{}}`,
		`{"amount_cents":null,"start_date":"0000-01-01","end_date":"9999-99-99"}`,
		`{"amount_cents":99999999999999999999999,"awarded_on":"2026-02-30"}`,
		`{"period_start":"2026-13-01","period_end":"","targets":[{"share":"x"}],"commitments":[null]}`,
		`{"items":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}`,
		`{"name":"a","name":"b"}`, "{\"name\":\"\xff\xfe\"}", `{"name":"\ud800"}`, `{"name":`, `{"a":1}{"b":2}`,
		`{"buyer_ids":["OP-1",null,1]}`, `{"ids":"not-a-uuid","role":"owner","regions":["99"]}`,
		`{"decision":"maybe","reason":""}`, `{"action":"","status":"unknown"}`,
	}
	for i := range routes {
		for _, s := range seeds {
			f.Add(uint16(i), []byte(s))
		}
	}
	if e.answers.load(e.Srv); e.answers.err != nil {
		f.Fatal(e.answers.err)
	}
	f.Fuzz(func(t *testing.T, i uint16, body []byte) {
		r := routes[int(i)%len(routes)]
		status, ct, out, err := send(r.Method, paths[int(i)%len(routes)], body)
		if err != nil {
			t.Fatalf("%s %s: %v", r.Method, r.Path, err)
		}
		if status >= 500 {
			t.Fatalf("%s %s with %q: %d %.500s", r.Method, r.Path, body, status, out)
		}
		if status >= 400 && !strings.HasPrefix(ct, "application/problem+json") {
			t.Fatalf("%s %s with %q: %d is not a problem (%s): %.300s", r.Method, r.Path, body, status, ct, out)
		}
		// Accepted or refused, the answer is what the OpenAPI document says (api_answers_test.go).
		if msg := e.answers.mismatch(r.Method, paths[int(i)%len(routes)], status, ct, string(out)); msg != "" {
			t.Fatalf("%s %s with %q: %d not as documented: %s\n%.300s", r.Method, r.Path, body, status, msg, out)
		}
	})
}
