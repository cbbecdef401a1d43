package auth_test

import (
	"testing"

	"maillage/app/auth"
	"maillage/app/i18ntest"
)

// TestMessagesTranslated checks that every "auth.*" message ID written in this package's code
// (and the demo provider's) exists in French and English, and that both files hold the same keys.
func TestMessagesTranslated(t *testing.T) {
	t.Parallel()
	used := i18ntest.Used(t, "auth", ".", "demoidp")
	for _, r := range auth.AllRoles() {
		used["auth.role."+r] = true
	}
	if len(used) < 30 {
		t.Fatalf("found only %d message IDs in the code; the scan is broken", len(used))
	}
	i18ntest.Check(t, "auth", used)
}
