package seao

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"maillage/app/errs"
)

const sample = "testdata/seao_ocds_sample_hebdo_20260727_20260802.json"

func decodeFile(t *testing.T, path string) ([]Record, Stats) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var recs []Record
	st, err := Decode(f, func(r Record) error { recs = append(recs, r); return nil })
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	return recs, st
}

func TestDecodeSample(t *testing.T) {
	recs, st := decodeFile(t, sample)
	if st.Releases != 8 || st.Records != 7 || st.WithoutAward != 1 || len(recs) != 7 || st.Version != "1.1" {
		t.Fatalf("stats = %+v, records = %d", st, len(recs))
	}
	if st.Buyers["OP-70289"] != 2 || st.Buyers["OP-59053"] != 1 || len(st.Buyers) != 7 {
		t.Fatalf("buyers = %v", st.Buyers)
	}
	var total, final int64
	for _, r := range recs {
		total += r.AwardCents
		final += r.FinalCents
	}
	// 36677.03 + 41563.46 + 87624 + 549107.32 + 144498.24 + 28091.70 + 25000
	if total != 91256175 || final != 91256175-2809170+671058 {
		t.Fatalf("award total = %d, final total = %d", total, final)
	}
	byOCID := map[string]Record{}
	for _, r := range recs {
		byOCID[r.OCID] = r
	}
	for _, tc := range []struct {
		ocid, seao, buyer, neq, unspsc, catCode, status string
		award, final                                    int64
		municipal                                       bool
		awardDate                                       string
	}{
		{"ocds-ec9k95-20071760", "20071760", "OP-70289", "1177604668", "24101603", "G19", "active", 3667703, 3667703, true, "2025-01-16"},
		{"ocds-ec9k95-20080015", "20080015", "OP-70289", "1167510800", "76120000", "S5", "active", 4156346, 4156346, true, "2024-12-12"},
		{"ocds-ec9k95-20108643", "20108643", "OP-58882", "1169087500", "43211908", "G8", "active", 8762400, 8762400, false, "2025-12-01"},
		{"ocds-ec9k95-20126750", "20126750", "OP-24914", "", "43231512", "G8", "active", 14449824, 14449824, false, "2026-06-10"},
		{"ocds-ec9k95-20134216", "20134216", "OP-47601", "1161483111", "91000000", "S7", "terminated", 2809170, 671058, false, "2026-02-09"},
		{"ocds-ec9k95-20136733", "20136733", "OP-70462", "1144809036", "80101504", "S13", "active", 2500000, 2500000, true, "2025-08-12"},
	} {
		t.Run(tc.ocid, func(t *testing.T) {
			r, ok := byOCID[tc.ocid]
			if !ok {
				t.Fatal("missing")
			}
			if r.SEAONumber != tc.seao || r.BuyerID != tc.buyer || r.UNSPSC != tc.unspsc || r.CategoryCode != tc.catCode ||
				r.ContractStatus != tc.status || r.AwardCents != tc.award || r.FinalCents != tc.final || !r.HasFinal ||
				r.Municipal != tc.municipal || r.AwardDate.Format(time.DateOnly) != tc.awardDate || r.Currency != "CAD" {
				t.Fatalf("got %+v", r)
			}
			if len(r.Suppliers) != 1 || r.Suppliers[0].NEQ != tc.neq || r.Suppliers[0].Name == "" {
				t.Fatalf("suppliers = %+v", r.Suppliers)
			}
		})
	}
	t.Run("tenderers are not suppliers", func(t *testing.T) {
		r := byOCID["ocds-ec9k95-20108643"]
		if len(r.Suppliers) != 1 || r.Suppliers[0].ID != "FO-1169087500" {
			t.Fatalf("suppliers = %+v", r.Suppliers)
		}
	})
	t.Run("names are trimmed", func(t *testing.T) {
		if n := byOCID["ocds-ec9k95-20071760"].Suppliers[0].Name; n != "9166-6156 QUÉBEC INC. - Techlift" {
			t.Fatalf("name = %q", n)
		}
	})
}

func TestDecodeBadInput(t *testing.T) {
	valid := func(rel string) string {
		return `{"uri":"x","version":"1.1","publisher":{"name":"p"},"releases":[` + rel + `]}`
	}
	for _, tc := range []struct {
		name, body, key string
	}{
		{"not json", "hello", "rules.seao.not_ocds"},
		{"empty", "", "rules.seao.not_ocds"},
		{"array", "[]", "rules.seao.not_ocds"},
		{"no releases", `{"uri":"x","version":"1.1"}`, "rules.seao.not_ocds"},
		{"no version", `{"releases":[]}`, "rules.seao.not_ocds"},
		{"releases not an array", `{"version":"1.1","releases":{}}`, "rules.seao.not_ocds"},
		{"release without ocid", valid(`{"id":"1"}`), "rules.seao.missing_ocid"},
		{"release of wrong shape", valid(`{"ocid":"o","awards":"x"}`), "rules.seao.bad_release"},
		{"negative amount", valid(`{"ocid":"o","awards":[{"id":"a","value":{"amount":-5}}]}`), "rules.seao.bad_amount"},
		{"truncated", valid(`{"ocid":"o"}`)[:40], "rules.seao.not_ocds"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			calls := 0
			_, err := Decode(strings.NewReader(tc.body), func(Record) error { calls++; return nil })
			e := errs.As(err)
			if e == nil || e.Kind != errs.Invalid || e.Key != tc.key {
				t.Fatalf("err = %v, want %s", err, tc.key)
			}
		})
	}
	t.Run("empty package is fine", func(t *testing.T) {
		st, err := Decode(strings.NewReader(valid("")), func(Record) error { return nil })
		if err != nil || st.Releases != 0 {
			t.Fatalf("st = %+v, err = %v", st, err)
		}
	})
}

func TestCents(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{"36677.03", 3667703, true}, {"25000.0", 2500000, true}, {"87624", 8762400, true}, {"0.005", 1, true},
		{"0.004", 0, true}, {"1e3", 100000, true}, {"12.345", 1235, true}, {"", 0, true}, {"-1", 0, false}, {"x", 0, false},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := cents(json.Number(tc.in))
			if (err == nil) != tc.ok || got != tc.want {
				t.Fatalf("cents(%q) = %d, %v", tc.in, got, err)
			}
		})
	}
}

func TestDecodeStopsOnCallbackError(t *testing.T) {
	f, _ := os.Open(sample)
	defer f.Close()
	n := 0
	stop := errs.E(errs.Conflict, "x")
	_, err := Decode(f, func(Record) error { n++; return stop })
	if n != 1 || !errs.Is(err, errs.Conflict) {
		t.Fatalf("n = %d, err = %v", n, err)
	}
}
