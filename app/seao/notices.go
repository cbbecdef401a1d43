package seao

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// Address is a party's postal address as SEAO writes it.
type Address struct {
	StreetAddress string `json:"streetAddress"`
	Locality      string `json:"locality"`
	Region        string `json:"region"`
	PostalCode    string `json:"postalCode"`
	CountryName   string `json:"countryName"`
}

// Notice actions, from the release's OCDS tags: a call for tenders is published, updated, amended
// or cancelled.
const (
	NoticePublished = "published"
	NoticeUpdated   = "updated"
	NoticeAmended   = "amended"
	NoticeCancelled = "cancelled"
)

// noticeTags maps the OCDS tender tags to an action, strongest last (a release tagged both
// tenderUpdate and tenderCancellation is a cancellation).
var noticeTags = []struct{ tag, action string }{
	{"tender", NoticePublished},
	{"tenderUpdate", NoticeUpdated},
	{"tenderAmendment", NoticeAmended},
	{"tenderCancellation", NoticeCancelled},
}

// Classification is one UNSPSC code of a notice with SEAO's French title for it.
type Classification struct {
	Code        string `json:"code"`
	Description string `json:"description"`
}

// Notice is a call for tenders (a release tagged tender, tenderUpdate, tenderAmendment or
// tenderCancellation), with what Maillage shows and matches of it. Documents stay on SEAO: URL
// links to the notice there.
type Notice struct {
	OCID          string           `json:"ocid"`
	ReleaseID     string           `json:"release_id"`
	ReleaseDate   time.Time        `json:"release_date"`
	Action        string           `json:"action"` // published, updated, amended, cancelled
	SEAONumber    string           `json:"seao_number"`
	BuyerID       string           `json:"buyer_id"`
	BuyerName     string           `json:"buyer_name"`
	BuyerAddress  Address          `json:"buyer_address"`
	Municipal     bool             `json:"municipal"`
	TenderID      string           `json:"tender_id"`
	Title         string           `json:"title"`
	Description   string           `json:"description"`
	Status        string           `json:"status"` // OCDS tender status: planned, active, cancelled, unsuccessful, complete
	Method        string           `json:"method"` // open, selective, limited, direct
	MethodDetails string           `json:"method_details"`
	MainCategory  string           `json:"main_category"` // goods, services, works
	Categories    []string         `json:"categories"`    // SEAO categories, "C01 - Bâtiments"
	UNSPSC        []Classification `json:"unspsc"`        // items' classifications then additional ones, without repeats
	TenderStart   time.Time        `json:"tender_start,omitzero"`
	TenderEnd     time.Time        `json:"tender_end,omitzero"` // closing: the time bids are due
	URL           string           `json:"url"`                 // the notice on SEAO
}

// Buyer is what the file says of one buying body, gathered over all its releases (the tender
// releases often lack the address that the body's contract releases carry).
type Buyer struct {
	ID        string  `json:"id"`
	Name      string  `json:"name"`
	Address   Address `json:"address"`
	Municipal bool    `json:"municipal"`
}

// NoticeStats counts what DecodeNotices saw.
type NoticeStats struct {
	Releases int              `json:"releases"`
	Notices  int              `json:"notices"`
	Version  string           `json:"version"`
	Buyers   map[string]Buyer `json:"buyers"` // every buyer of the file, by SEAO id
}

// DecodeNotices streams a release package and calls fn for each tender release, in file order,
// and gathers every buyer's name and address from all releases (memory grows with the number of
// buyers, not of releases).
func DecodeNotices(r io.Reader, fn func(Notice) error) (NoticeStats, error) {
	st := NoticeStats{Buyers: map[string]Buyer{}}
	err := walk(r, &st.Version, func(rel *release) error {
		st.Releases++
		rel.gatherBuyer(st.Buyers)
		n, ok := rel.notice()
		if !ok {
			return nil
		}
		st.Notices++
		if err := fn(n); err != nil {
			return fmt.Errorf("notice %s: %w", n.OCID, err)
		}
		return nil
	})
	return st, err
}

func (r *release) gatherBuyer(into map[string]Buyer) {
	for _, p := range r.Parties {
		if p.ID == "" || !slices.Contains(p.Roles, "buyer") {
			continue
		}
		b := into[p.ID]
		b.ID = p.ID
		if name := strings.TrimSpace(p.Name); name != "" {
			b.Name = name
		}
		if strings.TrimSpace(p.Address.Locality) != "" || strings.TrimSpace(p.Address.PostalCode) != "" {
			b.Address = trimAddress(p.Address)
		}
		b.Municipal = p.Details.Municipal == "1"
		into[p.ID] = b
	}
}

func trimAddress(a Address) Address {
	clean := func(s string) string { return strings.Trim(strings.Join(strings.Fields(s), " "), " ,") }
	return Address{StreetAddress: clean(a.StreetAddress), Locality: clean(a.Locality), Region: clean(a.Region),
		PostalCode: strings.ToUpper(strings.ReplaceAll(clean(a.PostalCode), " ", "")), CountryName: clean(a.CountryName)}
}

// notice turns a tender release into a Notice; ok is false for releases that are not about a call
// for tenders (contracts, awards, terminations).
func (r *release) notice() (Notice, bool) {
	action := ""
	for _, nt := range noticeTags {
		if slices.Contains(r.Tag, nt.tag) {
			action = nt.action
		}
	}
	if action == "" {
		return Notice{}, false
	}
	n := Notice{OCID: r.OCID, ReleaseID: r.ID, ReleaseDate: parseTime(r.Date), Action: action,
		BuyerID: r.Buyer.ID, BuyerName: strings.TrimSpace(r.Buyer.Name), TenderID: r.Tender.ID,
		Title: strings.TrimSpace(r.Tender.Title), Description: strings.TrimSpace(r.Tender.Description),
		Status: r.Tender.Status, Method: r.Tender.ProcurementMethod,
		MethodDetails: strings.TrimSpace(r.Tender.ProcurementMethodDetails), MainCategory: r.Tender.MainProcurementCategory,
		TenderStart: parseTime(r.Tender.TenderPeriod.StartDate), TenderEnd: parseTime(r.Tender.TenderPeriod.EndDate)}
	if strings.HasPrefix(r.OCID, SEAOPrefix) {
		n.SEAONumber = strings.TrimPrefix(r.OCID, SEAOPrefix)
	}
	if action == NoticeCancelled {
		n.Status = "cancelled"
	}
	for _, p := range r.Parties {
		if p.ID == r.Buyer.ID {
			n.Municipal = p.Details.Municipal == "1"
			n.BuyerAddress = trimAddress(p.Address)
		}
	}
	seen := map[string]bool{}
	add := func(c classification) {
		code := strings.TrimSpace(c.ID)
		if !strings.EqualFold(c.Scheme, "UNSPSC") || len(code) != 8 || seen[code] || !digits(code) {
			return
		}
		seen[code] = true
		n.UNSPSC = append(n.UNSPSC, Classification{Code: code, Description: strings.TrimSpace(c.Description)})
	}
	for _, it := range r.Tender.Items {
		if cat := strings.TrimSpace(it.Description); cat != "" && !slices.Contains(n.Categories, cat) {
			n.Categories = append(n.Categories, cat)
		}
		add(it.Classification)
	}
	for _, it := range r.Tender.Items {
		for _, c := range it.AdditionalClassifications {
			add(c)
		}
	}
	for _, d := range r.Tender.Documents {
		if u := strings.TrimSpace(d.URL); strings.HasPrefix(u, "https://") {
			n.URL = u
			break
		}
	}
	return n, true
}

func digits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
