package declarations

import (
	"context"
	"fmt"
)

// SegmentNames returns the names of the UNSPSC segments (two-digit code → French, English) that the
// progress reports name their categories by. The codes are platform reference data: only a migration
// changes them, so callers read them once.
func (s *Store) SegmentNames(ctx context.Context) (map[string][2]string, error) {
	var rows []struct{ Segment, TitleFr, TitleEn string }
	if err := s.db.WithContext(ctx).Raw(`SELECT substr(code, 1, 2) AS segment, title_fr, title_en FROM unspsc_codes
		WHERE level = 'segment'`).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("unspsc segments: %w", err)
	}
	out := make(map[string][2]string, len(rows))
	for _, r := range rows {
		out[r.Segment] = [2]string{r.TitleFr, r.TitleEn}
	}
	return out, nil
}
