package web

import (
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"maillage/app/errs"
	"maillage/app/quebec"
	"maillage/app/suppliers"
)

// supplierForm is what the supplier and profile forms show: the values and the choices.
type supplierForm struct {
	S            suppliers.Supplier
	Municipality string // as typed, or the label of the code
	Forms        []quebec.LegalForm
	CoopKinds    []quebec.CoopKind
	Criteria     []suppliers.EESCriterion
	Regions      []regionOption
	EESDeclared  bool
	Action       string // form action URL
	Cancel       string
	Enterprise   bool   // the enterprise's own profile (no status, no verification)
	ApplySlug    string // the body the enterprise is applying to, kept through the profile step
}

// RegionChoices are the regions as boxes for the "regions served" group (names, never codes).
func (f supplierForm) RegionChoices() []Choice {
	out := make([]Choice, len(f.Regions))
	for i, r := range f.Regions {
		out[i] = Choice{Value: r.Code, Label: r.Name}
	}
	return out
}

type regionOption struct {
	Code, Name string
	Checked    bool
}

func (s *Server) newSupplierForm(ref *suppliers.Reference, sup suppliers.Supplier) supplierForm {
	f := supplierForm{S: sup, Forms: quebec.LegalForms(), CoopKinds: quebec.CoopKinds(), Criteria: suppliers.EESCriteria(),
		EESDeclared: sup.Attestation == suppliers.AttestDeclared || sup.Attestation == suppliers.AttestVerified}
	if sup.MunicipalityCode != "" {
		f.Municipality = ref.MunicipalityLabel(sup.MunicipalityCode)
	}
	for _, code := range ref.RegionCodes() {
		checked := false
		for _, r := range sup.RegionsServed {
			checked = checked || r == code
		}
		f.Regions = append(f.Regions, regionOption{Code: code, Name: ref.RegionName(code), Checked: checked})
	}
	return f
}

// parseSupplierForm reads the posted form onto sup. What cannot even be read (an unknown
// municipality) is returned as a validation error with the field named.
// parseSupplierForm reads the form; verifier is true for a body's buyer, who may mark the
// social-economy status as verified (an enterprise can only declare it).
func parseSupplierForm(c *fiber.Ctx, ref *suppliers.Reference, sup *suppliers.Supplier, actor string, verifier bool) (string, error) {
	var v errs.Validation
	lines := func(name string) []string {
		return strings.FieldsFunc(c.FormValue(name), func(r rune) bool { return r == '\n' || r == '\r' })
	}
	sup.NEQ = quebec.NEQ(c.FormValue("neq"))
	sup.LegalName = c.FormValue("legal_name")
	sup.OtherNames = lines("other_names")
	sup.LegalForm = quebec.LegalForm(c.FormValue("legal_form"))
	sup.CoopKind = quebec.CoopKind(c.FormValue("coop_kind"))
	sup.NoRistourne = c.FormValue("no_ristourne") == "on"
	sup.Adapted = c.FormValue("adapted") == "on"
	sup.Street = c.FormValue("street")
	sup.PostalCode = c.FormValue("postal_code")
	sup.ProductsServices = c.FormValue("products_services")
	sup.Website = c.FormValue("website")
	sup.Portfolio = c.FormValue("portfolio")
	sup.UNSPSC = strings.FieldsFunc(c.FormValue("unspsc"), func(r rune) bool { return r == ' ' || r == ',' || r == ';' || r == '\n' || r == '\r' })
	args := c.Request().PostArgs()
	sup.RegionsServed = nil
	for _, r := range args.PeekMulti("regions_served") {
		sup.RegionsServed = append(sup.RegionsServed, string(r))
	}
	sup.EESCriteria = nil
	for _, cr := range args.PeekMulti("ees_criteria") {
		sup.EESCriteria = append(sup.EESCriteria, suppliers.EESCriterion(cr))
	}
	switch {
	case c.FormValue("ees_verified") == "on" && verifier:
		if sup.Attestation != suppliers.AttestVerified {
			now := time.Now()
			sup.Attestation, sup.AttestedBy, sup.AttestedAt = suppliers.AttestVerified, actor, &now
		}
	case c.FormValue("ees_declared") == "on" || c.FormValue("ees_verified") == "on":
		if sup.Attestation != suppliers.AttestDeclared {
			now := time.Now()
			sup.Attestation, sup.AttestedBy, sup.AttestedAt = suppliers.AttestDeclared, actor, &now
		}
	default:
		sup.Attestation, sup.AttestedBy, sup.AttestedAt = suppliers.AttestNone, "", nil
	}
	muni := strings.TrimSpace(c.FormValue("municipality"))
	sup.MunicipalityCode, sup.QuebecEstablishment = "", false
	if muni != "" {
		m, err := ref.FindMunicipality(muni)
		if e := errs.As(err); e != nil {
			v.Add("municipality_code", e.Key, e.Args)
		} else {
			sup.MunicipalityCode, sup.QuebecEstablishment = m.Code, true
		}
	}
	sup.Contacts = nil
	if n, em, ph := c.FormValue("contact_name"), c.FormValue("contact_email"), c.FormValue("contact_phone"); n != "" || em != "" || ph != "" {
		sup.Contacts = []suppliers.Contact{{Name: n, Email: em, Phone: ph, Purpose: c.FormValue("contact_purpose")}}
	}
	return muni, v.Err()
}

// hasCriterion is a template helper: is criterion c among cs?
func hasCriterion(cs []suppliers.EESCriterion, c suppliers.EESCriterion) bool {
	for _, x := range cs {
		if x == c {
			return true
		}
	}
	return false
}

// firstContact is a template helper: the first contact, or an empty one.
func firstContact(cs []suppliers.Contact) suppliers.Contact {
	if len(cs) == 0 {
		return suppliers.Contact{}
	}
	return cs[0]
}

// mappedField is a template helper: is field a target of the import mapping?
func mappedField(m map[string]string, field string) bool {
	for _, f := range m {
		if f == field {
			return true
		}
	}
	return false
}

// scoreOf is a template helper: one score of the grid, -1 when unset.
func scoreOf(a suppliers.Application, name string) int {
	var p *int
	switch name {
	case "score_willingness":
		p = a.ScoreWillingness
	case "score_fit":
		p = a.ScoreFit
	case "score_capacity":
		p = a.ScoreCapacity
	}
	if p == nil {
		return -1
	}
	return *p
}

// scoreText is a score as the grid's select shows it ("" when not scored).
func scoreText(a suppliers.Application, name string) string {
	if n := scoreOf(a, name); n >= 0 {
		return strconv.Itoa(n)
	}
	return ""
}
