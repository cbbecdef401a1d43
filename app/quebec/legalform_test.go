package quebec

import (
	"testing"

	"maillage/app/errs"
)

func TestParseLegalForm(t *testing.T) {
	tests := []struct {
		in   string
		want LegalForm
		key  string
	}{
		{"cooperative", FormCooperative, ""},
		{"Coopérative de solidarité", FormCooperative, ""},
		{"CO-OP", FormCooperative, ""},
		{"COP", FormCooperative, ""},
		{"OBNL", FormNonProfit, ""},
		{"Organisme à but non lucratif", FormNonProfit, ""},
		{"PMSBL", FormNonProfit, ""},
		{"non-profit", FormNonProfit, ""},
		{"Mutuelle", FormMutual, ""},
		{"Société par actions", FormCorporation, ""},
		{"Inc.", FormCorporation, ""},
		{"S.E.N.C.", FormPartnership, ""},
		{"Entreprise individuelle", FormSoleProprietor, ""},
		{"sole_proprietor", FormSoleProprietor, ""},
		{"Autre", FormOther, ""},
		{"", "", "quebec.legal_form_required"},
		{"Fiducie", "", "quebec.legal_form_unknown"},
		{"<b>coop</b>", "", "quebec.legal_form_unknown"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseLegalForm(tt.in)
			if tt.key == "" {
				if err != nil || got != tt.want {
					t.Fatalf("ParseLegalForm(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
				}
				return
			}
			if e := errs.As(err); e == nil || e.Key != tt.key {
				t.Fatalf("ParseLegalForm(%q) error = %v, want %s", tt.in, err, tt.key)
			}
		})
	}
}

func TestLegalFormCollective(t *testing.T) {
	for _, f := range LegalForms() {
		want := f == FormCooperative || f == FormNonProfit || f == FormMutual
		if f.Collective() != want || !f.Valid() {
			t.Errorf("%s: Collective = %v, Valid = %v", f, f.Collective(), f.Valid())
		}
	}
	if LegalForm("llc").Valid() || CoopKind("x").Valid() || !CoopSolidarity.Valid() {
		t.Error("Valid accepts an unknown value or refuses a known one")
	}
}

func TestParseCoopKind(t *testing.T) {
	for in, want := range map[string]CoopKind{"Coopérative de solidarité": CoopSolidarity, "worker_shareholder": CoopWorkerShareholder,
		"Coopérative de travailleurs actionnaire": CoopWorkerShareholder, "Workers' co-operative": CoopWorkers,
		"coopérative de producteurs": CoopProducers, "CONSUMERS": CoopConsumers, "pirate": "", "": ""} {
		t.Run(in, func(t *testing.T) {
			if got := ParseCoopKind(in); got != want {
				t.Errorf("ParseCoopKind(%q) = %q, want %q", in, got, want)
			}
		})
	}
}
