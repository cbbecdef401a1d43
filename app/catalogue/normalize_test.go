package catalogue

import (
	"testing"
)

func TestNameKey(t *testing.T) {
	t.Parallel()
	cases := []struct{ a, b string }{
		{"Coop de solidarité Le Grenier inc.", "LE GRENIER, COOPÉRATIVE DE SOLIDARITÉ"},
		{"Ressourcerie du Grand Portage (OBNL)", "ressourcerie grand-portage"},
		{"Les Jardins du Sillon inc.", "Jardins du Sillon"},
		{"Coopérative de travail Pixel et Papier", "Pixel & Papier, coop de travail"},
		{"Traiteur La Marmite solidaire ltée", "Traiteur Marmite Solidaire"},
		{"Organisme sans but lucratif L'Envol", "L’Envol OSBL"},
	}
	for _, c := range cases {
		t.Run(c.a, func(t *testing.T) {
			if ka, kb := NameKey(c.a), NameKey(c.b); ka != kb {
				t.Errorf("keys differ: %q → %q, %q → %q", c.a, ka, c.b, kb)
			}
		})
	}
	t.Run("only legal words keeps a key", func(t *testing.T) {
		if got := NameKey("Coopérative inc."); got == "" {
			t.Error("empty key")
		}
	})
	t.Run("different enterprises keep different keys", func(t *testing.T) {
		if NameKey("Le Grenier") == NameKey("La Grange") {
			t.Error("collision")
		}
	})
}

func TestNormalizePhone(t *testing.T) {
	t.Parallel()
	phones := []struct {
		in, want string
		ok       bool
	}{
		{"(514) 555-0123", "514-555-0123", true},
		{"1-418-555-0199", "418-555-0199", true},
		{"+1 819 555 0100 poste 22", "819-555-0100 poste 22", true},
		{"555-0123", "555-0123", false},
		{"appelez-nous", "appelez-nous", false},
	}
	for _, c := range phones {
		t.Run(c.in, func(t *testing.T) {
			got, ok := NormalizePhone(c.in)
			if got != c.want || ok != c.ok {
				t.Errorf("NormalizePhone(%q) = %q, %v; want %q, %v", c.in, got, ok, c.want, c.ok)
			}
		})
	}
}
