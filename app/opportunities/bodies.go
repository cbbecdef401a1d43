package opportunities

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/google/uuid"
)

// Body is a public body on Maillage as enterprises find it: where it is and its public pages.
type Body struct {
	Slug           string `json:"slug"`
	Name           string `json:"name"`
	Kind           string `json:"kind"`
	RegionCode     string `json:"region_code"`
	RegionName     string `json:"region_name"`
	MRCCode        string `json:"mrc_code"`
	MRCName        string `json:"mrc_name"`
	Municipality   string `json:"municipality"`
	PublicProgress bool   `json:"public_progress"` // the body chose to publish its progress page
	OpenCount      int    `json:"open_opportunities"`
}

// BodyFilter narrows the list of bodies.
type BodyFilter struct {
	Region, MRC, Q string
	Regions        []string // any of (an enterprise's regions, for suggestions)
	Limit          int
}

// Bodies lists the active bodies on Maillage (public information), by region, MRC and name (French
// collation), with their count of open public opportunities.
func (s *Service) Bodies(ctx context.Context, f BodyFilter) ([]Body, error) {
	conds := []string{"t.status = 'active'"}
	var args []any
	if f.Region != "" {
		conds = append(conds, "t.region_code = ?")
		args = append(args, f.Region)
	}
	if len(f.Regions) > 0 {
		conds = append(conds, "t.region_code IN (SELECT jsonb_array_elements_text(?::jsonb))")
		args = append(args, jsonArray(f.Regions))
	}
	if f.MRC != "" {
		conds = append(conds, "m.mrc_code = ?")
		args = append(args, f.MRC)
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		conds = append(conds, "catalogue_fold(t.name || ' ' || coalesce(m.name, '') || ' ' || coalesce(mr.name, '')) LIKE '%' || catalogue_fold(?) || '%'")
		args = append(args, q)
	}
	limit := f.Limit
	if limit <= 0 || limit > 1000 {
		limit = 500
	}
	args = append(args, limit)
	q := `SELECT to_jsonb(x)::text FROM (
		SELECT t.slug, t.name, t.kind, coalesce(t.region_code, '') AS region_code, coalesce(r.name, '') AS region_name,
		       coalesce(m.mrc_code, '') AS mrc_code, coalesce(mr.name, '') AS mrc_name, coalesce(m.name, '') AS municipality,
		       t.id IN (SELECT public_progress_bodies()) AS public_progress,
		       (SELECT count(*) FROM opportunities o WHERE o.tenant_id = t.id AND o.visibility = 'public' AND o.status = 'open') AS open_count
		  FROM tenants t LEFT JOIN regions r ON r.code = t.region_code
		  LEFT JOIN municipalities m ON m.code = t.municipality_code LEFT JOIN mrcs mr ON mr.code = m.mrc_code
		 WHERE ` + strings.Join(conds, " AND ") + `
		 ORDER BY t.region_code NULLS LAST, mr.name COLLATE "und-x-icu" NULLS LAST, t.name COLLATE "und-x-icu" LIMIT ?) x`
	var out []Body
	err := s.scanJSON(ctx, s.db.WithContext(ctx).Raw(q, args...), func(b []byte) error {
		var r struct {
			Body
			OpenCount int `json:"open_count"`
		}
		if err := json.Unmarshal(b, &r); err != nil {
			return err
		}
		r.Body.OpenCount = r.OpenCount
		out = append(out, r.Body)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("bodies: %w", err)
	}
	return out, nil
}

// EnterpriseRegions returns the regions of an enterprise's profile: where it is and where it serves.
func (s *Service) EnterpriseRegions(ctx context.Context, enterpriseID uuid.UUID) ([]string, error) {
	var regions []string
	if enterpriseID == uuid.Nil {
		return nil, nil
	}
	if err := s.db.WithContext(ctx).Raw(`SELECT DISTINCT r FROM enterprises e,
		LATERAL (SELECT e.profile->>'region_code' AS r UNION SELECT jsonb_array_elements_text(coalesce(e.profile->'regions_served', '[]'))) x
		WHERE e.id = ? AND coalesce(r, '') <> '' ORDER BY r`, enterpriseID).Scan(&regions).Error; err != nil {
		return nil, fmt.Errorf("enterprise regions: %w", err)
	}
	return regions, nil
}

// Regions lists the administrative regions (code, name), for forms and pages.
func (s *Service) Regions(ctx context.Context) ([]struct{ Code, Name string }, error) {
	var out []struct{ Code, Name string }
	if err := s.db.WithContext(ctx).Raw(`SELECT code, name FROM regions ORDER BY name, code`).Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("regions: %w", err)
	}
	return out, nil
}
