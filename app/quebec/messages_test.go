package quebec

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/BurntSushi/toml"
)

// TestMessagesTranslated checks that every message ID the package returns or names (the
// legal forms, co-operative kinds and collective forms) has a French and an English text.
func TestMessagesTranslated(t *testing.T) {
	used := map[string]bool{}
	keyRe := regexp.MustCompile(`"(quebec\.[a-z_.]*[a-z_])"`)
	sources, _ := filepath.Glob("*.go")
	for _, src := range sources {
		b, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range keyRe.FindAllSubmatch(b, -1) {
			used[string(m[1])] = true
		}
	}
	for _, f := range LegalForms() {
		used[f.MessageKey()] = true
	}
	for _, k := range CoopKinds() {
		used[k.MessageKey()] = true
	}
	for _, f := range CollectiveForms() {
		used[f.MessageKey()] = true
	}
	for _, lang := range []string{"fr", "en"} {
		t.Run(lang, func(t *testing.T) {
			defined := map[string]string{}
			if _, err := toml.DecodeFile(filepath.Join("..", "..", "frontend", "locales", "quebec."+lang+".toml"), &defined); err != nil {
				t.Fatal(err)
			}
			for k := range used {
				if defined[k] == "" {
					t.Errorf("%s missing from quebec.%s.toml", k, lang)
				}
			}
		})
	}
}
