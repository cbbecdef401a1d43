package suppliers

import (
	"time"

	"maillage/app/errs"
	"maillage/app/quebec"
)

// EESCriterion is one of the six criteria of the Loi sur l'économie sociale
// (RLRQ c. E-1.1.1, s. 3) that a co-operative, mutual or non-profit selling goods or
// services must meet to be a social economy enterprise (EES).
type EESCriterion string

const (
	CritMeetsNeeds      EESCriterion = "meets_needs"       // meets members' or the community's needs
	CritIndependent     EESCriterion = "independent"       // not under the decision-making control of public bodies
	CritDemocratic      EESCriterion = "democratic"        // democratic governance by its members
	CritViable          EESCriterion = "viable"            // aims at economic viability
	CritLimitedSurplus  EESCriterion = "limited_surplus"   // forbids or limits distribution of surpluses
	CritAssetsToSimilar EESCriterion = "assets_to_similar" // remaining assets go to a similar body on dissolution
)

// EESCriteria lists the six criteria in the law's order.
func EESCriteria() []EESCriterion {
	return []EESCriterion{CritMeetsNeeds, CritIndependent, CritDemocratic, CritViable, CritLimitedSurplus, CritAssetsToSimilar}
}

// MessageKey is the i18n ID of the criterion's wording.
func (c EESCriterion) MessageKey() string { return "suppliers.ees." + string(c) }

// Attestation says how far a social-economy status can be trusted.
type Attestation string

const (
	AttestNone     Attestation = "none"     // nothing stated
	AttestDeclared Attestation = "declared" // the enterprise states it meets every criterion
	AttestVerified Attestation = "verified" // a buyer or provincial staff checked it (who and when recorded)
)

// Statements are what an enterprise states about itself, and how far that was checked.
type Statements struct {
	Criteria    []EESCriterion // the criteria the enterprise states it meets
	NoRistourne bool           // co-operative paying no patronage refund and no interest on shares
	Adapted     bool           // entreprise adaptée accredited by Services Québec
	Attestation Attestation
	AttestedBy  string    // user who declared or verified; required unless AttestNone
	AttestedAt  time.Time // when; required unless AttestNone
}

// EES reports a social economy enterprise as far as statements go: a collective legal form
// selling goods or services, every criterion stated, and the statement attested.
func (s Statements) EES(form quebec.LegalForm) bool {
	return form.Collective() && s.meetsAll() && s.Attestation != AttestNone && s.Attestation != ""
}

func (s Statements) meetsAll() bool {
	have := make(map[EESCriterion]bool, len(s.Criteria))
	for _, c := range s.Criteria {
		have[c] = true
	}
	for _, c := range EESCriteria() {
		if !have[c] {
			return false
		}
	}
	return true
}

// TreatedAsNonProfit applies measure 4 of the 2011 government initiatives: a
// co-operative that pays no ristourne and no interest on shares is treated as a
// non-profit for contract purposes (LCV s. 573.3 exemptions for non-profits, say).
func TreatedAsNonProfit(form quebec.LegalForm, s Statements) bool {
	return form == quebec.FormNonProfit || (form == quebec.FormCooperative && s.NoRistourne)
}

// Validate checks the statements against the legal form and adds field errors to v.
func (s Statements) Validate(form quebec.LegalForm, v *errs.Validation) {
	known := make(map[EESCriterion]bool)
	for _, c := range EESCriteria() {
		known[c] = true
	}
	for _, c := range s.Criteria {
		if !known[c] {
			v.Add("ees_criteria", "suppliers.ees_criterion_unknown", map[string]any{"Value": string(c)})
		}
	}
	switch s.Attestation {
	case "", AttestNone:
	case AttestDeclared, AttestVerified:
		if !s.meetsAll() {
			v.Add("ees_criteria", "suppliers.ees_criteria_incomplete", nil)
		}
		if !form.Collective() {
			v.Add("legal_form", "suppliers.ees_needs_collective_form", nil)
		}
		if s.AttestedBy == "" || s.AttestedAt.IsZero() {
			v.Add("ees_attestation", "suppliers.ees_attestation_incomplete", nil)
		}
	default:
		v.Add("ees_attestation", "suppliers.ees_attestation_unknown", map[string]any{"Value": string(s.Attestation)})
	}
	if s.NoRistourne && form != quebec.FormCooperative {
		v.Add("no_ristourne", "suppliers.no_ristourne_needs_coop", nil)
	}
	if s.Adapted && form != quebec.FormCooperative && form != quebec.FormNonProfit {
		v.Add("adapted", "suppliers.adapted_needs_coop_or_nonprofit", nil)
	}
}
