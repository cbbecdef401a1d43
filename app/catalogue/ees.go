package catalogue

import "time"

// Criterion is one condition of s. 3 of the Loi sur l'économie sociale (RLRQ c. E-1.1.1).
type Criterion string

const (
	CritNeeds        Criterion = "needs"        // (1) meets members' or the community's needs
	CritIndependence Criterion = "independence" // (2) not under the decision-making control of public bodies
	CritDemocracy    Criterion = "democracy"    // (3) governed democratically by its members
	CritViability    Criterion = "viability"    // (4) aims at economic viability
	CritSurplus      Criterion = "surplus"      // (5) forbids or limits distribution of surpluses
	CritDissolution  Criterion = "dissolution"  // (6) remaining assets go to a similar body on dissolution
)

var criteria = []Criterion{CritNeeds, CritIndependence, CritDemocracy, CritViability, CritSurplus, CritDissolution}

// Criteria returns the six criteria in the order of the Act.
func Criteria() []Criterion { return append([]Criterion(nil), criteria...) }

// Trust says how far an EES status can be relied on.
type Trust string

const (
	TrustUnknown  Trust = "unknown"  // nobody has said yet: listed in a directory, which states no criterion
	TrustDeclared Trust = "declared" // the enterprise (or a steward typing for it) says so
	TrustVerified Trust = "verified" // a steward checked the evidence
)

// Evidence supports one criterion: whether it is met and what shows it (a by-law article,
// the REQ legal form, an annual report), so a steward can check it later.
type Evidence struct {
	Met  bool   `json:"met"`
	Note string `json:"note,omitempty"`
}

// EES is the enterprise's social-economy status with its evidence.
type EES struct {
	Criteria   map[Criterion]Evidence `json:"criteria,omitempty"`
	Trust      Trust                  `json:"trust"`
	VerifiedBy string                 `json:"verified_by,omitempty"` // steward user id when Trust is verified
	VerifiedAt time.Time              `json:"verified_at,omitzero"`
}

// Meets reports whether every criterion of s. 3 is met.
func (e EES) Meets() bool {
	for _, c := range criteria {
		if !e.Criteria[c].Met {
			return false
		}
	}
	return true
}

// Verify records a steward's verification at a time; the evidence must meet every criterion.
func (e EES) Verify(steward string, at time.Time) (EES, bool) {
	if !e.Meets() || steward == "" {
		return e, false
	}
	e.Trust, e.VerifiedBy, e.VerifiedAt = TrustVerified, steward, at.UTC()
	return e, true
}

// DeclaredAll returns a declared status with every criterion met and the same note (an
// enterprise's or a steward's declaration). A directory import never uses it: being listed
// says nothing about the criteria (Unknown).
func DeclaredAll(note string) EES {
	m := make(map[Criterion]Evidence, len(criteria))
	for _, c := range criteria {
		m[c] = Evidence{Met: true, Note: note}
	}
	return EES{Criteria: m, Trust: TrustDeclared}
}

// Unknown is the status of an entry nobody has declared yet: no criterion is known.
func Unknown() EES { return EES{Trust: TrustUnknown} }

// FormEvidence says how an entry's legal form is known, so that a steward can weigh it: the
// Registraire's code in an extract is the strongest; a form inferred from the name ("Coop…")
// or chosen by the steward for a whole file the weakest.
type FormEvidence struct {
	Kind   FormEvidenceKind `json:"kind,omitempty"`
	Code   string           `json:"code,omitempty"`   // the cell as written, e.g. the REQ code "APE"
	Source string           `json:"source,omitempty"` // the directory or extract it came from
	Line   int              `json:"line,omitempty"`   // its line in that file
	On     string           `json:"on,omitempty"`     // the day it was read (YYYY-MM-DD)
}

// FormEvidenceKind is where a legal form came from.
type FormEvidenceKind string

const (
	FormFromREQ       FormEvidenceKind = "req"       // a Registraire des entreprises code (APE, COP…)
	FormFromDirectory FormEvidenceKind = "directory" // the directory's words ("Coopérative de travail")
	FormFromName      FormEvidenceKind = "name"      // inferred from the name ("Coop…")
	FormFromDefault   FormEvidenceKind = "default"   // the default the steward chose for a whole file
	FormFromSteward   FormEvidenceKind = "steward"   // typed by a steward or proposed by the enterprise
)

// Listing is one time an entry was found in a directory or extract: where, at which line, when.
type Listing struct {
	Source   string `json:"source"`
	Ref      string `json:"ref,omitempty"`
	FileName string `json:"file_name,omitempty"`
	Line     int    `json:"line,omitempty"`
	ListedOn string `json:"listed_on"` // YYYY-MM-DD
}
