package quebec

import (
	"testing"

	"maillage/app/errs"
)

func TestParseNEQ(t *testing.T) {
	tests := []struct {
		in, want, key string
	}{
		{"1143456789", "1143456789", ""},
		{" 1143 456 789 ", "1143456789", ""},
		{"1143-456-789", "1143456789", ""},
		{"1143\u00a0456\u00a0789", "1143456789", ""},
		{"0000000000", "0000000000", ""}, // format only: no check digit is confirmed
		{"", "", "quebec.neq_required"},
		{"   ", "", "quebec.neq_required"},
		{"114345678", "", "quebec.neq_invalid"},     // 9 digits
		{"11434567890", "", "quebec.neq_invalid"},   // 11 digits
		{"114345678A", "", "quebec.neq_invalid"},    // letter
		{"１１４３４５６７８９", "", "quebec.neq_invalid"},    // full-width digits are not ASCII digits
		{"1.143456789E9", "", "quebec.neq_invalid"}, // a spreadsheet's scientific notation
		{"<script>1</script>", "", "quebec.neq_invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseNEQ(tt.in)
			if tt.key == "" {
				if err != nil || string(got) != tt.want {
					t.Fatalf("ParseNEQ(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
				}
				return
			}
			e := errs.As(err)
			if e == nil || e.Kind != errs.Invalid || e.Key != tt.key {
				t.Fatalf("ParseNEQ(%q) error = %v, want invalid %s", tt.in, err, tt.key)
			}
		})
	}
}

func TestNEQDisplay(t *testing.T) {
	if got := NEQ("1143456789").Display(); got != "1143 456 789" {
		t.Errorf("Display = %q", got)
	}
}
