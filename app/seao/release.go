package seao

import (
	"encoding/json"
	"math/big"
	"strings"
	"time"

	"maillage/app/errs"
)

// release holds the fields of an OCDS release that Maillage reads; the rest is skipped.
type release struct {
	OCID   string   `json:"ocid"`
	ID     string   `json:"id"`
	Date   string   `json:"date"`
	Tag    []string `json:"tag"`
	Buyer  orgRef   `json:"buyer"`
	Tender struct {
		ID                       string `json:"id"`
		Title                    string `json:"title"`
		Description              string `json:"description"`
		Status                   string `json:"status"`
		ProcurementMethod        string `json:"procurementMethod"`
		ProcurementMethodDetails string `json:"procurementMethodDetails"`
		MainProcurementCategory  string `json:"mainProcurementCategory"`
		Items                    []struct {
			Description               string           `json:"description"`
			Classification            classification   `json:"classification"`
			AdditionalClassifications []classification `json:"additionalClassifications"`
		} `json:"items"`
		TenderPeriod struct {
			StartDate string `json:"startDate"`
			EndDate   string `json:"endDate"`
		} `json:"tenderPeriod"`
		Documents []struct {
			URL string `json:"url"`
		} `json:"documents"`
	} `json:"tender"`
	Parties []struct {
		ID      string   `json:"id"`
		Name    string   `json:"name"`
		Roles   []string `json:"roles"`
		Address Address  `json:"address"`
		Details struct {
			NEQ       flexString `json:"neq"`
			Municipal flexString `json:"municipal"`
		} `json:"details"`
	} `json:"parties"`
	Awards []struct {
		ID        string   `json:"id"`
		Date      string   `json:"date"`
		Value     value    `json:"value"`
		Suppliers []orgRef `json:"suppliers"`
	} `json:"awards"`
	Contracts []struct {
		ID         string `json:"id"`
		AwardID    string `json:"awardID"`
		Status     string `json:"status"`
		Value      value  `json:"value"`
		DateSigned string `json:"dateSigned"`
		Period     struct {
			EndDate string `json:"endDate"`
		} `json:"period"`
	} `json:"contracts"`
}

type classification struct {
	Scheme      string `json:"scheme"`
	ID          string `json:"id"`
	Description string `json:"description"`
}

type orgRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type value struct {
	Amount   json.Number `json:"amount"`
	Currency string      `json:"currency"`
}

// flexString accepts a JSON string or number (SEAO writes "1" but a number would mean the same).
type flexString string

func (f *flexString) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*f = flexString(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return err
	}
	*f = flexString(n.String())
	return nil
}

// records turns a release into one record per award.
func (r release) records() ([]Record, error) {
	if len(r.Awards) == 0 {
		return nil, nil
	}
	base := Record{OCID: r.OCID, ReleaseID: r.ID, ReleaseDate: parseTime(r.Date), Tags: r.Tag,
		SEAONumber: strings.TrimPrefix(r.OCID, SEAOPrefix), BuyerID: r.Buyer.ID, BuyerName: strings.TrimSpace(r.Buyer.Name),
		TenderID: r.Tender.ID, Title: strings.TrimSpace(r.Tender.Title), Method: r.Tender.ProcurementMethod,
		MethodDetails: r.Tender.ProcurementMethodDetails, MainCategory: r.Tender.MainProcurementCategory}
	if !strings.HasPrefix(r.OCID, SEAOPrefix) {
		base.SEAONumber = ""
	}
	neq := map[string]string{}
	for _, p := range r.Parties {
		neq[p.ID] = strings.TrimSpace(string(p.Details.NEQ))
		if p.ID == r.Buyer.ID {
			base.Municipal = p.Details.Municipal == "1"
		}
	}
	if len(r.Tender.Items) > 0 {
		it := r.Tender.Items[0]
		base.Category = strings.TrimSpace(it.Description)
		base.CategoryCode, _, _ = strings.Cut(base.Category, " - ")
		if strings.EqualFold(it.Classification.Scheme, "UNSPSC") {
			base.UNSPSC, base.UNSPSCDescription = it.Classification.ID, it.Classification.Description
		}
	}
	out := make([]Record, 0, len(r.Awards))
	for _, a := range r.Awards {
		rec := base
		rec.AwardID, rec.AwardDate, rec.Currency = a.ID, parseDate(a.Date), a.Value.Currency
		var err error
		if rec.AwardCents, err = cents(a.Value.Amount); err != nil {
			return nil, err
		}
		for _, s := range a.Suppliers {
			rec.Suppliers = append(rec.Suppliers, Supplier{ID: s.ID, Name: strings.TrimSpace(s.Name), NEQ: neq[s.ID]})
		}
		for _, c := range r.Contracts {
			if c.AwardID != a.ID {
				continue
			}
			rec.ContractID, rec.ContractStatus = c.ID, c.Status
			rec.DateSigned, rec.EndDate = parseDate(c.DateSigned), parseDate(c.Period.EndDate)
			if c.Value.Amount != "" {
				if rec.FinalCents, err = cents(c.Value.Amount); err != nil {
					return nil, err
				}
				rec.HasFinal = true
			}
			break
		}
		out = append(out, rec)
	}
	return out, nil
}

// cents converts a decimal amount exactly (no float) to cents, rounding half away from zero.
func cents(n json.Number) (int64, error) {
	if n == "" {
		return 0, nil
	}
	r, ok := new(big.Rat).SetString(string(n))
	if !ok {
		return 0, errs.E(errs.Invalid, "rules.seao.bad_amount").With(map[string]any{"Amount": string(n)})
	}
	r.Mul(r, big.NewRat(100, 1))
	q, m := new(big.Int).QuoRem(r.Num(), r.Denom(), new(big.Int))
	if new(big.Int).Mul(m.Abs(m), big.NewInt(2)).Cmp(r.Denom()) >= 0 {
		q.Add(q, big.NewInt(int64(r.Sign())))
	}
	if !q.IsInt64() || q.Sign() < 0 {
		return 0, errs.E(errs.Invalid, "rules.seao.bad_amount").With(map[string]any{"Amount": string(n)})
	}
	return q.Int64(), nil
}

func parseTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}
	}
	return t
}

// parseDate keeps the calendar date SEAO wrote (in its own offset) at UTC midnight.
func parseDate(s string) time.Time {
	t := parseTime(s)
	if t.IsZero() {
		return t
	}
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
