package catalogue

import "maillage/app/tabular"

// Extra import targets that are not entry fields: they help match a row.
const (
	TargetRegion    = "region"     // tells apart municipalities of the same name
	TargetTerritory = "territory"  // a pôle's "Territoire": an MRC or a city, the same kind of hint
	TargetSourceRef = "source_ref" // the directory's own id of the row, for re-imports
)

// ImportTargets are the fields a directory's columns can be mapped to, with the header
// spellings pôles, networks and the Registraire's extracts use (compared word by word, camel
// case split: "NomEntreprise", "SecteurActivite"), so that the mapping step usually needs no
// change.
func ImportTargets() []tabular.Target {
	return []tabular.Target{
		{Field: string(FieldNEQ), Aliases: []string{"numéro d'entreprise du Québec", "numéro d'entreprise", "no entreprise", "numéro REQ", "NEQ de l'entreprise"}},
		{Field: string(FieldName), Required: true, Aliases: []string{"nom", "nom de l'entreprise", "nom entreprise", "entreprise", "raison sociale",
			"organisme", "nom de l'organisme", "nom organisation", "dénomination", "nom légal", "nom de l'organisation"}},
		{Field: string(FieldOtherNames), Aliases: []string{"autres noms", "nom commercial", "autre nom", "autres dénominations"}},
		{Field: string(FieldLegalForm), Aliases: []string{"forme juridique", "statut juridique", "type d'entreprise", "forme", "type d'organisation", "forme légale"}},
		{Field: string(FieldStreet), Aliases: []string{"adresse", "adresse civique", "rue", "adresse ligne 1", "adresse 1"}},
		{Field: string(FieldMunicipality), Required: true, Aliases: []string{"municipalité", "ville", "localité", "code géographique", "municipalité ville"}},
		{Field: string(FieldPostalCode), Aliases: []string{"code postal"}},
		{Field: TargetTerritory, Aliases: []string{"territoire", "MRC", "MRC territoire", "territoire MRC"}},
		{Field: TargetRegion, Aliases: []string{"région", "région administrative"}},
		{Field: string(FieldRegionsServed), Aliases: []string{"régions desservies", "territoire desservi", "territoire couvert"}},
		{Field: string(FieldSectors), Aliases: []string{"secteur", "secteurs", "secteur d'activité", "secteurs d'activité", "domaine d'activité", "domaine"}},
		{Field: string(FieldUNSPSC), Aliases: []string{"UNSPSC", "codes UNSPSC", "catégories UNSPSC"}},
		{Field: string(FieldProducts), Aliases: []string{"produits", "services", "produits et services", "produits et services offerts", "offre de services"}},
		{Field: string(FieldDescription), Aliases: []string{"description", "mission"}},
		{Field: string(FieldWebsite), Aliases: []string{"site web", "site internet", "site", "URL"}},
		{Field: string(FieldEmail), Aliases: []string{"courriel", "adresse courriel", "e-mail"}},
		{Field: string(FieldPhone), Aliases: []string{"téléphone", "tél", "no de téléphone"}},
		{Field: string(FieldAdapted), Aliases: []string{"entreprise adaptée", "adaptée"}},
		{Field: string(FieldNoRistourne), Aliases: []string{"sans ristourne"}},
		{Field: TargetSourceRef, Aliases: []string{"id", "identifiant", "no de fiche", "numéro de fiche"}},
	}
}

// RowsFromRecords turns mapped records into import rows, each named by its line in the file.
func RowsFromRecords(recs []tabular.Record) []Row {
	rows := make([]Row, 0, len(recs))
	for _, r := range recs {
		row := Row{Line: r.Line, Values: make(map[Field]string, len(r.Values))}
		for k, v := range r.Values {
			switch k {
			case TargetRegion:
				row.Region = v
			case TargetTerritory:
				row.Territory = v
			case TargetSourceRef:
				row.Ref = v
			default:
				row.Values[Field(k)] = v
			}
		}
		rows = append(rows, row)
	}
	return rows
}
