package catalogue

import "strings"

// legalFormWords maps how directories and the REQ write a legal form (folded) to ours.
var legalFormWords = map[string]LegalForm{
	"coop": FormCoop, "cooperative": FormCoop, "cop": FormCoop,
	"cooperative de solidarite": FormCoopSolidarity, "coop de solidarite": FormCoopSolidarity, "solidarite": FormCoopSolidarity,
	"cooperative de travail": FormCoopWorker, "cooperative de travailleurs": FormCoopWorker, "coop de travail": FormCoopWorker,
	"cooperative de producteurs": FormCoopProducer, "cooperative de consommateurs": FormCoopConsumer,
	"cooperative de travailleurs actionnaire": FormCoopWorkerShare, "cta": FormCoopWorkerShare,
	"obnl": FormNonProfit, "osbl": FormNonProfit, "pmsbl": FormNonProfit, "ass": FormNonProfit, "organisme sans but lucratif": FormNonProfit,
	"organisme a but non lucratif": FormNonProfit, "personne morale sans but lucratif": FormNonProfit, "association": FormNonProfit,
	"non profit": FormNonProfit, "nonprofit": FormNonProfit, "npo": FormNonProfit,
	"mutuelle": FormMutual, "smu": FormMutual, "mutual": FormMutual, "societe mutuelle": FormMutual,
}

// ParseLegalForm reads a legal-form cell ("Coopérative de solidarité", "OBNL", "PMSBL", or
// one of our codes).
func ParseLegalForm(cell string) (LegalForm, bool) {
	if f := LegalForm(strings.TrimSpace(cell)); f.Valid() {
		return f, true
	}
	f, ok := legalFormWords[Fold(cell)]
	return f, ok
}

// LegalFormFromName infers the form a name states ("Coopérative de solidarité du Grenier"
// is a solidarity co-op); empty when the name says nothing.
func LegalFormFromName(name string) LegalForm {
	w := " " + Fold(name) + " "
	for _, p := range []struct {
		phrase string
		form   LegalForm
	}{
		{" cooperative de travailleurs actionnaire ", FormCoopWorkerShare},
		{" de solidarite ", FormCoopSolidarity},
		{" cooperative de travail", FormCoopWorker},
		{" coop de travail", FormCoopWorker},
		{" cooperative de producteurs ", FormCoopProducer},
		{" cooperative de consommateurs ", FormCoopConsumer},
		{" cooperative ", FormCoop},
		{" coop ", FormCoop},
		{" mutuelle ", FormMutual},
		{" obnl ", FormNonProfit},
		{" osbl ", FormNonProfit},
	} {
		if strings.Contains(w, p.phrase) && (p.phrase != " de solidarite " || strings.Contains(w, " coop")) {
			return p.form
		}
	}
	return ""
}
