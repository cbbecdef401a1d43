package opportunities

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/errs"
)

// ItemView is a notice or a body's opportunity as enterprises and the public see it.
type ItemView struct {
	ID           uuid.UUID  `json:"id"`
	Source       string     `json:"source"` // "seao" (a SEAO notice) or "body" (published on Maillage)
	Kind         string     `json:"kind"`   // notice, quote_request, invitation, upcoming
	Title        string     `json:"title"`
	Description  string     `json:"description"`
	BodyName     string     `json:"body_name"`
	BodySlug     string     `json:"body_slug,omitempty"` // the body on Maillage, when it is one
	Regions      []string   `json:"regions"`
	UNSPSC       []string   `json:"unspsc"`
	UNSPSCTitles []string   `json:"unspsc_titles,omitempty"` // SEAO's French titles, same order (notices)
	Categories   []string   `json:"categories,omitempty"`    // SEAO categories (notices)
	Status       string     `json:"status"`
	Visibility   string     `json:"visibility"`
	ClosesAt     *time.Time `json:"closes_at"`
	PublishedAt  time.Time  `json:"published_at"`
	UpdatedAt    time.Time  `json:"updated_at"`
	URL          string     `json:"url,omitempty"` // the notice on SEAO
	Method       string     `json:"method,omitempty"`
	Score        int        `json:"score,omitempty"`
	Reasons      []Reason   `json:"reasons,omitempty"`
	Alert        string     `json:"alert,omitempty"`    // the alert that matched
	Interest     string     `json:"interest,omitempty"` // the viewer's own decision
}

// Filter narrows public and enterprise listings.
type Filter struct {
	UNSPSC   string // any level: a segment gets everything under it
	Region   string
	Q        string // words of the title or description
	OpenOnly bool
	Limit    int
	// Subscription restricts a person's matches to one of their alerts.
	Subscription uuid.UUID
}

// itemColumns selects an ItemView from "n" (seao_notices) or "o" (opportunities) in one shape.
const noticeItems = `SELECT n.id, 'seao' AS source, 'notice' AS kind, n.title, n.description, n.buyer_name AS body_name,
	coalesce(t.slug, '') AS body_slug,
	CASE WHEN n.region_code IS NULL THEN '{}'::text[] ELSE ARRAY[n.region_code::text] END AS regions,
	n.unspsc, n.unspsc_titles, n.categories, n.status, 'public' AS visibility, n.tender_end AS closes_at,
	coalesce(n.release_date, n.first_seen) AS published_at, n.updated_at, n.url, n.method_details AS method
	FROM seao_notices n LEFT JOIN tenants t ON t.id = n.body_id`

const opportunityItems = `SELECT o.id, 'body' AS source, o.kind, o.title, o.description, t.name AS body_name, t.slug AS body_slug,
	CASE WHEN cardinality(o.regions) > 0 THEN o.regions::text[] WHEN t.region_code IS NOT NULL THEN ARRAY[t.region_code::text] ELSE '{}'::text[] END AS regions,
	o.unspsc, '{}'::text[] AS unspsc_titles, '{}'::text[] AS categories,
	o.status, o.visibility, o.closes_at, o.created_at AS published_at, o.updated_at, o.seao_url AS url, '' AS method
	FROM opportunities o JOIN tenants t ON t.id = o.tenant_id`

// filterSQL is the WHERE of a listing over the union of both shapes (alias "i").
func filterSQL(f Filter, now time.Time) (string, []any) {
	conds := []string{"i.status <> 'draft'"}
	var args []any
	if f.OpenOnly {
		conds = append(conds, "i.status IN ('open', 'active') AND (i.closes_at IS NULL OR i.closes_at > ?)")
		args = append(args, now)
	}
	if c := strings.TrimSpace(f.UNSPSC); level(c) > 0 {
		// a code at any level matches the items with a code under it, at it, or above it (its family...)
		prefix := c[:level(c)]
		conds = append(conds, `EXISTS (SELECT 1 FROM unnest(i.unspsc) u WHERE u LIKE ? OR ? LIKE rtrim(u, '0') || '%')`)
		args = append(args, prefix+"%", c)
	}
	if r := strings.TrimSpace(f.Region); r != "" {
		conds = append(conds, "(? = ANY (i.regions) OR cardinality(i.regions) = 0)")
		args = append(args, r)
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		conds = append(conds, `to_tsvector('french', catalogue_fold(i.title || ' ' || i.description)) @@ plainto_tsquery('french', catalogue_fold(?))`)
		args = append(args, q)
	}
	return strings.Join(conds, " AND "), args
}

func limitOf(f Filter) int {
	if f.Limit <= 0 || f.Limit > 200 {
		return 50
	}
	return f.Limit
}

// Public lists what anyone may see: SEAO notices and the bodies' public opportunities, closing soonest
// first (then the newest). It reads without a tenant or an enterprise: row-level security shows only
// public opportunities.
func (s *Service) Public(ctx context.Context, f Filter) ([]ItemView, error) {
	return s.list(ctx, Viewer{}, f)
}

// Visible lists what an enterprise (or an invitation link's holder) may see: everything public plus the
// register and invited opportunities the policies show it.
func (s *Service) Visible(ctx context.Context, v Viewer, f Filter) ([]ItemView, error) {
	return s.list(ctx, v, f)
}

func (s *Service) list(ctx context.Context, v Viewer, f Filter) ([]ItemView, error) {
	where, args := filterSQL(f, s.now())
	q := `SELECT to_jsonb(i)::text FROM (` + noticeItems + ` UNION ALL ` + opportunityItems + `) i WHERE ` + where +
		` ORDER BY (i.closes_at IS NULL OR i.closes_at < ?), i.closes_at, i.published_at DESC, i.id LIMIT ?`
	args = append(args, s.now(), limitOf(f))
	var out []ItemView
	err := s.readAs(ctx, v, func(tx *gorm.DB) error {
		return s.scanJSON(ctx, tx.Raw(q, args...), func(b []byte) error {
			var it ItemView
			if err := json.Unmarshal(b, &it); err != nil {
				return err
			}
			out = append(out, it)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("opportunities: %w", err)
	}
	return out, nil
}

// Item returns one notice or opportunity if the viewer may see it; NotFound otherwise, the same answer
// as for an id that does not exist.
func (s *Service) Item(ctx context.Context, v Viewer, id uuid.UUID) (ItemView, error) {
	var out []ItemView
	q := `SELECT to_jsonb(i)::text FROM (` + noticeItems + ` WHERE n.id = ? UNION ALL ` + opportunityItems +
		` WHERE o.id = ? AND o.status <> 'draft') i`
	err := s.readAs(ctx, v, func(tx *gorm.DB) error {
		return s.scanJSON(ctx, tx.Raw(q, id, id), func(b []byte) error {
			var it ItemView
			if err := json.Unmarshal(b, &it); err != nil {
				return err
			}
			out = append(out, it)
			return nil
		})
	})
	if err != nil {
		return ItemView{}, fmt.Errorf("opportunity %s: %w", id, err)
	}
	if len(out) == 0 {
		return ItemView{}, errs.E(errs.NotFound, "opportunities.err.not_found")
	}
	return out[0], nil
}

// Matches lists a user's matches (every alert), closing soonest first, each with its reasons and the
// name of the alert; the visibility policies apply as for the enterprise the user owns.
func (s *Service) Matches(ctx context.Context, userID uuid.UUID, f Filter) ([]ItemView, error) {
	ent, err := s.EnterpriseOf(ctx, userID)
	if err != nil {
		return nil, err
	}
	where, args := filterSQL(f, s.now())
	q := `SELECT to_jsonb(i)::text FROM (
		SELECT DISTINCT ON (x.id) x.*, m.score, m.reasons, sub.name AS alert
		  FROM (` + noticeItems + ` UNION ALL ` + opportunityItems + `) x
		  JOIN alert_matches m ON m.item_id = x.id
		  JOIN subscriptions sub ON sub.id = m.subscription_id AND sub.user_id = ? AND (?::uuid IS NULL OR sub.id = ?::uuid)
		 ORDER BY x.id, m.score DESC) i
		WHERE ` + where + ` ORDER BY (i.closes_at IS NULL OR i.closes_at < ?), i.closes_at, i.score DESC, i.id LIMIT ?`
	var only any
	if f.Subscription != uuid.Nil {
		only = f.Subscription
	}
	args = append([]any{userID, only, only}, args...)
	args = append(args, s.now(), limitOf(f))
	var out []ItemView
	err = s.readAs(ctx, Viewer{UserID: userID, EnterpriseID: ent}, func(tx *gorm.DB) error {
		return s.scanJSON(ctx, tx.Raw(q, args...), func(b []byte) error {
			var it ItemView
			if err := json.Unmarshal(b, &it); err != nil {
				return err
			}
			out = append(out, it)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("matches: %w", err)
	}
	return out, nil
}

// CodeTitles returns the titles of UNSPSC codes in a language, from the reference list (segments,
// families, classes where shipped); codes without a title are absent.
func (s *Service) CodeTitles(ctx context.Context, codes []string, lang string) (map[string]string, error) {
	col := "title_fr"
	if lang == "en" {
		col = "title_en"
	}
	var rows []struct{ Code, Title string }
	if err := s.db.WithContext(ctx).Raw(`SELECT code, `+col+` AS title FROM unspsc_codes WHERE code IN (SELECT jsonb_array_elements_text(?::jsonb))`,
		jsonArray(codes)).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("unspsc titles: %w", err)
	}
	out := make(map[string]string, len(rows))
	for _, r := range rows {
		if strings.TrimSpace(r.Title) != "" {
			out[r.Code] = r.Title
		}
	}
	return out, nil
}
