package catalogue

import (
	"context"
	"fmt"
)

// Names are the reference names pages show instead of codes: regions, MRCs (with their region) and UNSPSC
// titles. Only migrations change them: callers read them once.
type Names struct {
	Regions   map[string]string    // region code → name
	MRCs      map[string]string    // MRC code → name
	MRCRegion map[string]string    // MRC code → its region's code
	UNSPSC    map[string][2]string // 8-digit code → French, English title
}

// ReferenceNames reads the names of the reference data.
func (s *Service) ReferenceNames(ctx context.Context) (Names, error) {
	var places []struct{ Kind, Code, Name, Region string }
	if err := s.db.WithContext(ctx).Raw(`SELECT 'region' AS kind, code, name, '' AS region FROM regions
		UNION ALL SELECT 'mrc', code, name, region_code FROM mrcs`).Scan(&places).Error; err != nil {
		return Names{}, fmt.Errorf("region and MRC names: %w", err)
	}
	var cats []struct{ Code, TitleFr, TitleEn string }
	if err := s.db.WithContext(ctx).Raw(`SELECT code, title_fr, title_en FROM unspsc_codes`).Scan(&cats).Error; err != nil {
		return Names{}, fmt.Errorf("UNSPSC titles: %w", err)
	}
	n := Names{Regions: map[string]string{}, MRCs: map[string]string{}, MRCRegion: map[string]string{}, UNSPSC: make(map[string][2]string, len(cats))}
	for _, p := range places {
		if p.Kind == "region" {
			n.Regions[p.Code] = p.Name
		} else {
			n.MRCs[p.Code], n.MRCRegion[p.Code] = p.Name, p.Region
		}
	}
	for _, c := range cats {
		n.UNSPSC[c.Code] = [2]string{c.TitleFr, c.TitleEn}
	}
	return n, nil
}
