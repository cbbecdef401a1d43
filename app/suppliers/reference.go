package suppliers

import (
	"fmt"
	"slices"
	"strings"

	"maillage/app/errs"
	"maillage/app/tabular"
)

// Municipality is a row of the MAMH list as the register needs it.
type Municipality struct {
	Code        string
	Name        string
	Designation string // Ville, Municipalité, Canton, Village, Paroisse…
	MRCCode     string // empty for a municipality outside any MRC
	RegionCode  string
}

// Reference is the platform reference data a supplier is checked against: the MAMH
// municipalities, the 17 regions and the UNSPSC codes. The web layer loads it from the
// reference tables; it never changes during a request.
type Reference struct {
	munis   map[string]Municipality
	byName  map[string][]string // normalized name → codes (some names repeat: Bedford, Hatley…)
	regions map[string]string   // code → name
	rByName map[string]string   // normalized name → code
	unspsc  map[string]bool
}

// NewReference indexes reference rows.
func NewReference(munis []Municipality, regions map[string]string, unspsc []string) *Reference {
	r := &Reference{
		munis: make(map[string]Municipality, len(munis)), byName: map[string][]string{},
		regions: regions, rByName: map[string]string{}, unspsc: make(map[string]bool, len(unspsc)),
	}
	for _, m := range munis {
		r.munis[m.Code] = m
		n := tabular.Normalize(m.Name)
		r.byName[n] = append(r.byName[n], m.Code)
	}
	for code, name := range regions {
		r.rByName[tabular.Normalize(name)] = code
	}
	for _, c := range unspsc {
		r.unspsc[c] = true
	}
	return r
}

// MunicipalityByCode returns a municipality by its MAMH geographic code.
func (r *Reference) MunicipalityByCode(code string) (Municipality, bool) {
	m, ok := r.munis[code]
	return m, ok
}

// MunicipalityLabel is the name to show and export for a code: the MAMH name, with its
// designation when another municipality has the same name ("Hatley (Canton)"), so that
// FindMunicipality reads it back to the same code. An unknown code is returned as is.
func (r *Reference) MunicipalityLabel(code string) string {
	m, ok := r.munis[code]
	if !ok {
		return code
	}
	if len(r.byName[tabular.Normalize(m.Name)]) > 1 {
		return m.Name + " (" + m.Designation + ")"
	}
	return m.Name
}

// FindMunicipality reads a municipality as people write it: its MAMH code ("46005"),
// its name in any case and with or without accents ("levis"), or, when a name is shared,
// the name with its designation ("Hatley (Canton)"). Errors: Invalid
// "suppliers.municipality_unknown" or "suppliers.municipality_ambiguous".
func (r *Reference) FindMunicipality(s string) (Municipality, error) {
	s = strings.TrimSpace(s)
	if m, ok := r.munis[s]; ok {
		return m, nil
	}
	codes := r.byName[tabular.Normalize(s)]
	if len(codes) == 0 {
		if name, desig, ok := splitDesignation(s); ok {
			for _, c := range r.byName[tabular.Normalize(name)] {
				if tabular.Normalize(r.munis[c].Designation) == tabular.Normalize(desig) {
					return r.munis[c], nil
				}
			}
		}
		return Municipality{}, errs.E(errs.Invalid, "suppliers.municipality_unknown").With(map[string]any{"Value": s})
	}
	if len(codes) > 1 {
		var options []string
		for _, c := range codes {
			options = append(options, fmt.Sprintf("%s (%s)", r.munis[c].Name, r.munis[c].Designation))
		}
		return Municipality{}, errs.E(errs.Invalid, "suppliers.municipality_ambiguous").With(map[string]any{"Value": s, "Options": strings.Join(options, ", ")})
	}
	return r.munis[codes[0]], nil
}

// splitDesignation splits "Hatley (Canton)" into its name and designation.
func splitDesignation(s string) (string, string, bool) {
	open := strings.LastIndexByte(s, '(')
	if open <= 0 || !strings.HasSuffix(s, ")") {
		return "", "", false
	}
	return strings.TrimSpace(s[:open]), strings.TrimSpace(s[open+1 : len(s)-1]), true
}

// FindRegion reads a region as a code ("05", "5") or a name ("Estrie",
// "Saguenay–Lac-Saint-Jean" with any dash). Error: Invalid "suppliers.region_unknown".
func (r *Reference) FindRegion(s string) (string, error) {
	s = strings.TrimSpace(s)
	if len(s) == 1 && s[0] >= '1' && s[0] <= '9' {
		s = "0" + s
	}
	if _, ok := r.regions[s]; ok {
		return s, nil
	}
	if code, ok := r.rByName[tabular.Normalize(s)]; ok {
		return code, nil
	}
	return "", errs.E(errs.Invalid, "suppliers.region_unknown").With(map[string]any{"Value": s})
}

// RegionName is a region's name, or its code when unknown.
func (r *Reference) RegionName(code string) string {
	if n, ok := r.regions[code]; ok {
		return n
	}
	return code
}

// Regions lists the region codes in order.
func (r *Reference) Regions() []string {
	out := make([]string, 0, len(r.regions))
	for c := range r.regions {
		out = append(out, c)
	}
	slices.Sort(out)
	return out
}

// KnownUNSPSC reports a code of the reference list, or a class ("72101500") of a family
// of that list: the platform ships segments and families, and classes refine them.
func (r *Reference) KnownUNSPSC(code string) bool {
	if r.unspsc[code] {
		return true
	}
	return len(code) == 8 && code[6:] == "00" && code[4:6] != "00" && r.unspsc[code[:4]+"0000"]
}
