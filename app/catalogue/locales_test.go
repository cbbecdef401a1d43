package catalogue

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/BurntSushi/toml"
)

// Every message ID this package returns, and every field, legal form, criterion and outcome
// the pages name, exists in both locale files.
func TestMessageIDsExistInBothLanguages(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	keyRe := regexp.MustCompile(`"(catalogue\.[a-z_.]*[a-z_])"`)
	want := map[string]bool{}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range keyRe.FindAllSubmatch(src, -1) {
			want[string(m[1])] = true
		}
	}
	for _, f := range Fields() {
		want["catalogue.field."+string(f)] = true
	}
	for _, c := range Criteria() {
		want["catalogue.criterion."+string(c)] = true
	}
	for _, o := range []Outcome{OutcomeNew, OutcomeUpdate, OutcomeUnchanged, OutcomeDuplicate, OutcomeError} {
		want["catalogue.outcome."+string(o)] = true
	}
	msgs := map[string]map[string]string{}
	for _, lang := range []string{"fr", "en"} {
		m := map[string]string{}
		if _, err := toml.DecodeFile("../../frontend/locales/catalogue."+lang+".toml", &m); err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		msgs[lang] = m
	}
	for k := range want {
		for lang, m := range msgs {
			if m[k] == "" {
				t.Errorf("%s missing in catalogue.%s.toml", k, lang)
			}
		}
	}
	for k := range msgs["fr"] {
		if _, ok := msgs["en"][k]; !ok {
			t.Errorf("%s in fr only", k)
		}
	}
	for k := range msgs["en"] {
		if _, ok := msgs["fr"][k]; !ok {
			t.Errorf("%s in en only", k)
		}
	}
}
