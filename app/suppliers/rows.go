package suppliers

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"maillage/app/quebec"
)

// jsonList scans a JSON array column (array_to_json of a text[]) into strings.
type jsonList []string

func (l *jsonList) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*l = nil
		return nil
	case []byte:
		return json.Unmarshal(v, l)
	case string:
		return json.Unmarshal([]byte(v), l)
	}
	return fmt.Errorf("jsonList: cannot scan %T", src)
}

// jsonContacts scans the contacts jsonb column.
type jsonContacts []Contact

func (c *jsonContacts) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*c = nil
		return nil
	case []byte:
		return json.Unmarshal(v, c)
	case string:
		return json.Unmarshal([]byte(v), c)
	}
	return fmt.Errorf("jsonContacts: cannot scan %T", src)
}

// pgArray is a text[] parameter written as an array literal, every element quoted and
// escaped (GORM would expand a Go slice into a list of parameters).
type pgArray []string

func (a pgArray) Value() (driver.Value, error) {
	var b strings.Builder
	b.WriteByte('{')
	for i, s := range a {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('"')
		b.WriteString(strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s))
		b.WriteByte('"')
	}
	b.WriteByte('}')
	return b.String(), nil
}

// supplierCols is the select list matching supplierRow.
const supplierCols = `tenant_id, id, neq, legal_name, array_to_json(other_names) AS other_names, legal_form,
	coalesce(coop_kind, '') AS coop_kind, array_to_json(ees_criteria) AS ees_criteria, ees_attestation,
	ees_attested_by, ees_attested_at, no_ristourne, adapted, quebec_establishment, street,
	coalesce(municipality_code, '') AS municipality_code, postal_code, coalesce(mrc_code, '') AS mrc_code,
	coalesce(region_code, '') AS region_code, array_to_json(regions_served) AS regions_served,
	array_to_json(unspsc) AS unspsc, products_services, contacts, website, portfolio, status, status_reason,
	catalogue_entry_id, enterprise_id, version, created_at, updated_at`

type supplierRow struct {
	TenantID            uuid.UUID    `gorm:"column:tenant_id"`
	ID                  uuid.UUID    `gorm:"column:id"`
	NEQ                 string       `gorm:"column:neq"`
	LegalName           string       `gorm:"column:legal_name"`
	OtherNames          jsonList     `gorm:"column:other_names"`
	LegalForm           string       `gorm:"column:legal_form"`
	CoopKind            string       `gorm:"column:coop_kind"`
	EESCriteria         jsonList     `gorm:"column:ees_criteria"`
	EESAttestation      string       `gorm:"column:ees_attestation"`
	EESAttestedBy       string       `gorm:"column:ees_attested_by"`
	EESAttestedAt       *time.Time   `gorm:"column:ees_attested_at"`
	NoRistourne         bool         `gorm:"column:no_ristourne"`
	Adapted             bool         `gorm:"column:adapted"`
	QuebecEstablishment bool         `gorm:"column:quebec_establishment"`
	Street              string       `gorm:"column:street"`
	MunicipalityCode    string       `gorm:"column:municipality_code"`
	PostalCode          string       `gorm:"column:postal_code"`
	MRCCode             string       `gorm:"column:mrc_code"`
	RegionCode          string       `gorm:"column:region_code"`
	RegionsServed       jsonList     `gorm:"column:regions_served"`
	UNSPSC              jsonList     `gorm:"column:unspsc"`
	ProductsServices    string       `gorm:"column:products_services"`
	Contacts            jsonContacts `gorm:"column:contacts"`
	Website             string       `gorm:"column:website"`
	Portfolio           string       `gorm:"column:portfolio"`
	Status              string       `gorm:"column:status"`
	StatusReason        string       `gorm:"column:status_reason"`
	CatalogueEntryID    *uuid.UUID   `gorm:"column:catalogue_entry_id"`
	EnterpriseID        *uuid.UUID   `gorm:"column:enterprise_id"`
	Version             int          `gorm:"column:version"`
	CreatedAt           time.Time    `gorm:"column:created_at"`
	UpdatedAt           time.Time    `gorm:"column:updated_at"`
	Total               int64        `gorm:"column:total"`
}

// targets are r's fields in supplierCols order, then total: list scans each row straight into them
// (GORM's reflective scan cost more than the query's decoding for a page of 50 suppliers).
func (r *supplierRow) targets() []any {
	return []any{&r.TenantID, &r.ID, &r.NEQ, &r.LegalName, &r.OtherNames, &r.LegalForm, &r.CoopKind, &r.EESCriteria,
		&r.EESAttestation, &r.EESAttestedBy, &r.EESAttestedAt, &r.NoRistourne, &r.Adapted, &r.QuebecEstablishment, &r.Street,
		&r.MunicipalityCode, &r.PostalCode, &r.MRCCode, &r.RegionCode, &r.RegionsServed, &r.UNSPSC, &r.ProductsServices,
		&r.Contacts, &r.Website, &r.Portfolio, &r.Status, &r.StatusReason, &r.CatalogueEntryID, &r.EnterpriseID, &r.Version,
		&r.CreatedAt, &r.UpdatedAt, &r.Total}
}

func (r supplierRow) supplier() Supplier {
	nz := func(l []string) []string {
		if l == nil {
			return []string{}
		}
		return l
	}
	crit := make([]EESCriterion, 0, len(r.EESCriteria))
	for _, c := range r.EESCriteria {
		crit = append(crit, EESCriterion(c))
	}
	contacts := []Contact(r.Contacts)
	if contacts == nil {
		contacts = []Contact{}
	}
	return Supplier{
		ID: r.ID, TenantID: r.TenantID, NEQ: quebec.NEQ(r.NEQ), LegalName: r.LegalName, OtherNames: nz(r.OtherNames),
		LegalForm: quebec.LegalForm(r.LegalForm), CoopKind: quebec.CoopKind(r.CoopKind), EESCriteria: crit,
		Attestation: Attestation(r.EESAttestation), AttestedBy: r.EESAttestedBy, AttestedAt: r.EESAttestedAt,
		NoRistourne: r.NoRistourne, Adapted: r.Adapted, QuebecEstablishment: r.QuebecEstablishment, Street: r.Street,
		MunicipalityCode: r.MunicipalityCode, PostalCode: r.PostalCode, MRCCode: r.MRCCode, RegionCode: r.RegionCode,
		RegionsServed: nz(r.RegionsServed), UNSPSC: nz(r.UNSPSC), ProductsServices: r.ProductsServices, Contacts: contacts,
		Website: r.Website, Portfolio: r.Portfolio, Status: State(r.Status), StatusReason: r.StatusReason,
		CatalogueEntryID: r.CatalogueEntryID, EnterpriseID: r.EnterpriseID, Version: r.Version,
		CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt,
	}
}

// writeArgs are the values of the writable columns, in writeCols order.
const writeCols = `neq, legal_name, other_names, legal_form, coop_kind, ees_criteria, ees_attestation, ees_attested_by,
	ees_attested_at, ees, no_ristourne, adapted, quebec_establishment, street, municipality_code, postal_code, mrc_code,
	region_code, regions_served, unspsc, products_services, contacts, website, portfolio, status, status_reason,
	catalogue_entry_id, enterprise_id`

const writePlaceholders = `?, ?, ?::text[], ?, ?, ?::text[], ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::text[], ?::text[], ?, ?::jsonb, ?, ?, ?, ?, ?, ?`

func (s *Supplier) writeArgs() []any {
	null := func(v string) any {
		if v == "" {
			return nil
		}
		return v
	}
	crit := make([]string, 0, len(s.EESCriteria))
	for _, c := range s.EESCriteria {
		crit = append(crit, string(c))
	}
	if s.Attestation == "" {
		s.Attestation = AttestNone
	}
	contacts, _ := json.Marshal(s.Contacts)
	if s.Contacts == nil {
		contacts = []byte("[]")
	}
	return []any{
		string(s.NEQ), s.LegalName, pgArray(s.OtherNames), string(s.LegalForm), null(string(s.CoopKind)), pgArray(crit),
		string(s.Attestation), s.AttestedBy, s.AttestedAt, s.EES(), s.NoRistourne, s.Adapted, s.QuebecEstablishment,
		s.Street, null(s.MunicipalityCode), s.PostalCode, null(s.MRCCode), null(s.RegionCode), pgArray(s.RegionsServed),
		pgArray(s.UNSPSC), s.ProductsServices, string(contacts), s.Website, s.Portfolio, string(s.Status), s.StatusReason,
		s.CatalogueEntryID, s.EnterpriseID,
	}
}

// Value lets GORM accept the type in a scanned struct (it is never written this way).
func (l jsonList) Value() (driver.Value, error) {
	b, err := json.Marshal([]string(l))
	return string(b), err
}

// Value lets GORM accept the type in a scanned struct (it is never written this way).
func (c jsonContacts) Value() (driver.Value, error) {
	b, err := json.Marshal([]Contact(c))
	return string(b), err
}
