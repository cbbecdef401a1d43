package suppliers

import (
	"time"

	"github.com/google/uuid"

	"maillage/app/quebec"
)

// Contact is a person to reach at a supplier. It is personal information (Law 25): keep
// only what the purpose needs, and say the purpose.
type Contact struct {
	Name    string `json:"name"`
	Role    string `json:"role,omitempty"`
	Email   string `json:"email,omitempty"`
	Phone   string `json:"phone,omitempty"`
	Purpose string `json:"purpose"` // why the body keeps this contact, e.g. "soumissions"
}

// Supplier is one record of a tenant's register.
type Supplier struct {
	ID       uuid.UUID `json:"id"`
	TenantID uuid.UUID `json:"-"`

	NEQ        quebec.NEQ       `json:"neq"`
	LegalName  string           `json:"legal_name"`
	OtherNames []string         `json:"other_names"`
	LegalForm  quebec.LegalForm `json:"legal_form"`
	CoopKind   quebec.CoopKind  `json:"coop_kind,omitempty"`

	EESCriteria []EESCriterion `json:"ees_criteria"`
	Attestation Attestation    `json:"ees_attestation"`
	AttestedBy  string         `json:"ees_attested_by,omitempty"`
	AttestedAt  *time.Time     `json:"ees_attested_at,omitempty"`
	NoRistourne bool           `json:"no_ristourne"`
	Adapted     bool           `json:"adapted"`

	QuebecEstablishment bool      `json:"quebec_establishment"`
	Street              string    `json:"street"`
	MunicipalityCode    string    `json:"municipality_code"`
	PostalCode          string    `json:"postal_code"`
	MRCCode             string    `json:"mrc_code"`    // derived from the municipality
	RegionCode          string    `json:"region_code"` // derived from the municipality
	RegionsServed       []string  `json:"regions_served"`
	UNSPSC              []string  `json:"unspsc"`
	ProductsServices    string    `json:"products_services"`
	Contacts            []Contact `json:"contacts"`
	Website             string    `json:"website"`
	Portfolio           string    `json:"portfolio"`

	Status       State  `json:"status"`
	StatusReason string `json:"status_reason,omitempty"`

	CatalogueEntryID *uuid.UUID `json:"catalogue_entry_id,omitempty"`
	EnterpriseID     *uuid.UUID `json:"enterprise_id,omitempty"`

	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Statements returns the supplier's social-economy statements.
func (s *Supplier) Statements() Statements {
	st := Statements{Criteria: s.EESCriteria, NoRistourne: s.NoRistourne, Adapted: s.Adapted, Attestation: s.Attestation, AttestedBy: s.AttestedBy}
	if s.AttestedAt != nil {
		st.AttestedAt = *s.AttestedAt
	}
	return st
}

// EES reports a social economy enterprise (see Statements.EES).
func (s *Supplier) EES() bool { return s.Statements().EES(s.LegalForm) }

// Local reports a supplier established in the given region (the body's own).
func (s *Supplier) Local(region string) bool {
	return s.QuebecEstablishment && region != "" && s.RegionCode == region
}
