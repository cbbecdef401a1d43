package catalogue

import "testing"

func TestNameCase(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"CENTRE D'ACTION BÉNÉVOLE DE SHAWINIGAN INC.":       "Centre d'Action Bénévole de Shawinigan inc.",
		"COOPÉRATIVE DE SOLIDARITÉ SANTÉ DE SAINT-BONIFACE": "Coopérative de Solidarité Santé de Saint-Boniface",
		"L'ÉCHO DES FEMMES DE LA PETITE NATION":             "L'Écho des Femmes de la Petite Nation",
		"CPE LA RUCHE DE STE-MARIE-DE-BLANDFORD":            "CPE La Ruche de Ste-Marie-de-Blandford",
		"MAISON DES JEUNES S.E.N.C.":                        "Maison des Jeunes S.E.N.C.",
		"Coop de solidarité Le Rucher":                      "Coop de solidarité Le Rucher",
		"MAISON DE LA FAMILLE DU HAUT-SAINT-MAURICE":        "Maison de la Famille du Haut-Saint-Maurice",
		"123": "123",
		"":    "",
	}
	for in, want := range tests {
		t.Run(in, func(t *testing.T) {
			if got := NameCase(in); got != want {
				t.Errorf("NameCase(%q) = %q, want %q", in, got, want)
			}
		})
	}
}

func TestAddressCase(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"1200, RANG SAINT-JOSEPH":  "1200, rang Saint-Joseph",
		"5E RUE DE LA POINTE":      "5e rue de la Pointe",
		"C.P. 245":                 "C.P. 245",
		"4649, rue Notre-Dame":     "4649, rue Notre-Dame",
		"80, BOULEVARD DES FORGES": "80, boulevard des Forges",
	}
	for in, want := range tests {
		t.Run(in, func(t *testing.T) {
			if got := AddressCase(in); got != want {
				t.Errorf("AddressCase(%q) = %q, want %q", in, got, want)
			}
		})
	}
}
