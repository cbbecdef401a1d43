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
	"maillage/app/tabular"
)

// ImportView is a planned or applied import as the steward's pages show it: how the file was
// read, the mapping, a preview and the match report.
type ImportView struct {
	ImportBatch
	Encoding    string                `json:"encoding,omitempty"`
	Headers     []string              `json:"headers"`
	Mapping     tabular.Mapping       `json:"mapping"`
	Preview     []tabular.Record      `json:"preview"`
	DefaultForm quebec.CollectiveForm `json:"default_form,omitempty"`
	Result      *ImportResult         `json:"result,omitempty"`
}

// PlanTable plans the import of a file as read: the mapping (suggested from the headers when
// nil) turns it into rows, which are matched against the catalogue. The file and the mapping
// are kept so that Remap can try another mapping. Nothing in the catalogue changes.
func (s *Service) PlanTable(ctx context.Context, st Steward, source, fileName, sha string, form quebec.CollectiveForm, t *tabular.Table, m tabular.Mapping) (ImportView, error) {
	if m == nil {
		m = tabular.Suggest(t.Headers, ImportTargets())
	}
	if err := m.Check(t.Headers, ImportTargets()); err != nil {
		return ImportView{}, err
	}
	rows := RowsFromRecords(m.Preview(t, len(t.Rows)))
	b, err := s.PlanImportFile(ctx, st, source, fileName, sha, form, rows)
	if err != nil {
		return ImportView{}, err
	}
	tj, _ := json.Marshal(t)
	mj, _ := json.Marshal(m)
	if err := s.db.WithContext(ctx).Exec(`UPDATE catalogue_imports SET source_table = ?::jsonb, mapping = ?::jsonb, default_form = ?, file_encoding = ?
		WHERE id = ?`, string(tj), string(mj), string(form), string(t.Encoding), b.ID).Error; err != nil {
		return ImportView{}, fmt.Errorf("keep import file: %w", err)
	}
	return ImportView{ImportBatch: b, Encoding: string(t.Encoding), Headers: t.Headers, Mapping: m, Preview: m.Preview(t, 10), DefaultForm: form}, nil
}

// Remap plans a kept import again with another mapping.
func (s *Service) Remap(ctx context.Context, st Steward, id string, m tabular.Mapping) (ImportView, error) {
	v, t, err := s.Import(ctx, id)
	if err != nil {
		return ImportView{}, err
	}
	if v.Status != "planned" {
		return ImportView{}, errs.E(errs.Conflict, "catalogue.import.already_applied")
	}
	if err := m.Check(t.Headers, ImportTargets()); err != nil {
		return ImportView{}, err
	}
	set := ImportSettings{Source: Source{Kind: SourceDirectory, Name: v.Source}, DefaultForm: v.DefaultForm, Today: s.today()}
	rows := RowsFromRecords(m.Preview(t, len(t.Rows)))
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		rep, err := s.plan(ctx, tx, st, set, rows)
		if err != nil {
			return err
		}
		v.Report = rep
		return tx.Exec(`UPDATE catalogue_imports SET rows = ?::jsonb, report = ?::jsonb, counts = ?::jsonb, mapping = ?::jsonb WHERE id = ? AND status = 'planned'`,
			mustJSON(rows), mustJSON(importState{Settings: set, Report: rep}), mustJSON(rep.Counts), mustJSON(m), id).Error
	})
	if err != nil {
		return ImportView{}, fmt.Errorf("remap import %s: %w", id, err)
	}
	v.Mapping, v.Preview = m, m.Preview(t, 10)
	return v, nil
}

// Import returns a kept import and its file as read.
func (s *Service) Import(ctx context.Context, id string) (ImportView, *tabular.Table, error) {
	if _, err := uuid.Parse(id); err != nil {
		return ImportView{}, nil, errs.E(errs.NotFound, "catalogue.import.not_found")
	}
	var row struct {
		ID, SourceName, FileName, Status, DefaultForm, FileEncoding string
		Report, SourceTable, Mapping, Result                        []byte
	}
	res := s.db.WithContext(ctx).Raw(`SELECT id, source_name, file_name, status, default_form, file_encoding, report, source_table, mapping, result
		FROM catalogue_imports WHERE id = ?`, id).Scan(&row)
	if res.Error != nil {
		return ImportView{}, nil, res.Error
	}
	if res.RowsAffected == 0 || row.SourceTable == nil {
		return ImportView{}, nil, errs.E(errs.NotFound, "catalogue.import.not_found")
	}
	var state importState
	var t tabular.Table
	v := ImportView{ImportBatch: ImportBatch{ID: row.ID, Source: row.SourceName, FileName: row.FileName, Status: row.Status},
		Encoding: row.FileEncoding, DefaultForm: quebec.CollectiveForm(row.DefaultForm)}
	for _, x := range []struct {
		raw  []byte
		into any
	}{{row.Report, &state}, {row.SourceTable, &t}, {row.Mapping, &v.Mapping}} {
		if err := json.Unmarshal(x.raw, x.into); err != nil {
			return ImportView{}, nil, fmt.Errorf("import %s: %w", id, err)
		}
	}
	if row.Result != nil {
		v.Result = &ImportResult{}
		_ = json.Unmarshal(row.Result, v.Result)
	}
	v.Report, v.Headers, v.Preview = state.Report, t.Headers, v.Mapping.Preview(&t, 10)
	return v, &t, nil
}

// ParseDecisions reads duplicate decisions from a form ("decision_<row>" = skip|create|merge:<id>).
func ParseDecisions(get func(key string) string, rep Report) map[int]Decision {
	out := map[int]Decision{}
	for _, r := range rep.Rows {
		if r.Outcome == OutcomeDuplicate {
			if d := strings.TrimSpace(get(fmt.Sprintf("decision_%d", r.Line))); d != "" {
				out[r.Line] = Decision(d)
			}
		}
	}
	return out
}
