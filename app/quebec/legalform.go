package quebec

import (
	"strings"

	"maillage/app/errs"
)

// LegalForm is the kind of legal person or business behind a supplier, as a register
// records it.
type LegalForm string

const (
	FormCooperative    LegalForm = "cooperative"     // coopérative (Loi sur les coopératives); REQ "COP"
	FormNonProfit      LegalForm = "nonprofit"       // OBNL / personne morale sans but lucratif; REQ "PMSBL"
	FormMutual         LegalForm = "mutual"          // mutuelle; REQ "SMU"
	FormCorporation    LegalForm = "corporation"     // société par actions
	FormPartnership    LegalForm = "partnership"     // société en nom collectif / en commandite
	FormSoleProprietor LegalForm = "sole_proprietor" // entreprise individuelle
	FormOther          LegalForm = "other"
)

// LegalForms lists the forms in the order a form shows them.
func LegalForms() []LegalForm {
	return []LegalForm{FormCooperative, FormNonProfit, FormMutual, FormCorporation, FormPartnership, FormSoleProprietor, FormOther}
}

// CoopKind is the kind of a co-operative under the Loi sur les coopératives.
type CoopKind string

const (
	CoopProducers         CoopKind = "producers"          // coopérative de producteurs
	CoopConsumers         CoopKind = "consumers"          // coopérative de consommateurs
	CoopWorkers           CoopKind = "workers"            // coopérative de travail
	CoopWorkerShareholder CoopKind = "worker_shareholder" // coopérative de travailleurs actionnaire
	CoopSolidarity        CoopKind = "solidarity"         // coopérative de solidarité
)

// CoopKinds lists the co-operative kinds in display order.
func CoopKinds() []CoopKind {
	return []CoopKind{CoopProducers, CoopConsumers, CoopWorkers, CoopWorkerShareholder, CoopSolidarity}
}

// Valid reports whether f is one of LegalForms.
func (f LegalForm) Valid() bool {
	for _, k := range LegalForms() {
		if f == k {
			return true
		}
	}
	return false
}

// Valid reports whether k is one of CoopKinds.
func (k CoopKind) Valid() bool {
	for _, c := range CoopKinds() {
		if k == c {
			return true
		}
	}
	return false
}

// Collective reports the forms the Loi sur l'économie sociale (s. 3) admits as social
// economy enterprises: co-operatives, mutuals and non-profits.
func (f LegalForm) Collective() bool {
	return f == FormCooperative || f == FormNonProfit || f == FormMutual
}

// MessageKey is the i18n ID of the form's name.
func (f LegalForm) MessageKey() string { return "quebec.form." + string(f) }

// MessageKey is the i18n ID of the co-operative kind's name.
func (k CoopKind) MessageKey() string { return "quebec.coop." + string(k) }

// legalFormAliases are the ways spreadsheets, directories and the REQ write each form
// (compared folded and without spaces or punctuation).
var legalFormAliases = map[LegalForm][]string{
	FormCooperative: {"coopérative", "coop", "COP", "coopérative de solidarité", "coopérative de travail",
		"coopérative de producteurs", "coopérative de consommateurs", "coopérative de travailleurs actionnaire", "co-operative", "cooperative"},
	FormNonProfit: {"OBNL", "OSBL", "PMSBL", "organisme à but non lucratif", "organisme sans but lucratif",
		"personne morale sans but lucratif", "non-profit", "non-profit organization", "NPO",
		"Organisme à but non lucratif (OBNL)", "Non-profit organization (NPO)"},
	FormMutual:         {"mutuelle", "mutual", "SMU"},
	FormCorporation:    {"société par actions", "SPA", "Inc", "compagnie", "business corporation", "Ltée"},
	FormPartnership:    {"société en nom collectif", "SENC", "société en commandite", "SEC", "société de personnes", "Société de personnes (SENC, SEC)", "partnership"},
	FormSoleProprietor: {"entreprise individuelle", "travailleur autonome", "sole proprietorship", "sole proprietor"},
	FormOther:          {"autre"},
}

// ParseLegalForm reads a legal form as people write it in a spreadsheet: our codes, the
// usual French and English names and abbreviations ("S.E.N.C.", "Inc.", "OBNL"), the REQ
// codes (COP, PMSBL, SMU) and the catalogue's codes of collective forms ("coop_solidarity").
// Unknown text is an error rather than "other", so that an import shows it. Errors:
// Invalid "quebec.legal_form_required" or "quebec.legal_form_unknown".
func ParseLegalForm(s string) (LegalForm, error) {
	n := compact(s)
	if n == "" {
		return "", errs.E(errs.Invalid, "quebec.legal_form_required")
	}
	for _, f := range LegalForms() {
		if n == compact(string(f)) {
			return f, nil
		}
		for _, a := range legalFormAliases[f] {
			if n == compact(a) {
				return f, nil
			}
		}
	}
	if c := CollectiveForm(strings.TrimSpace(s)); c.Valid() {
		f, _ := c.Split()
		return f, nil
	}
	return "", errs.E(errs.Invalid, "quebec.legal_form_unknown").With(map[string]any{"Value": s})
}

// ParseCoopKind reads a co-operative kind as a code or as people name it in French or
// English ("Coopérative de solidarité", "worker co-op"); "" when the text names none.
func ParseCoopKind(s string) CoopKind {
	n := compact(s)
	for _, k := range CoopKinds() {
		if n == compact(string(k)) {
			return k
		}
	}
	switch {
	case strings.Contains(n, "solidarite") || strings.Contains(n, "solidarity"):
		return CoopSolidarity
	case strings.Contains(n, "actionnaire") || strings.Contains(n, "shareholder"):
		return CoopWorkerShareholder
	case strings.Contains(n, "travail") || strings.Contains(n, "worker"):
		return CoopWorkers
	case strings.Contains(n, "producteur") || strings.Contains(n, "producer"):
		return CoopProducers
	case strings.Contains(n, "consommat") || strings.Contains(n, "consumer"):
		return CoopConsumers
	}
	return ""
}
