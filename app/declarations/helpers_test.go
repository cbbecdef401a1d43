package declarations

import (
	"testing"
	"time"
)

// date parses YYYY-MM-DD or fails the test.
func date(t testing.TB, s string) time.Time {
	t.Helper()
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		t.Fatalf("bad date %q: %v", s, err)
	}
	return d
}

// thresholds are the public-tender thresholds of domain.md, as the rules area would hand them in
// (test data only; the real values are editable reference data).
func thresholds(t testing.TB) []Threshold {
	return []Threshold{
		{From: date(t, "2019-08-31"), To: date(t, "2022-10-06"), AmountCents: 105_700_00},
		{From: date(t, "2022-10-07"), To: date(t, "2023-12-31"), AmountCents: 121_200_00},
		{From: date(t, "2024-01-01"), AmountCents: 133_800_00},
	}
}

// contract builds a contract record with the few fields a case cares about.
func contract(t testing.TB, id, supplier, award string, cents int64, ees bool) Contract {
	return Contract{
		ID: id, SupplierID: supplier, SupplierName: "Fournisseur " + supplier,
		AwardDate: date(t, award), AwardedCents: cents, EES: ees,
		UNSPSC: "72101500", Procedure: "gre_a_gre", MRC: "660", Region: "06",
	}
}

func amended(c Contract, final int64) Contract {
	c.FinalCents, c.HasFinal = final, true
	return c
}

func with(c Contract, f func(*Contract)) Contract {
	f(&c)
	return c
}

// yearDeclaration is an adopted declaration for calendar year y with the given targets.
func yearDeclaration(t testing.TB, y string, targets ...Target) Declaration {
	return Declaration{
		ID: "d" + y, Version: 1, Status: Adopted,
		ResolutionNumber: "CM-" + y + "-001", ResolutionDate: date(t, y+"-01-15"),
		PeriodStart: date(t, y+"-01-01"), PeriodEnd: date(t, y+"-12-31"),
		TextFR: "La Ville s'engage…", Eligibility: Eligibility{Rule: BelowThreshold},
		Targets: targets,
	}
}

func zeroTime() time.Time { return time.Time{} }
