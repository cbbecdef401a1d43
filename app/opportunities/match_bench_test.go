package opportunities

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// BenchmarkMatchIndex: the matcher alone (no database), 100,000 catalogue-like profiles and 10,000
// alert-like profiles against 1,000 items; go test ./app/opportunities -run '^$' -bench MatchIndex -benchtime 1x
func BenchmarkMatchIndex(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	products := []string{"déneigement", "traiteur", "entretien ménager", "impression numérique", "déménagement", "ressourcerie",
		"ordinateurs reconditionnés", "aménagement paysager", "formation en entreprise", "mobilier de bureau", "nettoyage de vitres",
		"collecte de textiles", "services d'aide à domicile", "buanderie", "traduction"}
	code := func() string {
		return fmt.Sprintf("%02d%02d%02d00", 10+rng.IntN(85), 10+rng.IntN(20), rng.IntN(3)*10)
	}
	entries := make([]Profile, 100_000)
	for i := range entries {
		entries[i] = Profile{UNSPSC: []string{code(), code()}, Regions: []string{fmt.Sprintf("%02d", 1+rng.IntN(17))},
			Terms: []string{products[rng.IntN(len(products))], products[rng.IntN(len(products))]}}
	}
	alerts := make([]Profile, 10_000)
	for i := range alerts {
		c := code()
		if i%9 == 0 {
			c = c[:2] + "000000"
		}
		alerts[i] = Profile{UNSPSC: []string{c}}
		if i%4 == 0 {
			alerts[i].Terms = []string{products[rng.IntN(len(products))]}
		}
	}
	items := make([]Item, 1000)
	for i := range items {
		items[i] = Item{UNSPSC: []string{code()}, Text: "Services de " + products[rng.IntN(len(products))] + fmt.Sprintf(" — lot %d", i)}
	}
	for b.Loop() {
		ei, ai := NewIndex(entries), NewIndex(alerts)
		n := 0
		for _, it := range items {
			n += len(ai.Match(it))
			n += len(ei.MatchTop(it, EntriesPerItem))
		}
		b.ReportMetric(float64(n), "hits")
	}
}
