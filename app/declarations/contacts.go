package declarations

import (
	"slices"
	"strings"
	"time"

	"maillage/app/errs"
)

// ContactKind is how a buyer met an enterprise (the maillage activities of the Montréal pilot).
type ContactKind string

const (
	Meeting ContactKind = "meeting"
	Event   ContactKind = "event"
	Visit   ContactKind = "visit"
	Call    ContactKind = "call"
)

// Interest is written by the opportunities flow when an enterprise says it is interested in one of the
// body's opportunities (not offered in the buyers' form: it is the enterprise's move, not a meeting).
const Interest ContactKind = "interest"

// ContactKinds lists every kind a buyer records, in display order.
var ContactKinds = []ContactKind{Meeting, Event, Visit, Call}

// Contact is one entry of the maillage contact log.
type Contact struct {
	ID             string      `json:"id"`
	Date           time.Time   `json:"date"`
	Kind           ContactKind `json:"kind"`
	BuyerID        string      `json:"buyer_id"`        // the body's user who made the contact
	SupplierID     string      `json:"supplier_id"`     // register supplier, when the enterprise is in the register
	EnterpriseName string      `json:"enterprise_name"` // free name when it is not (yet)
	Outcome        string      `json:"outcome"`
}

// ValidateContact checks a contact log entry; today bounds the date (no contact in the future).
func ValidateContact(c Contact, today time.Time) error {
	v := errs.Validation{Key: "declarations.contact_invalid"}
	switch {
	case c.Date.IsZero():
		v.Add("date", "declarations.contact_date_required", nil)
	case Day(c.Date).After(Day(today)):
		v.Add("date", "declarations.contact_date_future", nil)
	}
	if !slices.Contains(ContactKinds, c.Kind) && c.Kind != Interest {
		v.Add("kind", "declarations.contact_kind_unknown", nil)
	}
	if c.BuyerID == "" && c.Kind != Interest { // an enterprise's interest in a SEAO notice names no buyer
		v.Add("buyer", "declarations.contact_buyer_required", nil)
	}
	if c.SupplierID == "" && strings.TrimSpace(c.EnterpriseName) == "" {
		v.Add("enterprise", "declarations.contact_enterprise_required", nil)
	}
	if len(c.Outcome) > 2000 {
		v.Add("outcome", "declarations.contact_outcome_too_long", map[string]any{"Max": 2000})
	}
	return v.Err()
}

// PilotInput is what the Montréal pilot's indicators are computed from.
type PilotInput struct {
	Start       time.Time  `json:"start"` // the period, inclusive
	End         time.Time  `json:"end"`
	AsOf        time.Time  `json:"as_of"`        // nothing after this day counts
	Contacts    []Contact  `json:"contacts"`     // the contact log
	Contracts   []Contract `json:"contracts"`    // every contract of the tenant, any date
	Buyers      []string   `json:"buyers"`       // ids of the body's buyers
	RegisterEES []string   `json:"register_ees"` // supplier ids of the register's collective enterprises
	// PriorSuppliers may list the suppliers contracted before the period instead of passing those
	// contracts (as in Input).
	PriorSuppliers []string `json:"prior_suppliers"`
}

// PilotIndicators are the Montréal pilot's measures (seed 002): contacts, contracts, share of new
// relationships, share of buyers and of the register's EES with at least one contract.
type PilotIndicators struct {
	Contacts             int   `json:"contacts"`
	EnterprisesContacted int   `json:"enterprises_contacted"`
	EESContracts         int   `json:"ees_contracts"`         // contracts of the period with an EES (status at award)
	NewRelationships     Ratio `json:"new_relationships"`     // EES contracts with a supplier first contracted in the period / EES contracts
	BuyersWithContract   Ratio `json:"buyers_with_contract"`  // buyers with ≥ 1 EES contract / buyers
	RegisterEESContract  Ratio `json:"register_ees_contract"` // register EES with ≥ 1 contract in the period / register EES
}

// Pilot computes the contact-log indicators.
func Pilot(in PilotInput) PilotIndicators {
	end := Day(in.End)
	if Day(in.AsOf).Before(end) {
		end = Day(in.AsOf)
	}
	var out PilotIndicators
	contacted := map[string]bool{}
	for _, c := range in.Contacts {
		if !inPeriod(c.Date, in.Start, end) {
			continue
		}
		out.Contacts++
		who := c.SupplierID
		if who == "" {
			who = "name:" + strings.ToLower(strings.TrimSpace(c.EnterpriseName))
		}
		contacted[who] = true
	}
	out.EnterprisesContacted = len(contacted)

	period, before := split(in.Contracts, Day(in.Start), end)
	for _, s := range in.PriorSuppliers {
		before[s] = true
	}
	// A contract without a recorded buyer is credited to the buyers who logged a contact with its
	// supplier on or before the award: the maillage that led to it.
	contactedBy := map[string][]Contact{}
	for _, c := range in.Contacts {
		if c.SupplierID != "" {
			contactedBy[c.SupplierID] = append(contactedBy[c.SupplierID], c)
		}
	}
	buyers := map[string]bool{}
	suppliers := map[string]bool{}
	for _, c := range period {
		suppliers[c.SupplierID] = true
		if !c.EES {
			continue
		}
		out.EESContracts++
		if !before[c.SupplierID] {
			out.NewRelationships.Num++
		}
		if c.BuyerID != "" {
			buyers[c.BuyerID] = true
			continue
		}
		for _, k := range contactedBy[c.SupplierID] {
			if !Day(k.Date).After(Day(c.AwardDate)) {
				buyers[k.BuyerID] = true
			}
		}
	}
	out.NewRelationships.Den = int64(out.EESContracts)
	out.BuyersWithContract = countIn(in.Buyers, buyers)
	out.RegisterEESContract = countIn(in.RegisterEES, suppliers)
	return out
}

// countIn is the share of distinct ids in all that are in set.
func countIn(all []string, set map[string]bool) Ratio {
	var r Ratio
	seen := map[string]bool{}
	for _, id := range all {
		if seen[id] {
			continue
		}
		seen[id] = true
		r.Den++
		if set[id] {
			r.Num++
		}
	}
	return r
}
