package quebec

import "testing"

func TestFold(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Coopérative  d’Entretien-Ménager, inc.", "cooperative d entretien menager inc"},
		{"ÉCOLE Œuvre & Cie", "ecole oeuvre et cie"},
		{"  Café-coop L'Accent ", "cafe coop l accent"},
		{"Saguenay--Lac-Saint-Jean", "saguenay lac saint jean"},
		{"", ""},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			if got := Fold(c.in); got != c.want {
				t.Errorf("Fold(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

func TestNormalizeNEQ(t *testing.T) {
	cases := []struct {
		in    string
		norm  string
		valid bool
	}{
		{"1164123456", "1164123456", true},
		{"1 164 123 456", "1164123456", true},
		{"1164-123-456", "1164123456", true},
		{"116412345", "116412345", false},
		{"11641234567", "11641234567", false},
		{"NEQ1164123456", "NEQ1164123456", false},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			n := NormalizeNEQ(c.in)
			if n != c.norm || ValidNEQ(n) != c.valid {
				t.Errorf("NormalizeNEQ(%q) = %q valid %v; want %q valid %v", c.in, n, ValidNEQ(n), c.norm, c.valid)
			}
		})
	}
}
