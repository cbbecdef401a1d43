package catalogue

import (
	"net/mail"
	"slices"

	"maillage/app/errs"
	"maillage/app/quebec"
)

// Validate checks an entry a steward saves or an enterprise proposes, against the reference
// places and the current sector list. It returns an Invalid error listing every bad field.
func Validate(e Entry, places *quebec.Places, sectors []Sector) error {
	v := errs.Validation{Key: "catalogue.invalid"}
	if e.Name == "" {
		v.Add(string(FieldName), "catalogue.import.name_required", nil)
	}
	if e.NEQ != "" && !quebec.ValidNEQ(e.NEQ) {
		v.Add(string(FieldNEQ), "catalogue.import.bad_neq", map[string]any{"Value": e.NEQ})
	}
	if !e.LegalForm.Valid() {
		v.Add(string(FieldLegalForm), "catalogue.import.bad_legal_form", map[string]any{"Value": string(e.LegalForm)})
	}
	if e.NoRistourne && !e.LegalForm.IsCoop() {
		v.Add(string(FieldNoRistourne), "catalogue.no_ristourne_coop_only", nil)
	}
	if _, ok := places.Municipality(e.Address.MunicipalityCode); !ok {
		v.Add(string(FieldMunicipality), "catalogue.import.unknown_municipality", map[string]any{"Value": e.Address.MunicipalityCode})
	}
	if _, ok := quebec.NormalizePostalCode(e.Address.PostalCode); e.Address.PostalCode != "" && !ok {
		v.Add(string(FieldPostalCode), "catalogue.import.bad_postal_code", map[string]any{"Value": e.Address.PostalCode})
	}
	for _, r := range e.RegionsServed {
		if !slices.Contains(places.RegionCodes(), r) {
			v.Add(string(FieldRegionsServed), "catalogue.import.unknown_region", map[string]any{"Value": r})
		}
	}
	known := newSectorIndex(sectors)
	for _, s := range e.Sectors {
		if c, ok := known.resolve(s); !ok || c != s {
			v.Add(string(FieldSectors), "catalogue.import.unknown_sector", map[string]any{"Value": s})
		}
	}
	for _, u := range e.UNSPSC {
		if !unspscRe.MatchString(u) {
			v.Add(string(FieldUNSPSC), "catalogue.import.bad_unspsc", map[string]any{"Value": u})
		}
	}
	if e.Website != "" {
		if w, ok := quebec.NormalizeWebsite(e.Website); !ok || w != e.Website {
			v.Add(string(FieldWebsite), "catalogue.import.bad_website", map[string]any{"Value": e.Website})
		}
	}
	if e.Contact.Email != "" {
		if a, err := mail.ParseAddress(e.Contact.Email); err != nil || a.Address != e.Contact.Email {
			v.Add(string(FieldEmail), "catalogue.import.bad_email", map[string]any{"Value": e.Contact.Email})
		}
	}
	if e.Contact.Phone != "" {
		if p, ok := NormalizePhone(e.Contact.Phone); !ok || p != e.Contact.Phone {
			v.Add(string(FieldPhone), "catalogue.import.bad_phone", map[string]any{"Value": e.Contact.Phone})
		}
	}
	return v.Err()
}
