package suppliers

import (
	"net/mail"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"maillage/app/errs"
	"maillage/app/quebec"
)

// Limits on free text, generous for real use and small enough to keep pages and
// exports sane.
const (
	maxName      = 200
	maxOtherName = 10
	maxLongText  = 5000
	maxContacts  = 10
	maxCodes     = 100
)

var (
	unspscRe  = regexp.MustCompile(`^[0-9]{8}$`)
	docTypeRe = regexp.MustCompile(`^[a-z][a-z0-9_]{1,39}$`)
	phoneRe   = regexp.MustCompile(`^[0-9+() .\-]{7,25}( *(poste|ext\.?|x) *[0-9]{1,6})?$`)
)

// Check normalizes the editable fields of s in place (trims, canonical NEQ and postal
// code, deduplicated code lists, region and MRC derived from the municipality) and
// returns an Invalid error listing every problem, or nil.
func (s *Supplier) Check(ref *Reference) error {
	v := errs.Validation{Key: "suppliers.invalid"}
	s.check(ref, func(field, key string, args map[string]any) { v.Add(field, key, args) })
	return v.Err()
}

// check does the work of Check; add records a problem (a row error during an import).
func (s *Supplier) check(ref *Reference, add func(field, key string, args map[string]any)) {
	fromErr := func(field string, err error) {
		if e := errs.As(err); e != nil {
			add(field, e.Key, e.Args)
		}
	}
	if n, err := quebec.ParseNEQ(string(s.NEQ)); err != nil {
		fromErr("neq", err)
	} else {
		s.NEQ = n
	}
	s.LegalName = strings.TrimSpace(s.LegalName)
	if l := utf8.RuneCountInString(s.LegalName); l < 2 || l > maxName {
		add("legal_name", "suppliers.legal_name_length", map[string]any{"Max": maxName})
	}
	s.OtherNames = cleanList(s.OtherNames)
	if len(s.OtherNames) > maxOtherName {
		add("other_names", "suppliers.too_many", map[string]any{"Max": maxOtherName})
	}
	for _, n := range s.OtherNames {
		if utf8.RuneCountInString(n) > maxName {
			add("other_names", "suppliers.legal_name_length", map[string]any{"Max": maxName})
		}
	}
	if !s.LegalForm.Valid() {
		add("legal_form", "quebec.legal_form_unknown", map[string]any{"Value": string(s.LegalForm)})
	}
	switch {
	case s.CoopKind != "" && s.LegalForm != quebec.FormCooperative:
		add("coop_kind", "suppliers.coop_kind_needs_coop", nil)
	case s.CoopKind != "" && !s.CoopKind.Valid():
		add("coop_kind", "suppliers.coop_kind_unknown", map[string]any{"Value": string(s.CoopKind)})
	}
	if s.Attestation == "" {
		s.Attestation = AttestNone
	}
	sv := errs.Validation{}
	s.Statements().Validate(s.LegalForm, &sv)
	for _, f := range sv.Fields {
		add(f.Field, f.Key, f.Args)
	}
	s.checkPlace(ref, add)
	s.checkText(add)
	if !s.Status.Valid() {
		add("status", "suppliers.status_unknown", map[string]any{"Value": string(s.Status)})
	}
	if (s.Status == StateRejected || s.Status == StateSuspended) && strings.TrimSpace(s.StatusReason) == "" {
		add("status_reason", "suppliers.reason_required", nil)
	}
}

func (s *Supplier) checkPlace(ref *Reference, add func(field, key string, args map[string]any)) {
	s.Street = strings.TrimSpace(s.Street)
	s.MRCCode, s.RegionCode = "", ""
	if s.MunicipalityCode = strings.TrimSpace(s.MunicipalityCode); s.MunicipalityCode != "" {
		m, ok := ref.Municipality(s.MunicipalityCode)
		if !ok {
			add("municipality_code", "quebec.municipality_unknown", map[string]any{"Value": s.MunicipalityCode})
		} else {
			s.MRCCode, s.RegionCode = m.MRCCode, m.RegionCode
		}
	}
	if s.QuebecEstablishment && s.MunicipalityCode == "" {
		add("municipality_code", "suppliers.municipality_required", nil)
	}
	if s.PostalCode = strings.TrimSpace(s.PostalCode); s.PostalCode != "" {
		if pc, ok := quebec.NormalizePostalCode(s.PostalCode); ok {
			s.PostalCode = pc
		} else {
			add("postal_code", "suppliers.postal_code_invalid", map[string]any{"Value": s.PostalCode})
		}
	}
	s.RegionsServed = cleanList(s.RegionsServed)
	for _, r := range s.RegionsServed {
		if _, err := ref.FindRegion(r); err != nil || len(r) != 2 {
			add("regions_served", "quebec.region_unknown", map[string]any{"Value": r})
		}
	}
	s.UNSPSC = cleanList(s.UNSPSC)
	if len(s.UNSPSC) > maxCodes {
		add("unspsc", "suppliers.too_many", map[string]any{"Max": maxCodes})
	}
	for _, c := range s.UNSPSC {
		if !unspscRe.MatchString(c) || !ref.KnownUNSPSC(c) {
			add("unspsc", "suppliers.unspsc_unknown", map[string]any{"Value": c})
		}
	}
}

func (s *Supplier) checkText(add func(field, key string, args map[string]any)) {
	s.ProductsServices = strings.TrimSpace(s.ProductsServices)
	s.Portfolio = strings.TrimSpace(s.Portfolio)
	for _, f := range [...]struct{ field, text string }{{"products_services", s.ProductsServices}, {"portfolio", s.Portfolio}} {
		if utf8.RuneCountInString(f.text) > maxLongText {
			add(f.field, "suppliers.text_too_long", map[string]any{"Max": maxLongText})
		}
	}
	if w, ok := quebec.NormalizeWebsite(s.Website); ok {
		s.Website = w
	} else {
		add("website", "suppliers.website_invalid", map[string]any{"Value": s.Website})
	}
	if len(s.Contacts) > maxContacts {
		add("contacts", "suppliers.too_many", map[string]any{"Max": maxContacts})
	}
	for i := range s.Contacts {
		c := &s.Contacts[i]
		c.Name, c.Role, c.Email, c.Phone, c.Purpose = strings.TrimSpace(c.Name), strings.TrimSpace(c.Role),
			strings.TrimSpace(c.Email), strings.TrimSpace(c.Phone), strings.TrimSpace(c.Purpose)
		if c.Name == "" && c.Email == "" && c.Phone == "" {
			add("contacts", "suppliers.contact_empty", nil)
		}
		if utf8.RuneCountInString(c.Name) > maxName || utf8.RuneCountInString(c.Role) > maxName {
			add("contacts", "suppliers.text_too_long", map[string]any{"Max": maxName})
		}
		if c.Purpose == "" {
			add("contacts", "suppliers.contact_purpose_required", nil)
		}
		if c.Email != "" {
			if a, err := mail.ParseAddress(c.Email); err != nil || a.Address != c.Email {
				add("contacts", "suppliers.email_invalid", map[string]any{"Value": c.Email})
			}
		}
		if c.Phone != "" && !phoneRe.MatchString(c.Phone) {
			add("contacts", "suppliers.phone_invalid", map[string]any{"Value": c.Phone})
		}
	}
	if s.Contacts == nil {
		s.Contacts = []Contact{}
	}
}

// cleanList trims, drops empty values and duplicates, keeping the first order.
func cleanList(in []string) []string {
	out := make([]string, 0, len(in))
	for _, s := range in {
		if s = strings.TrimSpace(s); s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}
