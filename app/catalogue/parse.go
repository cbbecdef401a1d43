package catalogue

import (
	"maillage/app/quebec"
	"net/mail"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"maillage/app/errs"
)

// Row is one data row of an import file after the mapping step: the cells of the mapped
// columns keyed by the field they were mapped to. A missing key means the column is not in
// the file; an empty cell means "no value here" and never erases what the catalogue holds.
type Row struct {
	Line      int              // the row's line in the file (the header is line 1), as the person sees it
	Values    map[Field]string // the mapped cells
	Region    string           // a region column, to tell apart municipalities of the same name
	Territory string           // a "Territoire" column (an MRC or a city), the same kind of hint
	Ref       string           // the source directory's own id of the row, when it has one
}

// parser turns mapped cells into a candidate entry and collects row-level errors.
type parser struct {
	places  *quebec.Places
	sectors sectorIndex
	form    quebec.CollectiveForm // used when neither a column nor the name tells the legal form
	source  string                // the file's source, for the legal form's evidence
	today   string
	region  string // the region most rows of the file are in: a pôle's list is regional
}

// hints are what a row says besides its municipality's name, to tell homonyms apart.
func (p parser) hints(r Row) quebec.PlaceHints {
	return quebec.PlaceHints{PostalCode: r.Values[FieldPostalCode], Territory: r.Territory, Region: r.Region, BodyRegion: p.region}
}

var (
	postalRe = regexp.MustCompile(`^[A-CEGHJ-NPR-TVXY][0-9][A-CEGHJ-NPR-TV-Z] ?[0-9][A-CEGHJ-NPR-TV-Z][0-9]$`)
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

// parse builds the candidate and the list of fields the row provides. Errors block the row;
// warnings (a sector value no catalogue sector stands for) are shown and the value left out.
func (p parser) parse(r Row) (e Entry, provided []Field, bad, warn []errs.FieldError) {
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
			f, from, found := quebec.ParseFormCell(cell)
			kind := FormFromDirectory
			if from == quebec.FromREQ {
				kind = FormFromREQ
			}
			switch {
			case !found:
				fail(s.name, "catalogue.import.bad_legal_form", map[string]any{"Value": cell})
			case f == "": // a known form that is not a collective enterprise's (a business corporation…)
				fail(s.name, "catalogue.import.not_collective_form", map[string]any{"Value": cell})
			default:
				e.LegalForm = f
				e.FormEvidence = FormEvidence{Kind: kind, Code: cell, Source: p.source, Line: r.Line, On: p.today}
			}
		case FieldMunicipality:
			pm := p.places.ResolvePlace(cell, p.hints(r))
			switch {
			case pm.Found:
				e.Address.MunicipalityCode, e.Address.MunicipalityName = pm.Municipality.Code, pm.Municipality.Name
				if pm.Former != nil {
					warn = append(warn, errs.FieldError{Row: r.Line, Field: string(s.name), Key: "catalogue.import.former_municipality",
						Args: map[string]any{"Value": cell, "Name": pm.Municipality.Name}})
				}
			case pm.Ambiguous:
				fail(s.name, "catalogue.import.ambiguous_municipality", map[string]any{"Value": cell, "Count": len(pm.Candidates),
					"Candidates": candidateNames(pm.Candidates)})
			default:
				fail(s.name, "catalogue.import.unknown_municipality", map[string]any{"Value": cell, "Candidates": candidateNames(pm.Candidates)})
			}
		case FieldPostalCode:
			pc := strings.ToUpper(strings.Join(strings.Fields(cell), ""))
			if !postalRe.MatchString(pc) {
				fail(s.name, "catalogue.import.bad_postal_code", map[string]any{"Value": cell})
			} else {
				e.Address.PostalCode = pc[:3] + " " + pc[3:]
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
				c, known := p.sectors.resolve(x)
				switch {
				case !known: // a directory's own sector name: mapped on the preview, left out meanwhile
					warn = append(warn, errs.FieldError{Row: r.Line, Field: string(s.name), Key: "catalogue.import.sector_unmapped", Args: map[string]any{"Value": x}})
				case c != "" && !slices.Contains(e.Sectors, c):
					e.Sectors = append(e.Sectors, c)
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
			w, okURL := NormalizeWebsite(cell)
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
		case FieldName:
			e.Name = NameCase(strings.Join(strings.Fields(cell), " "))
		case FieldStreet:
			e.Address.Street = AddressCase(strings.Join(strings.Fields(cell), " "))
		default: // street, description: free text
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
		// Not "provided": an inferred form may fill a new entry (or one whose form nobody
		// knew) but never overwrites a more precise one ("Coop X" says co-op, not which kind).
		// Without it the form stays unknown: a directory that does not say it is not wrong.
		if e.LegalForm = quebec.CollectiveFormFromName(e.Name); e.LegalForm != "" {
			e.FormEvidence = FormEvidence{Kind: FormFromName, Source: p.source, Line: r.Line, On: p.today}
		} else if p.form != "" {
			e.LegalForm = p.form
			e.FormEvidence = FormEvidence{Kind: FormFromDefault, Source: p.source, Line: r.Line, On: p.today}
		}
	}
	return e, provided, bad, warn
}

// candidateNames lists municipalities as a person tells them apart: "Saint-Lambert (Ville,
// Montérégie)".
func candidateNames(ms []quebec.Municipality) string {
	out := make([]string, 0, len(ms))
	for _, m := range ms {
		out = append(out, m.Name+" ("+m.Designation+", "+m.RegionName+")")
	}
	return strings.Join(out, " ; ")
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

// NormalizeWebsite adds the scheme people leave out and lower-cases the host.
func NormalizeWebsite(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || !strings.Contains(u.Host, ".") {
		return s, false
	}
	u.Host = strings.ToLower(u.Host)
	return strings.TrimSuffix(u.String(), "/"), true
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
