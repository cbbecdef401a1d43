// Package tenants holds the tenant model (one public body each) and the two ways code touches tenant data:
// Tx, one transaction per unit of tenant work with app.tenant_id set for row-level security, and System,
// the named, audited contexts through which the few cross-tenant jobs go.
package tenants

import (
	"regexp"
	"strings"
	"time"

	"github.com/google/uuid"

	"maillage/app/errs"
)

// Kinds of public bodies.
var Kinds = []string{"municipality", "mrc", "regie", "school_service_centre", "health", "ministry", "other"}

// Tenant is one public body.
type Tenant struct {
	ID               uuid.UUID `json:"id" gorm:"type:uuid;primaryKey"`
	Slug             string    `json:"slug"`
	Name             string    `json:"name"`
	Kind             string    `json:"kind"`
	RegionCode       *string   `json:"region_code,omitempty"`
	MunicipalityCode *string   `json:"municipality_code,omitempty"`
	Population       *int      `json:"population,omitempty"`
	Status           string    `json:"status"`
	CreatedAt        time.Time `json:"created_at"`
	UpdatedAt        time.Time `json:"updated_at"`
}

// TableName tells GORM the table.
func (Tenant) TableName() string { return "tenants" }

var slugRE = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)

// reservedSlugs would shadow our own paths under /t/.
var reservedSlugs = map[string]bool{"new": true, "admin": true, "api": true, "static": true}

// NewTenant is the input of Create.
type NewTenant struct {
	Slug             string
	Name             string
	Kind             string
	RegionCode       string
	MunicipalityCode string
	Population       *int
}

// Validate checks the fields that need no database.
func (n NewTenant) Validate() error {
	var v errs.Validation
	if !slugRE.MatchString(n.Slug) || reservedSlugs[n.Slug] {
		v.Add("slug", "tenants.slug_invalid", nil)
	}
	if l := len([]rune(strings.TrimSpace(n.Name))); l < 2 || l > 200 {
		v.Add("name", "tenants.name_invalid", nil)
	}
	kindOK := false
	for _, k := range Kinds {
		kindOK = kindOK || k == n.Kind
	}
	if !kindOK {
		v.Add("kind", "tenants.kind_invalid", map[string]any{"Kinds": strings.Join(Kinds, ", ")})
	}
	if n.RegionCode != "" && !regexp.MustCompile(`^(0[1-9]|1[0-7])$`).MatchString(n.RegionCode) {
		v.Add("region", "tenants.region_invalid", nil)
	}
	if n.Population != nil && *n.Population < 0 {
		v.Add("population", "tenants.population_invalid", nil)
	}
	return v.Err()
}
