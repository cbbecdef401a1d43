package suppliers

import (
	"strings"
	"time"

	"maillage/app/errs"
	"maillage/app/quebec"
	"maillage/app/tabular"
)

// ImportTargets are the fields a register file can fill, with the header spellings
// found in municipal registers (and the headers of our own export, in both languages,
// so that an export imports back as is).
func ImportTargets() []tabular.Target {
	return []tabular.Target{
		{Field: "neq", Aliases: []string{"NEQ", "Numéro d'entreprise du Québec", "Numéro d'entreprise", "No d'entreprise", "No entreprise", "Numéro de l'entreprise", "Quebec enterprise number"}, Required: true},
		{Field: "legal_name", Aliases: []string{"Nom", "Raison sociale", "Nom de l'entreprise", "Nom légal", "Dénomination", "Fournisseur", "Entreprise", "Name", "Legal name", "Supplier"}, Required: true},
		{Field: "other_names", Aliases: []string{"Autres noms", "Nom commercial", "Autres dénominations", "Other names", "Trade name"}},
		{Field: "legal_form", Aliases: []string{"Forme juridique", "Statut juridique", "Legal form"}},
		{Field: "coop_kind", Aliases: []string{"Type de coopérative", "Co-operative kind"}},
		{Field: "ees", Aliases: []string{"EES", "Économie sociale", "Entreprise d'économie sociale", "Social economy"}},
		{Field: "no_ristourne", Aliases: []string{"Sans ristourne", "Coopérative sans ristourne", "No ristourne"}},
		{Field: "adapted", Aliases: []string{"Entreprise adaptée", "Adapted enterprise"}},
		{Field: "street", Aliases: []string{"Adresse", "Rue", "Address", "Street"}},
		{Field: "region", Aliases: []string{"Région", "Région administrative", "Region"}},
		{Field: "municipality", Aliases: []string{"Municipalité", "Ville", "Code géographique", "Municipality", "City"}},
		{Field: "postal_code", Aliases: []string{"Code postal", "Postal code"}},
		{Field: "regions_served", Aliases: []string{"Régions desservies", "Régions", "Regions served"}},
		{Field: "unspsc", Aliases: []string{"UNSPSC", "Codes UNSPSC", "Catégories UNSPSC", "UNSPSC codes"}},
		{Field: "products_services", Aliases: []string{"Produits et services", "Produits", "Services", "Description", "Products and services"}},
		{Field: "website", Aliases: []string{"Site Web", "Site Internet", "Site", "Website"}},
		{Field: "contact_name", Aliases: []string{"Personne-ressource", "Contact", "Nom du contact", "Contact name"}},
		{Field: "contact_email", Aliases: []string{"Courriel", "Adresse courriel", "Email", "E-mail"}},
		{Field: "contact_phone", Aliases: []string{"Téléphone", "Tél", "Phone", "Telephone"}},
		{Field: "contact_purpose", Aliases: []string{"Fin de la collecte", "Raison de la collecte", "Finalité", "Contact purpose", "Purpose"}},
		{Field: "status", Aliases: []string{"Statut", "État", "Status"}},
		{Field: "status_reason", Aliases: []string{"Motif", "Raison du statut", "Status reason", "Reason"}},
	}
}

// ImportOptions are the choices made on the import form.
type ImportOptions struct {
	ContactPurpose string            // why the contacts of this file are kept (asked once per file; a column may say it per row)
	ImportedBy     string            // who imports, recorded as who declared an EES status
	Now            time.Time         // when, for that declaration
	Columns        map[string]string // field → the file's header, for messages in the file's words
	BodyRegion     string            // the body's region: the last hint for a municipality several regions share
}

// ImportRows turns mapped records into supplier records, reporting every problem in v
// with its row: the same checks as a form (Check), plus duplicate NEQs inside the file.
// Duplicates against the register are the store's to find, inside the import
// transaction. Nothing is written here; the caller writes only when v is empty.
func ImportRows(recs []tabular.Record, ref *Reference, opts ImportOptions, v *errs.Validation) []Supplier {
	out := make([]Supplier, 0, len(recs))
	firstLine := map[quebec.NEQ]int{}
	for _, r := range recs {
		add := func(field, key string, args map[string]any) { // one number per row: its line in the file
			col := r.Columns[field]
			if col == "" {
				col = opts.Columns[field]
			}
			v.Fields = append(v.Fields, errs.FieldError{Row: r.Line, Field: field, Column: col, Key: key, Args: args})
		}
		s := supplierFromRecord(r.Values, ref, opts, add)
		s.check(ref, add)
		if s.NEQ != "" {
			if first, dup := firstLine[s.NEQ]; dup {
				add("neq", "suppliers.import_duplicate_neq", map[string]any{"NEQ": string(s.NEQ), "FirstLine": first})
			} else {
				firstLine[s.NEQ] = r.Line
			}
		}
		out = append(out, s)
	}
	return out
}

// supplierFromRecord reads the cells; what cannot even be read (an unknown municipality
// name, "peut-être" as a yes/no) is reported through add.
func supplierFromRecord(val map[string]string, ref *Reference, opts ImportOptions, add func(field, key string, args map[string]any)) Supplier {
	s := Supplier{
		NEQ:                 quebec.NEQ(val["neq"]),
		LegalName:           val["legal_name"],
		OtherNames:          splitList(val["other_names"]),
		Street:              val["street"],
		PostalCode:          val["postal_code"],
		UNSPSC:              splitList(val["unspsc"]),
		ProductsServices:    val["products_services"],
		Website:             val["website"],
		Status:              StateApproved,
		StatusReason:        val["status_reason"],
		LegalForm:           quebec.FormOther,
		Attestation:         AttestNone,
		QuebecEstablishment: false,
	}
	if f := val["legal_form"]; f != "" {
		if lf, err := quebec.ParseLegalForm(f); err != nil {
			add("legal_form", errs.As(err).Key, errs.As(err).Args)
		} else {
			s.LegalForm = lf
		}
	}
	if k := val["coop_kind"]; k != "" {
		s.CoopKind = quebec.ParseCoopKind(k)
		if s.CoopKind == "" {
			add("coop_kind", "suppliers.coop_kind_unknown", map[string]any{"Value": k})
		}
	}
	flag := func(field string) bool {
		b, ok := parseBool(val[field])
		if !ok {
			add(field, "suppliers.import_bad_yes_no", map[string]any{"Value": val[field]})
		}
		return b
	}
	if flag("ees") {
		s.EESCriteria, s.Attestation, s.AttestedBy = EESCriteria(), AttestDeclared, "import: "+opts.ImportedBy
		at := opts.Now
		s.AttestedAt = &at
	}
	s.NoRistourne, s.Adapted = flag("no_ristourne"), flag("adapted")
	if m := val["municipality"]; m != "" {
		// As people write places ("Saint-Lambert (Québec)", "St-Tite", a merged town); a name
		// several municipalities share is decided by the row's postal code, its region, then
		// the body's region.
		pm := ref.ResolvePlace(m, quebec.PlaceHints{PostalCode: val["postal_code"], Region: val["region"], BodyRegion: opts.BodyRegion})
		switch {
		case pm.Found:
			s.MunicipalityCode, s.QuebecEstablishment = pm.Municipality.Code, true
		case pm.Ambiguous:
			add("municipality", "quebec.municipality_ambiguous", map[string]any{"Value": m, "Options": placeOptions(pm.Candidates)})
		default:
			add("municipality", "quebec.municipality_unknown", map[string]any{"Value": m})
		}
	}
	for _, r := range splitList(val["regions_served"]) {
		if code, err := ref.FindRegion(r); err != nil {
			add("regions_served", "quebec.region_unknown", map[string]any{"Value": r})
		} else {
			s.RegionsServed = append(s.RegionsServed, code)
		}
	}
	s.Contacts = contactsOf(val, opts.ContactPurpose)
	if st := val["status"]; st != "" {
		s.Status = ParseState(st)
		if s.Status == "" {
			add("status", "suppliers.status_unknown", map[string]any{"Value": st})
			s.Status = StateApproved
		}
	}
	return s
}

// contactsOf reads the contact columns: one contact, or several one per line of the cells (as
// the export writes them), each with the purpose its column gives or the file's.
func contactsOf(val map[string]string, purpose string) []Contact {
	lines := func(f string) []string { return strings.Split(strings.ReplaceAll(val[f], "\r", ""), "\n") }
	names, emails, phones, purposes := lines("contact_name"), lines("contact_email"), lines("contact_phone"), lines("contact_purpose")
	n := max(len(names), len(emails), len(phones))
	var out []Contact
	at := func(l []string, i int) string {
		if i < len(l) {
			return strings.TrimSpace(l[i])
		}
		return ""
	}
	for i := 0; i < n; i++ {
		c := Contact{Name: at(names, i), Email: at(emails, i), Phone: at(phones, i), Purpose: at(purposes, i)}
		if c.Name == "" && c.Email == "" && c.Phone == "" {
			continue
		}
		if c.Purpose == "" {
			c.Purpose = purpose
		}
		out = append(out, c)
	}
	return out
}

func placeOptions(ms []quebec.Municipality) string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.Name + " (" + m.Designation + ", " + m.RegionName + ")"
	}
	return strings.Join(out, ", ")
}

// splitList splits a cell holding several values: "01; 05", "72101500, 90100000",
// one per line, or separated by "|".
func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == ',' || r == '|' || r == '\n' })
}

// parseBool reads yes/no cells in French or English; empty is no.
func parseBool(s string) (bool, bool) {
	switch tabular.Normalize(s) {
	case "", "non", "no", "n", "faux", "false", "0":
		return false, true
	case "oui", "o", "yes", "y", "vrai", "true", "1", "x":
		return true, true
	}
	return false, false
}

// ParseState reads a status as a code or its French or English name; "" when unknown.
func ParseState(s string) State {
	n := compact(s)
	for _, st := range States() {
		if n == compact(string(st)) {
			return st
		}
	}
	switch n {
	case "invitee", "invite", "invited":
		return StateInvited
	case "inscriptionrecue", "recue", "applied", "applicationreceived":
		return StateApplied
	case "enanalyse", "underreview":
		return StateUnderReview
	case "precisionsdemandees", "informationrequested":
		return StateInfoRequested
	case "acceptee", "accepte", "approuvee", "approuve", "actif", "active", "approved":
		return StateApproved
	case "refusee", "refuse", "rejected":
		return StateRejected
	case "retiree", "retire", "withdrawn":
		return StateWithdrawn
	case "suspendue", "suspendu", "suspended":
		return StateSuspended
	}
	return ""
}

// compact folds text for code-like comparisons: no accents, case, spaces or punctuation.
func compact(s string) string { return strings.ReplaceAll(tabular.Normalize(s), " ", "") }
