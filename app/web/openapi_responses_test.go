package web_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"maillage/app/web"
)

// apiValidator checks answers against the server's own OpenAPI document: its component schemas are
// compiled with jsonschema (formats asserted: a "uuid" must be one).
type apiValidator struct {
	c     *jsonschema.Compiler
	cache map[string]*jsonschema.Schema
}

const openAPIURL = "mem://maillage/openapi.json"

func newAPIValidator(t *testing.T, srv *web.Server) *apiValidator {
	t.Helper()
	v, err := compileAPIDoc(srv)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// compileAPIDoc loads the server's OpenAPI document into a validator (schemas compiled when first used).
func compileAPIDoc(srv *web.Server) (*apiValidator, error) {
	raw, err := json.Marshal(srv.OpenAPI())
	if err != nil {
		return nil, err
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(openAPIURL, doc); err != nil {
		return nil, err
	}
	return &apiValidator{c: c, cache: map[string]*jsonschema.Schema{}}, nil
}

// check validates body against the component schema name ("" : any JSON object).
func (v *apiValidator) check(name, body string) error {
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(body))
	if err != nil {
		return err
	}
	if name == "" {
		if _, ok := inst.(map[string]any); !ok {
			return errNotObject
		}
		return nil
	}
	s, ok := v.cache[name]
	if !ok {
		if s, err = v.c.Compile(openAPIURL + "#/components/schemas/" + name); err != nil {
			return err
		}
		v.cache[name] = s
	}
	if err := s.Validate(inst); err != nil {
		var ve *jsonschema.ValidationError
		if errors.As(err, &ve) {
			var b strings.Builder
			for _, u := range ve.BasicOutput().Errors {
				if u.Error != nil {
					fmt.Fprintf(&b, "\n  at %q: %v", u.InstanceLocation, u.Error)
				}
			}
			return validationError(b.String())
		}
		return err
	}
	return nil
}

type validationError string

func (e validationError) Error() string { return string(e) }

const errNotObject = validationError("the answer is not a JSON object")

// TestAPIResponsesMatchOpenAPI calls every documented GET of the API as a person allowed to (with data in
// the body's register) and checks each answer against the OpenAPI document the server publishes: a 2xx
// against the route's response schema, a problem against Problem, with the content type each says. New
// API routes are covered as they are added.
func TestAPIResponsesMatchOpenAPI(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.tenant("ville-a")
	admin := e.member("admin@ville-a.test", &a, "tenant_admin")
	platform := map[string]*client{}
	for _, role := range []string{"platform_admin", "enterprise", "catalogue_steward", "provincial_analyst"} {
		platform[role] = e.member(role+"@platform.test", nil, role)
	}
	v := newAPIValidator(t, e.Srv)
	// Writes: a created supplier (so lists below carry an item) and a refused one (a problem with its fields).
	var create web.Route
	for _, r := range e.Srv.Routes() {
		if r.Method == http.MethodPost && r.Path == "/api/v1/t/:slug/suppliers" {
			create = r
		}
	}
	if create.Doc == nil || create.Doc.Response == "" {
		t.Fatal("POST /api/v1/t/:slug/suppliers has no documented answer")
	}
	writes := []struct {
		name   string
		body   map[string]any
		status int
		schema string
	}{
		{"created", map[string]any{"neq": "1143456789", "legal_name": "Coop A", "legal_form": "nonprofit"}, http.StatusCreated, create.Doc.Response},
		{"refused with its fields", map[string]any{"neq": "12", "legal_name": "", "legal_form": "nonprofit"}, http.StatusUnprocessableEntity, "Problem"},
	}
	for _, w := range writes {
		t.Run("POST suppliers "+w.name, func(t *testing.T) {
			r := admin.sendJSON("POST", "/api/v1/t/ville-a/suppliers", w.body)
			if r.Status != w.status {
				t.Fatalf("%d, want %d: %.300s", r.Status, w.status, r.Body)
			}
			if err := v.check(w.schema, r.Body); err != nil {
				t.Fatalf("answer does not match schema %q: %v\n%.500s", w.schema, err, r.Body)
			}
		})
	}
	checked, problems := 0, 0
	for _, r := range e.Srv.Routes() {
		if !r.IsAPI() || r.Method != http.MethodGet || r.Doc == nil || r.Doc.Binary != "" {
			continue
		}
		cl := e.anon()
		switch r.Scope {
		case web.Tenant, web.Authenticated:
			cl = admin
		case web.Platform:
			for role, c := range platform {
				if slices.Contains(mayDo[r.Obj+":"+r.Act], role) {
					cl = c
				}
			}
		}
		path := concrete(r.Path, a.Slug) // other parameters: an id nobody has, so a problem to check
		t.Run(r.Path, func(t *testing.T) {
			res := cl.get(path)
			ct := res.Header.Get("Content-Type")
			switch {
			case res.Status >= 200 && res.Status < 300:
				if !strings.HasPrefix(ct, "application/json") {
					t.Fatalf("%d with content type %q, want JSON", res.Status, ct)
				}
				if err := v.check(r.Doc.Response, res.Body); err != nil {
					t.Fatalf("answer does not match schema %q: %v\n%.500s", r.Doc.Response, err, res.Body)
				}
				checked++
			case res.Status >= 400:
				if !strings.HasPrefix(ct, "application/problem+json") {
					t.Fatalf("%d with content type %q, want a problem", res.Status, ct)
				}
				if err := v.check("Problem", res.Body); err != nil {
					t.Fatalf("problem does not match schema Problem: %v\n%.500s", err, res.Body)
				}
				problems++
			default:
				t.Fatalf("status %d", res.Status)
			}
		})
	}
	if checked < 15 || problems < 3 {
		t.Fatalf("only %d answers and %d problems checked: the callers or the route table changed", checked, problems)
	}
	t.Logf("%d answers and %d problems checked against the OpenAPI document", checked, problems)
}
