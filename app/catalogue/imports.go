package catalogue

import (
	"context"
	"encoding/json"
	"fmt"
	"maillage/app/quebec"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/errs"
	"maillage/app/tabular"
)

// ImportBatch is a planned (or applied) import of one directory file.
type ImportBatch struct {
	ID       string `json:"id"`
	Source   string `json:"source"`
	FileName string `json:"file_name"`
	Status   string `json:"status"` // planned | applied
	Report   Report `json:"report"`
}

// Decision is the steward's choice for one line of a file: "skip" (leave the line out, for any
// line), "create" (a possible duplicate is another enterprise) or "merge:<entry id>" (a
// possible duplicate is that entry: update it).
type Decision string

// Decision values.
const (
	DecisionSkip   Decision = "skip"
	DecisionCreate Decision = "create"
	decisionMerge           = "merge:"
)

// Fix is what a steward typed on the preview for a line in error, by field: it replaces the
// file's cell when the file is planned again (the file itself is kept as delivered).
type Fix map[Field]string

// fixable are the fields a fix may set: the single values a row can get wrong.
var fixable = []Field{FieldName, FieldNEQ, FieldLegalForm, FieldStreet, FieldMunicipality, FieldPostalCode, FieldWebsite, FieldEmail, FieldPhone}

// FixableFields lists the fields a fix may set.
func FixableFields() []Field { return append([]Field(nil), fixable...) }

// ImportRequest is an uploaded file to plan.
type ImportRequest struct {
	Source      string
	FileName    string
	SHA256      string
	DefaultForm quebec.CollectiveForm // the form of rows that say none (a directory of non-profits); "" leaves it unknown
	Table       *tabular.Table        // the file as read
	Mapping     tabular.Mapping       // nil: the source's saved mapping, or one suggested from the headers
}

// ImportView is a planned or applied import as the steward's pages and the API show it: how
// the file was read, the mapping with its confidence, a preview and the match report.
type ImportView struct {
	ImportBatch
	Encoding    string                `json:"encoding,omitempty"`
	Delimiter   string                `json:"delimiter,omitempty"`
	Headers     []string              `json:"headers"`
	Mapping     tabular.Mapping       `json:"mapping"`
	Suggestions []tabular.Suggestion  `json:"suggestions,omitempty"` // how sure each column's mapping is
	Ignored     []string              `json:"ignored_columns,omitempty"`
	Preview     []tabular.Record      `json:"preview"`
	DefaultForm quebec.CollectiveForm `json:"default_form,omitempty"`
	Decisions   map[int]Decision      `json:"decisions,omitempty"`
	Fixes       map[int]Fix           `json:"fixes,omitempty"`
	Result      *ImportResult         `json:"result,omitempty"`
	CreatedAt   time.Time             `json:"created_at"`
	Version     int                   `json:"version"` // every change bumps it; a revision names the version it saw
	table       *tabular.Table        // the file as read
	saved       map[string]bool       // headers mapped from the source's saved mapping
	columns     map[Field]string      // field → the file's header
}

// ImportResult counts what an applied import did.
type ImportResult struct {
	Created   int `json:"created"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
	Skipped   int `json:"skipped"`
}

// PlanTable plans the import of a file as read: the mapping (the source's saved one, or
// suggested from the headers, when none is given) turns it into rows, which are matched
// against the catalogue. The file is kept with the batch, so that the mapping, the default
// legal form, decisions and fixes can change without a new upload. Nothing in the catalogue
// changes.
func (s *Service) PlanTable(ctx context.Context, st Steward, req ImportRequest) (ImportView, error) {
	source := strings.TrimSpace(req.Source)
	if len([]rune(source)) < 2 || len([]rune(source)) > 200 {
		return ImportView{}, (&errs.Validation{Key: "catalogue.invalid"}).ErrWith("source", "catalogue.import.source_required", nil)
	}
	if req.DefaultForm != "" && !req.DefaultForm.Valid() {
		return ImportView{}, (&errs.Validation{Key: "catalogue.invalid"}).ErrWith("default_form", "catalogue.import.bad_legal_form", map[string]any{"Value": string(req.DefaultForm)})
	}
	v := ImportView{ImportBatch: ImportBatch{ID: uuid.NewString(), Source: source, FileName: req.FileName, Status: "planned"},
		Encoding: string(req.Table.Encoding), Headers: req.Table.Headers, DefaultForm: req.DefaultForm,
		Decisions: map[int]Decision{}, Fixes: map[int]Fix{}, table: req.Table, CreatedAt: s.now().UTC(), Version: 1}
	if req.Table.Delimiter != 0 {
		v.Delimiter = string(req.Table.Delimiter)
	}
	m := req.Mapping
	if m == nil {
		saved, err := s.savedMapping(ctx, source)
		if err != nil {
			return ImportView{}, err
		}
		m, v.saved = suggestMapping(req.Table.Headers, saved)
	}
	if err := m.Check(req.Table.Headers, ImportTargets()); err != nil {
		return ImportView{}, err
	}
	v.Mapping = m
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := s.replan(ctx, tx, st, &v); err != nil {
			return err
		}
		return tx.Exec(`INSERT INTO catalogue_imports (id, source_name, file_name, file_sha256, rows, report, counts, created_by,
			source_table, mapping, default_form, file_encoding, decisions, fixes)
			VALUES (?, ?, ?, ?, '[]', ?::jsonb, ?::jsonb, ?, ?::jsonb, ?::jsonb, ?, ?, ?::jsonb, ?::jsonb)`,
			v.ID, source, req.FileName, req.SHA256, mustJSON(importState{Report: v.Report, Saved: v.saved}), mustJSON(v.Report.Counts),
			nullUUID(st.UserID), mustJSON(req.Table), mustJSON(m), string(req.DefaultForm), v.Encoding, mustJSON(v.Decisions), mustJSON(v.Fixes)).Error
	})
	if err != nil {
		return ImportView{}, fmt.Errorf("plan import: %w", err)
	}
	v.finish()
	return v, nil
}

// suggestMapping maps the headers a source's saved mapping knows as saved, and the others
// from their names.
func suggestMapping(headers []string, saved tabular.Mapping) (tabular.Mapping, map[string]bool) {
	m, from := tabular.Mapping{}, map[string]bool{}
	used := map[string]bool{}
	known := map[string]bool{}
	for _, t := range ImportTargets() {
		known[t.Field] = true
	}
	for _, h := range headers {
		if f, ok := saved[h]; ok && known[f] && !used[f] {
			m[h], from[h], used[f] = f, true, true
		}
	}
	var rest []string
	for _, h := range headers {
		if _, done := saved[h]; !done {
			rest = append(rest, h)
		}
	}
	var targets []tabular.Target
	for _, t := range ImportTargets() {
		if !used[t.Field] {
			targets = append(targets, t)
		}
	}
	for _, sg := range tabular.SuggestScored(rest, targets) {
		m[sg.Header] = sg.Field
	}
	return m, from
}

// importState is what the report column keeps besides the report.
type importState struct {
	Report Report          `json:"report"`
	Saved  map[string]bool `json:"saved,omitempty"`
}

// replan plans v again from its file, mapping, default form, fixes and decisions, against the
// catalogue as it is now, and fills v.Report.
func (s *Service) replan(ctx context.Context, tx *gorm.DB, st Steward, v *ImportView) error {
	rows := rowsOf(v.table, v.Mapping, v.Fixes)
	set := ImportSettings{Source: Source{Kind: SourceDirectory, Name: v.Source}, DefaultForm: v.DefaultForm, Today: s.today(),
		Columns: columnsOf(v.Mapping)}
	places, err := s.Places(ctx)
	if err != nil {
		return err
	}
	sectors, err := s.sectorIndex(ctx, tx)
	if err != nil {
		return err
	}
	existing, err := s.importCandidates(ctx, tx, rows, places, set.Source.Name)
	if err != nil {
		return fmt.Errorf("import candidates: %w", err)
	}
	rep := PlanImport(rows, existing, places, sectors, set, v.Decisions)
	for i, r := range rep.Rows { // a steward limited to regions imports only rows of those regions
		m, ok := places.Municipality(r.Candidate.Address.MunicipalityCode)
		if r.Outcome != OutcomeError && ok && !st.Covers(m.RegionCode) {
			rep.Counts[r.Outcome]--
			rep.Statuses[r.Status]--
			rep.Rows[i].Outcome, rep.Rows[i].Status = OutcomeError, RowError
			rep.Rows[i].Errors = append(rep.Rows[i].Errors, errs.FieldError{Row: r.Line, Field: string(FieldMunicipality),
				Column: set.Columns[FieldMunicipality], Key: "catalogue.steward.region_forbidden"})
			rep.Counts[OutcomeError]++
			rep.Statuses[RowError]++
		}
	}
	for i := range rep.Rows {
		_, rep.Rows[i].Fixed = v.Fixes[rep.Rows[i].Line]
	}
	v.Report = rep
	return nil
}

// rowsOf maps every row of a file and applies the fixes typed for its lines.
func rowsOf(t *tabular.Table, m tabular.Mapping, fixes map[int]Fix) []Row {
	rows := RowsFromRecords(m.Preview(t, len(t.Rows)))
	for i, r := range rows {
		for f, val := range fixes[r.Line] {
			rows[i].Values[f] = val
		}
	}
	return rows
}

// columnsOf inverts a mapping: field → the file's header, for messages in the file's words.
func columnsOf(m tabular.Mapping) map[Field]string {
	out := make(map[Field]string, len(m))
	for h, f := range m {
		out[Field(f)] = h
	}
	return out
}

// importCandidates loads the active entries a file could match: same municipality, NEQ,
// source row, or name key anywhere. Loading only those keeps planning fast at 100,000 entries.
func (s *Service) importCandidates(ctx context.Context, tx *gorm.DB, rows []Row, places *quebec.Places, source string) ([]Entry, error) {
	var munis, neqs, refs, keys []string
	for _, r := range rows {
		if pm := places.ResolvePlace(r.Values[FieldMunicipality], parser{}.hints(r)); pm.Found {
			munis = append(munis, pm.Municipality.Code)
		}
		if n := quebec.NormalizeNEQ(r.Values[FieldNEQ]); n != "" {
			neqs = append(neqs, n)
		}
		if r.Ref != "" {
			refs = append(refs, r.Ref)
		}
		keys = append(keys, NameKey(r.Values[FieldName]))
	}
	return queryEntries(ctx, tx, `SELECT `+entryColumns+` FROM catalogue_entries e JOIN municipalities mu ON mu.code = e.municipality_code
		WHERE e.status = 'active' AND (
		     e.municipality_code IN (SELECT jsonb_array_elements_text(?::jsonb))
		  OR e.neq IN (SELECT jsonb_array_elements_text(?::jsonb))
		  OR (e.source_name = ? AND e.source_ref IN (SELECT jsonb_array_elements_text(?::jsonb)))
		  OR e.name_key IN (SELECT jsonb_array_elements_text(?::jsonb)))`,
		jsonList(munis), jsonList(neqs), source, jsonList(refs), jsonList(keys))
}

// Import returns a kept import with its file.
func (s *Service) Import(ctx context.Context, id string) (ImportView, error) {
	return s.loadImport(ctx, s.db, id, false)
}

func (s *Service) loadImport(ctx context.Context, tx *gorm.DB, id string, lock bool) (ImportView, error) {
	if _, err := uuid.Parse(id); err != nil {
		return ImportView{}, errs.E(errs.NotFound, "catalogue.import.not_found")
	}
	var row struct {
		ID, SourceName, FileName, Status, DefaultForm, FileEncoding string
		Report, SourceTable, Mapping, Result, Decisions, Fixes      []byte
		CreatedAt                                                   time.Time
		Version                                                     int
	}
	q := `SELECT id, source_name, file_name, status, default_form, file_encoding, report, source_table, mapping, result,
		decisions, fixes, created_at, version FROM catalogue_imports WHERE id = ?`
	if lock {
		q += ` FOR UPDATE`
	}
	res := tx.WithContext(ctx).Raw(q, id).Scan(&row)
	if res.Error != nil {
		return ImportView{}, res.Error
	}
	if res.RowsAffected == 0 || row.SourceTable == nil {
		return ImportView{}, errs.E(errs.NotFound, "catalogue.import.not_found")
	}
	var state importState
	v := ImportView{ImportBatch: ImportBatch{ID: row.ID, Source: row.SourceName, FileName: row.FileName, Status: row.Status},
		Encoding: row.FileEncoding, DefaultForm: quebec.CollectiveForm(row.DefaultForm), CreatedAt: row.CreatedAt, Version: row.Version,
		table: &tabular.Table{}}
	for _, x := range []struct {
		raw  []byte
		into any
	}{{row.Report, &state}, {row.SourceTable, v.table}, {row.Mapping, &v.Mapping}, {row.Decisions, &v.Decisions}, {row.Fixes, &v.Fixes}} {
		if err := json.Unmarshal(x.raw, x.into); err != nil {
			return ImportView{}, fmt.Errorf("import %s: %w", id, err)
		}
	}
	if row.Result != nil {
		v.Result = &ImportResult{}
		if err := json.Unmarshal(row.Result, v.Result); err != nil {
			return ImportView{}, fmt.Errorf("import %s result: %w", id, err)
		}
	}
	if v.Decisions == nil {
		v.Decisions = map[int]Decision{}
	}
	if v.Fixes == nil {
		v.Fixes = map[int]Fix{}
	}
	if v.table.Delimiter != 0 {
		v.Delimiter = string(v.table.Delimiter)
	}
	v.Report, v.Headers, v.saved = state.Report, v.table.Headers, state.Saved
	v.finish()
	return v, nil
}

// finish derives what the pages show from the kept state.
func (v *ImportView) finish() {
	v.Preview = v.Mapping.Preview(v.table, 10)
	v.columns = columnsOf(v.Mapping)
	scored := map[string]tabular.Suggestion{}
	for _, sg := range tabular.SuggestScored(v.Headers, ImportTargets()) {
		scored[sg.Header] = sg
	}
	v.Suggestions, v.Ignored = nil, nil
	for _, h := range v.Headers {
		f, ok := v.Mapping[h]
		switch {
		case !ok:
			v.Ignored = append(v.Ignored, h)
		case v.saved[h]:
			v.Suggestions = append(v.Suggestions, tabular.Suggestion{Header: h, Field: f, Confidence: 1, Saved: true})
		case scored[h].Field == f:
			v.Suggestions = append(v.Suggestions, scored[h])
		default: // chosen by the steward
			v.Suggestions = append(v.Suggestions, tabular.Suggestion{Header: h, Field: f, Confidence: 1})
		}
	}
}

// Table returns the file as read.
func (v ImportView) Table() *tabular.Table { return v.table }

// Column returns the file's header mapped to a field, "" when none is.
func (v ImportView) Column(f Field) string { return v.columns[f] }

// ImportChange is what a steward changes on a planned import before applying it. Nil or
// empty members change nothing.
type ImportChange struct {
	Mapping     tabular.Mapping
	DefaultForm *quebec.CollectiveForm
	Decisions   map[int]Decision // merged into those kept; "" removes a line's decision
	Fixes       map[int]Fix      // replace the line's fix; an empty Fix removes it
}

// Revise changes a planned import (mapping, default form, decisions, fixes) and plans it
// again; version is the version the steward saw (another steward's change meanwhile is a
// Conflict; 0 skips the check, for the steward's own next step). Nothing in the catalogue
// changes.
func (s *Service) Revise(ctx context.Context, st Steward, id string, version int, ch ImportChange) (ImportView, error) {
	var v ImportView
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var err error
		if v, err = s.loadImport(ctx, tx, id, true); err != nil {
			return err
		}
		if v.Status != "planned" {
			return errs.E(errs.Conflict, "catalogue.import.already_applied")
		}
		if version != 0 && version != v.Version {
			return errs.E(errs.Conflict, "catalogue.import.stale")
		}
		if err := v.revise(ch); err != nil {
			return err
		}
		if err := s.replan(ctx, tx, st, &v); err != nil {
			return err
		}
		v.Version++
		return s.saveState(ctx, tx, v)
	})
	if err != nil {
		return ImportView{}, fmt.Errorf("revise import %s: %w", id, err)
	}
	v.finish()
	return v, nil
}

func (v *ImportView) revise(ch ImportChange) error {
	bad := errs.Validation{Key: "catalogue.import.bad_change"}
	if ch.Mapping != nil {
		if err := ch.Mapping.Check(v.Headers, ImportTargets()); err != nil {
			return err
		}
		v.Mapping, v.saved = ch.Mapping, nil
	}
	if ch.DefaultForm != nil {
		if *ch.DefaultForm != "" && !ch.DefaultForm.Valid() {
			bad.Add("default_form", "catalogue.import.bad_legal_form", map[string]any{"Value": string(*ch.DefaultForm)})
		}
		v.DefaultForm = *ch.DefaultForm
	}
	lines := map[int]bool{}
	for _, r := range v.table.Rows {
		lines[r.Line] = true
	}
	for line, d := range ch.Decisions {
		switch {
		case !lines[line]:
			bad.AddRow(line, "decision", "catalogue.import.no_such_line", map[string]any{"Line": line})
		case d == "":
			delete(v.Decisions, line)
		case d == DecisionSkip || d == DecisionCreate || strings.HasPrefix(string(d), decisionMerge):
			v.Decisions[line] = d
		default:
			bad.AddRow(line, "decision", "catalogue.import.bad_decision", map[string]any{"Value": string(d)})
		}
	}
	for line, fix := range ch.Fixes {
		if !lines[line] {
			bad.AddRow(line, "fix", "catalogue.import.no_such_line", map[string]any{"Line": line})
			continue
		}
		clean := Fix{}
		for f, val := range fix {
			if !containsField(fixable, f) {
				bad.AddRow(line, string(f), "catalogue.import.not_fixable", map[string]any{"Field": string(f)})
				continue
			}
			if val = strings.TrimSpace(val); val != "" {
				clean[f] = val
			}
		}
		if len(clean) == 0 {
			delete(v.Fixes, line)
		} else {
			v.Fixes[line] = clean
			if v.Decisions[line] == DecisionSkip { // a fix is a decision to keep the line
				delete(v.Decisions, line)
			}
		}
	}
	return bad.Err()
}

func (s *Service) saveState(ctx context.Context, tx *gorm.DB, v ImportView) error {
	return tx.WithContext(ctx).Exec(`UPDATE catalogue_imports SET report = ?::jsonb, counts = ?::jsonb, mapping = ?::jsonb,
		default_form = ?, decisions = ?::jsonb, fixes = ?::jsonb, version = version + 1 WHERE id = ? AND status = 'planned'`,
		mustJSON(importState{Report: v.Report, Saved: v.saved}), mustJSON(v.Report.Counts), mustJSON(v.Mapping),
		string(v.DefaultForm), mustJSON(v.Decisions), mustJSON(v.Fixes), v.ID).Error
}

// ApplyImport applies a planned batch all at once, with the decisions and fixes given now
// added to those kept. The file is planned again against the catalogue as it is now; unless
// every row in error or possibly a duplicate has a decision (and every decision still makes
// sense), nothing is written to the catalogue: the error lists the lines, and the batch keeps
// the new plan and decisions for the next try.
func (s *Service) ApplyImport(ctx context.Context, st Steward, batchID string, ch ImportChange) (ImportResult, error) {
	var res ImportResult
	var refused error
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		v, err := s.loadImport(ctx, tx, batchID, true)
		if err != nil {
			return err
		}
		if v.Status != "planned" {
			return errs.E(errs.Conflict, "catalogue.import.already_applied")
		}
		if err := v.revise(ImportChange{Decisions: ch.Decisions, Fixes: ch.Fixes}); err != nil {
			return err
		}
		if err := s.replan(ctx, tx, st, &v); err != nil {
			return err
		}
		if u := v.Report.Undecided(); u.Err() != nil {
			refused = u.Err()
			return s.saveState(ctx, tx, v) // keep what was decided; write nothing else
		}
		var bad errs.Validation
		bad.Key = "catalogue.import.undecided"
		if err := s.applyRows(ctx, tx, v, &res, &bad); err != nil {
			return err
		}
		if err := bad.Err(); err != nil {
			return err
		}
		if err := s.saveMapping(ctx, tx, st, v); err != nil {
			return err
		}
		if err := s.saveState(ctx, tx, v); err != nil {
			return err
		}
		return tx.Exec(`UPDATE catalogue_imports SET status = 'applied', applied_at = now(), result = ?::jsonb WHERE id = ?`,
			mustJSON(res), batchID).Error
	})
	if err == nil {
		err = refused
	}
	if err != nil {
		return ImportResult{}, fmt.Errorf("apply import %s: %w", batchID, err)
	}
	return res, nil
}

// applyRows writes every row according to its outcome and decision. A stale or impossible
// decision is reported in bad (and the caller rolls back).
func (s *Service) applyRows(ctx context.Context, tx *gorm.DB, v ImportView, res *ImportResult, bad *errs.Validation) error {
	today := s.today()
	for _, r := range v.Report.Rows {
		target := r.MatchID
		switch d := r.Decision; {
		case d == DecisionSkip:
			res.Skipped++
			continue
		case r.Outcome == OutcomeUnchanged:
			res.Unchanged++
			continue
		case r.Outcome == OutcomeDuplicate && d == DecisionCreate:
			r.Outcome = OutcomeNew
		case strings.HasPrefix(string(d), decisionMerge) && (r.Outcome == OutcomeDuplicate || r.Outcome == OutcomeNew):
			target = strings.TrimPrefix(string(d), decisionMerge)
			r.Outcome = OutcomeUpdate
		case d != "" && r.Outcome != OutcomeUpdate && r.Outcome != OutcomeNew:
			bad.AddRow(r.Line, "decision", "catalogue.import.bad_decision", map[string]any{"Value": string(d)})
			continue
		}
		var entryID string
		switch r.Outcome {
		case OutcomeNew:
			saved, err := insertTx(ctx, tx, NewFromImport(uuid.NewString(), r, today), "import", s.now())
			if err != nil {
				if e := errs.As(err); e != nil && e.Kind == errs.Conflict { // the transaction is aborted: stop here
					bad.AddRow(r.Line, string(FieldNEQ), e.Key, map[string]any{"Value": r.Candidate.NEQ})
					return bad.Err()
				}
				return err
			}
			entryID = saved.ID
			res.Created++
		case OutcomeUpdate:
			before, err := getTx(ctx, tx, target)
			if err != nil || before.Status != StatusActive {
				bad.AddRow(r.Line, "decision", "catalogue.import.merge_target_gone", nil)
				continue
			}
			after := MergeImport(before, r, today)
			if r.Decision != "" && strings.HasPrefix(string(r.Decision), decisionMerge) && r.Candidate.NEQ != "" && before.NEQ != "" && r.Candidate.NEQ != before.NEQ {
				bad.AddRow(r.Line, string(FieldNEQ), "catalogue.import.merge_neq_differs", map[string]any{"Value": r.Candidate.NEQ})
				continue
			}
			if len(Diff(before, after)) == 0 && before.FormEvidence == after.FormEvidence {
				res.Unchanged++
				continue
			}
			if _, err := updateTx(ctx, tx, before, after, "import", s.now()); err != nil {
				return err
			}
			entryID = before.ID
			res.Updated++
		default:
			continue
		}
		if err := tx.Exec(`INSERT INTO catalogue_listings (entry_id, import_id, source_name, source_ref, file_name, line, listed_on)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (entry_id, import_id) DO NOTHING`,
			entryID, v.ID, v.Source, r.Candidate.Source.Ref, v.FileName, r.Line, today.Format(time.DateOnly)).Error; err != nil {
			return fmt.Errorf("record listing of line %d: %w", r.Line, err)
		}
	}
	return nil
}

// savedMapping is the mapping last applied for a source, nil when none.
func (s *Service) savedMapping(ctx context.Context, source string) (tabular.Mapping, error) {
	var row struct{ Mapping []byte }
	res := s.db.WithContext(ctx).Raw(`SELECT mapping FROM catalogue_import_mappings WHERE source_key = ?`, quebec.Fold(source)).Scan(&row)
	if res.Error != nil {
		return nil, fmt.Errorf("saved mapping: %w", res.Error)
	}
	if res.RowsAffected == 0 || row.Mapping == nil {
		return nil, nil
	}
	var m tabular.Mapping
	if err := json.Unmarshal(row.Mapping, &m); err != nil {
		return nil, fmt.Errorf("saved mapping of %q: %w", source, err)
	}
	return m, nil
}

// saveMapping remembers the mapping of an applied file for its source.
func (s *Service) saveMapping(ctx context.Context, tx *gorm.DB, st Steward, v ImportView) error {
	return tx.WithContext(ctx).Exec(`INSERT INTO catalogue_import_mappings (source_key, source_name, mapping, default_form, updated_by)
		VALUES (?, ?, ?::jsonb, ?, ?) ON CONFLICT (source_key) DO UPDATE SET source_name = EXCLUDED.source_name,
		mapping = EXCLUDED.mapping, default_form = EXCLUDED.default_form, updated_by = EXCLUDED.updated_by, updated_at = now()`,
		quebec.Fold(v.Source), v.Source, mustJSON(v.Mapping), string(v.DefaultForm), nullUUID(st.UserID)).Error
}

// sectorIndex is the sector list with the aliases stewards mapped.
func (s *Service) sectorIndex(ctx context.Context, tx *gorm.DB) (sectorIndex, error) {
	sectors, err := s.store.Sectors(ctx)
	if err != nil {
		return nil, err
	}
	var aliases []struct {
		Value      string
		SectorCode *string
	}
	if err := tx.WithContext(ctx).Raw(`SELECT value, sector_code FROM catalogue_sector_aliases`).Scan(&aliases).Error; err != nil {
		return nil, fmt.Errorf("sector aliases: %w", err)
	}
	as := make([]SectorAlias, len(aliases))
	for i, a := range aliases {
		as[i] = SectorAlias{Value: a.Value, Code: val(a.SectorCode)}
	}
	return newSectorIndex(sectors, as...), nil
}

// MapSectorValues records what a directory's sector names stand for (a catalogue sector, or
// "" to leave the value out), for every later import too, and plans the import again.
func (s *Service) MapSectorValues(ctx context.Context, st Steward, importID string, aliases []SectorAlias) (ImportView, error) {
	sectors, err := s.store.Sectors(ctx)
	if err != nil {
		return ImportView{}, err
	}
	known := map[string]bool{"": true}
	for _, x := range sectors {
		known[x.Code] = true
	}
	var bad errs.Validation
	bad.Key = "catalogue.invalid"
	for _, a := range aliases {
		if !known[a.Code] {
			bad.Add("sector_"+quebec.Fold(a.Value), "catalogue.unknown_sector", map[string]any{"Value": a.Code})
		}
	}
	if err := bad.Err(); err != nil {
		return ImportView{}, err
	}
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		for _, a := range aliases {
			if quebec.Fold(a.Value) == "" {
				continue
			}
			if err := tx.Exec(`INSERT INTO catalogue_sector_aliases (value_key, value, sector_code, updated_by) VALUES (?, ?, ?, ?)
				ON CONFLICT (value_key) DO UPDATE SET value = EXCLUDED.value, sector_code = EXCLUDED.sector_code,
				updated_by = EXCLUDED.updated_by, updated_at = now()`,
				quebec.Fold(a.Value), strings.TrimSpace(a.Value), ptr(a.Code), nullUUID(st.UserID)).Error; err != nil {
				return fmt.Errorf("save sector alias %q: %w", a.Value, err)
			}
		}
		return nil
	})
	if err != nil {
		return ImportView{}, err
	}
	if importID == "" {
		return ImportView{}, nil
	}
	return s.Revise(ctx, st, importID, 0, ImportChange{})
}

// SectorAliases lists the values mapped so far, by value.
func (s *Service) SectorAliases(ctx context.Context) ([]SectorAlias, error) {
	var rows []struct {
		Value      string
		SectorCode *string
	}
	if err := s.db.WithContext(ctx).Raw(`SELECT value, sector_code FROM catalogue_sector_aliases ORDER BY value_key`).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("sector aliases: %w", err)
	}
	out := make([]SectorAlias, len(rows))
	for i, r := range rows {
		out[i] = SectorAlias{Value: r.Value, Code: val(r.SectorCode)}
	}
	return out, nil
}

// Listings returns where an entry was listed, most recent first.
func (s *Store) Listings(ctx context.Context, entryID string) ([]Listing, error) {
	var out []Listing
	err := s.db.WithContext(ctx).Raw(`SELECT source_name AS source, source_ref AS ref, file_name, line, to_char(listed_on, 'YYYY-MM-DD') AS listed_on
		FROM catalogue_listings WHERE entry_id = ? ORDER BY listed_on DESC, id DESC`, entryID).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("listings of %s: %w", entryID, err)
	}
	return out, nil
}

// ImportSummary is one import in the list of recent imports.
type ImportSummary struct {
	ID        string            `json:"id"`
	Source    string            `json:"source"`
	FileName  string            `json:"file_name"`
	Status    string            `json:"status"`
	Counts    map[RowStatus]int `json:"status_counts"`
	CreatedAt time.Time         `json:"created_at"`
	Result    *ImportResult     `json:"result,omitempty"`
	outcomes  map[Outcome]int
}

// RecentImports lists the last imports, newest first.
func (s *Service) RecentImports(ctx context.Context, limit int) ([]ImportSummary, error) {
	var rows []struct {
		ID, SourceName, FileName, Status string
		Counts, Result                   []byte
		CreatedAt                        time.Time
	}
	if err := s.db.WithContext(ctx).Raw(`SELECT id, source_name, file_name, status, counts, result, created_at
		FROM catalogue_imports ORDER BY created_at DESC, id LIMIT ?`, limit).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("recent imports: %w", err)
	}
	out := make([]ImportSummary, 0, len(rows))
	for _, r := range rows {
		sm := ImportSummary{ID: r.ID, Source: r.SourceName, FileName: r.FileName, Status: r.Status, CreatedAt: r.CreatedAt, Counts: map[RowStatus]int{}}
		if err := json.Unmarshal(r.Counts, &sm.outcomes); err == nil {
			for o, n := range sm.outcomes {
				sm.Counts[StatusOf(o)] += n
			}
		}
		if r.Result != nil {
			sm.Result = &ImportResult{}
			_ = json.Unmarshal(r.Result, sm.Result)
		}
		out = append(out, sm)
	}
	return out, nil
}

func nullUUID(s string) any {
	if _, err := uuid.Parse(s); err != nil {
		return nil
	}
	return s
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
