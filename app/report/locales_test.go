package report

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"maillage/app/declarations"
)

// TestLocalesCoverEveryMessageID checks that every message ID the declarations code uses, literal
// or built from an enumeration, exists in both the French and the English file, and that the two
// files have the same keys.
func TestLocalesCoverEveryMessageID(t *testing.T) {
	used := map[string]bool{}
	lit := regexp.MustCompile(`"(declarations\.[a-z_]+(?:\.[a-z_]+)?)"`)
	for _, dir := range []string{"../declarations", "../report", "../charts"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range lit.FindAllStringSubmatch(string(src), -1) {
				if !strings.HasSuffix(m[1], ".") {
					used[m[1]] = true
				}
			}
		}
	}
	for _, k := range declarations.TargetKinds {
		used["declarations.kind."+string(k)] = true
	}
	for _, s := range declarations.CommitmentStatuses {
		used["declarations.status."+string(s)] = true
	}
	for _, c := range declarations.ContactKinds {
		used["declarations.contact_kind."+string(c)] = true
	}
	for _, p := range []string{"gre_a_gre", "invitation", "public_call", "exempt", "unknown"} {
		used["declarations.procedure."+p] = true
	}
	if len(used) < 80 {
		t.Fatalf("only %d message IDs found: the scan is broken", len(used))
	}
	keys := map[string][]string{}
	for _, lang := range []string{"fr", "en"} {
		var m map[string]string
		if _, err := toml.DecodeFile(filepath.Join(localesDir, "declarations."+lang+".toml"), &m); err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		for id := range used {
			if strings.TrimSpace(m[id]) == "" {
				t.Errorf("%s: message %q missing", lang, id)
			}
		}
		for k := range m {
			keys[lang] = append(keys[lang], k)
		}
		sort.Strings(keys[lang])
	}
	if !slices.Equal(keys["fr"], keys["en"]) {
		t.Errorf("fr and en files have different keys")
	}
}
