package rules

import (
	"slices"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"maillage/app/i18ntest"
)

// emittedIDs collects every "rules.…" message ID literal in the non-test Go files of the
// packages that speak this locale domain.
func emittedIDs(t *testing.T) []string {
	t.Helper()
	seen := i18ntest.Used(t, "rules", ".", "../seao")
	var ids []string
	for id := range seen {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

func TestLocales(t *testing.T) {
	t.Parallel()
	ids := emittedIDs(t)
	if len(ids) < 80 {
		t.Fatalf("only %d message IDs found; the scan is broken", len(ids))
	}
	args := map[string]any{}
	for _, k := range []string{"Amount", "Floor", "Threshold", "Ceiling", "Category", "Months", "Codes", "Pct", "Max", "MaxPct", "Employees",
		"Date", "From", "To", "Count", "Min", "Doc", "Expired", "Until", "Status", "Key", "Version", "Kind", "Nature", "Supplier",
		"Share", "Limit", "Index", "Year", "A", "B", "Expense", "Options", "Rate", "Award"} {
		args[k] = "«" + k + "»"
	}
	// Counts are numbers (the templates choose singular or plural forms with them); flags are booleans.
	for _, k := range []string{"Count", "Min", "Months"} {
		args[k] = 2
	}
	args["Insurance"] = false
	keys := map[string][]string{}
	for _, lang := range []string{"fr", "en"} {
		path := "../../frontend/locales/rules." + lang + ".toml"
		var m map[string]string
		if _, err := toml.DecodeFile(path, &m); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		for k := range m {
			keys[lang] = append(keys[lang], k)
		}
		slices.Sort(keys[lang])
		bundle := i18n.NewBundle(language.Make(lang))
		bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
		if _, err := bundle.LoadMessageFile(path); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		loc := i18n.NewLocalizer(bundle, lang)
		for _, id := range ids {
			t.Run(lang+" "+id, func(t *testing.T) {
				if _, ok := m[id]; !ok {
					t.Fatalf("missing in %s", path)
				}
				for _, scope := range []string{"quebec", "region", "mrc"} {
					args["Scope"] = scope
					out, err := loc.Localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: args})
					if err != nil || strings.Contains(out, "<no value>") || out == "" {
						t.Fatalf("render: %q, %v", out, err)
					}
				}
			})
		}
	}
	if !slices.Equal(keys["fr"], keys["en"]) {
		t.Errorf("fr and en files have different keys")
	}
}
