package catalogue

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

func TestNameKey(t *testing.T) {
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

func TestNEQ(t *testing.T) {
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

func TestNormalizePhoneAndWebsite(t *testing.T) {
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
	sites := []struct {
		in, want string
		ok       bool
	}{
		{"www.Exemple.coop", "https://www.exemple.coop", true},
		{"http://exemple.org/", "http://exemple.org", true},
		{"ftp://exemple.org", "ftp://exemple.org", false},
		{"pas un site", "https://pas un site", false},
	}
	for _, c := range sites {
		t.Run(c.in, func(t *testing.T) {
			got, ok := NormalizeWebsite(c.in)
			if ok != c.ok || (ok && got != c.want) {
				t.Errorf("NormalizeWebsite(%q) = %q, %v; want %q, %v", c.in, got, ok, c.want, c.ok)
			}
		})
	}
}

func TestLegalForms(t *testing.T) {
	cells := []struct {
		in   string
		want LegalForm
		ok   bool
	}{
		{"Coopérative de solidarité", FormCoopSolidarity, true},
		{"OBNL", FormNonProfit, true},
		{"PMSBL", FormNonProfit, true},
		{"COP", FormCoop, true},
		{"mutuelle", FormMutual, true},
		{"coop_worker", FormCoopWorker, true},
		{"société par actions", "", false},
	}
	for _, c := range cells {
		t.Run("cell "+c.in, func(t *testing.T) {
			got, ok := ParseLegalForm(c.in)
			if got != c.want || ok != c.ok {
				t.Errorf("ParseLegalForm(%q) = %q, %v", c.in, got, ok)
			}
		})
	}
	names := []struct {
		in   string
		want LegalForm
	}{
		{"Coopérative de solidarité Le Pain partagé", FormCoopSolidarity},
		{"Coop de travail Vélo Cargo", FormCoopWorker},
		{"Café-coop L'Accent", FormCoop},
		{"Mutuelle de prévention Équilibre", FormMutual},
		{"Solidarité Jeunesse", ""},
		{"Les Jardins du Sillon", ""},
	}
	for _, c := range names {
		t.Run("name "+c.in, func(t *testing.T) {
			if got := LegalFormFromName(c.in); got != c.want {
				t.Errorf("LegalFormFromName(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}
