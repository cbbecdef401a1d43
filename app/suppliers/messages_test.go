package suppliers

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// TestMessagesTranslated checks that every message ID the package can produce, literal
// or built by a MessageKey method, has a French and an English text.
func TestMessagesTranslated(t *testing.T) {
	used := map[string]bool{}
	keyRe := regexp.MustCompile(`"(suppliers\.[a-z_]+)"`)
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
	delete(used, JobExpiryReminders) // a job kind, not a message
	for _, c := range EESCriteria() {
		used[c.MessageKey()] = true
	}
	for _, s := range States() {
		used[s.MessageKey()] = true
	}
	for _, a := range Actions() {
		used[a.MessageKey()] = true
	}
	for _, s := range DocStates() {
		used[s.MessageKey()] = true
	}
	for _, a := range []Attestation{AttestNone, AttestDeclared, AttestVerified} {
		used["suppliers.attestation."+string(a)] = true
	}
	for _, d := range []string{DocRQAttestation, DocInsurance, DocAMPAuthorization, DocRENACheck} {
		used["suppliers.doc_type."+d] = true
	}
	defRe := regexp.MustCompile(`(?m)^"(suppliers\.[a-z_.]+)"\s*=`)
	for _, lang := range []string{"fr", "en"} {
		t.Run(lang, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("..", "..", "frontend", "locales", "suppliers."+lang+".toml"))
			if err != nil {
				t.Fatal(err)
			}
			defined := map[string]bool{}
			for _, m := range defRe.FindAllSubmatch(b, -1) {
				defined[string(m[1])] = true
			}
			for k := range used {
				if !defined[k] {
					t.Errorf("%s missing from suppliers.%s.toml", k, lang)
				}
			}
		})
	}
}
