package tabular

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// TestMessagesTranslated checks that every message ID this package can return has a
// French and an English text, so that no error reaches a user as a bare key.
func TestMessagesTranslated(t *testing.T) {
	keyRe := regexp.MustCompile(`"(tabular\.[a-z_]+)"`)
	used := map[string]bool{}
	sources, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range sources {
		b, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range keyRe.FindAllSubmatch(b, -1) {
			used[string(m[1])] = true
		}
	}
	if len(used) < 10 {
		t.Fatalf("found only %d message IDs in the sources", len(used))
	}
	defRe := regexp.MustCompile(`(?m)^"(tabular\.[a-z_]+)"\s*=`)
	for _, lang := range []string{"fr", "en"} {
		t.Run(lang, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("..", "..", "frontend", "locales", "tabular."+lang+".toml"))
			if err != nil {
				t.Fatal(err)
			}
			defined := map[string]bool{}
			for _, m := range defRe.FindAllSubmatch(b, -1) {
				defined[string(m[1])] = true
			}
			for k := range used {
				if !defined[k] {
					t.Errorf("%s missing from tabular.%s.toml", k, lang)
				}
			}
		})
	}
}
