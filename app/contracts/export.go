package contracts

import (
	"fmt"
	"time"
)

// exportWords are the natures and procedures as the export writes them: the words people use,
// which the import reads back (parseNature, parseProcedure).
var exportWords = map[string]map[string]string{
	"fr": {"goods": "Approvisionnement en biens", "services": "Services", "construction": "Travaux de construction",
		"gre_a_gre": "Gré à gré", "invitation": "Invitation écrite", "public_call": "Appel d'offres public",
		"yes": "oui", "no": "non"},
	"en": {"goods": "Goods", "services": "Services", "construction": "Construction",
		"gre_a_gre": "Direct award", "invitation": "Invitation", "public_call": "Public call for tenders",
		"yes": "yes", "no": "no"},
}

// ExportRow writes a contract in the columns of TemplateHeaders(lang), so that an export
// imports again as it is (into another body, or after corrections in a spreadsheet).
func ExportRow(c Contract, lang string) []string {
	words := exportWords["fr"]
	if lang == "en" {
		words = exportWords["en"]
	}
	amount := func(cents *int64) string {
		if cents == nil {
			return ""
		}
		s := fmt.Sprintf("%d.%02d", *cents/100, *cents%100)
		if lang != "en" {
			s = fmt.Sprintf("%d,%02d", *cents/100, *cents%100)
		}
		return s
	}
	ees := words["no"]
	if c.SupplierEES {
		ees = words["yes"]
	}
	awarded := c.AwardedCents
	return []string{c.SupplierName, c.SupplierNEQ, c.Object, c.Category, words[c.Nature], words[c.Procedure], amount(&awarded),
		amount(c.AwardedTaxedCents), amount(c.FinalCents), c.AwardedOn.Format(time.DateOnly), c.SEAONumber, ees}
}
