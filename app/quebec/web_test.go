package quebec

import (
	"encoding/csv"
	"os"
	"testing"
)

func TestPostalCodesMAMH(t *testing.T) {
	f, err := os.Open("testdata/quebec_postal_codes_test_cases_from_MAMH.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	valid, invalid := 0, 0
	for _, r := range rows[1:] {
		got, ok := NormalizePostalCode(r[0])
		want := r[1] == "true"
		if ok != want {
			t.Errorf("NormalizePostalCode(%q) ok = %v, want %v", r[0], ok, want)
		}
		if ok {
			valid++
			if len(got) != 7 || got[3] != ' ' {
				t.Errorf("NormalizePostalCode(%q) = %q", r[0], got)
			}
		} else {
			invalid++
		}
	}
	if valid < 1000 || invalid < 50 {
		t.Errorf("only %d valid and %d invalid cases ran", valid, invalid)
	}
}

func TestNormalizeWebsite(t *testing.T) {
	tests := map[string]string{
		"":                          "",
		"www.abercorn.ca":           "https://www.abercorn.ca",
		"http://coop.example/a?b":   "http://coop.example/a?b",
		"HTTPS://Coop.example/":     "https://coop.example",
		" www.Coop.example/menu/ ":  "https://www.coop.example/menu",
		"http://user@x.example":     "!",
		"https://a b.example":       "!",
		"javascript:alert(1)":       "!",
		"data:text/html,<b>":        "!",
		"ftp://coop.example":        "!",
		"https://user:pw@x.example": "!",
		"localhost":                 "!",
		"www.Exemple.coop":          "https://www.exemple.coop",
		"http://exemple.org/":       "http://exemple.org",
		"pas un site":               "!",
	}
	for in, want := range tests {
		got, ok := NormalizeWebsite(in)
		if (want == "!") == ok || (ok && got != want) {
			t.Errorf("NormalizeWebsite(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}
