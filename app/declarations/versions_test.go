package declarations

import (
	"slices"
	"testing"

	"maillage/app/errs"
)

func TestReviseKeepsTargetHistory(t *testing.T) {
	t.Parallel()
	at := date(t, "2025-06-01")
	adopted := yearDeclaration(t, "2025",
		Target{Key: "a", Kind: EESAmount, Value: 100_00},
		Target{Key: "n", Kind: DistinctEES, Value: 5},
		Target{Key: "s", Kind: EESShare, Value: 1_000},
	)
	edit := adopted
	edit.Targets = []Target{
		{Key: "a", Kind: EESAmount, Value: 150_00}, // raised
		{Key: "s", Kind: EESShare, Value: 1_000},   // unchanged
		{Key: "r", Kind: NewRelationships, Value: 2},
	}
	got, changes, err := Revise(adopted, edit, at)
	if err != nil {
		t.Fatal(err)
	}
	if got.Version != 2 || got.Status != Adopted || got.ID != adopted.ID {
		t.Errorf("revised = version %d status %s id %s", got.Version, got.Status, got.ID)
	}
	want := []TargetChange{
		{Key: "a", Kind: EESAmount, Old: 100_00, New: 150_00, Version: 2, At: at},
		{Key: "r", Kind: NewRelationships, New: 2, Added: true, Version: 2, At: at},
		{Key: "n", Kind: DistinctEES, Old: 5, Removed: true, Version: 2, At: at},
	}
	if !slices.Equal(changes, want) {
		t.Errorf("changes = %+v\nwant %+v", changes, want)
	}

	t.Run("a draft is replaced without history", func(t *testing.T) {
		draft := adopted
		draft.Status = Draft
		edit := draft
		edit.Targets = []Target{{Key: "a", Kind: EESAmount, Value: 1}}
		got, changes, err := Revise(draft, edit, at)
		if err != nil || got.Version != 1 || changes != nil {
			t.Errorf("draft revise = v%d %v %v", got.Version, changes, err)
		}
	})
	t.Run("an invalid edit changes nothing", func(t *testing.T) {
		bad := adopted
		bad.Targets = []Target{{Key: "s", Kind: EESShare, Value: 12_000}}
		got, changes, err := Revise(adopted, bad, at)
		if errs.KindOf(err) != errs.Invalid || got.ID != "" || changes != nil {
			t.Errorf("got %+v %v %v", got, changes, err)
		}
	})
}

func TestAdopt(t *testing.T) {
	t.Parallel()
	draft := yearDeclaration(t, "2025")
	draft.Status, draft.ResolutionNumber, draft.ResolutionDate = Draft, "", zeroTime()
	tests := []struct {
		name   string
		decl   Declaration
		number string
		day    string
		kind   errs.Kind
	}{
		{"adopted by resolution", draft, "CM-2025-12", "2025-01-20", ""},
		{"no resolution number", draft, "", "2025-01-20", errs.Invalid},
		{"already adopted", yearDeclaration(t, "2025"), "CM-2025-13", "2025-01-20", errs.Conflict},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Adopt(tc.decl, tc.number, date(t, tc.day))
			if tc.kind != "" {
				if errs.KindOf(err) != tc.kind {
					t.Fatalf("err = %v, want kind %s", err, tc.kind)
				}
				return
			}
			if err != nil || got.Status != Adopted || got.ResolutionNumber != tc.number || !got.ResolutionDate.Equal(date(t, tc.day)) {
				t.Errorf("adopt = %+v, %v", got, err)
			}
		})
	}
}
