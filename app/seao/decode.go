// Package seao reads the open data of SEAO (Système électronique d'appel d'offres du
// Québec) and writes Open Contracting Data Standard (OCDS 1.1) exports.
//
// Decode streams a SEAO weekly release package: it walks the top-level object token by
// token and decodes one release at a time, so memory stays flat whatever the file's size.
// It accepts the one place where real SEAO files break strict OCDS (tender.documents[] has no
// id). BuildPackage writes a release package from a tenant's contracts that validates against
// the OCDS 1.1.5 schema (Validate, with the schema embedded).
package seao

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"maillage/app/errs"
)

// SEAOPrefix is the ocid prefix SEAO publishes under; the SEAO number follows it.
const SEAOPrefix = "ocds-ec9k95-"

// Supplier is a winning supplier of an award.
type Supplier struct {
	ID   string `json:"id"` // SEAO party id, e.g. FO-1177604668
	Name string `json:"name"`
	NEQ  string `json:"neq"` // empty when SEAO gives none (suppliers outside Québec)
}

// Record is one award of a SEAO release, with what Maillage keeps of it.
type Record struct {
	OCID              string     `json:"ocid"`
	ReleaseID         string     `json:"release_id"`
	ReleaseDate       time.Time  `json:"release_date"`
	Tags              []string   `json:"tags"`
	SEAONumber        string     `json:"seao_number"`
	BuyerID           string     `json:"buyer_id"`
	BuyerName         string     `json:"buyer_name"`
	Municipal         bool       `json:"municipal"`
	TenderID          string     `json:"tender_id"`
	Title             string     `json:"title"`
	Method            string     `json:"method"` // OCDS: open, selective, limited, direct
	MethodDetails     string     `json:"method_details"`
	MainCategory      string     `json:"main_category"` // OCDS: goods, services, works
	UNSPSC            string     `json:"unspsc"`
	UNSPSCDescription string     `json:"unspsc_description"`
	Category          string     `json:"category"`      // SEAO category text, "G19 - Machinerie et outils"
	CategoryCode      string     `json:"category_code"` // "G19"
	AwardID           string     `json:"award_id"`
	AwardDate         time.Time  `json:"award_date"` // the date as SEAO states it, at UTC midnight
	AwardCents        int64      `json:"award_cents"`
	Currency          string     `json:"currency"`
	ContractID        string     `json:"contract_id"`
	ContractStatus    string     `json:"contract_status"`
	FinalCents        int64      `json:"final_cents"`
	HasFinal          bool       `json:"has_final"`
	DateSigned        time.Time  `json:"date_signed,omitzero"`
	EndDate           time.Time  `json:"end_date,omitzero"`
	Suppliers         []Supplier `json:"suppliers"`
}

// Stats counts what a decode saw.
type Stats struct {
	Releases     int            `json:"releases"`
	Records      int            `json:"records"`
	WithoutAward int            `json:"without_award"` // tender notices, no contract yet
	Buyers       map[string]int `json:"buyers"`        // releases per buyer id
	Version      string         `json:"version"`
}

// Decode reads a release package from r and calls fn for each award, in file order. It stops
// at the first error of fn. A body that is not an OCDS release package, or a release with no
// ocid or a malformed amount, fails with an Invalid error naming the release.
func Decode(r io.Reader, fn func(Record) error) (Stats, error) {
	st := Stats{Buyers: map[string]int{}}
	err := walk(r, &st.Version, func(rel *release) error {
		st.Releases++
		st.Buyers[rel.Buyer.ID]++
		recs, err := rel.records()
		if err != nil {
			return fmt.Errorf("release %s: %w", rel.OCID, err)
		}
		if len(recs) == 0 {
			st.WithoutAward++
		}
		for _, rec := range recs {
			st.Records++
			if err := fn(rec); err != nil {
				return err
			}
		}
		return nil
	})
	return st, err
}

// walk streams the releases of a package: it walks the top-level object token by token and decodes one
// release at a time, calling fn with each (in file order). version receives the package's version.
func walk(r io.Reader, version *string, fn func(*release) error) error {
	dec := json.NewDecoder(r)
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return notOCDS(err)
	}
	sawReleases := false
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return notOCDS(err)
		}
		key, _ := t.(string)
		switch key {
		case "releases":
			sawReleases = true
			if err := walkReleases(dec, fn); err != nil {
				return err
			}
		case "version":
			if err := dec.Decode(version); err != nil {
				return notOCDS(err)
			}
		default:
			var skip json.RawMessage // package metadata: small
			if err := dec.Decode(&skip); err != nil {
				return notOCDS(err)
			}
		}
	}
	if !sawReleases || !strings.HasPrefix(*version, "1.") {
		return notOCDS(nil)
	}
	return nil
}

func notOCDS(err error) error {
	return errs.E(errs.Invalid, "rules.seao.not_ocds").Wrap(err)
}

func walkReleases(dec *json.Decoder, fn func(*release) error) error {
	if t, err := dec.Token(); err != nil || t != json.Delim('[') {
		return notOCDS(err)
	}
	for i := 1; dec.More(); i++ {
		var rel release
		if err := dec.Decode(&rel); err != nil {
			return errs.E(errs.Invalid, "rules.seao.bad_release").With(map[string]any{"Index": i}).Wrap(err)
		}
		if rel.OCID == "" {
			return errs.E(errs.Invalid, "rules.seao.missing_ocid").With(map[string]any{"Index": i})
		}
		if err := fn(&rel); err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil { // the closing ]
		return notOCDS(err)
	}
	return nil
}
