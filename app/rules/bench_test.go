package rules

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// bigRegister builds n suppliers spread over categories, regions, statuses, documents and
// past awards, as a large municipality's register might look.
func bigRegister(n int) []Supplier {
	r := rand.New(rand.NewPCG(7, 11))
	cats := []string{"76111500", "76110000", "72102900", "43211500", "80101504", "76120000", "24101603", "72120000"}
	s := make([]Supplier, n)
	for i := range s {
		s[i] = Supplier{ID: fmt.Sprintf("S%05d", i), Name: fmt.Sprintf("Fournisseur %05d", r.IntN(n)), Status: StatusApproved,
			EES: r.IntN(4) == 0, Adapted: r.IntN(20) == 0, Region: fmt.Sprintf("%02d", 1+r.IntN(17)), MRC: fmt.Sprintf("%d", 370+r.IntN(10)),
			Employees: r.IntN(200), RENAListed: r.IntN(100) == 0, Categories: []string{cats[r.IntN(len(cats))], cats[r.IntN(len(cats))]}}
		if r.IntN(10) == 0 {
			s[i].Status = "pending"
		}
		for j := range r.IntN(4) {
			s[i].Awards = append(s[i].Awards, Award{Category: cats[r.IntN(len(cats))], Date: Day(2023+j, time.Month(1+r.IntN(12)), 1+r.IntN(28))})
		}
		s[i].Documents = []Document{{Type: DocRQAttestation, Issued: Day(2025, time.Month(1+r.IntN(3)), 1)}, {Type: "insurance", Expires: Day(2025+r.IntN(2), 6, 30)}}
	}
	return s
}

// BenchmarkAdvise2000 answers for a construction purchase in the middle band with a local
// and collective preference, rotation and policy documents, over a 2,000-supplier register.
// Run: go test ./app/rules -run '^$' -bench Advise2000 -benchmem
func BenchmarkAdvise2000(b *testing.B) {
	ref := mustDefaults(b)
	pol := basePolicy()
	pol.LocalScope, pol.LocalMechanism, pol.LocalCodes, pol.EESPreference, pol.RotationMonths = TerritoryRegion, MechanismInvite, []string{"04"}, true, 12
	pol.GreAGreCeiling = 6_000_000
	pol.RequiredDocs = []BandDocuments{{Band: BandMiddle, Types: []string{"insurance"}}}
	in := Input{Purchase: Purchase{Object: "Réfection", Category: "72120000", Nature: Construction, Amount: 5_000_000, LaunchDate: Day(2025, 3, 15)},
		Policy: &pol, Reference: ref, Suppliers: bigRegister(2000)}
	var durs []time.Duration
	b.ReportAllocs()
	for b.Loop() {
		t0 := time.Now()
		a, err := Advise(in)
		durs = append(durs, time.Since(t0))
		if err != nil || len(a.Ranked) == 0 {
			b.Fatalf("advise: %v (%d ranked)", err, len(a.Ranked))
		}
	}
	slices.Sort(durs)
	b.ReportMetric(float64(durs[len(durs)*95/100].Microseconds())/1000, "p95-ms")
}

// BenchmarkEncodeSaved2000 turns the answer of BenchmarkAdvise2000 into its saved, compressed form.
// Run: go test ./app/rules -run '^$' -bench EncodeSaved2000 -benchmem
func BenchmarkEncodeSaved2000(b *testing.B) {
	ref := mustDefaults(b)
	pol := basePolicy()
	pol.LocalScope, pol.LocalMechanism, pol.LocalCodes, pol.EESPreference, pol.RotationMonths = TerritoryRegion, MechanismInvite, []string{"04"}, true, 12
	adv, err := Advise(Input{Purchase: Purchase{Object: "Réfection", Category: "72120000", Nature: Construction, Amount: 5_000_000, LaunchDate: Day(2025, 3, 15)},
		Policy: &pol, Reference: ref, Suppliers: bigRegister(2000)})
	if err != nil {
		b.Fatal(err)
	}
	es := newEncoders(1) // as a store keeps them
	b.ReportAllocs()
	var size int
	for b.Loop() {
		out, err := encodeSaved(toSaved(adv), es)
		if err != nil {
			b.Fatal(err)
		}
		size = len(out)
	}
	b.ReportMetric(float64(size), "bytes")
}
