package quebec

import (
	"testing"

	"maillage/app/i18ntest"
)

// Every message ID the package returns or names (the legal forms, co-operative kinds and
// collective forms) has a French and an English text.
func TestMessagesTranslated(t *testing.T) {
	used := i18ntest.Used(t, "quebec")
	for _, f := range LegalForms() {
		used[f.MessageKey()] = true
	}
	for _, k := range CoopKinds() {
		used[k.MessageKey()] = true
	}
	for _, f := range CollectiveForms() {
		used[f.MessageKey()] = true
	}
	i18ntest.Check(t, "quebec", used)
}
