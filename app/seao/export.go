package seao

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"

	"maillage/app/errs"
)

// ExportSupplier is the supplier of a contract with its status captured at award time.
type ExportSupplier struct {
	ID        string // register id; used when there is no NEQ
	Name      string
	NEQ       string
	Locality  string
	Region    string // administrative region code 01-17
	EES       bool   // entreprise d'économie sociale
	Adapted   bool   // entreprise adaptée
	LegalForm string // nonprofit, coop, solidarity_coop, other
	Local     bool   // local under the tenant's policy at award time
}

// ExportContract is one of a tenant's contracts, as the export needs it.
type ExportContract struct {
	ID          string
	SEAONumber  string
	Title       string
	UNSPSC      string // 8 digits
	Nature      string // goods, services, construction
	Procedure   string // gre_a_gre, invitation, public_call
	Status      string // active, terminated, pending
	AwardDate   time.Time
	StartDate   time.Time
	EndDate     time.Time
	AwardCents  int64
	FinalCents  int64 // 0 with HasFinal false: the awarded amount stands
	HasFinal    bool
	Currency    string // CAD when empty
	Supplier    ExportSupplier
	LastChanged time.Time // release date; the award date when zero
}

// ExportMeta describes the package and its buyer.
type ExportMeta struct {
	URI               string // where this package can be fetched
	OCIDPrefix        string // the publisher's registered ocid prefix
	PublisherName     string
	License           string
	PublicationPolicy string
	Published         time.Time
	BuyerID           string
	BuyerName         string
}

// BuildPackage writes an OCDS 1.1 release package of the contracts to w: one release per
// contract (tags award and contract), the supplier's social-economy status in
// parties[].details.socialEconomy. Amounts are written from cents as exact decimals.
// OCDS requires at least one release, so an empty list is a NotFound error, not an empty package.
func BuildPackage(w io.Writer, meta ExportMeta, contracts []ExportContract) error {
	if len(contracts) == 0 {
		return errs.E(errs.NotFound, "rules.ocds.no_contracts")
	}
	pkg := map[string]any{
		"uri":           meta.URI,
		"version":       "1.1",
		"publishedDate": meta.Published.UTC().Format(time.RFC3339),
		"publisher":     map[string]any{"name": meta.PublisherName},
		"releases":      releasesOf(meta, contracts),
	}
	if meta.License != "" {
		pkg["license"] = meta.License
	}
	if meta.PublicationPolicy != "" {
		pkg["publicationPolicy"] = meta.PublicationPolicy
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(pkg); err != nil {
		return fmt.Errorf("write ocds package: %w", err)
	}
	return nil
}

func releasesOf(meta ExportMeta, cs []ExportContract) []map[string]any {
	out := make([]map[string]any, 0, len(cs))
	buyer := map[string]any{"id": meta.BuyerID, "name": meta.BuyerName}
	for _, c := range cs {
		cur := c.Currency
		if cur == "" {
			cur = "CAD"
		}
		changed := c.LastChanged
		if changed.IsZero() {
			changed = c.AwardDate
		}
		sup := supplierParty(c.Supplier)
		supRef := map[string]any{"id": sup["id"], "name": sup["name"]}
		final := c.AwardCents
		if c.HasFinal {
			final = c.FinalCents
		}
		tenderID := c.SEAONumber
		if tenderID == "" {
			tenderID = c.ID
		}
		contract := map[string]any{"id": "contract-" + c.ID, "awardID": "award-" + c.ID, "status": contractStatus(c.Status),
			"value": money(final, cur)}
		if !c.AwardDate.IsZero() {
			contract["dateSigned"] = c.AwardDate.UTC().Format(time.RFC3339)
		}
		if period := periodOf(c.StartDate, c.EndDate); period != nil {
			contract["period"] = period
		}
		out = append(out, map[string]any{
			"ocid":           meta.OCIDPrefix + "-" + c.ID,
			"id":             c.ID + "-" + changed.UTC().Format("20060102150405"),
			"date":           changed.UTC().Format(time.RFC3339),
			"tag":            []string{"award", "contract"},
			"initiationType": "tender",
			"language":       "fr",
			"parties": []map[string]any{
				{"id": meta.BuyerID, "name": meta.BuyerName, "roles": []string{"buyer", "procuringEntity"}},
				sup,
			},
			"buyer": buyer,
			"tender": map[string]any{
				"id": tenderID, "title": c.Title, "status": "complete",
				"procurementMethod": method(c.Procedure), "procurementMethodDetails": c.Procedure,
				"mainProcurementCategory": category(c.Nature),
				"procuringEntity":         buyer,
				"items":                   []map[string]any{item(c)},
			},
			"awards": []map[string]any{{"id": "award-" + c.ID, "status": "active", "date": c.AwardDate.UTC().Format(time.RFC3339),
				"value": money(c.AwardCents, cur), "suppliers": []map[string]any{supRef}}},
			"contracts": []map[string]any{contract},
		})
	}
	return out
}

// item describes what was bought; the UNSPSC classification only when the contract has one.
func item(c ExportContract) map[string]any {
	it := map[string]any{"id": "1", "description": c.Title}
	if c.UNSPSC != "" {
		it["classification"] = map[string]any{"scheme": "UNSPSC", "id": c.UNSPSC}
	}
	return it
}

func supplierParty(s ExportSupplier) map[string]any {
	id := "MAILLAGE-" + s.ID
	details := map[string]any{"socialEconomy": map[string]any{
		"ees": s.EES, "adaptedEnterprise": s.Adapted, "legalForm": s.LegalForm, "local": s.Local}}
	p := map[string]any{"name": s.Name, "roles": []string{"supplier"}, "details": details}
	if s.NEQ != "" {
		id = "NEQ-" + s.NEQ
		details["neq"] = s.NEQ
		p["identifier"] = map[string]any{"scheme": "CA-QC-NEQ", "id": s.NEQ, "legalName": s.Name}
	}
	p["id"] = id
	if s.Locality != "" || s.Region != "" {
		p["address"] = map[string]any{"locality": s.Locality, "region": "QC", "countryName": "Canada"}
	}
	return p
}

// money writes cents as an exact decimal JSON number.
func money(c int64, cur string) map[string]any {
	s := strconv.FormatInt(c/100, 10) + "." + fmt.Sprintf("%02d", c%100)
	return map[string]any{"amount": json.Number(s), "currency": cur}
}

func periodOf(start, end time.Time) map[string]any {
	p := map[string]any{}
	if !start.IsZero() {
		p["startDate"] = start.UTC().Format(time.RFC3339)
	}
	if !end.IsZero() {
		p["endDate"] = end.UTC().Format(time.RFC3339)
	}
	if len(p) == 0 {
		return nil
	}
	return p
}

// method maps our procedures to the OCDS method codelist.
func method(p string) string {
	switch p {
	case "public_call":
		return "open"
	case "invitation":
		return "limited"
	default:
		return "direct"
	}
}

func category(n string) string {
	switch n {
	case "construction":
		return "works"
	case "services":
		return "services"
	default:
		return "goods"
	}
}

func contractStatus(s string) string {
	switch s {
	case "terminated", "pending", "cancelled":
		return s
	default:
		return "active"
	}
}
