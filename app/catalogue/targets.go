package catalogue

import "maillage/app/tabular"

// Extra import targets that are not entry fields: they help match a row.
const (
	TargetRegion    = "region"     // tells apart municipalities of the same name
	TargetSourceRef = "source_ref" // the directory's own id of the row, for re-imports
)

// ImportTargets are the fields a directory's columns can be mapped to, with the header
// spellings pôles and networks use, so that the mapping step usually needs no change.
func ImportTargets() []tabular.Target {
	return []tabular.Target{
		{Field: string(FieldNEQ), Aliases: []string{"numéro d'entreprise du Québec", "numéro d'entreprise", "no entreprise"}},
		{Field: string(FieldName), Required: true, Aliases: []string{"nom", "nom de l'entreprise", "entreprise", "raison sociale", "organisme", "nom de l'organisme"}},
		{Field: string(FieldOtherNames), Aliases: []string{"autres noms", "nom commercial", "autre nom"}},
		{Field: string(FieldLegalForm), Aliases: []string{"forme juridique", "statut juridique", "type d'entreprise", "forme"}},
		{Field: string(FieldStreet), Aliases: []string{"adresse", "adresse civique", "rue"}},
		{Field: string(FieldMunicipality), Required: true, Aliases: []string{"municipalité", "ville", "localité", "code géographique"}},
		{Field: string(FieldPostalCode), Aliases: []string{"code postal"}},
		{Field: TargetRegion, Aliases: []string{"région", "région administrative"}},
		{Field: string(FieldRegionsServed), Aliases: []string{"régions desservies", "territoire desservi"}},
		{Field: string(FieldSectors), Aliases: []string{"secteur", "secteurs", "secteur d'activité", "secteurs d'activité"}},
		{Field: string(FieldUNSPSC), Aliases: []string{"UNSPSC", "codes UNSPSC", "catégories UNSPSC"}},
		{Field: string(FieldProducts), Aliases: []string{"produits", "services", "produits et services", "produits et services offerts"}},
		{Field: string(FieldDescription), Aliases: []string{"description", "mission"}},
		{Field: string(FieldWebsite), Aliases: []string{"site web", "site internet", "site"}},
		{Field: string(FieldEmail), Aliases: []string{"courriel", "adresse courriel", "e-mail"}},
		{Field: string(FieldPhone), Aliases: []string{"téléphone", "tél", "no de téléphone"}},
		{Field: string(FieldAdapted), Aliases: []string{"entreprise adaptée", "adaptée"}},
		{Field: string(FieldNoRistourne), Aliases: []string{"sans ristourne"}},
		{Field: TargetSourceRef, Aliases: []string{"id", "identifiant", "no de fiche", "numéro de fiche"}},
	}
}

// RowsFromRecords turns mapped records into import rows.
func RowsFromRecords(recs []tabular.Record) []Row {
	rows := make([]Row, 0, len(recs))
	for _, r := range recs {
		row := Row{Line: r.Number, Values: make(map[Field]string, len(r.Values))}
		for k, v := range r.Values {
			switch k {
			case TargetRegion:
				row.Region = v
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
