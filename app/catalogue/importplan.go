package catalogue

import (
	"time"

	"maillage/app/errs"
	"maillage/app/quebec"
)

// Outcome is what applying an import would do with one row.
type Outcome string

const (
	OutcomeNew       Outcome = "new"                // no entry matches: one is created
	OutcomeUpdate    Outcome = "update"             // a matching entry gets the changed fields
	OutcomeUnchanged Outcome = "unchanged"          // a matching entry already says all of it
	OutcomeDuplicate Outcome = "possible_duplicate" // close to existing entries: a steward decides
	OutcomeError     Outcome = "error"              // the row is wrong; the import cannot be applied
)

// RowResult is the match report of one row.
type RowResult struct {
	Line       int               `json:"line"`
	Outcome    Outcome           `json:"outcome"`
	Candidate  Entry             `json:"candidate"`          // the row as an entry (not yet saved)
	Provided   []Field           `json:"provided,omitempty"` // the fields the row carries
	MatchID    string            `json:"match_id,omitempty"` // the entry updated or left unchanged
	MatchedBy  string            `json:"matched_by,omitempty"`
	Changes    []Change          `json:"changes,omitempty"`    // for updates: existing → row
	Duplicates []Match           `json:"duplicates,omitempty"` // for possible duplicates
	Errors     []errs.FieldError `json:"errors,omitempty"`
}

// Report is the whole match report of an import, shown before anything is applied.
type Report struct {
	Rows   []RowResult     `json:"rows"`
	Counts map[Outcome]int `json:"counts"`
}

// Applicable reports whether the import may be applied: imports are all-or-nothing, so one
// row in error blocks the whole file.
func (r Report) Applicable() bool { return r.Counts[OutcomeError] == 0 }

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
	Source      Source                // the directory, kept on every entry created or updated
	DefaultForm quebec.CollectiveForm // legal form when a row and its name say none (e.g. a directory of OBNLs)
	Today       time.Time             // the last-verified date of what this import touches
}

// PlanImport matches every row against the existing entries and the rows above it, and says
// what applying would do. It changes nothing. Matching order: same NEQ; same source row id;
// same name key in the same municipality (score ≥ SameScore) when the NEQs do not disagree;
// otherwise close names become possible duplicates. A row repeating an earlier row's NEQ or
// enterprise is an error, since the file would contradict itself.
func PlanImport(rows []Row, existing []Entry, places *quebec.Places, sectors []Sector, set ImportSettings) Report {
	p := parser{places: places, sectors: newSectorIndex(sectors), form: set.DefaultForm}
	m := NewMatcher(existing)
	rep := Report{Counts: map[Outcome]int{}}
	seenNEQ := map[string]int{}
	seenKey := map[[2]string]int{}
	for _, row := range rows {
		cand, provided, bad := p.parse(row)
		cand.Source = set.Source
		cand.Source.Ref = row.Ref
		res := RowResult{Line: row.Line, Candidate: cand, Provided: provided, Errors: bad}
		key := [2]string{NameKey(cand.Name), cand.Address.MunicipalityCode}
		if prev, dup := seenNEQ[cand.NEQ]; dup && cand.NEQ != "" {
			res.Errors = append(res.Errors, errs.FieldError{Row: row.Line, Field: string(FieldNEQ),
				Key: "catalogue.import.neq_twice", Args: map[string]any{"Value": cand.NEQ, "Line": prev}})
		} else if prev, dup := seenKey[key]; dup && cand.Name != "" {
			res.Errors = append(res.Errors, errs.FieldError{Row: row.Line, Field: string(FieldName),
				Key: "catalogue.import.row_twice", Args: map[string]any{"Line": prev}})
		}
		if len(res.Errors) == 0 {
			seenNEQ[cand.NEQ], seenKey[key] = row.Line, row.Line
			match(&res, m, set)
			if res.Outcome == OutcomeNew && cand.LegalForm == "" { // a duplicate merged away needs none; one created anyway is validated then
				res.Errors = append(res.Errors, errs.FieldError{Row: row.Line, Field: string(FieldLegalForm), Key: "catalogue.import.legal_form_required"})
				res.Outcome = OutcomeError
			}
		} else {
			res.Outcome = OutcomeError
		}
		rep.Counts[res.Outcome]++
		rep.Rows = append(rep.Rows, res)
	}
	return rep
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
		if len(sims) > 0 && sims[0].SameMunicipality && sims[0].NameScore >= SameScore {
			e := entryByID(m, sims[0].EntryID)
			if cand.NEQ == "" || e.NEQ == "" {
				found, by = e, "name"
			}
		}
		if by == "" && len(sims) > 0 {
			res.Outcome, res.Duplicates = OutcomeDuplicate, sims
			return
		}
	}
	if by == "" {
		res.Outcome = OutcomeNew
		return
	}
	res.MatchID, res.MatchedBy = found.ID, by
	res.Changes = DiffFields(found, MergeImport(found, *res, set.Today), res.Provided)
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
// the EES status a steward verified is kept. Applying a row twice gives the same entry, which
// is what makes re-importing a file change nothing.
func MergeImport(existing Entry, row RowResult, today time.Time) Entry {
	out := Apply(existing, row.Candidate, row.Provided)
	out.LastVerified = today
	if out.Source.Ref == "" && row.Candidate.Source.Ref != "" {
		out.Source = row.Candidate.Source
	}
	return out
}

// NewFromImport is the entry a "new" row creates.
func NewFromImport(id string, row RowResult, today time.Time) Entry {
	e := row.Candidate
	e.ID, e.Status = id, StatusActive
	e.EES = DeclaredAll("import: " + e.Source.Name)
	e.LastVerified = today
	return e
}
