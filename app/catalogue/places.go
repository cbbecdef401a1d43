package catalogue

import (
	"slices"
	"strings"
)

// Municipality is one row of the MAMH reference table, as the platform stores it.
type Municipality struct {
	Code        string // MAMH code géographique, 5 digits
	Name        string
	Designation string // Ville, Municipalité, Paroisse, Territoire non organisé, …
	RegionCode  string // 01-17
	RegionName  string
	MRCCode     string // empty for municipalities outside any MRC (agglomerations, TE)
	MRCName     string
	Population  int
}

// Places resolves municipalities and regions as import files write them: by code, or by
// name with any accents, case and hyphens.
type Places struct {
	byCode    map[string]Municipality
	byName    map[string][]Municipality
	regions   map[string]string // code → name
	regionKey map[string]string // folded name → code
}

// NewPlaces indexes the reference municipalities.
func NewPlaces(ms []Municipality) *Places {
	p := &Places{byCode: map[string]Municipality{}, byName: map[string][]Municipality{},
		regions: map[string]string{}, regionKey: map[string]string{}}
	for _, m := range ms {
		p.byCode[m.Code] = m
		k := Fold(m.Name)
		p.byName[k] = append(p.byName[k], m)
		if m.RegionCode != "" {
			p.regions[m.RegionCode] = m.RegionName
			p.regionKey[Fold(m.RegionName)] = m.RegionCode
		}
	}
	return p
}

// Municipality returns the municipality with a code.
func (p *Places) Municipality(code string) (Municipality, bool) {
	m, ok := p.byCode[code]
	return m, ok
}

// Resolve finds the municipality an import cell names: a 5-digit code, or a name. Several
// municipalities share a name (Hatley the canton and Hatley the municipality): a region code
// or name narrows them; the candidates are returned when it stays ambiguous.
func (p *Places) Resolve(cell, region string) (m Municipality, candidates []Municipality, ok bool) {
	cell = strings.TrimSpace(cell)
	if c, found := p.byCode[cell]; found {
		return c, nil, true
	}
	all := p.byName[Fold(cell)]
	if rc, found := p.Region(region); found {
		var in []Municipality
		for _, c := range all {
			if c.RegionCode == rc {
				in = append(in, c)
			}
		}
		all = in
	}
	all = preferLocal(all)
	if len(all) == 1 {
		return all[0], nil, true
	}
	return Municipality{}, all, false
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

// Region finds a region by code ("05", "5") or name ("Estrie", "saguenay lac saint jean").
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

// RegionCodes returns the known region codes in order.
func (p *Places) RegionCodes() []string {
	out := make([]string, 0, len(p.regions))
	for c := range p.regions {
		out = append(out, c)
	}
	slices.Sort(out)
	return out
}
