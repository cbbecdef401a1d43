package suppliers

import "time"

// DocState is what a supplier's document of one type looks like on a given day.
type DocState string

const (
	DocMissing  DocState = "missing"  // no document of a required type
	DocValid    DocState = "valid"    // present, and not expiring within the warning window
	DocExpiring DocState = "expiring" // present, expires within the warning window (inclusive)
	DocExpired  DocState = "expired"  // the last valid day is past
)

// DocStates lists the states from worst to best, the order a filter shows them.
func DocStates() []DocState { return []DocState{DocExpired, DocMissing, DocExpiring, DocValid} }

// MessageKey is the i18n ID of the state's name.
func (s DocState) MessageKey() string { return "suppliers.doc_state." + string(s) }

// Built-in document types; a tenant can add its own codes.
const (
	DocRQAttestation    = "rq_attestation"    // attestation de Revenu Québec
	DocInsurance        = "insurance"         // certificat d'assurance responsabilité
	DocAMPAuthorization = "amp_authorization" // autorisation de l'AMP (contracts ≥ $5M construction / $1M services)
	DocRENACheck        = "rena_check"        // consultation du RENA (date and result)
)

// Document is what the state computation needs to know of one document.
type Document struct {
	Type      string
	ExpiresOn *time.Time // last valid day; nil when the document does not expire
}

// Day returns t's calendar date as UTC midnight, the form dates are compared in.
func Day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// State computes a document's state on the day today: expired once today is after its
// last valid day, expiring when that day is at most warnDays away, valid otherwise.
// A nil document is missing.
func (d *Document) State(today time.Time, warnDays int) DocState {
	if d == nil {
		return DocMissing
	}
	if d.ExpiresOn == nil {
		return DocValid
	}
	last, now := Day(*d.ExpiresOn), Day(today)
	switch {
	case now.After(last):
		return DocExpired
	case !last.After(now.AddDate(0, 0, warnDays)):
		return DocExpiring
	}
	return DocValid
}

// Overall is a supplier's document state for a filter: the worst state over the
// required types (missing when one has no document) and over every document it holds.
// When a type has several documents, the one expiring last counts (a renewal replaces
// the old attestation without deleting it).
func Overall(required []string, docs []Document, today time.Time, warnDays int) DocState {
	best := map[string]DocState{}
	for i := range docs {
		st := docs[i].State(today, warnDays)
		if cur, ok := best[docs[i].Type]; !ok || rank(st) > rank(cur) {
			best[docs[i].Type] = st
		}
	}
	overall := DocValid
	for _, t := range required {
		if _, ok := best[t]; !ok {
			best[t] = DocMissing
		}
	}
	for _, st := range best {
		if rank(st) < rank(overall) {
			overall = st
		}
	}
	return overall
}

// rank orders states from worst (0) to best.
func rank(s DocState) int {
	for i, k := range DocStates() {
		if s == k {
			return i
		}
	}
	return -1
}

// RQAttestationExpiry is the default last valid day of a Revenu Québec attestation
// issued on a day: the end of the third month after the month of issue. It only
// pre-fills the form; the date printed on the attestation is what is recorded.
func RQAttestationExpiry(issued time.Time) time.Time {
	d := Day(issued)
	firstOfFourth := time.Date(d.Year(), d.Month()+4, 1, 0, 0, 0, 0, time.UTC)
	return firstOfFourth.AddDate(0, 0, -1)
}
