package catalogue

import (
	"context"
	"encoding/json"
	"os"
	"testing"
)

// evalRelevance runs the labelled set through search and returns recall@10 per query.
func evalRelevance(t *testing.T, s *Store) (map[string]float64, float64) {
	t.Helper()
	raw, err := os.ReadFile("testdata/relevance.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []relevanceCase
	if err := json.Unmarshal(raw, &cases); err != nil {
		t.Fatal(err)
	}
	per := map[string]float64{}
	sum := 0.0
	for _, c := range cases {
		res, err := s.Search(context.Background(), SearchParams{Q: c.Query, PerPage: 10})
		if err != nil {
			t.Fatalf("search %q: %v", c.Query, err)
		}
		top := map[string]bool{}
		for _, h := range res.Hits {
			top[h.Source.Ref] = true
		}
		found := 0
		for _, r := range c.Expected {
			if top[r] {
				found++
			}
		}
		per[c.Query] = float64(found) / float64(len(c.Expected))
		sum += per[c.Query]
	}
	return per, sum / float64(len(cases))
}
