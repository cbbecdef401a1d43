package contracts

import (
	"strings"

	"maillage/app/errs"
	"maillage/app/tabular"
)

// ImportTargets are the fields a contract spreadsheet can fill.
var importTargets = []tabular.Target{
	{Field: "supplier_name", Aliases: []string{"fournisseur", "cocontractant", "nom du fournisseur", "supplier", "contractor"}, Required: true},
	{Field: "supplier_neq", Aliases: []string{"neq", "numero d entreprise du quebec", "no entreprise"}},
	{Field: "object", Aliases: []string{"objet", "description", "objet du contrat", "title"}, Required: true},
	{Field: "category", Aliases: []string{"unspsc", "categorie", "code unspsc", "category"}},
	{Field: "nature", Aliases: []string{"nature", "type"}, Required: true},
	{Field: "procedure", Aliases: []string{"procedure", "mode d adjudication", "mode de sollicitation", "mode"}, Required: true},
	{Field: "awarded", Aliases: []string{"montant", "montant octroye", "montant avant taxes", "amount", "awarded amount"}, Required: true},
	{Field: "awarded_taxed", Aliases: []string{"montant taxes incluses", "montant ttc", "amount with taxes"}},
	{Field: "final", Aliases: []string{"montant final", "montant total paye", "final amount"}},
	{Field: "awarded_on", Aliases: []string{"date", "date d octroi", "date d adjudication", "date de conclusion", "award date"}, Required: true},
	{Field: "seao_number", Aliases: []string{"numero seao", "no seao", "seao"}},
	{Field: "supplier_ees", Aliases: []string{"ees", "economie sociale", "entreprise d economie sociale"}},
}

// ImportTargets returns the fields a contract spreadsheet can fill, for mapping suggestions.
func ImportTargets() []tabular.Target { return append([]tabular.Target(nil), importTargets...) }

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

// FromRecords turns mapped spreadsheet rows into contract inputs. Every row problem goes into v
// with its row number; the caller imports nothing unless v is empty.
func FromRecords(recs []tabular.Record, v *errs.Validation) []Input {
	out := make([]Input, 0, len(recs))
	for _, r := range recs {
		val := r.Values
		row := r.Number
		in := Input{SupplierName: val["supplier_name"], SupplierNEQ: val["supplier_neq"], Object: val["object"],
			Category: val["category"], SEAONumber: val["seao_number"]}
		var ok bool
		if in.Nature, ok = natureWords[tabular.Normalize(val["nature"])]; !ok && val["nature"] != "" {
			v.AddRow(row, "nature", "contracts.nature_invalid", map[string]any{"Value": val["nature"]})
		}
		if in.Procedure, ok = procedureWords[tabular.Normalize(val["procedure"])]; !ok && val["procedure"] != "" {
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
