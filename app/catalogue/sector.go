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

// SectorAlias maps a directory's own sector name to a catalogue sector; an empty Code means
// the value is known and deliberately left out (a REQ activity like "Associations de
// personnes" says nothing a buyer searches for).
type SectorAlias struct {
	Value string `json:"value"`
	Code  string `json:"code"`
}

// sectorIndex resolves a sector cell by code, by French or English name, or by an alias a
// steward mapped; the code is "" for a value mapped to "ignore".
type sectorIndex map[string]string

func newSectorIndex(ss []Sector, aliases ...SectorAlias) sectorIndex {
	ix := sectorIndex{}
	for _, a := range aliases {
		ix[quebec.Fold(a.Value)] = a.Code
	}
	for _, s := range ss {
		ix[quebec.Fold(s.Code)] = s.Code
		ix[quebec.Fold(s.NameFR)] = s.Code
		ix[quebec.Fold(s.NameEN)] = s.Code
	}
	return ix
}

// resolve returns the sector a cell names and whether the value is known at all.
func (ix sectorIndex) resolve(cell string) (string, bool) {
	c, ok := ix[quebec.Fold(cell)]
	return c, ok
}
