package catalogue

import (
	"time"

	"maillage/app/quebec"
)

// Status is the life-cycle state of an entry.
type Status string

const (
	StatusActive  Status = "active"
	StatusRetired Status = "retired" // closed, merged into another entry, or no longer an EES
)

// Address is where the enterprise is established. The municipality code (MAMH code
// géographique) decides the MRC and region; the names are kept for display only.
type Address struct {
	Street           string `json:"street,omitempty"`
	MunicipalityCode string `json:"municipality_code"`
	MunicipalityName string `json:"municipality_name,omitempty"`
	PostalCode       string `json:"postal_code,omitempty"`
	MRCCode          string `json:"mrc_code,omitempty"`    // derived from the municipality by the store
	RegionCode       string `json:"region_code,omitempty"` // idem
}

// Contact is the public contact the enterprise agreed to publish (never a private person's data).
type Contact struct {
	Email string `json:"email,omitempty"`
	Phone string `json:"phone,omitempty"`
}

// SourceKind says where an entry's data came from.
type SourceKind string

const (
	SourceDirectory SourceKind = "directory" // a pôle's or a network's directory, imported
	SourceSteward   SourceKind = "steward"   // typed in by a catalogue steward
	SourceClaim     SourceKind = "claim"     // proposed by the enterprise itself
	SourceDemo      SourceKind = "demo"      // generated demo data
)

// Source names the directory or steward an entry came from, and its id there (for re-imports).
type Source struct {
	Kind SourceKind `json:"kind"`
	Name string     `json:"name"`          // e.g. "Pôle de l'économie sociale de l'agglomération de Longueuil"
	Ref  string     `json:"ref,omitempty"` // the source's own identifier of the row, when it has one
}

// Entry is one collective enterprise in the shared catalogue.
type Entry struct {
	ID            string                `json:"id"`
	NEQ           string                `json:"neq,omitempty"` // optional: many directories do not carry it
	Name          string                `json:"name"`
	OtherNames    []string              `json:"other_names,omitempty"` // trade names, former names, English name
	LegalForm     quebec.CollectiveForm `json:"legal_form"`            // "" when no source has said it yet
	FormEvidence  FormEvidence          `json:"legal_form_evidence,omitzero"`
	EES           EES                   `json:"ees"`
	NoRistourne   bool                  `json:"no_ristourne"` // co-op paying no patronage refund nor interest on shares (measure 4)
	Adapted       bool                  `json:"adapted"`      // entreprise adaptée accredited by Services Québec
	Address       Address               `json:"address"`
	RegionsServed []string              `json:"regions_served,omitempty"` // region codes 01-17
	Sectors       []string              `json:"sectors,omitempty"`        // codes from the steward-managed sector list
	UNSPSC        []string              `json:"unspsc,omitempty"`         // 8-digit codes (segment, family or class level)
	Products      []string              `json:"products,omitempty"`       // products and services in the enterprise's words
	Description   string                `json:"description,omitempty"`
	Website       string                `json:"website,omitempty"`
	Contact       Contact               `json:"contact"`
	Source        Source                `json:"source"`
	LastVerified  time.Time             `json:"last_verified,omitzero"` // UTC midnight of the day a steward last checked it
	Status        Status                `json:"status"`
	MergedInto    string                `json:"merged_into,omitempty"` // the surviving entry when this one was merged
	ClaimedBy     string                `json:"claimed_by,omitempty"`  // the enterprise user whose claim was approved
	Version       int                   `json:"version,omitempty"`     // optimistic locking: edits name the version they saw
	UpdatedAt     time.Time             `json:"updated_at,omitzero"`
}
