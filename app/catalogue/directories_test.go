package catalogue

import (
	"encoding/json"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"maillage/app/errs"
	"maillage/app/quebec"
	"maillage/app/tabular"
)

// directoriesExpected is what gen_directories.py says of the fixtures it wrote.
type directoriesExpected struct {
	PoleRows        int               `json:"pole_rows"`
	PoleErrorLines  []int             `json:"pole_error_lines"`
	PoleRepeatLines []int             `json:"pole_repeat_lines"`
	PoleCoopLines   []int             `json:"pole_coop_lines"`
	PoleFormerLines []int             `json:"pole_former_lines"`
	REQRows         int               `json:"req_rows"`
	REQErrorLines   []int             `json:"req_error_lines"`
	REQPoleMatches  int               `json:"req_pole_matches"`
	REQMatches      map[string]string `json:"req_matches"`
}

func readExpected(t *testing.T) directoriesExpected {
	t.Helper()
	raw, err := os.ReadFile("testdata/directories_expected.json")
	if err != nil {
		t.Fatal(err)
	}
	var x directoriesExpected
	if err := json.Unmarshal(raw, &x); err != nil {
		t.Fatal(err)
	}
	return x
}

// planFile reads a fixture as delivered, maps it from its headers alone and plans it.
func planFile(t *testing.T, name string, existing []Entry, places *quebec.Places) (Report, *tabular.Table, tabular.Mapping) {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var v errs.Validation
	tab, err := tabular.Read(f, tabular.Options{}, &v)
	if err != nil || v.Err() != nil {
		t.Fatalf("read %s: %v %v", name, err, v.Err())
	}
	m, _ := suggestMapping(tab.Headers, nil)
	if err := m.Check(tab.Headers, ImportTargets()); err != nil {
		t.Fatalf("%s: mapping %v: %v", name, m, err)
	}
	set := ImportSettings{Source: Source{Kind: SourceDirectory, Name: name}, Today: importDay, Columns: columnsOf(m)}
	return PlanImport(rowsOf(tab, m, nil), existing, places, newSectorIndex(DefaultSectors()), set, nil), tab, m
}

func linesWith(rep Report, st RowStatus) []int {
	var out []int
	for _, r := range rep.Rows {
		if r.Status == st {
			out = append(out, r.Line)
		}
	}
	return out
}

// The pôle's directory and the Registraire's extract of the same region, planned as delivered
// (no mapping typed), then the extract against the catalogue the directory made.
func TestDirectoryAndREQExtractPlan(t *testing.T) {
	t.Parallel()
	places := quebec.NewPlaces(testMunicipalities(t))
	want := readExpected(t)
	pole, _, m := planFile(t, "pole_mauricie.csv", nil, places)
	t.Run("the pôle's headers map themselves", func(t *testing.T) {
		for h, f := range map[string]string{"NomEntreprise": "name", "Adresse": "street", "Municipalite": "municipality",
			"CodePostal": "postal_code", "Territoire": TargetTerritory, "SiteWeb": "website"} {
			if m[h] != f {
				t.Errorf("%s → %q, want %s", h, m[h], f)
			}
		}
	})
	t.Run("the pôle's rows", func(t *testing.T) {
		errLines := linesWith(pole, RowError)
		for _, r := range pole.Rows {
			if r.Status == RowDuplicate && !slices.Contains(want.PoleCoopLines, r.Line) {
				t.Logf("line %d %q: %+v", r.Line, r.Candidate.Name, r.Duplicates)
			}
		}
		wantErr := append(append([]int(nil), want.PoleErrorLines...), want.PoleRepeatLines...)
		slices.Sort(wantErr)
		if !slices.Equal(errLines, wantErr) {
			t.Errorf("error lines %v, want %v", errLines, wantErr)
		}
		if dups := linesWith(pole, RowDuplicate); !slices.Equal(dups, want.PoleCoopLines[1:]) {
			t.Errorf("possible duplicates %v, want %v", dups, want.PoleCoopLines[1:])
		}
		if ok := len(pole.Rows) - len(errLines) - len(linesWith(pole, RowDuplicate)); ok < 364 {
			t.Errorf("%d rows plan without a problem, want at least 364", ok)
		}
		for _, r := range pole.Rows {
			if slices.Contains(want.PoleFormerLines, r.Line) && (r.Status != RowOK || len(r.Warnings) == 0) {
				t.Errorf("line %d (a merged municipality): %s %+v", r.Line, r.Status, r.Errors)
			}
			for _, e := range r.Errors {
				if e.Column == "" || e.Row != r.Line {
					t.Errorf("line %d: error without the file's column or line: %+v", r.Line, e)
				}
			}
		}
	})
	after := applyReport(nil, pole)
	t.Run("the same directory again changes nothing", func(t *testing.T) {
		again, _, _ := planFile(t, "pole_mauricie.csv", after, places)
		for _, r := range again.Rows {
			if r.Outcome == OutcomeNew || r.Outcome == OutcomeUpdate {
				t.Errorf("line %d: %s %+v", r.Line, r.Outcome, r.Changes)
			}
		}
	})
	req, _, _ := planFile(t, "req_mauricie.csv", after, places)
	t.Run("the extract's rows", func(t *testing.T) {
		errLines := linesWith(req, RowError)
		if !slices.Equal(errLines, want.REQErrorLines) {
			for _, l := range errLines {
				t.Logf("line %d: %+v", l, req.Rows[l-2].Errors)
			}
			t.Errorf("error lines %v, want %v", errLines, want.REQErrorLines)
		}
		if ok := float64(len(req.Rows)-len(errLines)) / float64(len(req.Rows)); ok < 0.95 {
			t.Errorf("%.3f of the extract plans without error, want 0.95", ok)
		}
		updates := 0
		for _, r := range req.Rows {
			pl, isPole := want.REQMatches[strconv.Itoa(r.Line)]
			switch {
			case isPole && (r.Status != RowUpdate || r.MatchedBy != "name"):
				t.Errorf("line %d should update the pôle's %q: %s %+v", r.Line, pl, r.Status, r.Duplicates)
			case isPole:
				updates++
				if ch := changedFields(r); !slices.Contains(ch, FieldNEQ) || slices.Contains(ch, FieldName) || slices.Contains(ch, FieldStreet) && !quebec.IsPOBox(r.Candidate.Address.Street) {
					t.Errorf("line %d changes %v", r.Line, ch)
				}
			case r.Status == RowUpdate:
				t.Errorf("line %d updates %s although it is no pôle entry", r.Line, r.MatchID)
			}
		}
		if updates < 150 {
			t.Errorf("%d REQ rows recognised as pôle entries, want 150+", updates)
		}
		if dups := linesWith(req, RowDuplicate); len(dups) > len(req.Rows)/50 {
			t.Errorf("%d possible duplicates: %v", len(dups), dups)
		}
	})
	final := applyReport(after, req)
	t.Run("a pôle entry the extract updated keeps its name and gets the REQ's form as evidence", func(t *testing.T) {
		var e Entry
		for _, x := range final {
			if x.NEQ != "" && x.Source.Name == "pole_mauricie.csv" {
				e = x
				break
			}
		}
		if e.Name == "" || strings.ToUpper(e.Name) == e.Name || e.FormEvidence.Kind != FormFromREQ || e.FormEvidence.Code == "" {
			t.Errorf("%+v", e)
		}
		for _, r := range req.Rows {
			if r.MatchID == e.ID && r.Candidate.Name == e.Name {
				t.Errorf("the entry took the extract's capitals: %q", e.Name)
			}
		}
	})
	t.Run("the same extract again changes nothing", func(t *testing.T) {
		again, _, _ := planFile(t, "req_mauricie.csv", final, places)
		for _, r := range again.Rows {
			if r.Outcome == OutcomeNew || r.Outcome == OutcomeUpdate {
				t.Errorf("line %d: %s %+v", r.Line, r.Outcome, r.Changes)
			}
		}
	})
}

func changedFields(r RowResult) []Field {
	var out []Field
	for _, c := range r.Changes {
		out = append(out, c.Field)
	}
	return out
}
