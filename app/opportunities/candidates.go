package opportunities

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/tenants"
)

// Candidate is a collective enterprise of the shared catalogue that is not (yet) in the body's register
// and sells what a purchase asks for: a body may invite it to an opportunity by its catalogue entry.
type Candidate struct {
	EntryID      uuid.UUID `json:"catalogue_entry_id"`
	Name         string    `json:"name"`
	Municipality string    `json:"municipality"`
	HasEmail     bool      `json:"has_email"` // without one, the buyer sends the link another way
	Score        int       `json:"score"`
	Reasons      []Reason  `json:"reasons"`
}

// CandidateQuery is what the purchase asks for. Without regions, the body's own region is served.
type CandidateQuery struct {
	UNSPSC  []string
	Regions []string
	Text    string
	Limit   int
}

// maxCandidatePool bounds the entries read for one purchase (those sharing a segment with its categories,
// best verified first) before they are ranked.
const maxCandidatePool = 5000

// CatalogueCandidates ranks the catalogue entries not linked to the body's register that match the
// purchase (the same matcher as alerts: categories up and down, regions served, words), best first. It
// reads in the body's tenant transaction: its register links are its own. A purchase without a category
// has no candidates (words alone would bring in half the catalogue).
func (s *Service) CatalogueCandidates(ctx context.Context, tenantID uuid.UUID, q CandidateQuery) ([]Candidate, error) {
	if q.Limit <= 0 || q.Limit > 50 {
		q.Limit = 10
	}
	var segments []string
	for _, c := range q.UNSPSC {
		if c = strings.TrimSpace(c); len(c) >= 2 {
			segments = append(segments, c[:2])
		}
	}
	if len(segments) == 0 {
		return []Candidate{}, nil
	}
	type row struct {
		ID           uuid.UUID
		Name         string
		Municipality string
		HasEmail     bool
		Codes        sql.NullString
		Regions      sql.NullString
		Products     sql.NullString
	}
	var rows []row
	regions := q.Regions
	err := tenants.ReadTx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		if len(regions) == 0 {
			var own []string
			if err := tx.Raw(`SELECT region_code::text FROM tenants WHERE id = ? AND region_code IS NOT NULL`, tenantID).Scan(&own).Error; err != nil {
				return fmt.Errorf("candidates: body region: %w", err)
			}
			regions = own
		}
		return tx.Raw(`SELECT e.id, e.name, coalesce(m.name, '') AS municipality, e.email <> '' AS has_email,
				array_to_string(e.unspsc, E'\x1f') AS codes, array_to_string(e.regions_served || e.region_code, E'\x1f') AS regions,
				array_to_string(e.products, E'\x1f') AS products
			  FROM catalogue_entries e LEFT JOIN municipalities m ON m.code = e.municipality_code
			 WHERE e.status = 'active'
			   AND EXISTS (SELECT 1 FROM unnest(e.unspsc) u WHERE left(u, 2) IN (SELECT jsonb_array_elements_text(?::jsonb)))
			   AND NOT EXISTS (SELECT 1 FROM catalogue_links l WHERE l.tenant_id = ? AND l.entry_id = e.id)
			 ORDER BY e.ees_trust = 'verified' DESC, e.id LIMIT ?`, jsonArray(segments), tenantID, maxCandidatePool).Scan(&rows).Error
	})
	if err != nil {
		return nil, fmt.Errorf("candidates: %w", err)
	}
	split := func(v sql.NullString) []string {
		if !v.Valid || v.String == "" {
			return nil
		}
		return strings.Split(v.String, "\x1f")
	}
	profiles := make([]Profile, len(rows))
	for i, r := range rows {
		profiles[i] = Profile{UNSPSC: split(r.Codes), Regions: split(r.Regions), Terms: split(r.Products)}
	}
	hits := NewIndex(profiles).MatchTop(Item{UNSPSC: q.UNSPSC, Regions: regions, Text: q.Text}, q.Limit)
	out := make([]Candidate, 0, len(hits))
	for _, h := range hits {
		r := rows[h.Profile]
		out = append(out, Candidate{EntryID: r.ID, Name: r.Name, Municipality: r.Municipality, HasEmail: r.HasEmail, Score: h.Score, Reasons: h.Reasons})
	}
	return out, nil
}
