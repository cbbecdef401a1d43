package mail

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// TestMessagesTranslated checks that every message ID of the package has a French and
// an English text.
func TestMessagesTranslated(t *testing.T) {
	keyRe := regexp.MustCompile(`"(mail\.[a-z_]+)"`)
	used := map[string]bool{}
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
	delete(used, JobSend) // a job kind, not a message
	if len(used) == 0 {
		t.Fatal("no message IDs found")
	}
	for _, lang := range []string{"fr", "en"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "frontend", "locales", "mail."+lang+".toml"))
		if err != nil {
			t.Fatal(err)
		}
		for k := range used {
			if !regexp.MustCompile(`(?m)^"` + regexp.QuoteMeta(k) + `"\s*=`).Match(b) {
				t.Errorf("%s missing from mail.%s.toml", k, lang)
			}
		}
	}
}
