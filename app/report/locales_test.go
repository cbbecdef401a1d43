package report

import (
	"testing"

	"maillage/app/declarations"
	"maillage/app/i18ntest"
)

// TestLocalesCoverEveryMessageID checks that every message ID the declarations code uses, literal
// or built from an enumeration, exists in both the French and the English file, and that the two
// files have the same keys.
func TestLocalesCoverEveryMessageID(t *testing.T) {
	used := i18ntest.Used(t, "declarations", "../declarations", "../report", "../charts")
	for _, k := range declarations.TargetKinds {
		used["declarations.kind."+string(k)] = true
	}
	for _, s := range declarations.CommitmentStatuses {
		used["declarations.status."+string(s)] = true
	}
	for _, c := range declarations.ContactKinds {
		used["declarations.contact_kind."+string(c)] = true
	}
	for _, p := range []string{"gre_a_gre", "invitation", "public_call", "exempt", "unknown"} {
		used["declarations.procedure."+p] = true
	}
	if len(used) < 80 {
		t.Fatalf("only %d message IDs found: the scan is broken", len(used))
	}
	i18ntest.Check(t, "declarations", used)
}
