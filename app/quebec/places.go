package quebec

import (
	"fmt"
	"slices"
	"strings"

	"maillage/app/errs"
)

// Municipality is one row of the MAMH reference table, as the platform stores it.
type Municipality struct {
	Code        string // MAMH code géographique, 5 digits
	Name        string
	Designation string // Ville, Municipalité, Canton, Paroisse, Territoire non organisé…
	RegionCode  string // 01–17
	RegionName  string
	MRCCode     string // empty for municipalities outside any MRC (agglomerations, TE)
	MRCName     string
	Population  int
	PostalCode  string // the town hall's, which tells the municipality's forward sortation area (FSA)
}

// Places is the reference geography of Québec — the 17 administrative regions, the MRC
// and the MAMH municipalities — indexed to read them as people write them. It is loaded
// once (LoadPlaces) and shared: it never changes while the program runs (only a migration
// changes the reference tables), so its methods are safe for concurrent use.
type Places struct {
	byCode    map[string]Municipality
	byName    map[string][]Municipality // folded name → municipalities (some names repeat: Hatley, Bedford…)
	regions   map[string]string         // code → name
	mrcs      map[string]string         // MRC code → name
	regionKey map[string]string         // folded name → code
	hints     placeHints                // former names, FSAs and MRC names (resolve.go)
}

// NewPlaces indexes reference municipalities; the regions are those the municipalities
// name (every region has municipalities).
func NewPlaces(ms []Municipality) *Places {
	p := &Places{byCode: map[string]Municipality{}, byName: map[string][]Municipality{},
		regions: map[string]string{}, regionKey: map[string]string{}, mrcs: map[string]string{}}
	for _, m := range ms {
		p.byCode[m.Code] = m
		k := Fold(m.Name)
		p.byName[k] = append(p.byName[k], m)
		if m.MRCCode != "" {
			p.mrcs[m.MRCCode] = m.MRCName
		}
		if m.RegionCode != "" {
			p.regions[m.RegionCode] = m.RegionName
			p.regionKey[Fold(m.RegionName)] = m.RegionCode
		}
	}
	p.hints = buildHints(p, ms)
	return p
}

// Municipality returns the municipality with a MAMH code.
func (p *Places) Municipality(code string) (Municipality, bool) {
	m, ok := p.byCode[code]
	return m, ok
}

// Resolve finds the municipality a cell names (see ResolvePlace) with a region as the only
// hint. The candidates are returned when the name stays ambiguous, none when it is unknown.
func (p *Places) Resolve(cell, region string) (m Municipality, candidates []Municipality, ok bool) {
	r := p.ResolvePlace(cell, PlaceHints{Region: region})
	if r.Ambiguous {
		return Municipality{}, r.Candidates, false
	}
	return r.Municipality, nil, r.Found
}

// FindMunicipality is Resolve for a form field or an import cell without a region, with a
// message for the person: Invalid "quebec.municipality_unknown" (Value) or
// "quebec.municipality_ambiguous" (Value and the Options to write instead).
func (p *Places) FindMunicipality(s string) (Municipality, error) {
	m, cands, ok := p.Resolve(s, "")
	switch {
	case ok:
		return m, nil
	case len(cands) == 0:
		return Municipality{}, errs.E(errs.Invalid, "quebec.municipality_unknown").With(map[string]any{"Value": strings.TrimSpace(s)})
	}
	options := make([]string, len(cands))
	for i, c := range cands {
		options[i] = fmt.Sprintf("%s (%s)", c.Name, c.Designation)
	}
	return Municipality{}, errs.E(errs.Invalid, "quebec.municipality_ambiguous").With(map[string]any{"Value": strings.TrimSpace(s), "Options": strings.Join(options, ", ")})
}

// MunicipalityLabel is the name to show and export for a code: the MAMH name, with its
// designation when another municipality has the same name ("Hatley (Canton)"), so that
// Resolve reads it back to the same code. An unknown code is returned as is.
func (p *Places) MunicipalityLabel(code string) string {
	m, ok := p.byCode[code]
	if !ok {
		return code
	}
	if len(p.byName[Fold(m.Name)]) > 1 {
		return m.Name + " (" + m.Designation + ")"
	}
	return m.Name
}

// splitDesignation splits "Hatley (Canton)" into its name and designation.
func splitDesignation(s string) (string, string, bool) {
	open := strings.LastIndexByte(s, '(')
	if open <= 0 || !strings.HasSuffix(s, ")") {
		return "", "", false
	}
	return strings.TrimSpace(s[:open]), strings.TrimSpace(s[open+1 : len(s)-1]), true
}

// preferLocal keeps real local municipalities over unorganised territories and Indigenous
// lands of the same name, which no enterprise gives as its address.
func preferLocal(ms []Municipality) []Municipality {
	if len(ms) < 2 {
		return ms
	}
	var local []Municipality
	for _, m := range ms {
		if !strings.HasPrefix(m.Designation, "Territoire") && !strings.HasPrefix(m.Designation, "Terre") {
			local = append(local, m)
		}
	}
	if len(local) == 0 {
		return ms
	}
	return local
}

// Region finds a region by code ("05", "5") or name ("Estrie", "saguenay lac saint jean",
// "Saguenay–Lac-Saint-Jean" with any dash).
func (p *Places) Region(cell string) (string, bool) {
	cell = strings.TrimSpace(cell)
	if cell == "" {
		return "", false
	}
	if len(cell) == 1 {
		cell = "0" + cell
	}
	if _, ok := p.regions[cell]; ok {
		return cell, true
	}
	code, ok := p.regionKey[Fold(cell)]
	return code, ok
}

// FindRegion is Region with a message for the person: Invalid "quebec.region_unknown".
func (p *Places) FindRegion(s string) (string, error) {
	if code, ok := p.Region(s); ok {
		return code, nil
	}
	return "", errs.E(errs.Invalid, "quebec.region_unknown").With(map[string]any{"Value": strings.TrimSpace(s)})
}

// RegionName is a region's name, or its code when unknown.
func (p *Places) RegionName(code string) string {
	if n, ok := p.regions[code]; ok {
		return n
	}
	return code
}

// RegionByCode returns the name of the region with this exact code, and whether it exists (a code read
// from a URL or a column, unlike Region, which reads what people write).
func (p *Places) RegionByCode(code string) (string, bool) {
	n, ok := p.regions[code]
	return n, ok
}

// MRCName is an MRC's name, or its code when unknown.
func (p *Places) MRCName(code string) string {
	if n, ok := p.mrcs[code]; ok {
		return n
	}
	return code
}

// MRCNames returns every MRC's name by code (a copy).
func (p *Places) MRCNames() map[string]string {
	out := make(map[string]string, len(p.mrcs))
	for c, n := range p.mrcs {
		out[c] = n
	}
	return out
}

// RegionCodes returns the known region codes in the French alphabetical order of their names (Montérégie
// before Montréal), the order of every list of regions people pick from.
func (p *Places) RegionCodes() []string {
	out := make([]string, 0, len(p.regions))
	for c := range p.regions {
		out = append(out, c)
	}
	slices.Sort(out) // a fixed start: equal names (none today) stay in code order
	SortNames(out, p.RegionName)
	return out
}
