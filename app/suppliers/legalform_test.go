package suppliers

import (
	"reflect"
	"testing"
	"time"

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
		{"", "", "suppliers.legal_form_required"},
		{"Fiducie", "", "suppliers.legal_form_unknown"},
		{"<b>coop</b>", "", "suppliers.legal_form_unknown"},
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

func TestStatements(t *testing.T) {
	at := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	all := EESCriteria()
	declared := Statements{Criteria: all, Attestation: AttestDeclared, AttestedBy: "user-1", AttestedAt: at}
	tests := []struct {
		name        string
		form        LegalForm
		s           Statements
		ees         bool
		asNonProfit bool
		fields      []string
	}{
		{"nothing stated", FormCorporation, Statements{}, false, false, nil},
		{"declared co-op", FormCooperative, declared, true, false, nil},
		{"verified non-profit", FormNonProfit, Statements{Criteria: all, Attestation: AttestVerified, AttestedBy: "buyer-9", AttestedAt: at}, true, true, nil},
		{"criteria without attestation is not EES", FormMutual, Statements{Criteria: all}, false, false, nil},
		{"five criteria of six", FormCooperative, Statements{Criteria: all[:5], Attestation: AttestDeclared, AttestedBy: "u", AttestedAt: at}, false, false, []string{"ees_criteria"}},
		{"corporation cannot be EES", FormCorporation, declared, false, false, []string{"legal_form"}},
		{"attestation without who and when", FormNonProfit, Statements{Criteria: all, Attestation: AttestVerified}, true, true, []string{"ees_attestation"}},
		{"unknown criterion and attestation", FormNonProfit, Statements{Criteria: []EESCriterion{"profit"}, Attestation: "trust me"}, false, true, []string{"ees_criteria", "ees_attestation"}},
		{"co-op without ristourne is treated as non-profit", FormCooperative, Statements{NoRistourne: true}, false, true, nil},
		{"no-ristourne flag needs a co-op", FormNonProfit, Statements{NoRistourne: true}, false, true, []string{"no_ristourne"}},
		{"adapted non-profit", FormNonProfit, Statements{Adapted: true}, false, true, nil},
		{"adapted corporation refused", FormCorporation, Statements{Adapted: true}, false, false, []string{"adapted"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.s.EES(tt.form); got != tt.ees {
				t.Errorf("EES = %v, want %v", got, tt.ees)
			}
			if got := TreatedAsNonProfit(tt.form, tt.s); got != tt.asNonProfit {
				t.Errorf("TreatedAsNonProfit = %v, want %v", got, tt.asNonProfit)
			}
			var v errs.Validation
			tt.s.Validate(tt.form, &v)
			var fields []string
			for _, f := range v.Fields {
				fields = append(fields, f.Field)
			}
			if !reflect.DeepEqual(fields, tt.fields) {
				t.Errorf("Validate fields = %v, want %v", fields, tt.fields)
			}
		})
	}
}
