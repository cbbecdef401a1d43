package tabular

import (
	"testing"

	"maillage/app/i18ntest"
)

// Every message ID the package returns has a French and an English text.
func TestMessagesTranslated(t *testing.T) {
	i18ntest.Check(t, "tabular", i18ntest.Used(t, "tabular"))
}
