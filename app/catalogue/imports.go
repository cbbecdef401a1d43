package catalogue

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/errs"
	"maillage/app/quebec"
)

// ImportBatch is a planned (or applied) import of one directory file.
type ImportBatch struct {
	ID       string `json:"id"`
	Source   string `json:"source"`
	FileName string `json:"file_name"`
	Status   string `json:"status"`
	Report   Report `json:"report"`
}

// Decision resolves a possible-duplicate row at apply time: "skip" (the default), "create"
// (it is another enterprise) or "merge:<entry id>" (it is that entry: update it).
type Decision string

// importCandidates loads the active entries a file could match: same municipality, NEQ,
// source row, or name key anywhere. Loading only those keeps planning fast at 100,000 entries.
func (s *Service) importCandidates(ctx context.Context, tx *gorm.DB, rows []Row, places *quebec.Places, source string) ([]Entry, error) {
	var munis, neqs, refs, keys []string
	for _, r := range rows {
		if m, _, ok := places.Resolve(r.Values[FieldMunicipality], r.Region); ok {
			munis = append(munis, m.Code)
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

func (s *Service) plan(ctx context.Context, tx *gorm.DB, st Steward, set ImportSettings, rows []Row) (Report, error) {
	places, err := s.Places(ctx)
	if err != nil {
		return Report{}, err
	}
	sectors, err := s.store.Sectors(ctx)
	if err != nil {
		return Report{}, err
	}
	existing, err := s.importCandidates(ctx, tx, rows, places, set.Source.Name)
	if err != nil {
		return Report{}, fmt.Errorf("import candidates: %w", err)
	}
	rep := PlanImport(rows, existing, places, sectors, set)
	for i, r := range rep.Rows { // a steward limited to regions imports only rows of those regions
		m, ok := places.Municipality(r.Candidate.Address.MunicipalityCode)
		if r.Outcome != OutcomeError && ok && !st.Covers(m.RegionCode) {
			rep.Counts[r.Outcome]--
			rep.Rows[i].Outcome = OutcomeError
			rep.Rows[i].Errors = append(rep.Rows[i].Errors, errs.FieldError{Row: r.Line, Field: string(FieldMunicipality),
				Key: "catalogue.steward.region_forbidden"})
			rep.Counts[OutcomeError]++
		}
	}
	return rep, nil
}

// PlanImportFile plans the import of mapped rows and keeps the batch for review. Nothing in
// the catalogue changes.
func (s *Service) PlanImportFile(ctx context.Context, st Steward, source, fileName, sha string, form quebec.CollectiveForm, rows []Row) (ImportBatch, error) {
	source = strings.TrimSpace(source)
	if len(source) < 2 {
		return ImportBatch{}, (&errs.Validation{Key: "catalogue.invalid"}).ErrWith("source", "catalogue.import.source_required", nil)
	}
	if form != "" && !form.Valid() {
		return ImportBatch{}, (&errs.Validation{Key: "catalogue.invalid"}).ErrWith("default_form", "catalogue.import.bad_legal_form", map[string]any{"Value": string(form)})
	}
	set := ImportSettings{Source: Source{Kind: SourceDirectory, Name: source}, DefaultForm: form, Today: s.today()}
	b := ImportBatch{ID: uuid.NewString(), Source: source, FileName: fileName, Status: "planned"}
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		rep, err := s.plan(ctx, tx, st, set, rows)
		if err != nil {
			return err
		}
		b.Report = rep
		rj, _ := json.Marshal(rows)
		pj, _ := json.Marshal(importState{Settings: set, Report: rep})
		cj, _ := json.Marshal(rep.Counts)
		return tx.Exec(`INSERT INTO catalogue_imports (id, source_name, file_name, file_sha256, rows, report, counts, created_by)
			VALUES (?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?)`, b.ID, source, fileName, sha, string(rj), string(pj), string(cj), nullUUID(st.UserID)).Error
	})
	if err != nil {
		return ImportBatch{}, fmt.Errorf("plan import: %w", err)
	}
	return b, nil
}

type importState struct {
	Settings ImportSettings `json:"settings"`
	Report   Report         `json:"report"`
}

func nullUUID(s string) any {
	if _, err := uuid.Parse(s); err != nil {
		return nil
	}
	return s
}

// ImportResult counts what an applied import did.
type ImportResult struct {
	Created   int `json:"created"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
	Skipped   int `json:"skipped"`
}

// ApplyImport applies a planned batch all at once: the rows are planned again against the
// catalogue as it is now, and any row error (or a stale decision) refuses the whole file.
func (s *Service) ApplyImport(ctx context.Context, st Steward, batchID string, decisions map[int]Decision) (ImportResult, error) {
	var res ImportResult
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var row struct {
			Status     string
			Rows       []byte
			Report     []byte
			SourceName string
		}
		q := tx.Raw(`SELECT status, rows, report, source_name FROM catalogue_imports WHERE id = ? FOR UPDATE`, batchID).Scan(&row)
		if q.Error != nil {
			return q.Error
		}
		if q.RowsAffected == 0 {
			return errs.E(errs.NotFound, "catalogue.import.not_found")
		}
		if row.Status != "planned" {
			return errs.E(errs.Conflict, "catalogue.import.already_applied")
		}
		var rows []Row
		var state importState
		if err := json.Unmarshal(row.Rows, &rows); err != nil {
			return err
		}
		if err := json.Unmarshal(row.Report, &state); err != nil {
			return err
		}
		state.Settings.Today = s.today()
		rep, err := s.plan(ctx, tx, st, state.Settings, rows)
		if err != nil {
			return err
		}
		if err := rep.Errors(); err != nil {
			return err
		}
		if err := s.applyRows(ctx, tx, rep, decisions, &res); err != nil {
			return err
		}
		return tx.Exec(`UPDATE catalogue_imports SET status = 'applied', applied_at = now(), result = ?::jsonb WHERE id = ?`,
			mustJSON(res), batchID).Error
	})
	if err != nil {
		return ImportResult{}, fmt.Errorf("apply import %s: %w", batchID, err)
	}
	return res, nil
}

func (s *Service) applyRows(ctx context.Context, tx *gorm.DB, rep Report, decisions map[int]Decision, res *ImportResult) error {
	var bad errs.Validation
	bad.Key = "catalogue.import.has_errors"
	for _, r := range rep.Rows {
		target := r.MatchID
		switch r.Outcome {
		case OutcomeUnchanged:
			res.Unchanged++
			continue
		case OutcomeDuplicate:
			d := decisions[r.Line]
			switch {
			case d == "" || d == "skip":
				res.Skipped++
				continue
			case d == "create":
				r.Outcome = OutcomeNew
			case strings.HasPrefix(string(d), "merge:") && isDuplicate(r, strings.TrimPrefix(string(d), "merge:")):
				target = strings.TrimPrefix(string(d), "merge:")
				r.Outcome = OutcomeUpdate
			default:
				bad.AddRow(r.Line, "decision", "catalogue.import.bad_decision", map[string]any{"Value": string(d)})
				continue
			}
		}
		switch r.Outcome {
		case OutcomeNew:
			if !r.Candidate.LegalForm.Valid() {
				bad.AddRow(r.Line, string(FieldLegalForm), "catalogue.import.legal_form_required", nil)
				continue
			}
			if _, err := insertTx(ctx, tx, NewFromImport(uuid.NewString(), r, s.today()), "import", s.now()); err != nil {
				if e := errs.As(err); e != nil && e.Kind == errs.Conflict { // the transaction is aborted: stop here
					bad.AddRow(r.Line, string(FieldNEQ), e.Key, map[string]any{"Value": r.Candidate.NEQ})
					return bad.Err()
				}
				return err
			}
			res.Created++
		case OutcomeUpdate:
			before, err := getTx(ctx, tx, target)
			if err != nil {
				return err
			}
			if _, err := updateTx(ctx, tx, before, MergeImport(before, r, s.today()), "import", s.now()); err != nil {
				return err
			}
			res.Updated++
		}
	}
	return bad.Err()
}

func isDuplicate(r RowResult, id string) bool {
	for _, d := range r.Duplicates {
		if d.EntryID == id {
			return true
		}
	}
	return false
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
