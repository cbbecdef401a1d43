package mail

import (
	"testing"

	"maillage/app/i18ntest"
)

// Every message ID the package returns has a French and an English text.
func TestMessagesTranslated(t *testing.T) {
	used := i18ntest.Used(t, "mail")
	delete(used, JobSend) // a job kind, not a message
	i18ntest.Check(t, "mail", used)
}
