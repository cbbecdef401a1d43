package rules

import (
	"testing"
	"time"
)

func mustDefaults(t testing.TB) Reference {
	t.Helper()
	ref, err := DefaultReference()
	if err != nil {
		t.Fatalf("default reference: %v", err)
	}
	return ref
}

func basePolicy() Policy {
	return Policy{
		VersionID: "pol-1", LawFamily: LawMunicipal, From: Day(2018, 1, 1),
		ResolutionNumber: "CM-2018-001", ResolutionDate: Day(2018, 1, 10),
	}
}

func basePurchase() Purchase {
	return Purchase{Object: "Entretien ménager", Category: "76111500", Nature: Services, Amount: 1_000_000, LaunchDate: Day(2025, 3, 1)}
}

// register is a small register covering each reason a supplier may be ranked or excluded.
func register() []Supplier {
	return []Supplier{
		{ID: "A", Name: "Alpha coop", Status: StatusApproved, EES: true, LegalForm: FormCoop, Region: "04", MRC: "372", Categories: []string{"76110000"}},
		{ID: "B", Name: "Bravo inc", Status: StatusApproved, Region: "04", MRC: "372", Categories: []string{"76111500"}},
		{ID: "C", Name: "Charlie OBNL", Status: StatusApproved, EES: true, LegalForm: FormNonProfit, Region: "06", MRC: "66", Categories: []string{"76000000"}},
		{ID: "D", Name: "Delta Ontario", Status: StatusApproved, Categories: []string{"76111501"}},
		{ID: "E", Name: "Echo RENA", Status: StatusApproved, Region: "04", RENAListed: true, Categories: []string{"76111500"}},
		{ID: "F", Name: "Foxtrot en attente", Status: "pending", Region: "04", Categories: []string{"76111500"}},
		{ID: "G", Name: "Golf informatique", Status: StatusApproved, Region: "04", Categories: []string{"43210000"}},
		{ID: "H", Name: "Hotel adaptée", Status: StatusApproved, Adapted: true, LegalForm: FormNonProfit, Region: "04", MRC: "373", Categories: []string{"76111500"}},
	}
}

// allLines returns every line of an answer.
func allLines(a Advice) []Line {
	ls := append([]Line{}, a.Basis...)
	ls = append(ls, a.ProcedureWhy...)
	ls = append(ls, a.Preferences...)
	ls = append(ls, a.Exemptions...)
	for _, d := range a.Documents {
		ls = append(ls, d.Line)
	}
	ls = append(ls, a.Warnings...)
	for _, r := range a.Ranked {
		ls = append(ls, r.Reasons...)
	}
	for _, x := range a.Excluded {
		ls = append(ls, x.Reasons...)
	}
	return ls
}

func hasMsg(a Advice, id string) bool {
	for _, m := range a.MessageIDs() {
		if m == id {
			return true
		}
	}
	return false
}

func rankedIDs(a Advice) []string {
	var ids []string
	for _, r := range a.Ranked {
		ids = append(ids, r.SupplierID)
	}
	return ids
}

func excludedFor(a Advice, id string) []string {
	for _, x := range a.Excluded {
		if x.SupplierID == id {
			var ms []string
			for _, r := range x.Reasons {
				ms = append(ms, r.MsgID)
			}
			return ms
		}
	}
	return nil
}

func day(s string) time.Time {
	d, err := ParseDay(s)
	if err != nil {
		panic(err)
	}
	return d
}
