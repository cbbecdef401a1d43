package catalogue

import (
	"net/mail"
	"regexp"
	"strings"

	"maillage/app/errs"
	"maillage/app/quebec"
)

// Row is one data row of an import file after the mapping step: the cells of the mapped
// columns keyed by the field they were mapped to. A missing key means the column is not in
// the file; an empty cell means "no value here" and never erases what the catalogue holds.
type Row struct {
	Line   int              // 1-based data row, for error messages
	Values map[Field]string // plus "region" (to tell apart homonymous municipalities) and "source_ref"
	Region string
	Ref    string // the source directory's own id of the row, when it has one
}

// parser turns mapped cells into a candidate entry and collects row-level errors.
type parser struct {
	places  *quebec.Places
	sectors sectorIndex
	form    quebec.CollectiveForm // used when neither a column nor the name tells the legal form
}

var (
	unspscRe = regexp.MustCompile(`^[0-9]{8}$`)
	listSep  = regexp.MustCompile(`\s*[;|\n]\s*`)
)

// splitList splits a multi-value cell. Semicolons, pipes and new lines separate items;
// commas too unless the cell has none of those (a product like "Buffets, boîtes à lunch"
// in a cell separated by semicolons stays whole).
func splitList(cell string) []string {
	sep := listSep
	if !listSep.MatchString(cell) {
		sep = regexp.MustCompile(`\s*,\s*`)
	}
	var out []string
	for _, p := range sep.Split(cell, -1) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// parse builds the candidate and the list of fields the row provides.
func (p parser) parse(r Row) (Entry, []Field, []errs.FieldError) {
	var e Entry
	var provided []Field
	var bad []errs.FieldError
	fail := func(f Field, key string, args map[string]any) {
		bad = append(bad, errs.FieldError{Row: r.Line, Field: string(f), Key: key, Args: args})
	}
	for _, s := range fieldSpecs {
		cell, ok := r.Values[s.name]
		cell = strings.TrimSpace(cell)
		if !ok || cell == "" {
			continue
		}
		provided = append(provided, s.name)
		switch s.name {
		case FieldNEQ:
			e.NEQ = quebec.NormalizeNEQ(cell)
			if !quebec.ValidNEQ(e.NEQ) {
				fail(s.name, "catalogue.import.bad_neq", map[string]any{"Value": cell})
			}
		case FieldLegalForm:
			f, found := quebec.ParseCollectiveForm(cell)
			if !found {
				fail(s.name, "catalogue.import.bad_legal_form", map[string]any{"Value": cell})
			}
			e.LegalForm = f
		case FieldMunicipality:
			m, cands, found := p.places.Resolve(cell, r.Region)
			switch {
			case found:
				e.Address.MunicipalityCode, e.Address.MunicipalityName = m.Code, m.Name
			case len(cands) > 1:
				fail(s.name, "catalogue.import.ambiguous_municipality", map[string]any{"Value": cell, "Count": len(cands)})
			default:
				fail(s.name, "catalogue.import.unknown_municipality", map[string]any{"Value": cell})
			}
		case FieldPostalCode:
			pc, ok := quebec.NormalizePostalCode(cell)
			if !ok {
				fail(s.name, "catalogue.import.bad_postal_code", map[string]any{"Value": cell})
			} else {
				e.Address.PostalCode = pc
			}
		case FieldRegionsServed:
			for _, x := range splitList(cell) {
				if c, found := p.places.Region(x); found {
					e.RegionsServed = append(e.RegionsServed, c)
				} else {
					fail(s.name, "catalogue.import.unknown_region", map[string]any{"Value": x})
				}
			}
		case FieldSectors:
			for _, x := range splitList(cell) {
				if c, found := p.sectors.resolve(x); found {
					e.Sectors = append(e.Sectors, c)
				} else {
					fail(s.name, "catalogue.import.unknown_sector", map[string]any{"Value": x})
				}
			}
		case FieldUNSPSC:
			for _, x := range splitList(cell) {
				if !unspscRe.MatchString(x) {
					fail(s.name, "catalogue.import.bad_unspsc", map[string]any{"Value": x})
				}
				e.UNSPSC = append(e.UNSPSC, x)
			}
		case FieldWebsite:
			w, okURL := quebec.NormalizeWebsite(cell)
			if !okURL {
				fail(s.name, "catalogue.import.bad_website", map[string]any{"Value": cell})
			}
			e.Website = w
		case FieldEmail:
			a, err := mail.ParseAddress(cell)
			if err != nil || a.Address != cell {
				fail(s.name, "catalogue.import.bad_email", map[string]any{"Value": cell})
			}
			e.Contact.Email = strings.ToLower(cell)
		case FieldPhone:
			ph, okPh := NormalizePhone(cell)
			if !okPh {
				fail(s.name, "catalogue.import.bad_phone", map[string]any{"Value": cell})
			}
			e.Contact.Phone = ph
		case FieldAdapted, FieldNoRistourne:
			b, okB := parseBool(cell)
			if !okB {
				fail(s.name, "catalogue.import.bad_yes_no", map[string]any{"Value": cell})
			}
			if s.name == FieldAdapted {
				e.Adapted = b
			} else {
				e.NoRistourne = b
			}
		case FieldOtherNames, FieldProducts:
			s.set(&e, splitList(cell))
		default: // name, street, description: free text
			s.set(&e, []string{strings.Join(strings.Fields(cell), " ")})
		}
	}
	if e.Name == "" {
		fail(FieldName, "catalogue.import.name_required", nil)
	}
	if e.Address.MunicipalityCode == "" && !hasField(bad, FieldMunicipality) {
		fail(FieldMunicipality, "catalogue.import.municipality_required", nil)
	}
	if e.LegalForm == "" && !hasField(bad, FieldLegalForm) {
		// Not "provided": an inferred form may fill a new entry but never overwrites a
		// steward's more precise one ("Coop X" says co-op, not which kind).
		e.LegalForm = quebec.CollectiveFormFromName(e.Name)
		if e.LegalForm == "" {
			e.LegalForm = p.form
		}
	}
	return e, provided, bad
}

func hasField(fs []errs.FieldError, f Field) bool {
	for _, x := range fs {
		if x.Field == string(f) {
			return true
		}
	}
	return false
}

func parseBool(cell string) (bool, bool) {
	switch quebec.Fold(cell) {
	case "oui", "o", "yes", "y", "vrai", "true", "1", "x":
		return true, true
	case "non", "n", "no", "faux", "false", "0":
		return false, true
	}
	return false, false
}

// NormalizePhone formats a North American number as 514-555-0123 (with " poste N" for an
// extension); anything else is refused.
func NormalizePhone(s string) (string, bool) {
	main, ext := s, ""
	for _, sep := range []string{"poste", "ext.", "ext", "#", "x"} {
		if i := strings.Index(strings.ToLower(s), sep); i > 0 {
			main, ext = s[:i], strings.TrimSpace(s[i+len(sep):])
			break
		}
	}
	d := quebec.NormalizeNEQ(strings.NewReplacer("(", "", ")", "", "+", "").Replace(main))
	if !allDigits(d) {
		return strings.TrimSpace(s), false
	}
	if len(d) == 11 && d[0] == '1' {
		d = d[1:]
	}
	if len(d) != 10 {
		return strings.TrimSpace(s), false
	}
	out := d[:3] + "-" + d[3:6] + "-" + d[6:]
	if ext != "" {
		if len(ext) > 6 || !allDigits(ext) {
			return strings.TrimSpace(s), false
		}
		out += " poste " + ext
	}
	return out, true
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}
