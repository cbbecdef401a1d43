package catalogue

import (
	"encoding/csv"
	"os"
	"strconv"
	"sync"
	"testing"

	"maillage/app/quebec"
)

var (
	refOnce sync.Once
	refMs   []quebec.Municipality
	refErr  error
)

// testMunicipalities loads the MAMH reference copy kept in testdata (see testdata/README.md).
func testMunicipalities(t testing.TB) []quebec.Municipality {
	t.Helper()
	refOnce.Do(func() {
		f, err := os.Open("testdata/municipalites_mamh_2025.csv")
		if err != nil {
			refErr = err
			return
		}
		defer f.Close()
		recs, err := csv.NewReader(f).ReadAll()
		if err != nil {
			refErr = err
			return
		}
		for _, r := range recs[1:] {
			pop, _ := strconv.Atoi(r[7])
			refMs = append(refMs, quebec.Municipality{Code: r[0], Name: r[1], Designation: r[2], RegionCode: r[3],
				RegionName: r[4], MRCCode: r[5], MRCName: r[6], Population: pop})
		}
	})
	if refErr != nil {
		t.Fatalf("load municipalities: %v", refErr)
	}
	return refMs
}
