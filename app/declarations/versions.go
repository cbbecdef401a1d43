package declarations

import (
	"time"

	"maillage/app/errs"
)

// TargetChange records one target's value before and after a revision of an adopted
// declaration; the store keeps them as the target's history.
type TargetChange struct {
	Key     string     `json:"key"`
	Kind    TargetKind `json:"kind"`
	Old     int64      `json:"old"` // value before; meaningless when Added
	New     int64      `json:"new"` // value after; meaningless when Removed
	Added   bool       `json:"added"`
	Removed bool       `json:"removed"`
	Version int        `json:"version"` // the version that made the change
	At      time.Time  `json:"at"`
}

// Revise applies an edit to a declaration. A draft is replaced in place (same version, no
// history: nothing was promised yet). An adopted declaration gets the next version number and
// the list of target changes, so that a target changed after adoption keeps its history.
// The edit is validated first; on error nothing is returned but the error.
func Revise(prev, next Declaration, at time.Time) (Declaration, []TargetChange, error) {
	next.ID = prev.ID
	if err := Validate(next); err != nil {
		return Declaration{}, nil, err
	}
	if prev.Status == Draft {
		next.Version = prev.Version
		return next, nil, nil
	}
	next.Version = prev.Version + 1
	next.Status = Adopted
	return next, diffTargets(prev.Targets, next.Targets, next.Version, at), nil
}

func diffTargets(before, after []Target, version int, at time.Time) []TargetChange {
	old := map[string]Target{}
	for _, t := range before {
		old[t.Key] = t
	}
	var out []TargetChange
	for _, t := range after {
		o, ok := old[t.Key]
		delete(old, t.Key)
		switch {
		case !ok:
			out = append(out, TargetChange{Key: t.Key, Kind: t.Kind, New: t.Value, Added: true, Version: version, At: at})
		case o != t:
			out = append(out, TargetChange{Key: t.Key, Kind: t.Kind, Old: o.Value, New: t.Value, Version: version, At: at})
		}
	}
	for _, t := range before { // keep the input order for removed targets
		if _, gone := old[t.Key]; gone {
			out = append(out, TargetChange{Key: t.Key, Kind: t.Kind, Old: t.Value, Removed: true, Version: version, At: at})
		}
	}
	return out
}

// Adopt marks a draft declaration as adopted by a council resolution. Adoption is version 1 of
// the promise: later edits go through Revise and keep the target history.
func Adopt(d Declaration, resolutionNumber string, resolutionDate time.Time) (Declaration, error) {
	if d.Status == Adopted {
		return Declaration{}, errs.E(errs.Conflict, "declarations.already_adopted")
	}
	d.Status = Adopted
	d.ResolutionNumber = resolutionNumber
	d.ResolutionDate = Day(resolutionDate)
	if err := Validate(d); err != nil {
		return Declaration{}, err
	}
	return d, nil
}
