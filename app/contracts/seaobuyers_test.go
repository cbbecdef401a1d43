package contracts

import "testing"

func TestSameBody(t *testing.T) {
	t.Parallel()
	cases := []struct {
		body, bodyMuni, seao, seaoMuni string
		want                           bool
	}{
		{"Ville de Lévis", "25213", "VILLE DE LEVIS", "25213", true},
		{"Ville de Lévis", "25213", "Ville de Québec", "23027", false},
		{"Ville de Lévis", "", "Ville de Lévis", "", true},
		{"Ville de Saint-Jérôme", "", "Municipalité de Saint-Jérôme", "", true},
		{"Ville de Saint-Jérôme", "", "Ville de Saint-Jean-sur-Richelieu", "", false},
		{"MRC de Rimouski-Neigette", "", "Ville de Rimouski", "", false},
		{"Ville de Longueuil", "58227", "Longueuil (Ville)", "", true},
		{"Ville", "", "Ville de Laval", "", false},
	}
	for _, c := range cases {
		t.Run(c.body+" / "+c.seao, func(t *testing.T) {
			if got := SameBody(c.body, c.bodyMuni, c.seao, c.seaoMuni); got != c.want {
				t.Fatalf("SameBody = %v, want %v", got, c.want)
			}
		})
	}
}
