package rules

import "testing"

func TestInLanguage(t *testing.T) {
	ref, err := DefaultReference()
	if err != nil {
		t.Fatal(err)
	}
	var shipped LegalValue
	for _, v := range ref.Values {
		if v.Version == "lcom_in_force/2026-04-01" {
			shipped = v
		}
	}
	if shipped.Version == "" {
		t.Fatal("lcom_in_force/2026-04-01 not shipped")
	}
	edited := shipped
	edited.Citation = "LCOM, art. 1 (modifié par le personnel)"
	other := shipped
	other.Version = "lcom_in_force/2027-01-01"
	tests := []struct {
		name                 string
		v                    LegalValue
		lang                 string
		text, citation, note string
	}{
		{"French stays as stored", shipped, "fr", shipped.Text, shipped.Citation, shipped.Note},
		{"English shows the shipped English", shipped, "en",
			"The Act respecting contracts of municipal bodies replaces the contract rules of the Cities and Towns Act and the Municipal Code",
			"Act enacting the Act respecting contracts of municipal bodies (Bill 79, assented to on 2025-03-25), in force on the date set by the government",
			"order in council not found; transitional rule not found -> flag processes started before and awarded after 2026-04-01"},
		{"an edited field shows as edited, the others in English", edited, "en",
			"The Act respecting contracts of municipal bodies replaces the contract rules of the Cities and Towns Act and the Municipal Code",
			"LCOM, art. 1 (modifié par le personnel)",
			"order in council not found; transitional rule not found -> flag processes started before and awarded after 2026-04-01"},
		{"a version staff added has no English", other, "en", shipped.Text, shipped.Citation, shipped.Note},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := InLanguage(tt.v, tt.lang)
			if got.Text != tt.text || got.Citation != tt.citation || got.Note != tt.note {
				t.Errorf("InLanguage(%s) = %q / %q / %q", tt.lang, got.Text, got.Citation, got.Note)
			}
			if c := CitationIn(tt.v.Version, tt.v.Citation, tt.lang); c != tt.citation {
				t.Errorf("CitationIn = %q, want %q", c, tt.citation)
			}
		})
	}
	for _, v := range ref.Values {
		if en := InLanguage(v, "en"); en.Citation == v.Citation && v.Citation != "" {
			t.Errorf("%s: no English citation", v.Version)
		}
	}
}
