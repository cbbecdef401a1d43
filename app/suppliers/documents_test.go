package suppliers

import (
	"fmt"
	"testing"
	"time"
)

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func ptr(t time.Time) *time.Time { return &t }

func TestDocumentState(t *testing.T) {
	t.Parallel()
	today := date("2026-11-23")
	tests := []struct {
		name  string
		doc   *Document
		today time.Time
		warn  int
		want  DocState
	}{
		{"none", nil, today, 30, DocMissing},
		{"no expiry", &Document{Type: DocInsurance}, today, 30, DocValid},
		{"far away", &Document{ExpiresOn: ptr(date("2027-06-01"))}, today, 30, DocValid},
		{"one day past the window", &Document{ExpiresOn: ptr(date("2026-12-24"))}, today, 30, DocValid},
		{"last day of the window", &Document{ExpiresOn: ptr(date("2026-12-23"))}, today, 30, DocExpiring},
		{"tomorrow", &Document{ExpiresOn: ptr(date("2026-11-24"))}, today, 30, DocExpiring},
		{"last valid day is today", &Document{ExpiresOn: ptr(date("2026-11-23"))}, today, 30, DocExpiring},
		{"yesterday", &Document{ExpiresOn: ptr(date("2026-11-22"))}, today, 30, DocExpired},
		{"window of zero days, today", &Document{ExpiresOn: ptr(date("2026-11-23"))}, today, 0, DocExpiring},
		{"window of zero days, tomorrow", &Document{ExpiresOn: ptr(date("2026-11-24"))}, today, 0, DocValid},
		{"time of day ignored", &Document{ExpiresOn: ptr(time.Date(2026, 11, 22, 23, 59, 0, 0, time.UTC))},
			time.Date(2026, 11, 23, 0, 1, 0, 0, time.UTC), 0, DocExpired},
		{"local date of today counts, not UTC", &Document{ExpiresOn: ptr(date("2026-11-23"))},
			time.Date(2026, 11, 23, 22, 0, 0, 0, time.FixedZone("EST", -5*3600)), 0, DocExpiring},
		{"leap day", &Document{ExpiresOn: ptr(date("2028-02-29"))}, date("2028-02-01"), 28, DocExpiring},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.doc.State(tt.today, tt.warn); got != tt.want {
				t.Errorf("State = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestOverall(t *testing.T) {
	t.Parallel()
	today := date("2026-11-23")
	valid := Document{Type: DocRQAttestation, ExpiresOn: ptr(date("2027-02-28"))}
	expired := Document{Type: DocRQAttestation, ExpiresOn: ptr(date("2026-08-31"))}
	expiring := Document{Type: DocInsurance, ExpiresOn: ptr(date("2026-12-01"))}
	insurance := Document{Type: DocInsurance}
	tests := []struct {
		name     string
		required []string
		docs     []Document
		want     DocState
	}{
		{"nothing required, nothing held", nil, nil, DocValid},
		{"required and missing", []string{DocRQAttestation}, nil, DocMissing},
		{"renewed attestation hides the old one", []string{DocRQAttestation}, []Document{expired, valid}, DocValid},
		{"expired only", []string{DocRQAttestation}, []Document{expired}, DocExpired},
		{"expired beats missing", []string{DocRQAttestation, DocAMPAuthorization}, []Document{expired}, DocExpired},
		{"missing beats expiring", []string{DocRQAttestation, DocInsurance}, []Document{expiring}, DocMissing},
		{"expiring", []string{DocRQAttestation}, []Document{valid, expiring}, DocExpiring},
		{"optional document counts too", nil, []Document{expiring}, DocExpiring},
		{"all valid", []string{DocRQAttestation, DocInsurance}, []Document{valid, insurance}, DocValid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Overall(tt.required, tt.docs, today, 30); got != tt.want {
				t.Errorf("Overall = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestRQAttestationExpiry(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"2026-01-15": "2026-04-30",
		"2026-01-31": "2026-04-30",
		"2026-11-01": "2027-02-28",
		"2027-11-30": "2028-02-29",
		"2026-09-30": "2026-12-31",
	}
	for issued, want := range tests {
		t.Run(issued, func(t *testing.T) {
			got := RQAttestationExpiry(date(issued)).Format(time.DateOnly)
			if got != want {
				t.Errorf("RQAttestationExpiry(%s) = %s, want %s", issued, got, want)
			}
		})
	}
}

func ExampleDocument_State() {
	d := &Document{Type: DocRQAttestation, ExpiresOn: ptr(RQAttestationExpiry(date("2026-09-10")))}
	fmt.Println(d.ExpiresOn.Format(time.DateOnly), d.State(date("2026-11-23"), 45))
	// Output: 2026-12-31 expiring
}
