package tenants

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"

	"maillage/app/audit"
	"maillage/app/errs"
)

// Store reads and writes the tenants table (platform level, outside RLS).
type Store struct{ db *gorm.DB }

// NewStore returns a Store on db.
func NewStore(db *gorm.DB) *Store { return &Store{db: db} }

// Create validates n against the reference tables and inserts the tenant. When a municipality is given,
// its region is derived from the MAMH list (and must agree with an explicit region).
func (s *Store) Create(ctx context.Context, n NewTenant) (Tenant, error) {
	var t Tenant
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var err error
		t, err = s.CreateTx(ctx, tx, n)
		return err
	})
	if err != nil {
		return Tenant{}, err
	}
	return s.BySlug(ctx, t.Slug)
}

// CreateTx is Create inside the caller's transaction (the sign-up approval flow composes it with the first
// admin, the policy stub and the trial).
func (s *Store) CreateTx(ctx context.Context, tx *gorm.DB, n NewTenant) (Tenant, error) {
	n.Slug = strings.ToLower(strings.TrimSpace(n.Slug))
	n.Name = strings.TrimSpace(n.Name)
	if n.Kind == "" {
		n.Kind = "municipality"
	}
	if err := n.Validate(); err != nil {
		return Tenant{}, err
	}
	t := Tenant{ID: uuid.New(), Slug: n.Slug, Name: n.Name, Kind: n.Kind, Status: "active", Population: n.Population}
	err := tx.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if n.MunicipalityCode != "" {
			var m struct {
				RegionCode string
				Population int
			}
			res := tx.Raw(`SELECT region_code, population FROM municipalities WHERE code = ?`, n.MunicipalityCode).Scan(&m)
			if res.Error != nil {
				return res.Error
			}
			if res.RowsAffected == 0 {
				return (&errs.Validation{}).ErrWith("municipality", "tenants.municipality_unknown", map[string]any{"Code": n.MunicipalityCode})
			}
			if n.RegionCode != "" && n.RegionCode != m.RegionCode {
				return (&errs.Validation{}).ErrWith("region", "tenants.region_mismatch", map[string]any{"Region": m.RegionCode})
			}
			n.RegionCode = m.RegionCode
			code := n.MunicipalityCode
			t.MunicipalityCode = &code
			if t.Population == nil {
				p := m.Population
				t.Population = &p
			}
		}
		if n.RegionCode != "" {
			r := n.RegionCode
			t.RegionCode = &r
		}
		return tx.Create(&t).Error
	})
	if err != nil {
		var pg *pgconn.PgError
		if errors.As(err, &pg) && pg.Code == "23505" {
			return Tenant{}, errs.E(errs.Conflict, "tenants.slug_taken").With(map[string]any{"Slug": n.Slug})
		}
		if errs.As(err) != nil {
			return Tenant{}, err
		}
		return Tenant{}, fmt.Errorf("create tenant %s: %w", n.Slug, err)
	}
	return t, nil
}

// FreeSlugTx returns base, or base-2, base-3… the first slug no tenant holds.
func (s *Store) FreeSlugTx(tx *gorm.DB, base string) (string, error) {
	var taken []string
	if err := tx.Raw(`SELECT slug FROM tenants WHERE slug = ? OR slug LIKE ?`, base, base+"-%").Scan(&taken).Error; err != nil {
		return "", fmt.Errorf("free slug: %w", err)
	}
	used := map[string]bool{}
	for _, t := range taken {
		used[t] = true
	}
	cand := base
	for i := 2; used[cand] || reservedSlugs[cand]; i++ {
		cand = fmt.Sprintf("%s-%d", base, i)
	}
	return cand, nil
}

// ForMunicipality returns the bodies already on Maillage for a MAMH municipality code.
func (s *Store) ForMunicipality(ctx context.Context, code string) ([]Tenant, error) {
	var ts []Tenant
	if err := s.db.WithContext(ctx).Where("municipality_code = ? AND kind = 'municipality' AND status <> 'closed'", code).Find(&ts).Error; err != nil {
		return nil, fmt.Errorf("tenants of municipality %s: %w", code, err)
	}
	return ts, nil
}

// BySlug finds an active or suspended tenant; a closed or unknown slug is NotFound.
func (s *Store) BySlug(ctx context.Context, slug string) (Tenant, error) {
	var t Tenant
	res := s.db.WithContext(ctx).Where("slug = ? AND status <> 'closed'", slug).Limit(1).Find(&t)
	if res.Error != nil {
		return Tenant{}, fmt.Errorf("find tenant %q: %w", slug, res.Error)
	}
	if res.RowsAffected == 0 {
		return Tenant{}, errs.E(errs.NotFound, "errors.not_found")
	}
	return t, nil
}

// ByID finds a tenant by id.
func (s *Store) ByID(ctx context.Context, id uuid.UUID) (Tenant, error) {
	var t Tenant
	res := s.db.WithContext(ctx).Where("id = ?", id).Limit(1).Find(&t)
	if res.Error != nil {
		return Tenant{}, fmt.Errorf("find tenant %s: %w", id, res.Error)
	}
	if res.RowsAffected == 0 {
		return Tenant{}, errs.E(errs.NotFound, "errors.not_found")
	}
	return t, nil
}

// List returns every tenant ordered by name.
func (s *Store) List(ctx context.Context) ([]Tenant, error) {
	var ts []Tenant
	if err := s.db.WithContext(ctx).Order("name").Find(&ts).Error; err != nil {
		return nil, fmt.Errorf("list tenants: %w", err)
	}
	return ts, nil
}

// AuditRead is a page of a tenant's audit log with what a reader needs to tell it in sentences: the people
// who acted and the names of the objects the records speak of (a deleted object is named from its record).
type AuditRead struct {
	Records []audit.Record
	People  map[uuid.UUID]audit.Person
	Names   map[string]string // audit.ObjectKey(record) → the object's name
}

// ReadAudit reads one page of a tenant's log (f narrows and pages it) and names its people and objects, in
// one read-only transaction of that tenant.
func (s *Store) ReadAudit(ctx context.Context, tenantID uuid.UUID, f audit.Filter) (AuditRead, error) {
	var out AuditRead
	err := ReadTx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		var err error
		if out.Records, err = audit.ListTenant(ctx, tx, tenantID, f); err != nil {
			return err
		}
		var ids []uuid.UUID
		for _, r := range out.Records {
			if r.ActorID != nil {
				ids = append(ids, *r.ActorID)
			}
		}
		if out.People, err = audit.People(ctx, tx, ids); err != nil {
			return err
		}
		out.Names, err = audit.ObjectNames(ctx, tx, tenantID, out.Records)
		return err
	})
	return out, err
}

// AuditActors lists the people who appear in a tenant's log (the choices of the log's person filter).
func (s *Store) AuditActors(ctx context.Context, tenantID uuid.UUID) ([]audit.Person, error) {
	var out []audit.Person
	err := ReadTx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		var err error
		out, err = audit.Actors(ctx, tx, tenantID)
		return err
	})
	return out, err
}
