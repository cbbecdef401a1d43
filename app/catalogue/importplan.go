package catalogue

import (
	"maillage/app/quebec"
	"slices"
	"strconv"
	"strings"
	"time"

	"maillage/app/errs"
)

// Outcome is what applying an import would do with one row.
type Outcome string

const (
	OutcomeNew       Outcome = "new"                // no entry matches: one is created
	OutcomeUpdate    Outcome = "update"             // a matching entry gets the changed fields
	OutcomeUnchanged Outcome = "unchanged"          // a matching entry already says all of it
	OutcomeDuplicate Outcome = "possible_duplicate" // close to an entry or an earlier row: a steward decides
	OutcomeError     Outcome = "error"              // the row is wrong: skip it or fix it
)

// RowStatus is the part of a row's outcome the person applying the import acts on.
type RowStatus string

const (
	RowOK        RowStatus = "ok"                 // nothing to decide: a new entry, or one already up to date
	RowUpdate    RowStatus = "update"             // an existing entry gets the row's changes
	RowError     RowStatus = "error"              // needs a decision: skip, or a fix typed on the preview
	RowDuplicate RowStatus = "possible_duplicate" // needs a decision: skip, create, or merge into an entry
)

// StatusOf maps an outcome to the status a person acts on.
func StatusOf(o Outcome) RowStatus {
	switch o {
	case OutcomeUpdate:
		return RowUpdate
	case OutcomeError:
		return RowError
	case OutcomeDuplicate:
		return RowDuplicate
	}
	return RowOK
}

// RowResult is the match report of one row.
type RowResult struct {
	Line       int               `json:"line"` // the row's line in the file; decisions and fixes name it
	Status     RowStatus         `json:"status"`
	Outcome    Outcome           `json:"outcome"`
	Candidate  Entry             `json:"candidate"`          // the row as an entry (not yet saved)
	Provided   []Field           `json:"provided,omitempty"` // the fields the row carries
	MatchID    string            `json:"match_id,omitempty"` // the entry updated or left unchanged
	MatchedBy  string            `json:"matched_by,omitempty"`
	Changes    []Change          `json:"changes,omitempty"`    // for updates: existing → row
	Duplicates []Match           `json:"candidates,omitempty"` // possible duplicates: entries, or earlier lines of the file
	Errors     []errs.FieldError `json:"errors,omitempty"`     // with the file's own column names
	Warnings   []errs.FieldError `json:"warnings,omitempty"`   // shown, not blocking (an unmapped sector value)
	Decision   Decision          `json:"decision,omitempty"`   // the steward's decision so far
	Fixed      bool              `json:"fixed,omitempty"`      // the row carries values typed on the preview
}

// ValueCount is a value of the file that needs mapping, with the number of rows using it.
type ValueCount struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// Report is the whole match report of an import, shown before anything is applied.
type Report struct {
	Rows     []RowResult       `json:"rows"`
	Counts   map[Outcome]int   `json:"counts"`
	Statuses map[RowStatus]int `json:"status_counts"`
	// Sector values of the file that no catalogue sector stands for yet (map them on the preview).
	UnmappedSectors []ValueCount `json:"unmapped_sectors,omitempty"`
}

// Applicable reports whether the import may be applied as it stands: every row in error or
// possibly a duplicate has a decision.
func (r Report) Applicable() bool { return r.Undecided().Err() == nil }

// Undecided lists the rows that still need a decision, as one validation error.
func (r Report) Undecided() *errs.Validation {
	v := &errs.Validation{Key: "catalogue.import.undecided"}
	for _, row := range r.Rows {
		switch {
		case row.Decision != "":
		case row.Status == RowError:
			v.Fields = append(v.Fields, row.Errors...)
		case row.Status == RowDuplicate:
			v.AddRow(row.Line, "decision", "catalogue.import.duplicate_undecided", map[string]any{"Name": row.Candidate.Name})
		}
	}
	return v
}

// Errors returns every row error as one Invalid error, nil when there are none.
func (r Report) Errors() error {
	v := errs.Validation{Key: "catalogue.import.has_errors"}
	for _, row := range r.Rows {
		v.Fields = append(v.Fields, row.Errors...)
	}
	return v.Err()
}

// ImportSettings describe the file being imported.
type ImportSettings struct {
	Source      Source                `json:"Source"`      // the directory, kept on every entry created or updated
	DefaultForm quebec.CollectiveForm `json:"DefaultForm"` // legal form when a row and its name say none (chosen by the steward)
	Today       time.Time             `json:"Today"`       // the last-verified date of what this import touches
	Columns     map[Field]string      `json:"columns,omitempty"`
}

// minInFileScore is the name similarity above which two rows of one file in the same
// municipality are shown as possibly the same enterprise.
const minInFileScore = 0.6

// PlanImport matches every row against the existing entries and the rows above it, and says
// what applying would do. It changes nothing. Matching order: same NEQ; same source row id;
// same name key in the same municipality (score ≥ SameScore) when the NEQs do not disagree;
// otherwise close names become possible duplicates. Two rows with different NEQs are two
// legal persons, never duplicates of each other. Inside the file, a row repeating an earlier
// row's NEQ or all of its values is an error (skip it); a row naming the same enterprise
// differently ("Coop Solidarité Santé X" / "Coop de solidarité santé de X") is a possible
// duplicate of that line.
func PlanImport(rows []Row, existing []Entry, places *quebec.Places, sectors sectorIndex, set ImportSettings, decisions map[int]Decision) Report {
	p := parser{places: places, sectors: sectors, form: set.DefaultForm, source: set.Source.Name, today: set.Today.Format(time.DateOnly)}
	p.region = dominantRegion(rows, p)
	m := NewMatcher(existing).WithPlaces(places)
	names := make([]string, 0, len(rows))
	for _, r := range rows {
		names = append(names, r.Values[FieldName])
	}
	m.AddCorpus(names)
	inFile := NewMatcher(nil).WithPlaces(places).weighWith(m)
	rep := Report{Counts: map[Outcome]int{}, Statuses: map[RowStatus]int{}}
	seenNEQ := map[string]int{}
	seenRow := map[string]int{}
	unmapped := map[string]*ValueCount{}
	var unmappedOrder []string
	for _, row := range rows {
		cand, provided, bad, warn := p.parse(row)
		cand.Source = set.Source
		cand.Source.Ref = row.Ref
		res := RowResult{Line: row.Line, Candidate: cand, Provided: provided, Errors: bad, Warnings: warn, Decision: decisions[row.Line]}
		for _, w := range warn {
			val, _ := w.Args["Value"].(string)
			k := quebec.Fold(val)
			if unmapped[k] == nil {
				unmapped[k] = &ValueCount{Value: val}
				unmappedOrder = append(unmappedOrder, k)
			}
			unmapped[k].Count++
		}
		sig := rowSignature(row)
		if prev, dup := seenNEQ[cand.NEQ]; dup && cand.NEQ != "" {
			res.Errors = append(res.Errors, errs.FieldError{Row: row.Line, Field: string(FieldNEQ),
				Key: "catalogue.import.neq_twice", Args: map[string]any{"Value": cand.NEQ, "Line": prev}})
		} else if prev, dup := seenRow[sig]; dup {
			res.Errors = append(res.Errors, errs.FieldError{Row: row.Line, Field: string(FieldName),
				Key: "catalogue.import.row_twice", Args: map[string]any{"Line": prev}})
		}
		if _, dup := seenRow[sig]; !dup {
			seenRow[sig] = row.Line
		}
		if len(res.Errors) == 0 {
			if cand.NEQ != "" {
				seenNEQ[cand.NEQ] = row.Line
			}
			if earlier := sameInFile(inFile, cand); len(earlier) > 0 {
				res.Outcome, res.Duplicates = OutcomeDuplicate, earlier
			} else {
				match(&res, m, set)
			}
			inFile.add(Entry{ID: "line:" + strconv.Itoa(row.Line), NEQ: cand.NEQ, Name: cand.Name,
				Address: Address{MunicipalityCode: cand.Address.MunicipalityCode}})
		} else {
			res.Outcome = OutcomeError
		}
		for _, list := range [][]errs.FieldError{res.Errors, res.Warnings} {
			for i := range list {
				list[i].Column = set.Columns[Field(list[i].Field)]
			}
		}
		res.Status = StatusOf(res.Outcome)
		rep.Counts[res.Outcome]++
		rep.Statuses[res.Status]++
		rep.Rows = append(rep.Rows, res)
	}
	for _, k := range unmappedOrder {
		rep.UnmappedSectors = append(rep.UnmappedSectors, *unmapped[k])
	}
	return rep
}

// dominantRegion is the region more than half of the file's resolved municipalities are in
// (a pôle's list is regional): the last hint for a name several regions share.
func dominantRegion(rows []Row, p parser) string {
	count, total := map[string]int{}, 0
	for _, r := range rows {
		if pm := places(p).ResolvePlace(r.Values[FieldMunicipality], p.hints(r)); pm.Found {
			count[pm.Municipality.RegionCode]++
			total++
		}
	}
	for rc, n := range count {
		if 2*n > total {
			return rc
		}
	}
	return ""
}

func places(p parser) *quebec.Places { return p.places }

// rowSignature identifies a row by all of its values, to find lines repeated word for word
// (spacing, case and accents aside).
func rowSignature(r Row) string {
	var b strings.Builder
	for _, f := range Fields() {
		b.WriteString(quebec.Fold(r.Values[f]))
		b.WriteByte('|')
	}
	b.WriteString(quebec.Fold(r.Ref))
	return b.String()
}

// sameInFile returns the earlier lines of the file that name the same enterprise in the same
// municipality, unless their NEQs say they are two legal persons.
func sameInFile(inFile *Matcher, cand Entry) []Match {
	var out []Match
	for _, s := range inFile.Similar(cand.Name, cand.Address.MunicipalityCode, minInFileScore, 3) {
		if !s.SameMunicipality || (cand.NEQ != "" && s.NEQ != "" && cand.NEQ != s.NEQ && s.NameScore < SameScore) {
			continue
		}
		line, _ := strconv.Atoi(strings.TrimPrefix(s.EntryID, "line:"))
		s.EntryID, s.Line = "", line
		out = append(out, s)
	}
	return out
}

func match(res *RowResult, m *Matcher, set ImportSettings) {
	cand := res.Candidate
	found, by := Entry{}, ""
	if e, ok := m.ByNEQ(cand.NEQ); ok && cand.NEQ != "" {
		found, by = e, "neq"
	} else if e, ok := m.BySourceRef(set.Source.Name, cand.Source.Ref); ok {
		found, by = e, "source_ref"
	}
	if by == "" {
		sims := m.Similar(cand.Name, cand.Address.MunicipalityCode, PossibleScore, 5)
		sims = slices.DeleteFunc(sims, func(s Match) bool { // two NEQs are two legal persons, unless the names are one
			return cand.NEQ != "" && s.NEQ != "" && cand.NEQ != s.NEQ && !(s.SameMunicipality && s.NameScore >= SameScore)
		})
		if len(sims) > 0 && sims[0].SameMunicipality && sims[0].NameScore >= SameScore && (cand.NEQ == "" || sims[0].NEQ == "") {
			found, by = entryByID(m, sims[0].EntryID), "name"
		} else if len(sims) > 0 {
			res.Outcome, res.Duplicates = OutcomeDuplicate, sims
			return
		}
	}
	if by == "" {
		res.Outcome = OutcomeNew
		return
	}
	res.MatchID, res.MatchedBy = found.ID, by
	fields := res.Provided
	if found.LegalForm == "" && cand.LegalForm != "" && !containsField(fields, FieldLegalForm) { // an unknown form gets filled
		fields = append(append([]Field(nil), fields...), FieldLegalForm)
	}
	res.Changes = DiffFields(found, MergeImport(found, *res, set.Today), fields)
	if len(res.Changes) == 0 {
		res.Outcome = OutcomeUnchanged
	} else {
		res.Outcome = OutcomeUpdate
	}
}

func entryByID(m *Matcher, id string) Entry {
	return m.entries[m.byID[id]]
}

// MergeImport is the entry after an update by a row: the fields the row provides replace the
// entry's, lists are replaced whole (the directory is the authority for what it lists), and
// the EES status is kept. Three things a directory must not undo: a name that only differs in
// case or legal words ("CENTRE D'ACTION BÉNÉVOLE … INC." for a pôle's "Centre d'action
// bénévole …") keeps the entry's spelling; a post-office box does not replace a street
// address; a form inferred from the name or chosen by default fills an unknown form only.
// Applying a row twice gives the same entry, which is what makes re-importing a file change
// nothing.
func MergeImport(existing Entry, row RowResult, today time.Time) Entry {
	provided := make([]Field, 0, len(row.Provided))
	for _, f := range row.Provided {
		switch {
		case f == FieldName && NameKey(row.Candidate.Name) == NameKey(existing.Name):
			continue
		case f == FieldStreet && existing.Address.Street != "" && quebec.IsPOBox(row.Candidate.Address.Street) && !quebec.IsPOBox(existing.Address.Street):
			continue
		case sameFolded(f, existing, row.Candidate): // the same words in other capitals or accents: keep the entry's
			continue
		}
		provided = append(provided, f)
	}
	out := Apply(existing, row.Candidate, provided)
	if containsField(provided, FieldName) && existing.Name != "" && !containsFolded(out.OtherNames, existing.Name) {
		out.OtherNames = append(out.OtherNames, existing.Name) // a new name: the former one stays findable
	}
	switch {
	case containsField(provided, FieldLegalForm):
		out.FormEvidence = row.Candidate.FormEvidence
	case existing.LegalForm == "" && row.Candidate.LegalForm != "":
		out.LegalForm, out.FormEvidence = row.Candidate.LegalForm, row.Candidate.FormEvidence
	}
	out.LastVerified = today
	if out.Source.Ref == "" && row.Candidate.Source.Ref != "" {
		out.Source = row.Candidate.Source
	}
	return out
}

// sameFolded reports a single-value text field the row writes as the entry does, up to case,
// accents and punctuation ("4649, RUE NOTRE-DAME" for "4649, rue Notre-Dame").
func sameFolded(f Field, a, b Entry) bool {
	s, ok := specOf(f)
	if !ok || s.list || f == FieldNEQ || f == FieldLegalForm || f == FieldMunicipality {
		return false
	}
	va, vb := s.get(&a), s.get(&b)
	return len(va) == 1 && len(vb) == 1 && quebec.Fold(va[0]) == quebec.Fold(vb[0])
}

func containsFolded(list []string, s string) bool {
	for _, x := range list {
		if quebec.Fold(x) == quebec.Fold(s) {
			return true
		}
	}
	return false
}

// NewFromImport is the entry a "new" row creates. Being listed says nothing about the six
// criteria of the Loi sur l'économie sociale: they stay unknown until the enterprise declares
// them or a steward verifies them.
func NewFromImport(id string, row RowResult, today time.Time) Entry {
	e := row.Candidate
	e.ID, e.Status = id, StatusActive
	e.EES = Unknown()
	e.LastVerified = today
	return e
}
