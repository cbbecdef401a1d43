package catalogue

import "maillage/app/quebec"

// Sector is one entry of the steward-managed list of activity sectors (a pôle typically
// uses about eleven). Stewards edit the list; DefaultSectors only seeds it.
type Sector struct {
	Code   string `json:"code"`
	NameFR string `json:"name_fr"`
	NameEN string `json:"name_en"`
}

// DefaultSectors is the starting list, close to the sectors the regional pôles publish.
func DefaultSectors() []Sector {
	return []Sector{
		{"alimentation", "Alimentation et services de traiteur", "Food and catering"},
		{"entretien", "Entretien ménager et d'immeubles", "Cleaning and building maintenance"},
		{"environnement", "Environnement, récupération et recyclage", "Environment, reuse and recycling"},
		{"amenagement", "Aménagement paysager et entretien extérieur", "Landscaping and outdoor maintenance"},
		{"communication", "Communication, imprimerie et multimédia", "Communication, printing and media"},
		{"informatique", "Informatique et technologies", "Computers and technology"},
		{"services_entreprises", "Services aux entreprises", "Business services"},
		{"culture_loisirs", "Arts, culture, loisirs et tourisme", "Arts, culture, recreation and tourism"},
		{"transport", "Transport et déménagement", "Transport and moving"},
		{"construction", "Construction, rénovation et mobilier", "Construction, renovation and furniture"},
		{"services_personnes", "Services aux personnes et formation", "Personal services and training"},
	}
}

// sectorIndex resolves a sector cell by code or by French or English name.
type sectorIndex map[string]string

func newSectorIndex(ss []Sector) sectorIndex {
	ix := sectorIndex{}
	for _, s := range ss {
		ix[quebec.Fold(s.Code)] = s.Code
		ix[quebec.Fold(s.NameFR)] = s.Code
		ix[quebec.Fold(s.NameEN)] = s.Code
	}
	return ix
}

func (ix sectorIndex) resolve(cell string) (string, bool) {
	c, ok := ix[quebec.Fold(cell)]
	return c, ok
}
