package rules

import (
	"strings"
	"time"

	"maillage/app/errs"
)

// Nature is what a purchase buys.
type Nature string

const (
	Goods        Nature = "goods"
	Services     Nature = "services"
	Construction Nature = "construction"
)

// Purchase is a planned purchase as the buyer describes it. Amounts are estimates before taxes; the
// engine computes the expense the law compares (net taxes, options) from the legal reference.
type Purchase struct {
	Object   string `json:"object"`
	Category string `json:"category"` // UNSPSC code, 8 digits (segment/family/class codes end in 00)
	Nature   Nature `json:"nature"`
	Amount   Cents  `json:"amount_cents"`            // estimate before taxes, options excluded
	Options  Cents  `json:"options_cents,omitempty"` // renewal options, before taxes
	// LaunchDate is the decisive date: the launch of the process (publication of the call for
	// tenders, sending of the invitations, start of the gré-à-gré process), not the award.
	LaunchDate time.Time `json:"launch_date"`
	AwardDate  time.Time `json:"award_date,omitzero"` // expected award, when known (a change of law in between is flagged)
	// SupplierID is the register supplier the buyer has in mind, when any: past contracts with it
	// count toward the splitting check.
	SupplierID string `json:"supplier_id,omitempty"`
}

// Total is the estimate with its renewal options, before taxes.
func (p Purchase) Total() Cents { return p.Amount + p.Options }

// LegalForm is the supplier's legal form, as far as the exemptions care.
type LegalForm string

const (
	FormOther          LegalForm = ""
	FormNonProfit      LegalForm = "nonprofit"
	FormCoop           LegalForm = "coop"
	FormSolidarityCoop LegalForm = "solidarity_coop"
)

// Document is a document a supplier has filed in the register.
type Document struct {
	Type    string    `json:"type"`
	Issued  time.Time `json:"issued,omitzero"`
	Expires time.Time `json:"expires,omitzero"` // inclusive; zero: no expiry (or derived, see validUntil)
}

// PastContract is one of the body's awarded contracts, as the splitting check needs it.
type PastContract struct {
	SupplierID   string    `json:"supplier_id,omitempty"`
	SupplierName string    `json:"supplier_name"`
	Category     string    `json:"category"`
	Amount       Cents     `json:"amount_cents"` // before taxes
	Date         time.Time `json:"date"`         // award
}

// Award is a past gré-à-gré contract of a supplier, as the rotation rule needs it.
type Award struct {
	Category string    `json:"category"`
	Date     time.Time `json:"date"`
}

// Supplier is a register supplier as the engine sees it.
type Supplier struct {
	ID           string     `json:"id"`
	Name         string     `json:"name"`
	Status       string     `json:"status"` // only "approved" suppliers are eligible
	EES          bool       `json:"ees"`
	Adapted      bool       `json:"adapted"`
	LegalForm    LegalForm  `json:"legal_form"`
	Municipality string     `json:"municipality"` // code géographique of the establishment
	MRC          string     `json:"mrc"`
	Region       string     `json:"region"`    // 01-17; empty when the establishment is outside Québec
	Employees    int        `json:"employees"` // 0: unknown
	RENAListed   bool       `json:"rena_listed"`
	Categories   []string   `json:"categories"`
	Documents    []Document `json:"documents"`
	Awards       []Award    `json:"awards"` // past gré-à-gré awards
}

// StatusApproved is the register status of a supplier that may be chosen.
const StatusApproved = "approved"

// MaxAmount bounds estimates: one billion dollars is already beyond any municipal purchase,
// so anything larger is a typing error.
const MaxAmount Cents = 100_000_000_000

// earliest and latest planned dates the engine accepts.
var (
	earliest = Day(2018, 1, 1)
	latest   = Day(2100, 1, 1)
)

// Validate checks the purchase; errors carry field names and message IDs.
func (p Purchase) Validate() error {
	v := errs.Validation{Key: "rules.err.invalid_purchase"}
	if strings.TrimSpace(p.Object) == "" {
		v.Add("object", "rules.err.object_required", nil)
	}
	if strings.TrimSpace(p.Category) == "" {
		v.Add("category", "rules.err.category_required", nil)
	} else if !validCategory(p.Category) {
		v.Add("category", "rules.err.category_invalid", map[string]any{"Category": p.Category})
	}
	switch p.Nature {
	case Goods, Services, Construction:
	default:
		v.Add("nature", "rules.err.nature_invalid", nil)
	}
	switch {
	case p.Amount < 0:
		v.Add("amount_cents", "rules.err.amount_negative", nil)
	case p.Amount > MaxAmount:
		v.Add("amount_cents", "rules.err.amount_absurd", nil)
	}
	switch {
	case p.Options < 0:
		v.Add("options_cents", "rules.err.amount_negative", nil)
	case p.Options > MaxAmount || (p.Amount >= 0 && p.Amount+p.Options > MaxAmount):
		v.Add("options_cents", "rules.err.amount_absurd", nil)
	}
	switch {
	case p.LaunchDate.IsZero():
		v.Add("launch_date", "rules.err.date_required", nil)
	case p.LaunchDate.Before(earliest) || !p.LaunchDate.Before(latest):
		v.Add("launch_date", "rules.err.date_out_of_range", map[string]any{"From": earliest.Format(time.DateOnly), "To": latest.Format(time.DateOnly)})
	}
	if !p.AwardDate.IsZero() && (Truncate(p.AwardDate).Before(Truncate(p.LaunchDate)) || !p.AwardDate.Before(latest)) {
		v.Add("award_date", "rules.err.award_before_launch", nil)
	}
	if len(p.SupplierID) > 100 {
		v.Add("supplier_id", "rules.err.supplier_invalid", nil)
	}
	return v.Err()
}
