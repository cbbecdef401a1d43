package suppliers

import (
	"reflect"
	"testing"
	"time"

	"maillage/app/errs"
	"maillage/app/quebec"
)

func TestStatements(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	all := EESCriteria()
	declared := Statements{Criteria: all, Attestation: AttestDeclared, AttestedBy: "user-1", AttestedAt: at}
	tests := []struct {
		name        string
		form        quebec.LegalForm
		s           Statements
		ees         bool
		asNonProfit bool
		fields      []string
	}{
		{"nothing stated", quebec.FormCorporation, Statements{}, false, false, nil},
		{"declared co-op", quebec.FormCooperative, declared, true, false, nil},
		{"verified non-profit", quebec.FormNonProfit, Statements{Criteria: all, Attestation: AttestVerified, AttestedBy: "buyer-9", AttestedAt: at}, true, true, nil},
		{"criteria without attestation is not EES", quebec.FormMutual, Statements{Criteria: all}, false, false, nil},
		{"five criteria of six", quebec.FormCooperative, Statements{Criteria: all[:5], Attestation: AttestDeclared, AttestedBy: "u", AttestedAt: at}, false, false, []string{"ees_criteria"}},
		{"corporation cannot be EES", quebec.FormCorporation, declared, false, false, []string{"legal_form"}},
		{"attestation without who and when", quebec.FormNonProfit, Statements{Criteria: all, Attestation: AttestVerified}, true, true, []string{"ees_attestation"}},
		{"unknown criterion and attestation", quebec.FormNonProfit, Statements{Criteria: []EESCriterion{"profit"}, Attestation: "trust me"}, false, true, []string{"ees_criteria", "ees_attestation"}},
		{"co-op without ristourne is treated as non-profit", quebec.FormCooperative, Statements{NoRistourne: true}, false, true, nil},
		{"no-ristourne flag needs a co-op", quebec.FormNonProfit, Statements{NoRistourne: true}, false, true, []string{"no_ristourne"}},
		{"adapted non-profit", quebec.FormNonProfit, Statements{Adapted: true}, false, true, nil},
		{"adapted corporation refused", quebec.FormCorporation, Statements{Adapted: true}, false, false, []string{"adapted"}},
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
