package suppliers

import (
	"testing"

	"maillage/app/i18ntest"
)

// TestMessagesTranslated checks that every message ID the package can produce, literal
// or built by a MessageKey method, has a French and an English text.
func TestMessagesTranslated(t *testing.T) {
	t.Parallel()
	used := i18ntest.Used(t, "suppliers")
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
	i18ntest.Check(t, "suppliers", used)
}
