package auth

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/audit"
	"maillage/app/errs"
	"maillage/tenants"
)

// IdPSettings is a tenant's own provider as stored and shown (never with the secret).
type IdPSettings struct {
	TenantID      uuid.UUID  `json:"-"`
	IssuerURL     string     `json:"issuer_url"`
	ClientID      string     `json:"client_id"`
	HasSecret     bool       `json:"has_secret"`
	EntraTenantID string     `json:"entra_tenant_id,omitempty"`
	Enabled       bool       `json:"enabled"`
	Rules         []RoleRule `json:"rules"`
	UpdatedAt     time.Time  `json:"-"`
}

// IdPInput is what a tenant admin submits. An empty ClientSecret keeps the stored one.
type IdPInput struct {
	IssuerURL     string
	ClientID      string
	ClientSecret  string
	EntraTenantID string
	Enabled       bool
	Rules         []RoleRule
}

// IdPStore keeps tenant identity providers (tables tenant_identity_providers, tenant_role_rules),
// sealing client secrets with the keyring, bound to the tenant.
type IdPStore struct {
	db   *gorm.DB
	keys *Keyring
}

// NewIdPStore returns the store.
func NewIdPStore(db *gorm.DB, keys *Keyring) *IdPStore { return &IdPStore{db: db, keys: keys} }

func secretAAD(tenantID uuid.UUID) string { return "tenant_idp:" + tenantID.String() }

type idpRow struct {
	TenantID           uuid.UUID
	IssuerURL          string
	ClientID           string
	ClientSecretSealed string
	EntraTenantID      string
	Enabled            bool
	UpdatedAt          time.Time
}

// Get returns the tenant's provider; found is false when it has none.
func (s *IdPStore) Get(ctx context.Context, tenantID uuid.UUID) (IdPSettings, bool, error) {
	var out IdPSettings
	var found bool
	err := tenants.ReadTx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		row, ok, err := s.load(tx, tenantID)
		if err != nil || !ok {
			return err
		}
		found = true
		out, err = s.settings(tx, row)
		return err
	})
	return out, found, err
}

// Issuer returns the tenant's provider as an Issuer for login, secret opened; found is false
// when the tenant has none or it is disabled (the platform issuer then serves the tenant).
func (s *IdPStore) Issuer(ctx context.Context, tenantID uuid.UUID, slug, redirectURL string) (Issuer, bool, error) {
	var iss Issuer
	var found bool
	err := tenants.ReadTx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		row, ok, err := s.load(tx, tenantID)
		if err != nil || !ok || !row.Enabled {
			return err
		}
		set, err := s.settings(tx, row)
		if err != nil {
			return err
		}
		secret := ""
		if row.ClientSecretSealed != "" {
			if secret, err = s.keys.Open(row.ClientSecretSealed, secretAAD(tenantID)); err != nil {
				return err
			}
		}
		found = true
		iss = Issuer{Key: "tenant:" + slug, URL: row.IssuerURL, ClientID: row.ClientID, ClientSecret: secret,
			RedirectURL: redirectURL, EntraTenantID: row.EntraTenantID, Rules: set.Rules, ForTenant: true,
			Scopes: []string{"openid", "email", "profile"}}
		return nil
	})
	return iss, found, err
}

// Save creates or replaces the tenant's provider and rules, audited with before/after (the
// secret shows only as has_secret).
func (s *IdPStore) Save(ctx context.Context, tenantID uuid.UUID, in IdPInput) (IdPSettings, error) {
	probe := Issuer{Key: "tenant", URL: in.IssuerURL, ClientID: in.ClientID, RedirectURL: "https://maillage.invalid/cb",
		Rules: in.Rules, ForTenant: true}
	if err := validateIssuer(probe); err != nil {
		return IdPSettings{}, err
	}
	var after IdPSettings
	err := tenants.Tx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		old, existed, err := s.load(tx, tenantID)
		if err != nil {
			return err
		}
		var before any
		sealed := old.ClientSecretSealed
		if existed {
			b, err := s.settings(tx, old)
			if err != nil {
				return err
			}
			before = b
		}
		if in.ClientSecret != "" {
			sealed = s.keys.Seal(in.ClientSecret, secretAAD(tenantID))
		}
		actor := audit.ActorFrom(ctx).UserID
		err = tx.Exec(`INSERT INTO tenant_identity_providers (tenant_id, issuer_url, client_id, client_secret_sealed, entra_tenant_id, enabled, updated_at, updated_by)
			VALUES (?, ?, ?, ?, ?, ?, now(), ?)
			ON CONFLICT (tenant_id) DO UPDATE SET issuer_url = EXCLUDED.issuer_url, client_id = EXCLUDED.client_id,
			  client_secret_sealed = EXCLUDED.client_secret_sealed, entra_tenant_id = EXCLUDED.entra_tenant_id,
			  enabled = EXCLUDED.enabled, updated_at = now(), updated_by = EXCLUDED.updated_by`,
			tenantID, in.IssuerURL, in.ClientID, sealed, in.EntraTenantID, in.Enabled, actor).Error
		if err != nil {
			return fmt.Errorf("save identity provider: %w", err)
		}
		if err := tx.Exec(`DELETE FROM tenant_role_rules WHERE tenant_id = ?`, tenantID).Error; err != nil {
			return fmt.Errorf("replace role rules: %w", err)
		}
		for _, r := range in.Rules {
			if err := tx.Exec(`INSERT INTO tenant_role_rules (tenant_id, claim, value, role) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`,
				tenantID, r.Claim, r.Value, r.Role).Error; err != nil {
				return fmt.Errorf("save role rule: %w", err)
			}
		}
		row, _, err := s.load(tx, tenantID)
		if err != nil {
			return err
		}
		if after, err = s.settings(tx, row); err != nil {
			return err
		}
		return audit.Tenant(ctx, tx, tenantID, audit.Entry{Action: "idp.save", ObjectType: "identity_provider",
			ObjectID: tenantID.String(), Before: before, After: after})
	})
	return after, err
}

// Delete removes the tenant's provider (its members then log in through the platform issuer).
func (s *IdPStore) Delete(ctx context.Context, tenantID uuid.UUID) error {
	return tenants.Tx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		old, existed, err := s.load(tx, tenantID)
		if err != nil {
			return err
		}
		if !existed {
			return errs.E(errs.NotFound, "errors.not_found")
		}
		before, err := s.settings(tx, old)
		if err != nil {
			return err
		}
		if err := tx.Exec(`DELETE FROM tenant_identity_providers WHERE tenant_id = ?`, tenantID).Error; err != nil {
			return fmt.Errorf("delete identity provider: %w", err)
		}
		return audit.Tenant(ctx, tx, tenantID, audit.Entry{Action: "idp.delete", ObjectType: "identity_provider",
			ObjectID: tenantID.String(), Before: before})
	})
}

func (s *IdPStore) load(tx *gorm.DB, tenantID uuid.UUID) (idpRow, bool, error) {
	var rows []idpRow
	err := tx.Raw(`SELECT tenant_id, issuer_url, client_id, client_secret_sealed, entra_tenant_id, enabled, updated_at
		FROM tenant_identity_providers WHERE tenant_id = ?`, tenantID).Scan(&rows).Error
	if err != nil {
		return idpRow{}, false, fmt.Errorf("load identity provider: %w", err)
	}
	if len(rows) == 0 {
		return idpRow{}, false, nil
	}
	return rows[0], true, nil
}

func (s *IdPStore) settings(tx *gorm.DB, row idpRow) (IdPSettings, error) {
	rules := []RoleRule{}
	if err := tx.Raw(`SELECT claim, value, role FROM tenant_role_rules WHERE tenant_id = ? ORDER BY claim, value, role`,
		row.TenantID).Scan(&rules).Error; err != nil {
		return IdPSettings{}, fmt.Errorf("load role rules: %w", err)
	}
	return IdPSettings{TenantID: row.TenantID, IssuerURL: row.IssuerURL, ClientID: row.ClientID,
		HasSecret: row.ClientSecretSealed != "", EntraTenantID: row.EntraTenantID, Enabled: row.Enabled,
		Rules: rules, UpdatedAt: row.UpdatedAt}, nil
}

// ResealAll seals again, with the keyring's current key, every tenant client secret sealed with
// an older one (key rotation). It runs as the named system context "secrets-reseal", one tenant
// transaction at a time, each change audited; it returns how many secrets moved.
func (s *IdPStore) ResealAll(ctx context.Context) (int, error) {
	moved := 0
	err := tenants.RunSystem(ctx, s.db, "secrets-reseal", func(ctx context.Context, sys *tenants.System) error {
		return sys.ForEachTenant(ctx, func(tx *gorm.DB, t tenants.Tenant) error {
			row, ok, err := s.load(tx, t.ID)
			if err != nil || !ok || row.ClientSecretSealed == "" || !s.keys.NeedsReseal(row.ClientSecretSealed) {
				return err
			}
			again, err := s.keys.Reseal(row.ClientSecretSealed, secretAAD(t.ID))
			if err != nil {
				return fmt.Errorf("reseal secret of %s: %w", t.Slug, err)
			}
			if err := tx.Exec(`UPDATE tenant_identity_providers SET client_secret_sealed = ? WHERE tenant_id = ?`, again, t.ID).Error; err != nil {
				return err
			}
			moved++
			return audit.Tenant(ctx, tx, t.ID, audit.Entry{Action: "idp.reseal", ObjectType: "identity_provider", ObjectID: t.ID.String(),
				Before: map[string]string{"key": keyID(row.ClientSecretSealed)}, After: map[string]string{"key": s.keys.CurrentKeyID()}})
		})
	})
	return moved, err
}

// keyID reads the key id of a sealed value ("v1:<id>:…"), for the audit trail.
func keyID(sealed string) string {
	parts := strings.SplitN(sealed, ":", 3)
	if len(parts) < 2 {
		return ""
	}
	return parts[1]
}
