package suppliers

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/audit"
	"maillage/app/errs"
	"maillage/app/mail"
	"maillage/app/quebec"
	"maillage/tenants"
)

// Applications is the workflow between enterprises and the bodies' registers: the
// enterprise profile (platform level, one per enterprise, many applications), the
// applications (tenant-owned) and their messages, the e-mail of every step.
type Applications struct {
	db        *gorm.DB
	store     *Store
	mails     *mail.Templates
	baseURL   string
	now       func() time.Time
	catalogue CatalogueLookup
}

// CatalogueEES is what the shared catalogue says of an enterprise's social-economy status.
type CatalogueEES struct {
	Criteria []EESCriterion
	Verified bool // a catalogue steward verified every criterion
	At       time.Time
}

// CatalogueLookup finds the catalogue's word on an enterprise by NEQ (found is false when it has no entry).
// The wiring sets it (this package does not import the catalogue).
type CatalogueLookup func(ctx context.Context, neq string) (ees CatalogueEES, found bool, err error)

// UseCatalogue lets applications carry the catalogue's verified status into the register's record.
func (a *Applications) UseCatalogue(f CatalogueLookup) { a.catalogue = f }

// withCatalogueEES gives a register record the catalogue's verified social-economy status, when the
// catalogue has one and the record is not verified by the body already.
func withCatalogueEES(rec Supplier, c *CatalogueEES) Supplier {
	if c == nil || !c.Verified || rec.Attestation == AttestVerified {
		return rec
	}
	at := c.At
	rec.EESCriteria, rec.Attestation, rec.AttestedBy, rec.AttestedAt = c.Criteria, AttestVerified, "catalogue", &at
	return rec
}

// NewApplications composes the workflow.
func NewApplications(db *gorm.DB, store *Store, mails *mail.Templates, baseURL string, now func() time.Time) *Applications {
	if now == nil {
		now = time.Now
	}
	return &Applications{db: db, store: store, mails: mails, baseURL: strings.TrimRight(baseURL, "/"), now: now}
}

// Enterprise is an enterprise's profile, owned by the user who created it.
type Enterprise struct {
	ID          uuid.UUID `json:"id"`
	OwnerUserID uuid.UUID `json:"-"`
	Profile     Supplier  `json:"profile"`
	Version     int       `json:"version"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// Application is one enterprise's application to one body.
type Application struct {
	TenantID         uuid.UUID  `json:"-"`
	TenantSlug       string     `json:"tenant_slug"`
	TenantName       string     `json:"tenant_name"`
	ID               uuid.UUID  `json:"id"`
	EnterpriseID     *uuid.UUID `json:"enterprise_id,omitempty"`
	SupplierID       *uuid.UUID `json:"supplier_id,omitempty"`
	InviteEmail      string     `json:"invite_email,omitempty"`
	State            State      `json:"state"`
	EnterpriseName   string     `json:"enterprise_name"`
	NEQ              quebec.NEQ `json:"neq"`
	ScoreWillingness *int       `json:"score_willingness,omitempty"`
	ScoreFit         *int       `json:"score_fit,omitempty"`
	ScoreCapacity    *int       `json:"score_capacity,omitempty"`
	ProfileChanged   bool       `json:"profile_changed"` // the profile changed since a buyer last looked
	Version          int        `json:"version"`
	CreatedAt        time.Time  `json:"created_at"`
	UpdatedAt        time.Time  `json:"updated_at"`
}

// Message is one step of an application's conversation.
type Message struct {
	Action     string    `json:"action"`
	AuthorRole string    `json:"author_role"`
	Author     string    `json:"author"`
	Body       string    `json:"body"`
	FromState  State     `json:"from_state"`
	ToState    State     `json:"to_state"`
	At         time.Time `json:"at"`
	// A document the enterprise joined to its answer.
	DocumentID   *uuid.UUID `json:"document_id,omitempty"`
	DocumentName string     `json:"document_name,omitempty"`
	DocumentType string     `json:"document_type,omitempty"`
}

var errNoProfile = errs.E(errs.NotFound, "suppliers.enterprise_missing")

// Mine returns the enterprise profile of a user, NotFound "suppliers.enterprise_missing"
// when the user has none yet.
func (a *Applications) Mine(ctx context.Context, userID uuid.UUID) (Enterprise, error) {
	return enterpriseWhere(a.db.WithContext(ctx), "owner_user_id = ?", userID)
}

// OwnedNEQ returns neq (normalized) when the user owns the enterprise profile with that NEQ, "" otherwise:
// the proof a catalogue claim carries (one profile per NEQ).
func (a *Applications) OwnedNEQ(ctx context.Context, userID uuid.UUID, neq string) (string, error) {
	var owned []string
	if err := a.db.WithContext(ctx).Raw(`SELECT neq FROM enterprises WHERE owner_user_id = ? AND neq = ?`, userID,
		quebec.NormalizeNEQ(neq)).Scan(&owned).Error; err != nil {
		return "", fmt.Errorf("enterprise NEQ: %w", err)
	}
	if len(owned) == 0 {
		return "", nil
	}
	return owned[0], nil
}

func enterpriseWhere(db *gorm.DB, cond string, arg any) (Enterprise, error) {
	var rows []struct {
		ID          uuid.UUID
		OwnerUserID uuid.UUID
		Profile     string
		Version     int
		UpdatedAt   time.Time
	}
	if err := db.Raw(`SELECT id, owner_user_id, profile::text AS profile, version, updated_at FROM enterprises WHERE `+cond, arg).
		Scan(&rows).Error; err != nil {
		return Enterprise{}, fmt.Errorf("enterprise: %w", err)
	}
	if len(rows) == 0 {
		return Enterprise{}, errNoProfile
	}
	e := Enterprise{ID: rows[0].ID, OwnerUserID: rows[0].OwnerUserID, Version: rows[0].Version, UpdatedAt: rows[0].UpdatedAt}
	if err := json.Unmarshal([]byte(rows[0].Profile), &e.Profile); err != nil {
		return e, fmt.Errorf("enterprise profile: %w", err)
	}
	return e, nil
}

// profileFields is what an enterprise may set on its profile: the register's fields
// except the body-specific ones (status, links, verification).
func profileFields(p Supplier) Supplier {
	p.ID, p.TenantID, p.Status, p.StatusReason, p.CatalogueEntryID, p.EnterpriseID = uuid.Nil, uuid.Nil, StateApplied, "", nil, nil
	if p.Attestation == AttestVerified { // only a body verifies
		p.Attestation = AttestDeclared
	}
	return p
}

// SaveProfile creates or updates a user's enterprise profile. On update, every register
// the enterprise belongs to gets the new values (its status there stays), audited with
// before and after, and a note on each application tells buyers what changed.
func (a *Applications) SaveProfile(ctx context.Context, userID uuid.UUID, ref *Reference, p Supplier) (Enterprise, error) {
	p = profileFields(p)
	if p.Attestation == AttestDeclared {
		p.AttestedBy = audit.ActorFrom(ctx).Label
		now := a.now()
		p.AttestedAt = &now
	}
	if err := p.Check(ref); err != nil {
		return Enterprise{}, err
	}
	b, err := json.Marshal(p)
	if err != nil {
		return Enterprise{}, err
	}
	var out Enterprise
	var changed []string
	err = a.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		before, err := enterpriseWhere(tx, "owner_user_id = ?", userID)
		switch {
		case errs.Is(err, errs.NotFound):
			var id uuid.UUID
			err = tx.Raw(`INSERT INTO enterprises (owner_user_id, neq, profile) VALUES (?, ?, ?::jsonb) RETURNING id`, userID, string(p.NEQ), string(b)).Row().Scan(&id)
			if isUnique(err) {
				return errs.E(errs.Conflict, "suppliers.enterprise_neq_taken").Field("neq", "suppliers.enterprise_neq_taken", nil)
			}
			if err != nil {
				return fmt.Errorf("create enterprise: %w", err)
			}
			out = Enterprise{ID: id, OwnerUserID: userID, Profile: p, Version: 1}
			return audit.Platform(ctx, tx, audit.Entry{Action: "enterprise.create", ObjectType: "enterprise", ObjectID: id.String(), After: p})
		case err != nil:
			return err
		}
		if before.Profile.NEQ != p.NEQ {
			return (&errs.Validation{}).ErrWith("neq", "suppliers.enterprise_neq_fixed", nil)
		}
		if err := tx.Exec(`UPDATE enterprises SET profile = ?::jsonb, version = version + 1, updated_at = now() WHERE id = ?`, string(b), before.ID).Error; err != nil {
			return fmt.Errorf("update enterprise: %w", err)
		}
		changed = diffFields(before.Profile, p)
		out = Enterprise{ID: before.ID, OwnerUserID: userID, Profile: p, Version: before.Version + 1}
		return audit.Platform(ctx, tx, audit.Entry{Action: "enterprise.update", ObjectType: "enterprise", ObjectID: before.ID.String(), Before: before.Profile, After: p})
	})
	if err != nil || len(changed) == 0 {
		return out, err
	}
	return out, a.propagate(ctx, out, changed)
}

// diffFields names the profile fields that differ (JSON names), for the buyers' note.
func diffFields(before, after Supplier) []string {
	var bm, am map[string]any
	bb, _ := json.Marshal(before)
	ab, _ := json.Marshal(after)
	_ = json.Unmarshal(bb, &bm)
	_ = json.Unmarshal(ab, &am)
	var out []string
	for k, v := range am {
		if k == "updated_at" || k == "created_at" || k == "ees_attested_at" || k == "version" {
			continue
		}
		if fmt.Sprint(bm[k]) != fmt.Sprint(v) {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// propagate copies a changed profile into each register holding the enterprise. It runs
// as a named system context, one tenant transaction at a time.
func (a *Applications) propagate(ctx context.Context, e Enterprise, changed []string) error {
	ids, err := a.tenantsOf(ctx, e.ID)
	if err != nil || len(ids) == 0 {
		return err
	}
	return tenants.RunSystem(ctx, a.db, "enterprise-profile-sync", func(ctx context.Context, sys *tenants.System) error {
		for _, tid := range ids {
			err := sys.InTenant(ctx, tid, func(tx *gorm.DB) error {
				var apps []struct {
					ID         uuid.UUID
					SupplierID *uuid.UUID
					State      string
				}
				if err := tx.Raw(`SELECT id, supplier_id, state FROM applications WHERE tenant_id = ? AND enterprise_id = ?`, tid, e.ID).Scan(&apps).Error; err != nil {
					return err
				}
				for _, ap := range apps {
					if ap.SupplierID != nil {
						before, err := get(tx, tid, *ap.SupplierID, true)
						if err != nil && !errs.Is(err, errs.NotFound) {
							return err
						}
						if err == nil {
							after := mergeProfile(before, e.Profile)
							if err := save(tx, tid, &after); err != nil {
								return err
							}
							if err := audit.Tenant(ctx, tx, tid, audit.Entry{Action: "supplier.profile_sync", ObjectType: "supplier",
								ObjectID: before.ID.String(), Before: before, After: after}); err != nil {
								return err
							}
						}
					}
					if err := tx.Exec(`INSERT INTO application_messages (tenant_id, application_id, action, author_role, author, body, from_state, to_state)
						VALUES (?, ?, 'profile_update', 'enterprise', ?, ?, ?, ?)`, tid, ap.ID, audit.ActorFrom(ctx).Label,
						strings.Join(changed, ", "), ap.State, ap.State).Error; err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				return fmt.Errorf("sync profile to tenant %s: %w", tid, err)
			}
		}
		return nil
	})
}

// mergeProfile puts an enterprise's profile into a register record, keeping what belongs
// to the body: identity, status, links and a verification it did.
func mergeProfile(rec, p Supplier) Supplier {
	out := p
	out.ID, out.TenantID, out.Status, out.StatusReason = rec.ID, rec.TenantID, rec.Status, rec.StatusReason
	out.CatalogueEntryID, out.EnterpriseID, out.Version, out.CreatedAt = rec.CatalogueEntryID, rec.EnterpriseID, rec.Version, rec.CreatedAt
	if rec.Attestation == AttestVerified {
		out.EESCriteria, out.Attestation, out.AttestedBy, out.AttestedAt = rec.EESCriteria, rec.Attestation, rec.AttestedBy, rec.AttestedAt
	}
	return out
}

// tenantsOf lists the bodies an enterprise applied to (through the own_applications
// policy: the transaction names the enterprise, no tenant).
func (a *Applications) tenantsOf(ctx context.Context, enterpriseID uuid.UUID) ([]uuid.UUID, error) {
	var ids []uuid.UUID
	err := tenants.AsEnterprise(ctx, a.db, enterpriseID, func(tx *gorm.DB) error {
		return tx.Raw(`SELECT DISTINCT tenant_id FROM applications WHERE enterprise_id = ?`, enterpriseID).Scan(&ids).Error
	})
	return ids, err
}
