package declarations

import (
	"slices"
	"testing"

	"maillage/app/errs"
)

func TestValidateContact(t *testing.T) {
	t.Parallel()
	today := date(t, "2025-06-10")
	good := Contact{Date: date(t, "2025-06-10"), Kind: Visit, BuyerID: "u1", EnterpriseName: "Coop de l'Île"}
	tests := []struct {
		name   string
		change func(*Contact)
		fields []string
	}{
		{"valid, today", func(*Contact) {}, nil},
		{"valid with a register supplier", func(c *Contact) { c.EnterpriseName = ""; c.SupplierID = "s1" }, nil},
		{"tomorrow", func(c *Contact) { c.Date = date(t, "2025-06-11") }, []string{"date"}},
		{"no date", func(c *Contact) { c.Date = zeroTime() }, []string{"date"}},
		{"unknown kind", func(c *Contact) { c.Kind = "telepathy" }, []string{"kind"}},
		{"no buyer, no enterprise", func(c *Contact) { c.BuyerID = ""; c.EnterpriseName = " " }, []string{"buyer", "enterprise"}},
		{"outcome too long", func(c *Contact) { c.Outcome = string(make([]byte, 2001)) }, []string{"outcome"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := good
			tc.change(&c)
			err := ValidateContact(c, today)
			var fields []string
			if e := errs.As(err); e != nil {
				for _, f := range e.Fields {
					fields = append(fields, f.Field)
				}
			}
			if !slices.Equal(fields, tc.fields) {
				t.Errorf("fields = %v, want %v (%v)", fields, tc.fields, err)
			}
		})
	}
}

func TestPilotIndicators(t *testing.T) {
	t.Parallel()
	buyer := func(c Contract, b string) Contract { c.BuyerID = b; return c }
	in := PilotInput{
		Start: date(t, "2012-09-01"), End: date(t, "2014-08-31"), AsOf: date(t, "2014-03-31"),
		Contacts: []Contact{
			{Date: date(t, "2012-08-31"), Kind: Event, BuyerID: "b1", SupplierID: "e1"}, // before the pilot
			{Date: date(t, "2012-09-01"), Kind: Event, BuyerID: "b1", SupplierID: "e1"},
			{Date: date(t, "2013-02-01"), Kind: Visit, BuyerID: "b2", SupplierID: "e1"},
			{Date: date(t, "2013-03-01"), Kind: Call, BuyerID: "b2", EnterpriseName: "Imprime-Emploi"},
			{Date: date(t, "2013-03-02"), Kind: Meeting, BuyerID: "b3", EnterpriseName: " imprime-emploi "},
			{Date: date(t, "2014-04-01"), Kind: Meeting, BuyerID: "b3", SupplierID: "e3"}, // after as-of
		},
		Contracts: []Contract{
			buyer(contract(t, "old", "e2", "2011-05-01", 1_00, true), "b1"),
			buyer(contract(t, "k1", "e1", "2013-01-10", 1_00, true), "b1"),
			buyer(contract(t, "k2", "e2", "2013-02-10", 1_00, true), "b2"),
			buyer(contract(t, "k3", "e1", "2013-03-10", 1_00, true), "b2"),
			buyer(contract(t, "k4", "e4", "2013-04-10", 1_00, false), "b3"), // not an EES
			buyer(contract(t, "k5", "e3", "2014-05-10", 1_00, true), "b3"),  // after as-of
		},
		Buyers:      []string{"b1", "b2", "b3", "b3"},
		RegisterEES: []string{"e1", "e2", "e3", "e5"},
	}
	got := Pilot(in)
	want := PilotIndicators{
		Contacts: 4, EnterprisesContacted: 2, EESContracts: 3,
		NewRelationships:    Ratio{Num: 2, Den: 3}, // k1 and k3 (e1 is new), not k2 (e2 contracted in 2011)
		BuyersWithContract:  Ratio{Num: 2, Den: 3},
		RegisterEESContract: Ratio{Num: 2, Den: 4},
	}
	if got != want {
		t.Errorf("pilot = %+v\nwant  %+v", got, want)
	}
	t.Run("prior suppliers given as ids count as known", func(t *testing.T) {
		in := in
		in.PriorSuppliers = []string{"e1"}
		if got := Pilot(in).NewRelationships; got != (Ratio{Num: 0, Den: 3}) {
			t.Errorf("new relationships = %+v, want 0/3", got)
		}
	})
	t.Run("a contract without buyer is credited to the buyers who met the supplier before", func(t *testing.T) {
		in := in
		in.Contracts = []Contract{contract(t, "k9", "e3", "2013-05-01", 1_00, true)}
		in.Contacts = []Contact{
			{Date: date(t, "2013-04-01"), Kind: Visit, BuyerID: "b3", SupplierID: "e3"},
			{Date: date(t, "2013-06-01"), Kind: Call, BuyerID: "b2", SupplierID: "e3"}, // after the award
		}
		if got := Pilot(in).BuyersWithContract; got != (Ratio{Num: 1, Den: 3}) {
			t.Errorf("buyers with contract = %+v, want 1/3", got)
		}
	})
	if got.RegisterEESContract.BasisPoints() != 5_000 || (Ratio{}).Fraction() != 0 {
		t.Errorf("ratio helpers wrong")
	}
}
