package web

// Pages name things, never code them: regions, MRCs and UNSPSC categories come from the reference data
// (migrations only change it), read once per server and kept.

import (
	"context"
	"sync"

	"gorm.io/gorm"
)

// nameBook holds the names of regions, MRCs and UNSPSC segments and families.
type nameBook struct {
	db     *gorm.DB
	mu     sync.Mutex
	loaded bool
	region map[string]string
	mrc    map[string]string
	unspsc map[string][2]string // 8-digit code → French, English
}

func newNameBook(db *gorm.DB) *nameBook { return &nameBook{db: db} }

// load reads the reference data on first use (and again after a failed read).
func (n *nameBook) load(ctx context.Context) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.loaded {
		return
	}
	var places []struct{ Kind, Code, Name string }
	if err := n.db.WithContext(ctx).Raw(`SELECT 'region' AS kind, code, name FROM regions UNION ALL SELECT 'mrc', code, name FROM mrcs`).
		Scan(&places).Error; err != nil {
		return
	}
	var cats []struct{ Code, TitleFr, TitleEn string }
	if err := n.db.WithContext(ctx).Raw(`SELECT code, title_fr, title_en FROM unspsc_codes`).Scan(&cats).Error; err != nil {
		return
	}
	n.region, n.mrc, n.unspsc = map[string]string{}, map[string]string{}, map[string][2]string{}
	for _, p := range places {
		if p.Kind == "region" {
			n.region[p.Code] = p.Name
		} else {
			n.mrc[p.Code] = p.Name
		}
	}
	for _, c := range cats {
		n.unspsc[c.Code] = [2]string{c.TitleFr, c.TitleEn}
	}
	n.loaded = true
}

// Region is a region's name ("Montérégie"); an unknown code gives "".
func (n *nameBook) Region(code string) string {
	n.load(context.Background())
	return n.region[code]
}

// MRC is an MRC's (or equivalent territory's) name; an unknown code gives "".
func (n *nameBook) MRC(code string) string {
	n.load(context.Background())
	return n.mrc[code]
}

// UNSPSC is the title of a category in lang: the code's own, else its family's, else its segment's (the
// reference data ships segments and families). An unknown code gives "".
func (n *nameBook) UNSPSC(code, lang string) string {
	n.load(context.Background())
	for _, c := range unspscAncestors(code) {
		if t, ok := n.unspsc[c]; ok {
			if lang == "en" || t[0] == "" {
				return t[1]
			}
			return t[0]
		}
	}
	return ""
}

// unspscAncestors lists an 8-digit code, its family and its segment (deduplicated, most precise first).
func unspscAncestors(code string) []string {
	if len(code) != 8 {
		return nil
	}
	out := []string{code}
	for _, c := range []string{code[:4] + "0000", code[:2] + "000000"} {
		if c != out[len(out)-1] {
			out = append(out, c)
		}
	}
	return out
}

// orCode shows the name, or the code itself when the reference data does not know it (never an empty cell).
func orCode(name, code string) string {
	if name == "" {
		return code
	}
	return name
}
