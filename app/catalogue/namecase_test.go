package catalogue

import "testing"

func TestNameCase(t *testing.T) {
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
