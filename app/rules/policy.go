package rules

import (
	"fmt"
	"sort"
	"time"

	"maillage/app/errs"
)

// LawFamily is the contracting law a public body is under.
type LawFamily string

const (
	LawMunicipal LawFamily = "lcv_cm" // Loi sur les cités et villes / Code municipal
	LawLCOP      LawFamily = "lcop"   // Loi sur les contrats des organismes publics
)

// TerritoryScope is how far "local" reaches in a policy.
type TerritoryScope string

const (
	TerritoryNone   TerritoryScope = ""
	TerritoryQuebec TerritoryScope = "quebec" // an establishment anywhere in Québec
	TerritoryRegion TerritoryScope = "region" // in one of the listed administrative regions (01-17)
	TerritoryMRC    TerritoryScope = "mrc"    // in one of the listed MRCs
)

// Mechanism is how a policy favours local suppliers.
type Mechanism string

const (
	MechanismNone     Mechanism = ""
	MechanismInvite   Mechanism = "invite_local_first"  // consult or invite local suppliers first
	MechanismPremium  Mechanism = "price_premium"       // accept a local price up to a premium
	MechanismReserved Mechanism = "reserved_invitation" // invite only local suppliers
)

// CategoryCeiling is a gré-à-gré ceiling for one UNSPSC category (and the codes under it).
type CategoryCeiling struct {
	Category string `json:"category"`
	Ceiling  Cents  `json:"ceiling_cents"`
}

// BandDocuments lists the document types the policy requires of suppliers in one band.
type BandDocuments struct {
	Band  Band     `json:"band"`
	Types []string `json:"types"`
}

// Policy is one version of a tenant's procurement policy (its RGC), as adopted by resolution.
type Policy struct {
	VersionID        string            `json:"version_id"`
	LawFamily        LawFamily         `json:"law_family"`
	From             time.Time         `json:"from"`
	To               time.Time         `json:"to,omitzero"` // inclusive; zero: until replaced
	ResolutionNumber string            `json:"resolution_number"`
	ResolutionDate   time.Time         `json:"resolution_date"`
	GreAGreCeiling   Cents             `json:"gre_a_gre_ceiling_cents"` // exclusive; 0: no gré à gré in the middle band
	CategoryCeilings []CategoryCeiling `json:"category_ceilings,omitempty"`
	RotationMonths   int               `json:"rotation_months"` // 0: no rotation rule
	LocalScope       TerritoryScope    `json:"local_scope"`
	LocalCodes       []string          `json:"local_codes,omitempty"` // region or MRC codes
	LocalMechanism   Mechanism         `json:"local_mechanism"`
	LocalPremium     Percent           `json:"local_premium"`
	EESPreference    bool              `json:"ees_preference"`
	RequiredDocs     []BandDocuments   `json:"required_docs,omitempty"`
	// SplitWindowMonths is how far back the splitting check looks for contracts of the same need or
	// supplier; 0 means the default (DefaultSplitWindowMonths).
	SplitWindowMonths int `json:"split_window_months"`
	// Body is the kind of LCOP body (ministry, education, health), which decides its thresholds; empty
	// means the tenant's kind decides. Municipal policies leave it empty.
	Body Body `json:"body,omitempty"`
}

// DefaultSplitWindowMonths is the splitting check's window when the body has set none.
const DefaultSplitWindowMonths = 12

// PlaceholderResolution marks the default policy a new body starts with at sign-up: it is not a council
// resolution, so a version carrying it counts as "RGC not entered" — the advisor answers from the law alone
// (with that warning), the forms start from the defaults, and the body's own version replaces it.
const PlaceholderResolution = "Politique par défaut (à remplacer)"

// Placeholder reports whether this version is the sign-up's default stub rather than an adopted policy.
func (p Policy) Placeholder() bool { return p.ResolutionNumber == PlaceholderResolution }

// Ref is the rule reference of a line that rests on this policy version.
func (p Policy) Ref(key string) RuleRef {
	cite := p.ResolutionNumber
	if !p.ResolutionDate.IsZero() {
		cite += " (" + p.ResolutionDate.Format(time.DateOnly) + ")"
	}
	return RuleRef{Key: "policy." + key, Version: p.VersionID, Citation: cite, Confirmed: true, Source: SourcePolicy}
}

// Covers reports whether this version is in force on day d.
func (p Policy) Covers(d time.Time) bool {
	d = Truncate(d)
	return !d.Before(p.From) && (p.To.IsZero() || !d.After(p.To))
}

// maxPremium is a sanity bound: a local premium above 100 % is a typing error, not a policy.
const maxPremium Percent = 10000

// Validate checks one policy version on its own.
func (p Policy) Validate() error {
	v := errs.Validation{Key: "rules.err.invalid_policy"}
	if p.LawFamily != LawMunicipal && p.LawFamily != LawLCOP {
		v.Add("law_family", "rules.err.law_family_invalid", nil)
	}
	if p.From.IsZero() || (!p.To.IsZero() && p.To.Before(p.From)) {
		v.Add("to", "rules.err.policy_period_invalid", nil)
	}
	if p.ResolutionNumber == "" || p.ResolutionDate.IsZero() {
		v.Add("resolution_number", "rules.err.resolution_required", nil)
	}
	if p.GreAGreCeiling < 0 {
		v.Add("gre_a_gre_ceiling_cents", "rules.err.amount_negative", nil)
	}
	for i, c := range p.CategoryCeilings {
		if !validCategory(c.Category) {
			v.Add(fmt.Sprintf("category_ceilings[%d].category", i), "rules.err.category_invalid", map[string]any{"Category": c.Category})
		}
		if c.Ceiling < 0 {
			v.Add(fmt.Sprintf("category_ceilings[%d].ceiling_cents", i), "rules.err.amount_negative", nil)
		}
	}
	if p.RotationMonths < 0 || p.RotationMonths > 120 {
		v.Add("rotation_months", "rules.err.rotation_invalid", map[string]any{"Max": 120})
	}
	if p.SplitWindowMonths < 0 || p.SplitWindowMonths > 60 {
		v.Add("split_window_months", "rules.err.split_window_invalid", map[string]any{"Max": 60})
	}
	switch {
	case p.Body == "":
	case p.LawFamily == LawLCOP && p.Body.Valid() && p.Body != BodyMunicipal:
	default:
		v.Add("body", "rules.err.body_invalid", nil)
	}
	switch p.LocalScope {
	case TerritoryNone, TerritoryQuebec:
	case TerritoryRegion, TerritoryMRC:
		if len(p.LocalCodes) == 0 {
			v.Add("local_codes", "rules.err.territory_codes_required", nil)
		}
	default:
		v.Add("local_scope", "rules.err.territory_invalid", nil)
	}
	switch p.LocalMechanism {
	case MechanismNone, MechanismInvite, MechanismReserved:
	case MechanismPremium:
		if p.LocalPremium <= 0 || p.LocalPremium > maxPremium {
			v.Add("local_premium", "rules.err.premium_invalid", nil)
		}
	default:
		v.Add("local_mechanism", "rules.err.mechanism_invalid", nil)
	}
	if p.LocalMechanism != MechanismNone && p.LocalScope == TerritoryNone {
		v.Add("local_scope", "rules.err.territory_required", nil)
	}
	for i, d := range p.RequiredDocs {
		if d.Band != BandSmall && d.Band != BandMiddle && d.Band != BandPublic {
			v.Add(fmt.Sprintf("required_docs[%d].band", i), "rules.err.band_invalid", nil)
		}
	}
	return v.Err()
}

// CheckNoOverlap fails with a Conflict when two policy versions are in force on the same day.
func CheckNoOverlap(versions []Policy) error {
	s := append([]Policy(nil), versions...)
	sort.Slice(s, func(i, j int) bool { return s[i].From.Before(s[j].From) })
	for i := 1; i < len(s); i++ {
		prev := s[i-1]
		if prev.To.IsZero() || !s[i].From.After(prev.To) {
			return errs.E(errs.Conflict, "rules.err.policy_overlap").
				With(map[string]any{"A": prev.ResolutionNumber, "B": s[i].ResolutionNumber})
		}
	}
	return nil
}

// InForce returns the version the body entered that is in force on day d (the sign-up's placeholder is none).
func InForce(versions []Policy, d time.Time) (Policy, bool) {
	for _, p := range versions {
		if p.Covers(d) && !p.Placeholder() {
			return p, true
		}
	}
	return Policy{}, false
}
