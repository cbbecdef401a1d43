package web

// Pages name things, never code them: regions, MRCs and UNSPSC categories come from the reference data
// (migrations only change it), read once per server and kept.

import (
	"context"
	"sort"
	"strings"
	"sync"

	"maillage/app/catalogue"
	"maillage/app/quebec"
)

// nameBook holds the names of regions, MRCs and UNSPSC segments and families.
type nameBook struct {
	read   func(context.Context) (catalogue.Names, error)
	mu     sync.Mutex
	loaded bool
	region map[string]string
	mrc    map[string]string
	unspsc map[string][2]string // 8-digit code → French, English
	// mrcRegion is the region of each MRC.
	mrcRegion map[string]string
}

func newNameBook(read func(context.Context) (catalogue.Names, error)) *nameBook {
	return &nameBook{read: read}
}

// load reads the reference data on first use (and again after a failed read).
func (n *nameBook) load(ctx context.Context) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.loaded {
		return
	}
	names, err := n.read(ctx)
	if err != nil {
		return
	}
	n.region, n.mrc, n.unspsc, n.mrcRegion = names.Regions, names.MRCs, names.UNSPSC, names.MRCRegion
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

// Place is a named region or MRC, for choosers.
type Place struct{ Code, Name string }

// PlaceGroup is a region with its MRCs (an optgroup of a territory chooser).
type PlaceGroup struct {
	Region Place
	MRCs   []Place
}

// Regions lists the regions by code (the order Québec numbers them).
func (n *nameBook) Regions() []Place {
	n.load(context.Background())
	out := make([]Place, 0, len(n.region))
	for code, name := range n.region {
		out = append(out, Place{Code: code, Name: name})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

// Territories lists the regions, each with its MRCs by name (French collation).
func (n *nameBook) Territories() []PlaceGroup {
	n.load(context.Background())
	var out []PlaceGroup
	for _, r := range n.Regions() {
		g := PlaceGroup{Region: r}
		for code, region := range n.mrcRegion {
			if region == r.Code {
				g.MRCs = append(g.MRCs, Place{Code: code, Name: n.mrc[code]})
			}
		}
		quebec.SortNames(g.MRCs, func(p Place) string { return p.Name })
		out = append(out, g)
	}
	return out
}

// Segments lists the UNSPSC segments (two-digit code, title in lang), by code.
func (n *nameBook) Segments(lang string) []Place {
	n.load(context.Background())
	var out []Place
	for code := range n.unspsc {
		if strings.HasSuffix(code, "000000") {
			out = append(out, Place{Code: code[:2], Name: n.UNSPSC(code, lang)})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}
