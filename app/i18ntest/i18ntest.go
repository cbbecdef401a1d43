// Package i18ntest is the one check, shared by every area's tests, that the message IDs an area
// uses exist in both of its locale files (frontend/locales/<area>.fr.toml and .en.toml) and that
// neither file has an ID the other lacks. It is imported by tests only.
package i18ntest

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// Used collects the message IDs of area ("suppliers.neq_taken"…) written as string literals in
// the (non-test) Go files of dirs (the package's own directory when none is given). IDs built at run time
// (a MessageKey method, "area.state."+s) are added by the caller.
func Used(t testing.TB, area string, dirs ...string) map[string]bool {
	t.Helper()
	if len(dirs) == 0 {
		dirs = []string{"."}
	}
	re := regexp.MustCompile(`"(` + regexp.QuoteMeta(area) + `\.[a-z0-9_.]*[a-z0-9_])"`)
	used := map[string]bool{}
	for _, dir := range dirs {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		if len(files) == 0 {
			t.Fatalf("no Go file in %s", dir)
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue // a test may name an ID on purpose; the package's own code is what users see
			}
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range re.FindAllSubmatch(b, -1) {
				used[string(m[1])] = true
			}
		}
	}
	return used
}

// Check fails t for each ID of used missing (or empty) in either locale file of area, and for
// each ID defined in one language only.
func Check(t testing.TB, area string, used map[string]bool) {
	t.Helper()
	if len(used) == 0 {
		t.Fatalf("no %s message ID to check: the scan found nothing", area)
	}
	dir := localesDir(t)
	defined := map[string]map[string]any{}
	for _, lang := range []string{"fr", "en"} {
		m := map[string]any{}
		if _, err := toml.DecodeFile(filepath.Join(dir, area+"."+lang+".toml"), &m); err != nil {
			t.Fatalf("%s.%s.toml: %v", area, lang, err)
		}
		defined[lang] = m
	}
	ids := make([]string, 0, len(used))
	for id := range used {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, lang := range []string{"fr", "en"} {
		for _, id := range ids {
			if v, ok := defined[lang][id]; !ok || v == "" {
				t.Errorf("%s is missing from %s.%s.toml", id, area, lang)
			}
		}
	}
	for id := range defined["fr"] {
		if _, ok := defined["en"][id]; !ok {
			t.Errorf("%s is in %s.fr.toml only", id, area)
		}
	}
	for id := range defined["en"] {
		if _, ok := defined["fr"][id]; !ok {
			t.Errorf("%s is in %s.en.toml only", id, area)
		}
	}
}

// localesDir finds frontend/locales from the test's directory (the module root holds go.mod).
func localesDir(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "frontend", "locales")
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's directory")
		}
		dir = parent
	}
}
