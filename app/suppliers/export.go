package suppliers

import (
	"strings"
	"time"
)

// ExportColumns are the message IDs of the export's headers, in order. Their French and
// English texts are aliases of ImportTargets, so an export can be imported back.
func ExportColumns() []string {
	return []string{
		"suppliers.col.neq", "suppliers.col.legal_name", "suppliers.col.other_names", "suppliers.col.legal_form",
		"suppliers.col.coop_kind", "suppliers.col.ees", "suppliers.col.no_ristourne", "suppliers.col.adapted",
		"suppliers.col.street", "suppliers.col.municipality", "suppliers.col.postal_code", "suppliers.col.mrc",
		"suppliers.col.region", "suppliers.col.regions_served", "suppliers.col.unspsc", "suppliers.col.products_services",
		"suppliers.col.website", "suppliers.col.status", "suppliers.col.status_reason", "suppliers.col.updated_at",
		"suppliers.col.contact_name", "suppliers.col.contact_email", "suppliers.col.contact_phone", "suppliers.col.contact_purpose",
	}
}

// Labels gives the export the words for codes in the reader's language.
type Labels struct {
	T            func(messageID string) string // translated message
	Municipality func(code string) string      // MAMH name; the code itself when unknown
	MRC          func(code string) string
	Region       func(code string) string
}

// ExportRow is one supplier as a row under ExportColumns. Values are plain text: the
// tabular writers defuse formulas.
func ExportRow(s *Supplier, l Labels) []string {
	yes := func(b bool) string {
		if b {
			return l.T("suppliers.yes")
		}
		return l.T("suppliers.no")
	}
	coop := ""
	if s.CoopKind != "" {
		coop = l.T(s.CoopKind.MessageKey())
	}
	muni, mrc, region := "", "", ""
	if s.MunicipalityCode != "" {
		muni = l.Municipality(s.MunicipalityCode)
	}
	if s.MRCCode != "" {
		mrc = l.MRC(s.MRCCode)
	}
	if s.RegionCode != "" {
		region = l.Region(s.RegionCode)
	}
	return []string{
		s.NEQ.String(), s.LegalName, strings.Join(s.OtherNames, "; "), l.T(s.LegalForm.MessageKey()),
		coop, yes(s.EES()), yes(s.NoRistourne), yes(s.Adapted),
		s.Street, muni, s.PostalCode, mrc,
		region, strings.Join(s.RegionsServed, "; "), strings.Join(s.UNSPSC, "; "), s.ProductsServices,
		s.Website, l.T(s.Status.MessageKey()), s.StatusReason, s.UpdatedAt.UTC().Format(time.DateOnly),
		contactCell(s.Contacts, func(c Contact) string { return c.Name }), contactCell(s.Contacts, func(c Contact) string { return c.Email }),
		contactCell(s.Contacts, func(c Contact) string { return c.Phone }), contactCell(s.Contacts, func(c Contact) string { return c.Purpose }),
	}
}

// contactCell writes one field of every contact, one contact per line of the cell, so that
// the import reads the contacts back with their purpose.
func contactCell(cs []Contact, f func(Contact) string) string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = strings.ReplaceAll(f(c), "\n", " ")
	}
	return strings.Join(out, "\n")
}
