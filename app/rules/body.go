package rules

// Body is the kind of public body as contracting law sees it: municipal bodies are under the LCV/CM
// (then the LCOM), the others under the LCOP, whose thresholds depend on the kind of body.
type Body string

const (
	BodyMunicipal Body = "municipal" // municipality, MRC, intermunicipal board
	BodyMinistry  Body = "ministry"  // a ministry or government agency
	BodyEducation Body = "education" // school service centre, college, university
	BodyHealth    Body = "health"    // health and social services establishment
)

// Valid reports whether b is one of the known kinds.
func (b Body) Valid() bool {
	switch b {
	case BodyMunicipal, BodyMinistry, BodyEducation, BodyHealth:
		return true
	}
	return false
}

// Family is the contracting law the body is under.
func (b Body) Family() LawFamily {
	if b == BodyMunicipal || b == "" {
		return LawMunicipal
	}
	return LawLCOP
}

// BodyOfKind maps a tenant's kind (tenants.Kinds) to the body the law sees. "other" is taken as
// municipal: the product's bodies are municipal unless they say otherwise in their policy.
func BodyOfKind(kind string) Body {
	switch kind {
	case "ministry":
		return BodyMinistry
	case "school_service_centre":
		return BodyEducation
	case "health":
		return BodyHealth
	}
	return BodyMunicipal
}

// Regime is the set of rules an answer applied.
type Regime string

const (
	RegimeLCVCM Regime = "lcv_cm" // Loi sur les cités et villes / Code municipal (to 2026-03-31)
	RegimeLCOM  Regime = "lcom"   // Loi sur les contrats des organismes municipaux (from its coming into force)
	RegimeLCOP  Regime = "lcop"   // Loi sur les contrats des organismes publics
)
