package catalogue

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"gorm.io/gorm"

	"maillage/app/errs"
	"maillage/app/quebec"
)

// Steward is a catalogue steward acting: a user, optionally limited to some regions.
type Steward struct {
	UserID  string
	Regions []string // empty: every region
}

// Covers reports whether the steward may change entries established in region.
func (s Steward) Covers(region string) bool {
	return len(s.Regions) == 0 || slices.Contains(s.Regions, region)
}

// Service is what the web layer and the CLI call: it checks, then changes the catalogue in
// one transaction with its history and audit records.
type Service struct {
	db    *gorm.DB
	store *Store
	now   func() time.Time

	refOnce sync.Once
	places  *quebec.Places
	refErr  error
}

// NewService returns a Service on db (the app role's pool; the catalogue is outside RLS).
func NewService(db *gorm.DB, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{db: db, store: NewStore(db), now: now}
}

// Store gives read access (search, get, history).
func (s *Service) Store() *Store { return s.store }

// Places returns the reference municipalities, loaded once (they change only with a migration).
func (s *Service) Places(ctx context.Context) (*quebec.Places, error) {
	s.refOnce.Do(func() {
		s.places, s.refErr = quebec.LoadPlaces(ctx, s.db)
	})
	return s.places, s.refErr
}

func (s *Service) today() time.Time { return s.now().UTC().Truncate(24 * time.Hour) }

// check validates an entry and the steward's right to place it in its region.
func (s *Service) check(ctx context.Context, st Steward, e Entry) (Entry, error) {
	places, err := s.Places(ctx)
	if err != nil {
		return e, err
	}
	sectors, err := s.store.Sectors(ctx)
	if err != nil {
		return e, err
	}
	e.NEQ = quebec.NormalizeNEQ(e.NEQ)
	if pc, ok := quebec.NormalizePostalCode(e.Address.PostalCode); ok {
		e.Address.PostalCode = pc
	}
	if err := Validate(e, places, sectors); err != nil {
		return e, err
	}
	m, _ := places.Municipality(e.Address.MunicipalityCode)
	if !st.Covers(m.RegionCode) {
		return e, errs.E(errs.Forbidden, "catalogue.steward.region_forbidden")
	}
	e.Address.MunicipalityName, e.Address.RegionCode, e.Address.MRCCode = m.Name, m.RegionCode, m.MRCCode
	return e, nil
}

// Create adds an entry typed in by a steward.
func (s *Service) Create(ctx context.Context, st Steward, e Entry) (Entry, error) {
	e.ID, e.Status, e.MergedInto, e.ClaimedBy = "", StatusActive, "", ""
	if e.Source.Kind == "" {
		e.Source = Source{Kind: SourceSteward, Name: st.UserID}
	}
	if e.EES.Trust == "" {
		e.EES = DeclaredAll("")
	}
	e.LastVerified = s.today()
	e, err := s.check(ctx, st, e)
	if err != nil {
		return Entry{}, err
	}
	var out Entry
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		out, err = insertTx(ctx, tx, e, "create", s.now())
		return err
	})
	if err != nil {
		return Entry{}, fmt.Errorf("create catalogue entry: %w", err)
	}
	return out, nil
}

// change loads an entry, lets fn compute its new state, checks it, and saves it.
func (s *Service) change(ctx context.Context, st Steward, id string, version int, action string, fn func(before Entry) (Entry, error)) (Entry, error) {
	var out Entry
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		before, err := getTx(ctx, tx, id)
		if err != nil {
			return err
		}
		if !st.Covers(before.Address.RegionCode) {
			return errs.E(errs.Forbidden, "catalogue.steward.region_forbidden")
		}
		if version != 0 && version != before.Version {
			return errs.E(errs.Conflict, "catalogue.stale")
		}
		after, err := fn(before)
		if err != nil {
			return err
		}
		if after, err = s.check(ctx, st, after); err != nil {
			return err
		}
		out, err = updateTx(ctx, tx, before, after, action, s.now())
		return err
	})
	if err != nil {
		return Entry{}, fmt.Errorf("%s catalogue entry %s: %w", action, id, err)
	}
	return out, nil
}

// Update replaces the editable fields of an entry; version is the one the steward saw.
func (s *Service) Update(ctx context.Context, st Steward, id string, version int, e Entry) (Entry, error) {
	return s.change(ctx, st, id, version, "edit", func(before Entry) (Entry, error) {
		if before.Status == StatusRetired {
			return Entry{}, errs.E(errs.Conflict, "catalogue.retired_badge")
		}
		after := Apply(before, e, Fields())
		after.EES.Criteria = before.EES.Criteria
		if e.EES.Criteria != nil {
			after.EES = EES{Criteria: e.EES.Criteria, Trust: TrustDeclared} // new evidence must be verified again
		}
		after.LastVerified = s.today()
		return after, nil
	})
}

// Verify records that the steward checked the EES evidence (every criterion must be met).
func (s *Service) Verify(ctx context.Context, st Steward, id string, evidence map[Criterion]Evidence) (Entry, error) {
	return s.change(ctx, st, id, 0, "verify", func(before Entry) (Entry, error) {
		ees := before.EES
		if evidence != nil {
			ees.Criteria = evidence
		}
		v, ok := ees.Verify(st.UserID, s.now())
		if !ok {
			return Entry{}, errs.E(errs.Invalid, "catalogue.verify_unmet")
		}
		before.EES, before.LastVerified = v, s.today()
		return before, nil
	})
}

// Retire takes an entry out of search; registers holding it see it flagged.
func (s *Service) Retire(ctx context.Context, st Steward, id string) (Entry, error) {
	return s.change(ctx, st, id, 0, "retire", func(before Entry) (Entry, error) {
		if before.Status == StatusRetired {
			return Entry{}, errs.E(errs.Conflict, "catalogue.retired_badge")
		}
		before.Status = StatusRetired
		return before, nil
	})
}

// Merge folds duplicate into survivor: the survivor keeps its data and gains the duplicate's
// names, products, sectors, categories and regions (and its NEQ when it had none); the
// duplicate is retired, pointing at the survivor. The steward must cover both regions.
func (s *Service) Merge(ctx context.Context, st Steward, duplicateID, survivorID string) (Entry, error) {
	if duplicateID == survivorID {
		return Entry{}, errs.E(errs.Invalid, "catalogue.merge_self")
	}
	var out Entry
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		dup, err := getTx(ctx, tx, duplicateID)
		if err != nil {
			return err
		}
		surv, err := getTx(ctx, tx, survivorID)
		if err != nil {
			return err
		}
		if !st.Covers(dup.Address.RegionCode) || !st.Covers(surv.Address.RegionCode) {
			return errs.E(errs.Forbidden, "catalogue.steward.region_forbidden")
		}
		if dup.Status == StatusRetired || surv.Status == StatusRetired {
			return errs.E(errs.Conflict, "catalogue.retired_badge")
		}
		if dup.NEQ != "" && surv.NEQ != "" && dup.NEQ != surv.NEQ {
			return errs.E(errs.Conflict, "catalogue.merge_neq_differ")
		}
		retired := dup
		retired.Status, retired.MergedInto = StatusRetired, surv.ID
		if _, err := updateTx(ctx, tx, dup, retired, "merge", s.now()); err != nil {
			return err
		}
		merged := surv
		merged.OtherNames = union(surv.OtherNames, append([]string{dup.Name}, dup.OtherNames...))
		merged.Products = union(surv.Products, dup.Products)
		merged.Sectors = union(surv.Sectors, dup.Sectors)
		merged.UNSPSC = union(surv.UNSPSC, dup.UNSPSC)
		merged.RegionsServed = union(surv.RegionsServed, dup.RegionsServed)
		if merged.NEQ == "" {
			merged.NEQ = dup.NEQ
		}
		out, err = updateTx(ctx, tx, surv, merged, "merge", s.now())
		return err
	})
	if err != nil {
		return Entry{}, fmt.Errorf("merge catalogue entry %s into %s: %w", duplicateID, survivorID, err)
	}
	return out, nil
}

// union appends the items of b missing from a (accent- and case-insensitively), keeping order.
func union(a, b []string) []string {
	out := append([]string(nil), a...)
	seen := map[string]bool{}
	for _, x := range a {
		seen[quebec.Fold(x)] = true
	}
	for _, x := range b {
		if !seen[quebec.Fold(x)] {
			seen[quebec.Fold(x)] = true
			out = append(out, x)
		}
	}
	return out
}
