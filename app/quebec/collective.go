package quebec

import "strings"

// CollectiveForm is the legal form of a collective enterprise as the shared catalogue
// records and filters it: one code per co-operative kind, because buyers filter on the kind
// (a solidarity co-op may be exempt from tendering, LCV s. 573.3). It is a LegalForm and a
// CoopKind in one value: Split and CollectiveFormOf convert between the two.
type CollectiveForm string

const (
	CollectiveCoop            CollectiveForm = "coop"            // co-operative, kind not stated
	CollectiveCoopSolidarity  CollectiveForm = "coop_solidarity" // coopérative de solidarité
	CollectiveCoopWorker      CollectiveForm = "coop_worker"     // coopérative de travail
	CollectiveCoopProducer    CollectiveForm = "coop_producer"   // coopérative de producteurs
	CollectiveCoopConsumer    CollectiveForm = "coop_consumer"   // coopérative de consommateurs
	CollectiveCoopWorkerShare CollectiveForm = "coop_worker_shareholder"
	CollectiveNonProfit       CollectiveForm = "nonprofit" // OBNL / REQ "PMSBL"
	CollectiveMutual          CollectiveForm = "mutual"    // mutuelle, REQ "SMU"
)

// CollectiveForms returns every collective form in display order (also the facet order).
func CollectiveForms() []CollectiveForm {
	return []CollectiveForm{CollectiveCoop, CollectiveCoopSolidarity, CollectiveCoopWorker, CollectiveCoopProducer,
		CollectiveCoopConsumer, CollectiveCoopWorkerShare, CollectiveNonProfit, CollectiveMutual}
}

// coopKindOf is the co-operative kind each kind-specific collective form stands for.
var coopKindOf = map[CollectiveForm]CoopKind{CollectiveCoopSolidarity: CoopSolidarity, CollectiveCoopWorker: CoopWorkers,
	CollectiveCoopProducer: CoopProducers, CollectiveCoopConsumer: CoopConsumers, CollectiveCoopWorkerShare: CoopWorkerShareholder}

// Valid reports whether f is a known collective form.
func (f CollectiveForm) Valid() bool {
	for _, k := range CollectiveForms() {
		if k == f {
			return true
		}
	}
	return false
}

// IsCoop reports whether f is a co-operative of any kind.
func (f CollectiveForm) IsCoop() bool {
	return f != CollectiveNonProfit && f != CollectiveMutual && f.Valid()
}

// MessageKey is the i18n ID of the form's name.
func (f CollectiveForm) MessageKey() string { return "quebec.collective." + string(f) }

// Split gives the legal form and co-operative kind a register records for f (no kind for
// "coop", whose kind is not stated); an unknown form is FormOther.
func (f CollectiveForm) Split() (LegalForm, CoopKind) {
	switch {
	case f == CollectiveNonProfit:
		return FormNonProfit, ""
	case f == CollectiveMutual:
		return FormMutual, ""
	case f == CollectiveCoop:
		return FormCooperative, ""
	case f.IsCoop():
		return FormCooperative, coopKindOf[f]
	}
	return FormOther, ""
}

// CollectiveFormOf is the collective form of a register's legal form and co-operative kind,
// or "" when the form is not collective (a corporation, a partnership…).
func CollectiveFormOf(form LegalForm, kind CoopKind) CollectiveForm {
	switch form {
	case FormNonProfit:
		return CollectiveNonProfit
	case FormMutual:
		return CollectiveMutual
	case FormCooperative:
		for f, k := range coopKindOf {
			if k == kind {
				return f
			}
		}
		return CollectiveCoop
	}
	return ""
}

// collectiveWords maps how directories and the REQ write a collective form (folded) to ours.
var collectiveWords = map[string]CollectiveForm{
	"coop": CollectiveCoop, "cooperative": CollectiveCoop, "cop": CollectiveCoop,
	"cooperative de solidarite": CollectiveCoopSolidarity, "coop de solidarite": CollectiveCoopSolidarity, "solidarite": CollectiveCoopSolidarity,
	"cooperative de travail": CollectiveCoopWorker, "cooperative de travailleurs": CollectiveCoopWorker, "coop de travail": CollectiveCoopWorker,
	"cooperative de producteurs": CollectiveCoopProducer, "cooperative de consommateurs": CollectiveCoopConsumer,
	"cooperative de travailleurs actionnaire": CollectiveCoopWorkerShare, "cta": CollectiveCoopWorkerShare,
	"obnl": CollectiveNonProfit, "osbl": CollectiveNonProfit, "pmsbl": CollectiveNonProfit, "ass": CollectiveNonProfit, "organisme sans but lucratif": CollectiveNonProfit,
	"organisme a but non lucratif": CollectiveNonProfit, "personne morale sans but lucratif": CollectiveNonProfit, "association": CollectiveNonProfit,
	"non profit": CollectiveNonProfit, "nonprofit": CollectiveNonProfit, "npo": CollectiveNonProfit,
	"mutuelle": CollectiveMutual, "smu": CollectiveMutual, "mutual": CollectiveMutual, "societe mutuelle": CollectiveMutual,
}

// ParseCollectiveForm reads a legal-form cell of a directory ("Coopérative de solidarité",
// "OBNL", the REQ's "PMSBL", or one of our codes).
func ParseCollectiveForm(cell string) (CollectiveForm, bool) {
	if f := CollectiveForm(strings.TrimSpace(cell)); f.Valid() {
		return f, true
	}
	f, ok := collectiveWords[Fold(cell)]
	return f, ok
}

// CollectiveFormFromName infers the form a name states ("Coopérative de solidarité du
// Grenier" is a solidarity co-op); empty when the name says nothing.
func CollectiveFormFromName(name string) CollectiveForm {
	w := " " + Fold(name) + " "
	for _, p := range []struct {
		phrase string
		form   CollectiveForm
	}{
		{" cooperative de travailleurs actionnaire ", CollectiveCoopWorkerShare},
		{" de solidarite ", CollectiveCoopSolidarity},
		{" coop solidarite ", CollectiveCoopSolidarity}, // "Coop Solidarité Santé X"
		{" cooperative solidarite ", CollectiveCoopSolidarity},
		{" cooperative de travail", CollectiveCoopWorker},
		{" coop de travail", CollectiveCoopWorker},
		{" cooperative de producteurs ", CollectiveCoopProducer},
		{" cooperative de consommateurs ", CollectiveCoopConsumer},
		{" cooperative ", CollectiveCoop},
		{" coop ", CollectiveCoop},
		{" mutuelle ", CollectiveMutual},
		{" obnl ", CollectiveNonProfit},
		{" osbl ", CollectiveNonProfit},
	} {
		if strings.Contains(w, p.phrase) && (p.phrase != " de solidarite " || strings.Contains(w, " coop")) {
			return p.form
		}
	}
	return ""
}
