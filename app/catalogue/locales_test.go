package catalogue

import (
	"testing"

	"maillage/app/i18ntest"
)

// Every message ID this package returns, and every field, criterion and outcome the pages
// name, exists in both locale files.
func TestMessageIDsExistInBothLanguages(t *testing.T) {
	t.Parallel()
	want := i18ntest.Used(t, "catalogue")
	for _, f := range Fields() {
		want["catalogue.field."+string(f)] = true
	}
	for _, c := range Criteria() {
		want["catalogue.criterion."+string(c)] = true
	}
	for _, o := range []Outcome{OutcomeNew, OutcomeUpdate, OutcomeUnchanged, OutcomeDuplicate, OutcomeError} {
		want["catalogue.outcome."+string(o)] = true
	}
	i18ntest.Check(t, "catalogue", want)
}
