package catalogue

import (
	"encoding/json"
	"fmt"
	"time"

	"maillage/app/quebec"
)

// dbRow is a catalogue_entries row as PostgreSQL's to_jsonb() writes it and
// jsonb_populate_record() reads it. Going through JSON keeps arrays and jsonb columns simple
// with any driver, and a row is written whole in one statement.
type dbRow struct {
	ID            string                 `json:"id"`
	NEQ           *string                `json:"neq"`
	Name          string                 `json:"name"`
	NameKey       string                 `json:"name_key"`
	OtherNames    []string               `json:"other_names"`
	LegalForm     quebec.CollectiveForm  `json:"legal_form"`
	FormEvidence  FormEvidence           `json:"legal_form_evidence"`
	EESCriteria   map[Criterion]Evidence `json:"ees_criteria"`
	EESTrust      Trust                  `json:"ees_trust"`
	EESVerifiedBy *string                `json:"ees_verified_by"`
	EESVerifiedAt *time.Time             `json:"ees_verified_at"`
	NoRistourne   bool                   `json:"no_ristourne"`
	Adapted       bool                   `json:"adapted"`
	Street        string                 `json:"street"`
	Municipality  string                 `json:"municipality_code"`
	MRCCode       *string                `json:"mrc_code"`
	RegionCode    string                 `json:"region_code"`
	PostalCode    string                 `json:"postal_code"`
	RegionsServed []string               `json:"regions_served"`
	Sectors       []string               `json:"sectors"`
	UNSPSC        []string               `json:"unspsc"`
	Segments      []string               `json:"unspsc_segments"`
	Products      []string               `json:"products"`
	Description   string                 `json:"description"`
	Website       string                 `json:"website"`
	Email         string                 `json:"email"`
	Phone         string                 `json:"phone"`
	SourceKind    SourceKind             `json:"source_kind"`
	SourceName    string                 `json:"source_name"`
	SourceRef     string                 `json:"source_ref"`
	LastVerified  *string                `json:"last_verified"` // date
	Status        Status                 `json:"status"`
	MergedInto    *string                `json:"merged_into"`
	ClaimedBy     *string                `json:"claimed_by"`
	Version       int                    `json:"version"`
	SearchNames   string                 `json:"search_names"`
	Search        string                 `json:"search"`
	CreatedAt     time.Time              `json:"created_at"`
	UpdatedAt     time.Time              `json:"updated_at"`
	// Joined, not columns.
	MunicipalityName string `json:"municipality_name,omitempty"`
}

func ptr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func val(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// toRow prepares e for writing; version and timestamps are the store's business.
func toRow(e Entry, version int, now time.Time) dbRow {
	r := dbRow{ID: e.ID, NEQ: ptr(e.NEQ), Name: e.Name, NameKey: NameKey(e.Name), OtherNames: nonNil(e.OtherNames),
		LegalForm: e.LegalForm, FormEvidence: e.FormEvidence, EESCriteria: e.EES.Criteria, EESTrust: e.EES.Trust, EESVerifiedBy: ptr(e.EES.VerifiedBy),
		NoRistourne: e.NoRistourne, Adapted: e.Adapted, Street: e.Address.Street, Municipality: e.Address.MunicipalityCode,
		RegionCode: "01", PostalCode: e.Address.PostalCode, RegionsServed: nonNil(e.RegionsServed), Sectors: nonNil(e.Sectors),
		UNSPSC: nonNil(e.UNSPSC), Segments: []string{}, Products: nonNil(e.Products), Description: e.Description,
		Website: e.Website, Email: e.Contact.Email, Phone: e.Contact.Phone, SourceKind: e.Source.Kind,
		SourceName: e.Source.Name, SourceRef: e.Source.Ref, Status: e.Status, MergedInto: ptr(e.MergedInto),
		ClaimedBy: ptr(e.ClaimedBy), Version: version, CreatedAt: now, UpdatedAt: now}
	if r.EESCriteria == nil {
		r.EESCriteria = map[Criterion]Evidence{}
	}
	if r.EESTrust == "" {
		r.EESTrust = TrustUnknown
	}
	if !e.EES.VerifiedAt.IsZero() {
		t := e.EES.VerifiedAt.UTC()
		r.EESVerifiedAt = &t
	}
	if !e.LastVerified.IsZero() {
		d := e.LastVerified.UTC().Format(time.DateOnly)
		r.LastVerified = &d
	}
	if r.Status == "" {
		r.Status = StatusActive
	}
	if r.SourceKind == "" {
		r.SourceKind = SourceSteward
	}
	return r
}

func (r dbRow) entry() (Entry, error) {
	e := Entry{ID: r.ID, NEQ: val(r.NEQ), Name: r.Name, OtherNames: r.OtherNames, LegalForm: r.LegalForm, FormEvidence: r.FormEvidence,
		EES:         EES{Criteria: r.EESCriteria, Trust: r.EESTrust, VerifiedBy: val(r.EESVerifiedBy)},
		NoRistourne: r.NoRistourne, Adapted: r.Adapted,
		Address: Address{Street: r.Street, MunicipalityCode: r.Municipality, MunicipalityName: r.MunicipalityName,
			PostalCode: r.PostalCode, MRCCode: val(r.MRCCode), RegionCode: r.RegionCode},
		RegionsServed: r.RegionsServed, Sectors: r.Sectors, UNSPSC: r.UNSPSC, Products: r.Products,
		Description: r.Description, Website: r.Website, Contact: Contact{Email: r.Email, Phone: r.Phone},
		Source: Source{Kind: r.SourceKind, Name: r.SourceName, Ref: r.SourceRef}, Status: r.Status,
		MergedInto: val(r.MergedInto), ClaimedBy: val(r.ClaimedBy), Version: r.Version, UpdatedAt: r.UpdatedAt}
	if r.EESVerifiedAt != nil {
		e.EES.VerifiedAt = r.EESVerifiedAt.UTC()
	}
	if r.LastVerified != nil {
		d, err := time.Parse(time.DateOnly, *r.LastVerified)
		if err != nil {
			return Entry{}, fmt.Errorf("entry %s: last_verified %q: %w", r.ID, *r.LastVerified, err)
		}
		e.LastVerified = d
	}
	return e, nil
}

func decodeRows(raw [][]byte) ([]Entry, error) {
	out := make([]Entry, 0, len(raw))
	for _, b := range raw {
		var r dbRow
		if err := json.Unmarshal(b, &r); err != nil {
			return nil, fmt.Errorf("decode catalogue entry: %w", err)
		}
		e, err := r.entry()
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}
