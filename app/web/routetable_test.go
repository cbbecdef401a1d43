package web_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"maillage/app/web"
)

// Every route declares how it is authorized, and every API route is in the OpenAPI document.
func TestRouteTableDeclarations(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	doc := e.Srv.OpenAPI()
	paths := doc["paths"].(map[string]any)
	seen := map[string]bool{}
	for _, r := range e.Srv.Routes() {
		r := r
		t.Run(r.Method+" "+r.Path, func(t *testing.T) {
			key := r.Method + " " + r.Path
			if seen[key] {
				t.Fatalf("route declared twice")
			}
			seen[key] = true
			if r.Scope.String() == "undeclared" {
				t.Fatalf("no scope declared")
			}
			if (r.Scope == web.Tenant || r.Scope == web.Platform) && (r.Obj == "" || r.Act == "") {
				t.Fatalf("scope %s without object/action", r.Scope)
			}
			if (r.Scope == web.Tenant || r.Scope == web.TenantPublic) && !strings.Contains(r.Path, ":slug") {
				t.Fatalf("tenant-scoped route without :slug")
			}
			if !r.IsAPI() {
				return
			}
			if r.Doc == nil || r.Doc.Summary == "" || r.Doc.Tag == "" {
				t.Fatalf("API route without documentation (Doc with Summary and Tag)")
			}
			item, ok := paths[web.OpenAPIPath(r.Path)].(map[string]any)
			if !ok {
				t.Fatalf("missing from the OpenAPI document")
			}
			if _, ok := item[strings.ToLower(r.Method)]; !ok {
				t.Fatalf("method missing from the OpenAPI document")
			}
		})
	}
	// And the document names no route that does not exist.
	for p, item := range paths {
		for m := range item.(map[string]any) {
			if !seen[strings.ToUpper(m)+" "+regexp.MustCompile(`\{([a-zA-Z_]+)\}`).ReplaceAllString(p, ":$1")] {
				t.Errorf("OpenAPI documents %s %s, which is not a route", m, p)
			}
		}
	}
	r := e.anon().get("/api/v1/openapi.json")
	if r.Status != 200 || !strings.Contains(r.Body, `"openapi":"3.1.0"`) {
		t.Fatalf("openapi.json: %d", r.Status)
	}
}

// Every message ID exists in both languages, and every ID the templates and Go code use exists.
func TestCatalogueIsComplete(t *testing.T) {
	t.Parallel()
	fr, en := web.MessageIDs("fr"), web.MessageIDs("en")
	if len(fr) < 50 {
		t.Fatalf("only %d French messages: the catalogue did not load", len(fr))
	}
	for id := range fr {
		if !en[id] {
			t.Errorf("%s: French only", id)
		}
	}
	for id := range en {
		if !fr[id] {
			t.Errorf("%s: English only", id)
		}
	}
	root := filepath.Join("..", "..")
	uses := map[string]string{}
	tmplUse := regexp.MustCompile(`\bt \$?\.L "([a-z0-9_]+\.[a-z0-9_.]*[a-z0-9])"`)
	goUse := regexp.MustCompile(`(?:errs\.E\([a-zA-Z.]+, |\.Add\("[^"]*", |\.AddRow\([^,]+, "[^"]*", |ErrWith\("[^"]*", |\.T\(c, |translate\([a-zA-Z.]+, )"([a-z0-9_]+\.[a-z0-9_.]*[a-z0-9])"`)
	_ = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() && (d.Name() == ".data" || d.Name() == "node_modules" || d.Name() == ".git") {
			if d != nil && d.IsDir() {
				return filepath.SkipDir
			}
			return err
		}
		var re *regexp.Regexp
		switch {
		case strings.HasSuffix(p, ".html"):
			re = tmplUse
		case strings.HasSuffix(p, ".go") && !strings.HasSuffix(p, "_test.go"):
			re = goUse
		default:
			return nil
		}
		b, _ := os.ReadFile(p)
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			uses[m[1]] = p
		}
		return nil
	})
	if len(uses) < 20 {
		t.Fatalf("found only %d message uses: the scan is broken", len(uses))
	}
	for id, where := range uses {
		if !fr[id] {
			t.Errorf("%s (used in %s) is not in the catalogue", id, where)
		}
	}
}
