// Package app_test checks, statically, the composition rule of README "Working on the code":
// each area is the only writer of its tables, domain packages do not import each other (only
// the composing layers app/flows, app/services, app/web, app/report and cmd/ do), and the web adapter holds
// no database pool. It reads the source tree; it needs no database.
package app_test

import (
	"go/build"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
)

// kernel are the shared packages every area may import: they own no area's rules and import
// no area (errs, audit, the Québec primitives, infrastructure, codecs).
var kernel = map[string]bool{"errs": true, "audit": true, "quebec": true, "database": true, "input": true, "outbound": true,
	"tabular": true, "jobs": true, "mail": true, "uploads": true, "charts": true, "seao": true, "testdb": true, "i18ntest": true}

// composers may import domain packages: they compose areas (flows, in one transaction) or
// adapt them to the outside (web, report's PDF of a declaration).
// services builds every area's service once (for cmd/maillage's wire.go and the web tests).
var composers = map[string]bool{"flows": true, "web": true, "report": true, "services": true}

// sharedWriters are the tables written today by more than one package, each with the reason
// it is tolerated; a new entry needs a reason as good. Every other table has one writer.
var sharedWriters = map[string][]string{
	// auth binds a login's identity to accounts' user and syncs an identity provider's roles.
	"users":       {"app/accounts", "app/auth"},
	"memberships": {"app/accounts", "app/auth"},
	// the outbox queues its send job in the job queue's table, in the caller's transaction.
	"jobs": {"app/jobs", "app/mail"},
}

// writeRe finds a statement that writes a table.
var writeRe = regexp.MustCompile(`(?i)\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+([a-z_][a-z0-9_]*)\b(?:\s+[a-z]\s+SET|\s+SET|\s*\(|\s+(?:SELECT|VALUES|WHERE|USING|AS|RETURNING)|\s*$|\s*\x60)`)

// sources lists the non-test Go files under dir, by package directory relative to the module root.
func sources(t *testing.T, root string, dirs ...string) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, dir := range dirs {
		err := filepath.WalkDir(filepath.Join(root, dir), func(path string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && (d.Name() == "testdata" || d.Name() == "node_modules") {
				return filepath.SkipDir
			}
			if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return nil
			}
			rel, err := filepath.Rel(root, filepath.Dir(path))
			if err != nil {
				return err
			}
			out[filepath.ToSlash(rel)] = append(out[filepath.ToSlash(rel)], path)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// area is the area a package directory belongs to: app/<area>[/sub] → app/<area>; cmd/x → cmd/x.
func area(dir string) string {
	parts := strings.Split(dir, "/")
	if len(parts) >= 2 {
		return parts[0] + "/" + parts[1]
	}
	return dir
}

func TestEachTableHasOneWriter(t *testing.T) {
	writers := map[string]map[string][]string{} // table → area → files
	for dir, files := range sources(t, "..", "app", "cmd", "tenants", "policies") {
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, line := range strings.Split(string(b), "\n") {
				if strings.HasPrefix(strings.TrimSpace(line), "//") {
					continue // prose about SQL is not SQL
				}
				for _, m := range writeRe.FindAllStringSubmatch(line, -1) {
					table := strings.ToLower(m[1])
					if writers[table] == nil {
						writers[table] = map[string][]string{}
					}
					a := area(dir)
					if !slices.Contains(writers[table][a], f) {
						writers[table][a] = append(writers[table][a], f)
					}
				}
			}
		}
	}
	if len(writers["suppliers"]) == 0 {
		t.Fatal("found no write of the suppliers table at all: the scan is broken")
	}
	t.Run("suppliers is written by app/suppliers only", func(t *testing.T) {
		for a, files := range writers["suppliers"] {
			if a != "app/suppliers" {
				t.Errorf("%s writes the suppliers table (%s): call a transaction-aware writer of app/suppliers from app/flows", a, strings.Join(files, ", "))
			}
		}
	})
	tables := make([]string, 0, len(writers))
	for table := range writers {
		tables = append(tables, table)
	}
	sort.Strings(tables)
	for _, table := range tables {
		areas := make([]string, 0, len(writers[table]))
		for a := range writers[table] {
			areas = append(areas, a)
		}
		sort.Strings(areas)
		if len(areas) < 2 {
			continue
		}
		if allowed, ok := sharedWriters[table]; ok && slices.Equal(allowed, areas) {
			continue
		}
		var where []string
		for _, a := range areas {
			where = append(where, a+" ("+strings.Join(writers[table][a], ", ")+")")
		}
		t.Errorf("table %s is written by %d packages: %s; one area owns it, the others call its writers (composed in app/flows)",
			table, len(areas), strings.Join(where, "; "))
	}
}

func TestDomainPackagesDoNotImportEachOther(t *testing.T) {
	const module = "maillage/"
	for dir := range sources(t, "..", "app") {
		a := strings.TrimPrefix(area(dir), "app/")
		if kernel[a] || composers[a] {
			continue
		}
		pkg, err := build.ImportDir(filepath.Join("..", dir), 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range pkg.Imports {
			if !strings.HasPrefix(imp, module+"app/") {
				continue
			}
			other := strings.TrimPrefix(area(strings.TrimPrefix(imp, module)), "app/")
			if other != a && !kernel[other] {
				t.Errorf("%s imports %s: domain packages do not import each other; compose them in app/flows (or move a shared primitive to app/quebec)", dir, imp)
			}
		}
	}
}

func TestKernelImportsNoArea(t *testing.T) {
	const module = "maillage/"
	for dir := range sources(t, "..", "app") {
		a := strings.TrimPrefix(area(dir), "app/")
		if !kernel[a] {
			continue
		}
		pkg, err := build.ImportDir(filepath.Join("..", dir), 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range pkg.Imports {
			other := strings.TrimPrefix(area(strings.TrimPrefix(imp, module)), "app/")
			if strings.HasPrefix(imp, module+"app/") && !kernel[other] {
				t.Errorf("%s (a shared package) imports the area %s", dir, imp)
			}
		}
	}
}

// TestWebHoldsNoPool: the web adapter reaches the database only through domain services (built by
// app/services); it imports no database driver or ORM, so no handler can run a statement of its own.
func TestWebHoldsNoPool(t *testing.T) {
	forbidden := []string{"gorm.io/gorm", "database/sql", "github.com/jackc/pgx/v5", "github.com/jackc/pgx/v5/pgxpool"}
	dirs := sources(t, "..", "app/web")
	if len(dirs["app/web"]) == 0 {
		t.Fatal("found no source of app/web: the scan is broken")
	}
	for dir, files := range dirs {
		pkg, err := build.ImportDir(filepath.Join("..", dir), 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range pkg.Imports {
			if slices.Contains(forbidden, imp) {
				t.Errorf("%s imports %s: call a domain service (app/services builds them) instead of holding a pool", dir, imp)
			}
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(b), "gorm.DB") {
				t.Errorf("%s names gorm.DB: the web adapter holds no pool", f)
			}
		}
	}
}
