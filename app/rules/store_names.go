package rules

import (
	"context"
	"fmt"
)

// Names are the display names of the codes an answer quotes: UNSPSC categories (French and English,
// from the nearest named ancestor when the code itself has no title), administrative regions and MRCs.
type Names struct {
	Categories map[string][2]string // code → French, English
	Regions    map[string]string
	MRCs       map[string]string
}

// Names reads the names of the given codes from the platform's reference tables.
func (s *Store) Names(ctx context.Context, categories, regions, mrcs []string) (Names, error) {
	out := Names{Categories: map[string][2]string{}, Regions: map[string]string{}, MRCs: map[string]string{}}
	var lookup []string
	for _, c := range categories {
		if validCategory(c) {
			lookup = append(lookup, ancestors(c)...)
		}
	}
	db := s.db.WithContext(ctx)
	if len(lookup) > 0 {
		var rows []struct{ Code, TitleFr, TitleEn string }
		if err := db.Raw(`SELECT code, title_fr, title_en FROM unspsc_codes WHERE code = ANY(?::text[])`, textArray(lookup)).Scan(&rows).Error; err != nil {
			return out, fmt.Errorf("category names: %w", err)
		}
		titles := map[string][2]string{}
		for _, r := range rows {
			titles[r.Code] = [2]string{r.TitleFr, r.TitleEn}
		}
		for _, c := range categories {
			for _, a := range ancestors(c) { // nearest first
				if t, ok := titles[a]; ok {
					out.Categories[c] = t
					break
				}
			}
		}
	}
	for _, q := range []struct {
		table string
		codes []string
		dst   map[string]string
	}{{"regions", regions, out.Regions}, {"mrcs", mrcs, out.MRCs}} {
		if len(q.codes) == 0 {
			continue
		}
		var rows []struct{ Code, Name string }
		if err := db.Raw(`SELECT code, name FROM `+q.table+` WHERE code = ANY(?::text[])`, textArray(q.codes)).Scan(&rows).Error; err != nil {
			return out, fmt.Errorf("%s names: %w", q.table, err)
		}
		for _, r := range rows {
			q.dst[r.Code] = r.Name
		}
	}
	return out, nil
}

// ancestors are a code and its class, family and segment codes, nearest first: 76111501 → 76111501,
// 76111500, 76110000, 76000000.
func ancestors(c string) []string {
	out := []string{c}
	for _, n := range []int{6, 4, 2} {
		a := (c[:n] + "00000000")[:8]
		if a != out[len(out)-1] {
			out = append(out, a)
		}
	}
	return out
}

// textArray writes codes (validated or from the reference tables' own vocabulary) as a PostgreSQL array literal.
func textArray(codes []string) string {
	b := []byte{'{'}
	for i, c := range codes {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '"')
		for _, r := range []byte(c) {
			if r == '"' || r == '\\' {
				b = append(b, '\\')
			}
			b = append(b, r)
		}
		b = append(b, '"')
	}
	return string(append(b, '}'))
}
