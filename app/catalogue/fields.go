package catalogue

import (
	"slices"
	"strconv"
	"strings"

	"maillage/app/quebec"
)

// Field names the data a catalogue entry shares with a tenant's register copy and with an
// import row. The names are stable: they are import mapping targets, diff keys in the API
// and i18n keys ("catalogue.field.<name>").
type Field string

const (
	FieldNEQ           Field = "neq"
	FieldName          Field = "name"
	FieldOtherNames    Field = "other_names"
	FieldLegalForm     Field = "legal_form"
	FieldStreet        Field = "street"
	FieldMunicipality  Field = "municipality"
	FieldPostalCode    Field = "postal_code"
	FieldRegionsServed Field = "regions_served"
	FieldSectors       Field = "sectors"
	FieldUNSPSC        Field = "unspsc"
	FieldProducts      Field = "products"
	FieldDescription   Field = "description"
	FieldWebsite       Field = "website"
	FieldEmail         Field = "email"
	FieldPhone         Field = "phone"
	FieldAdapted       Field = "adapted"
	FieldNoRistourne   Field = "no_ristourne"
)

// fieldSpec tells how one field is read from and written to an entry, and whether it is a
// list (compared as a set: the order of "products" in a directory means nothing).
type fieldSpec struct {
	name Field
	list bool
	get  func(*Entry) []string
	set  func(*Entry, []string)
}

func one(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

func first(v []string) string {
	if len(v) == 0 {
		return ""
	}
	return v[0]
}

func boolField(b bool) []string { return []string{strconv.FormatBool(b)} }

// fieldSpecs lists the fields in display order.
var fieldSpecs = []fieldSpec{
	{FieldNEQ, false, func(e *Entry) []string { return one(e.NEQ) }, func(e *Entry, v []string) { e.NEQ = first(v) }},
	{FieldName, false, func(e *Entry) []string { return one(e.Name) }, func(e *Entry, v []string) { e.Name = first(v) }},
	{FieldOtherNames, true, func(e *Entry) []string { return e.OtherNames }, func(e *Entry, v []string) { e.OtherNames = v }},
	{FieldLegalForm, false, func(e *Entry) []string { return one(string(e.LegalForm)) }, func(e *Entry, v []string) { e.LegalForm = quebec.CollectiveForm(first(v)) }},
	{FieldStreet, false, func(e *Entry) []string { return one(e.Address.Street) }, func(e *Entry, v []string) { e.Address.Street = first(v) }},
	{FieldMunicipality, false, func(e *Entry) []string { return one(e.Address.MunicipalityCode) }, func(e *Entry, v []string) { e.Address.MunicipalityCode = first(v) }},
	{FieldPostalCode, false, func(e *Entry) []string { return one(e.Address.PostalCode) }, func(e *Entry, v []string) { e.Address.PostalCode = first(v) }},
	{FieldRegionsServed, true, func(e *Entry) []string { return e.RegionsServed }, func(e *Entry, v []string) { e.RegionsServed = v }},
	{FieldSectors, true, func(e *Entry) []string { return e.Sectors }, func(e *Entry, v []string) { e.Sectors = v }},
	{FieldUNSPSC, true, func(e *Entry) []string { return e.UNSPSC }, func(e *Entry, v []string) { e.UNSPSC = v }},
	{FieldProducts, true, func(e *Entry) []string { return e.Products }, func(e *Entry, v []string) { e.Products = v }},
	{FieldDescription, false, func(e *Entry) []string { return one(e.Description) }, func(e *Entry, v []string) { e.Description = first(v) }},
	{FieldWebsite, false, func(e *Entry) []string { return one(e.Website) }, func(e *Entry, v []string) { e.Website = first(v) }},
	{FieldEmail, false, func(e *Entry) []string { return one(e.Contact.Email) }, func(e *Entry, v []string) { e.Contact.Email = first(v) }},
	{FieldPhone, false, func(e *Entry) []string { return one(e.Contact.Phone) }, func(e *Entry, v []string) { e.Contact.Phone = first(v) }},
	{FieldAdapted, false, func(e *Entry) []string { return boolField(e.Adapted) }, func(e *Entry, v []string) { e.Adapted = first(v) == "true" }},
	{FieldNoRistourne, false, func(e *Entry) []string { return boolField(e.NoRistourne) }, func(e *Entry, v []string) { e.NoRistourne = first(v) == "true" }},
}

// Fields returns every field name in display order.
func Fields() []Field {
	out := make([]Field, len(fieldSpecs))
	for i, s := range fieldSpecs {
		out[i] = s.name
	}
	return out
}

func specOf(f Field) (fieldSpec, bool) {
	for _, s := range fieldSpecs {
		if s.name == f {
			return s, true
		}
	}
	return fieldSpec{}, false
}

// canonical is the comparable form of a value: trimmed, inner spaces collapsed; lists
// de-duplicated and sorted case- and accent-insensitively; e-mail and website lower-cased
// (their case carries no meaning).
func canonical(s fieldSpec, v []string) []string {
	out := make([]string, 0, len(v))
	for _, x := range v {
		x = strings.Join(strings.Fields(x), " ")
		if s.name == FieldEmail || s.name == FieldWebsite {
			x = strings.ToLower(strings.TrimSuffix(x, "/"))
		}
		if x != "" {
			out = append(out, x)
		}
	}
	if !s.list {
		return out
	}
	slices.SortFunc(out, func(a, b string) int { return strings.Compare(quebec.Fold(a), quebec.Fold(b)) })
	return slices.CompactFunc(out, func(a, b string) bool { return quebec.Fold(a) == quebec.Fold(b) })
}
