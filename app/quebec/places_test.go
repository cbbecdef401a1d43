package quebec

import (
	"context"
	"testing"

	"maillage/app/testdb"
)

func TestPlacesByCode(t *testing.T) {
	p := testPlaces(t)
	tests := []struct {
		name, region, mrc string
		wantRegion        string
		wantOK            bool
		wantMRC           string
	}{
		{name: "known region and MRC", region: "05", mrc: "460", wantRegion: "Estrie", wantOK: true, wantMRC: "MRC Brome-Missisquoi"},
		{name: "unknown codes", region: "99", mrc: "999", wantRegion: "", wantOK: false, wantMRC: "999"},
		{name: "a name is not a code", region: "Estrie", mrc: "Brome-Missisquoi", wantOK: false, wantMRC: "Brome-Missisquoi"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name, ok := p.RegionByCode(tt.region)
			if name != tt.wantRegion || ok != tt.wantOK {
				t.Errorf("RegionByCode(%q) = %q, %v; want %q, %v", tt.region, name, ok, tt.wantRegion, tt.wantOK)
			}
			if got := p.MRCName(tt.mrc); got != tt.wantMRC {
				t.Errorf("MRCName(%q) = %q, want %q", tt.mrc, got, tt.wantMRC)
			}
		})
	}
}

// TestPlacesNameEveryReferenceRow: the web names regions and MRCs from Places, so every row of the
// reference tables must be reachable through a municipality.
func TestPlacesNameEveryReferenceRow(t *testing.T) {
	db := testdb.New(t)
	ctx := context.Background()
	p, err := LoadPlaces(ctx, db.App)
	if err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"regions", "mrcs"} {
		var rows []struct{ Code, Name string }
		if err := db.App.WithContext(ctx).Raw(`SELECT code, name FROM ` + table).Scan(&rows).Error; err != nil {
			t.Fatal(err)
		}
		if len(rows) == 0 {
			t.Fatalf("%s is empty", table)
		}
		for _, r := range rows {
			got, ok := p.RegionByCode(r.Code)
			if table == "mrcs" {
				got, ok = p.MRCName(r.Code), p.MRCName(r.Code) != r.Code
			}
			if !ok || got != r.Name {
				t.Errorf("%s %s: Places gives %q (%v), the table %q", table, r.Code, got, ok, r.Name)
			}
		}
	}
}
