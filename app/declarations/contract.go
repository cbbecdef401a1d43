package declarations

import "time"

// Contract is the plain record of an awarded contract that progress is computed from. The web or
// command layer fills it from the contracts store; the supplier's status fields are the ones
// captured at award time, never the supplier's current status.
type Contract struct {
	ID           string    `json:"id"`
	SupplierID   string    `json:"supplier_id"`
	SupplierName string    `json:"supplier_name"`
	BuyerID      string    `json:"buyer_id"` // the body's buyer responsible, for the contact-log indicators; may be empty
	AwardDate    time.Time `json:"award_date"`
	AwardedCents int64     `json:"awarded_cents"` // before taxes, at award
	FinalCents   int64     `json:"final_cents"`   // before taxes, after amendments; used when HasFinal
	HasFinal     bool      `json:"has_final"`
	EES          bool      `json:"ees"`       // supplier was a collective enterprise at award
	Adapted      bool      `json:"adapted"`   // supplier was an accredited entreprise adaptée at award
	Local        bool      `json:"local"`     // supplier was local under the body's policy at award
	MRC          string    `json:"mrc"`       // supplier's establishment MRC code at award
	Region       string    `json:"region"`    // supplier's establishment region code at award
	UNSPSC       string    `json:"unspsc"`    // 8-digit code
	Procedure    string    `json:"procedure"` // e.g. gre_a_gre, invitation, public_call
}

// Spend is what the contract counts for: the final amount after amendments when known, else the
// awarded amount.
func (c Contract) Spend() int64 {
	if c.HasFinal {
		return c.FinalCents
	}
	return c.AwardedCents
}

// Segment is the UNSPSC segment (first two digits), or "" when the code is missing.
func (c Contract) Segment() string {
	if len(c.UNSPSC) < 2 {
		return ""
	}
	return c.UNSPSC[:2]
}

// inTerritory reports whether the supplier was established in t at award.
func (c Contract) inTerritory(t Territory) bool {
	switch t.Level {
	case LevelMRC:
		return c.MRC != "" && c.MRC == t.Code
	case LevelRegion:
		return c.Region != "" && c.Region == t.Code
	case LevelPolicy:
		return c.Local
	}
	return false
}
