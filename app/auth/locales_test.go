package auth_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"maillage/app/auth"
)

// TestMessagesTranslated checks that every "auth.*" message ID written in this package's code
// (and the demo provider's) exists in French and English, and that both files hold the same keys.
func TestMessagesTranslated(t *testing.T) {
	files := map[string]map[string]string{}
	for _, lang := range []string{"fr", "en"} {
		m := map[string]string{}
		if _, err := toml.DecodeFile(filepath.Join("..", "..", "frontend", "locales", "auth."+lang+".toml"), &m); err != nil {
			t.Fatalf("auth.%s.toml: %v", lang, err)
		}
		files[lang] = m
	}
	used := map[string]bool{}
	idRe := regexp.MustCompile(`"(auth\.[a-z_]+\.[a-z_]+)"`)
	for _, pattern := range []string{"*.go", "demoidp/*.go"} {
		paths, _ := filepath.Glob(pattern)
		for _, p := range paths {
			if strings.HasSuffix(p, "_test.go") {
				continue
			}
			src, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range idRe.FindAllStringSubmatch(string(src), -1) {
				used[m[1]] = true
			}
		}
	}
	for _, r := range auth.AllRoles() {
		used["auth.role."+r] = true
	}
	if len(used) < 30 {
		t.Fatalf("found only %d message IDs in the code; the scan is broken", len(used))
	}
	for id := range used {
		for lang, m := range files {
			if strings.TrimSpace(m[id]) == "" {
				t.Errorf("%s missing in auth.%s.toml", id, lang)
			}
		}
	}
	fr, en := keys(files["fr"]), keys(files["en"])
	if !slices.Equal(fr, en) {
		t.Errorf("fr and en keys differ:\nfr %v\nen %v", fr, en)
	}
}

func keys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
