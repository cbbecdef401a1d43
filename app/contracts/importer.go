package contracts

import (
	"strings"

	"maillage/app/errs"
	"maillage/app/tabular"
)

// importTargets are the fields a contract spreadsheet can fill, with the French headers bodies
// write (and those of our own template and export, in both languages).
var importTargets = []tabular.Target{
	{Field: "supplier_name", Aliases: []string{"Fournisseur", "Cocontractant", "Nom du fournisseur", "Adjudicataire", "Entreprise", "Supplier", "Contractor"}, Required: true},
	{Field: "supplier_neq", Aliases: []string{"NEQ", "NEQ du fournisseur", "Numéro d'entreprise du Québec", "No d'entreprise", "Supplier NEQ"}},
	{Field: "object", Aliases: []string{"Objet", "Objet du contrat", "Description", "Titre", "Title", "Object"}, Required: true},
	{Field: "category", Aliases: []string{"UNSPSC", "Catégorie", "Catégorie UNSPSC", "Code UNSPSC", "Category"}},
	{Field: "nature", Aliases: []string{"Nature", "Nature du contrat", "Type de contrat", "Type", "Contract nature"}, Required: true},
	{Field: "procedure", Aliases: []string{"Procédure", "Mode d'adjudication", "Mode de sollicitation", "Mode d'octroi", "Mode", "Procedure"}, Required: true},
	{Field: "awarded", Aliases: []string{"Montant", "Montant octroyé", "Montant avant taxes", "Montant du contrat", "Amount", "Awarded amount"}, Required: true},
	{Field: "awarded_taxed", Aliases: []string{"Montant taxes incluses", "Montant TTC", "Montant avec taxes", "Amount with taxes"}},
	{Field: "final", Aliases: []string{"Montant final", "Montant total payé", "Montant payé", "Final amount"}},
	{Field: "awarded_on", Aliases: []string{"Date", "Date d'octroi", "Date d'adjudication", "Date de conclusion", "Date du contrat", "Award date"}, Required: true},
	{Field: "seao_number", Aliases: []string{"Numéro SEAO", "No SEAO", "SEAO", "SEAO number"}},
	{Field: "supplier_ees", Aliases: []string{"EES", "Économie sociale", "Entreprise d'économie sociale", "Social economy enterprise"}},
}

// ImportTargets returns the fields a contract spreadsheet can fill, for mapping suggestions.
func ImportTargets() []tabular.Target { return append([]tabular.Target(nil), importTargets...) }

// TemplateHeaders are the headers of the contract template, in French or English: each is an
// alias of its field, so a filled template imports with no mapping to type.
func TemplateHeaders(lang string) []string {
	if lang == "en" {
		return []string{"Supplier", "Supplier NEQ", "Object", "UNSPSC", "Contract nature", "Procedure", "Awarded amount",
			"Amount with taxes", "Final amount", "Award date", "SEAO number", "Social economy enterprise"}
	}
	return []string{"Fournisseur", "NEQ du fournisseur", "Objet du contrat", "Catégorie UNSPSC", "Nature du contrat", "Mode d'adjudication",
		"Montant avant taxes", "Montant taxes incluses", "Montant final", "Date d'octroi", "Numéro SEAO", "Entreprise d'économie sociale"}
}

var natureWords = map[string]string{
	"goods": "goods", "biens": "goods", "bien": "goods", "approvisionnement": "goods", "approvisionnement biens": "goods",
	"services": "services", "service": "services", "services professionnels": "services",
	"construction": "construction", "travaux": "construction", "travaux de construction": "construction", "works": "construction",
}

var procedureWords = map[string]string{
	"gre a gre": "gre_a_gre", "gre_a_gre": "gre_a_gre", "contrat de gre a gre": "gre_a_gre", "direct": "gre_a_gre",
	"invitation": "invitation", "sur invitation": "invitation", "appel d offres sur invitation": "invitation", "limited": "invitation",
	"public": "public_call", "public_call": "public_call", "appel d offres public": "public_call", "open": "public_call",
}

// parseNature reads a nature as a code or as the app's and people's words ("Travaux de
// construction", "Services professionnels", "Approvisionnement en biens").
func parseNature(s string) (string, bool) {
	n := tabular.Normalize(s)
	if v, ok := natureWords[n]; ok {
		return v, true
	}
	switch {
	case strings.Contains(n, "construction") || strings.Contains(n, "travaux"):
		return "construction", true
	case strings.Contains(n, "service"):
		return "services", true
	case strings.Contains(n, "bien") || strings.Contains(n, "approvisionnement") || strings.Contains(n, "fourniture") || strings.Contains(n, "goods"):
		return "goods", true
	}
	return "", false
}

// parseProcedure reads a procedure as a code or as the app's own labels and people's words
// ("Invitation écrite", "Invitation écrite (au moins 2 fournisseurs)", "Appel d'offres
// public (SEAO)", "Gré à gré").
func parseProcedure(s string) (string, bool) {
	n := tabular.Normalize(s)
	if v, ok := procedureWords[n]; ok {
		return v, true
	}
	switch {
	case strings.Contains(n, "gre a gre") || strings.Contains(n, "direct"):
		return "gre_a_gre", true
	case strings.Contains(n, "invitation"):
		return "invitation", true
	case strings.Contains(n, "public") || strings.Contains(n, "seao"):
		return "public_call", true
	}
	return "", false
}

// FromRecords turns mapped spreadsheet rows into contract inputs. Every row problem goes into v
// with its row number; the caller imports nothing unless v is empty.
func FromRecords(recs []tabular.Record, v *errs.Validation) []Input {
	out := make([]Input, 0, len(recs))
	for _, r := range recs {
		val := r.Values
		row := r.Line // the row's line in the file, the one number a person sees
		in := Input{SupplierName: val["supplier_name"], SupplierNEQ: val["supplier_neq"], Object: val["object"],
			Category: val["category"], SEAONumber: val["seao_number"], Line: r.Line}
		var ok bool
		if in.Nature, ok = parseNature(val["nature"]); !ok && val["nature"] != "" {
			v.AddRow(row, "nature", "contracts.nature_invalid", map[string]any{"Value": val["nature"]})
		}
		if in.Procedure, ok = parseProcedure(val["procedure"]); !ok && val["procedure"] != "" {
			v.AddRow(row, "procedure", "contracts.procedure_invalid", map[string]any{"Value": val["procedure"]})
		}
		if s := val["awarded"]; s != "" {
			if in.AwardedCents, ok = ParseAmount(s); !ok {
				v.AddRow(row, "awarded", "contracts.amount_invalid", map[string]any{"Value": s})
			}
		}
		in.AwardedTaxedCents = optionalAmount(v, row, "awarded_taxed", val["awarded_taxed"])
		in.FinalCents = optionalAmount(v, row, "final", val["final"])
		if s := val["awarded_on"]; s != "" {
			if in.AwardedOn, ok = ParseDate(s); !ok {
				v.AddRow(row, "awarded_on", "contracts.date_invalid", map[string]any{"Value": s})
			}
		}
		if in.SupplierEES, ok = ParseBool(val["supplier_ees"]); !ok {
			v.AddRow(row, "supplier_ees", "contracts.bool_invalid", map[string]any{"Value": val["supplier_ees"]})
		}
		in.Normalize()
		if in.Nature != "" && in.Procedure != "" && !in.AwardedOn.IsZero() {
			in.Validate(v, row)
		}
		out = append(out, in)
	}
	if len(recs) > 0 { // messages name the file's own columns (one mapping for every record)
		for i := range v.Fields {
			if v.Fields[i].Column == "" {
				v.Fields[i].Column = recs[0].Columns[v.Fields[i].Field]
			}
		}
	}
	return out
}

func optionalAmount(v *errs.Validation, row int, field, s string) *int64 {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	c, ok := ParseAmount(s)
	if !ok {
		v.AddRow(row, field, "contracts.amount_invalid", map[string]any{"Value": s})
		return nil
	}
	return &c
}
