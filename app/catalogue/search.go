package catalogue

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
)

// SearchParams is what a buyer asks: words, facet filters (several values of one facet are
// alternatives), and a page.
type SearchParams struct {
	Q            string   `json:"q"`
	Regions      []string `json:"region"`
	MRCs         []string `json:"mrc"`
	Municipality []string `json:"municipality"`
	Sectors      []string `json:"sector"`
	Segments     []string `json:"unspsc_segment"`
	LegalForms   []string `json:"legal_form"`
	Adapted      *bool    `json:"adapted"`
	WithRetired  bool     `json:"-"` // stewards only
	Fuzzy        bool     `json:"-"` // also match names by trigram similarity (typos); Search sets it when the words alone find nothing
	Page         int      `json:"page"`
	PerPage      int      `json:"per_page"`
}

// Facet names, in display order.
const (
	FacetRegion       = "region"
	FacetMRC          = "mrc"
	FacetMunicipality = "municipality"
	FacetSector       = "sector"
	FacetSegment      = "unspsc_segment"
	FacetLegalForm    = "legal_form"
	FacetAdapted      = "adapted"
)

// FacetNames lists the facets in display order.
func FacetNames() []string {
	return []string{FacetRegion, FacetMRC, FacetMunicipality, FacetSector, FacetSegment, FacetLegalForm, FacetAdapted}
}

// FacetValue is one value of a facet with the number of matching entries.
type FacetValue struct {
	Value   string `json:"value"`
	LabelFR string `json:"label_fr,omitempty"`
	LabelEN string `json:"label_en,omitempty"`
	Count   int    `json:"count"`
}

// Hit is one found entry with its relevance.
type Hit struct {
	Entry
	Rank float64 `json:"rank"`
}

// SearchResult is one page of results and the facet counts of the whole result set.
type SearchResult struct {
	Total   int                     `json:"total"`
	Page    int                     `json:"page"`
	PerPage int                     `json:"per_page"`
	Hits    []Hit                   `json:"hits"`
	Facets  map[string][]FacetValue `json:"facets"`
}

// MaxPerPage bounds a page.
const MaxPerPage = 50

func (p *SearchParams) normalise() {
	p.Q = strings.TrimSpace(p.Q)
	if len(p.Q) > 200 {
		p.Q = p.Q[:200]
	}
	if p.Page < 1 {
		p.Page = 1
	}
	if p.PerPage < 1 {
		p.PerPage = 20
	}
	p.PerPage = min(p.PerPage, MaxPerPage)
}

// SearchSQL builds the one statement a search runs, with its arguments. It is exported so
// that the benchmark can run exactly the same SQL straight through pgx, side by side with the
// endpoint. Placeholders are $n.
//
// Matching: the French full-text document (names weigh most, then products and sectors, then
// places, then the description); with Fuzzy, OR a trigram word similarity on the names for
// typos. Both conditions use their GIN index; the catalogue is outside RLS, so they can.
func SearchSQL(p SearchParams) (string, []any) {
	p.normalise()
	var where []string
	args := []any{p.Q}
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	if !p.WithRetired {
		where = append(where, "e.status = 'active'")
	}
	rank := "0::real"
	switch {
	case p.Q != "" && p.Fuzzy:
		where = append(where, "(e.search @@ q.ts OR q.raw <% e.search_names)")
		rank = "ts_rank(e.search, q.ts) + word_similarity(q.raw, e.search_names)"
	case p.Q != "":
		where = append(where, "e.search @@ q.ts")
		rank = "ts_rank(e.search, q.ts)"
	}
	// Filters are typed array parameters: the planner then knows their size and combines the
	// btree and GIN indexes (a jsonb-unpacking subquery made it guess 100 values and scan).
	in := func(col, typ string, vals []string) {
		if len(vals) > 0 {
			where = append(where, col+" = ANY("+arg(vals)+"::"+typ+"[])")
		}
	}
	overlap := func(col string, vals []string) {
		if len(vals) > 0 {
			where = append(where, col+" && "+arg(vals)+"::text[]")
		}
	}
	in("e.region_code", "char(2)", p.Regions)
	in("e.mrc_code", "text", p.MRCs)
	in("e.municipality_code", "text", p.Municipality)
	in("e.legal_form", "text", p.LegalForms)
	overlap("e.sectors", p.Sectors)
	overlap("e.unspsc_segments", p.Segments)
	if p.Adapted != nil {
		where = append(where, "e.adapted = "+arg(*p.Adapted))
	}
	if len(where) == 0 {
		where = append(where, "true")
	}
	limit, offset := arg(p.PerPage), arg((p.Page-1)*p.PerPage)
	sql := `WITH q AS (SELECT websearch_to_tsquery('french', catalogue_fold($1)) AS ts, catalogue_fold($1) AS raw),
m AS MATERIALIZED (
  SELECT e.id, e.name, e.region_code, e.mrc_code, e.municipality_code, e.sectors, e.unspsc_segments, e.legal_form, e.adapted,
         ` + rank + ` AS rank
    FROM catalogue_entries e CROSS JOIN q
   WHERE ` + strings.Join(where, " AND ") + `
),
page AS (SELECT id, rank, name FROM m ORDER BY rank DESC, name, id LIMIT ` + limit + ` OFFSET ` + offset + `)
SELECT jsonb_build_object(
  'total', (SELECT count(*) FROM m),
  'hits', (SELECT coalesce(jsonb_agg((to_jsonb(e) - 'search' - 'search_names')
                 || jsonb_build_object('municipality_name', mu.name, 'rank', p.rank) ORDER BY p.rank DESC, p.name, p.id), '[]')
             FROM page p JOIN catalogue_entries e ON e.id = p.id JOIN municipalities mu ON mu.code = e.municipality_code),
  'region', (SELECT jsonb_agg(jsonb_build_array(r.code, r.name, r.name, f.n) ORDER BY f.n DESC, r.code)
               FROM (SELECT region_code, count(*) n FROM m GROUP BY 1) f JOIN regions r ON r.code = f.region_code),
  'mrc', (SELECT jsonb_agg(jsonb_build_array(x.code, x.name, x.name, f.n) ORDER BY f.n DESC, x.code)
            FROM (SELECT mrc_code, count(*) n FROM m WHERE mrc_code IS NOT NULL GROUP BY 1) f JOIN mrcs x ON x.code = f.mrc_code),
  'municipality', (SELECT jsonb_agg(jsonb_build_array(x.code, x.name, x.name, f.n) ORDER BY f.n DESC, x.code)
            FROM (SELECT municipality_code, count(*) n FROM m GROUP BY 1 ORDER BY 2 DESC LIMIT 30) f JOIN municipalities x ON x.code = f.municipality_code),
  'sector', (SELECT jsonb_agg(jsonb_build_array(s.code, s.name_fr, s.name_en, f.n) ORDER BY f.n DESC, s.position)
            FROM (SELECT u, count(*) n FROM m, unnest(m.sectors) u GROUP BY 1) f JOIN catalogue_sectors s ON s.code = f.u),
  'unspsc_segment', (SELECT jsonb_agg(jsonb_build_array(f.u, coalesce(c.title_fr, ''), coalesce(c.title_en, ''), f.n) ORDER BY f.n DESC, f.u)
            FROM (SELECT u, count(*) n FROM m, unnest(m.unspsc_segments) u GROUP BY 1) f LEFT JOIN unspsc_codes c ON c.code = f.u),
  'legal_form', (SELECT jsonb_agg(jsonb_build_array(legal_form, '', '', n) ORDER BY n DESC, legal_form)
            FROM (SELECT legal_form, count(*) n FROM m GROUP BY 1) f),
  'adapted', (SELECT jsonb_agg(jsonb_build_array(adapted::text, '', '', n) ORDER BY adapted DESC)
            FROM (SELECT adapted, count(*) n FROM m GROUP BY 1) f)
)::text`
	return sql, args
}

// Search runs a search. When the words find nothing (a typo, a misspelt name), it searches
// again with trigram similarity on the names: typo tolerance costs a second query only when
// it is needed, and exact words are never outranked by near misses.
func (s *Store) Search(ctx context.Context, p SearchParams) (SearchResult, error) {
	res, err := s.search(ctx, p)
	if err == nil && res.Total == 0 && strings.TrimSpace(p.Q) != "" && !p.Fuzzy {
		p.Fuzzy = true
		return s.search(ctx, p)
	}
	return res, err
}

func (s *Store) search(ctx context.Context, p SearchParams) (SearchResult, error) {
	p.normalise()
	sql, args := SearchSQL(p)
	// Straight to database/sql: the statement uses $n placeholders, which GORM's Raw does not bind.
	sqlDB, err := s.db.DB()
	if err != nil {
		return SearchResult{}, fmt.Errorf("search catalogue: %w", err)
	}
	var raw string
	if err := sqlDB.QueryRowContext(ctx, sql, args...).Scan(&raw); err != nil {
		return SearchResult{}, fmt.Errorf("search catalogue: %w", err)
	}
	res, err := DecodeSearch([]byte(raw))
	if err != nil {
		return SearchResult{}, err
	}
	res.Page, res.PerPage = p.Page, p.PerPage
	return res, nil
}

// DecodeSearch reads the JSON document SearchSQL returns.
func DecodeSearch(raw []byte) (SearchResult, error) {
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(raw, &doc); err != nil {
		return SearchResult{}, fmt.Errorf("decode search: %w", err)
	}
	res := SearchResult{Facets: map[string][]FacetValue{}}
	if err := json.Unmarshal(doc["total"], &res.Total); err != nil {
		return SearchResult{}, fmt.Errorf("decode search total: %w", err)
	}
	var hits []json.RawMessage
	if err := json.Unmarshal(doc["hits"], &hits); err != nil {
		return SearchResult{}, fmt.Errorf("decode search hits: %w", err)
	}
	for _, h := range hits {
		var r struct {
			dbRow
			Rank float64 `json:"rank"`
		}
		if err := json.Unmarshal(h, &r); err != nil {
			return SearchResult{}, fmt.Errorf("decode search hit: %w", err)
		}
		e, err := r.dbRow.entry()
		if err != nil {
			return SearchResult{}, err
		}
		res.Hits = append(res.Hits, Hit{Entry: e, Rank: r.Rank})
	}
	for _, f := range FacetNames() {
		var rows [][4]any
		if len(doc[f]) > 0 && string(doc[f]) != "null" {
			if err := json.Unmarshal(doc[f], &rows); err != nil {
				return SearchResult{}, fmt.Errorf("decode facet %s: %w", f, err)
			}
		}
		vals := make([]FacetValue, 0, len(rows))
		for _, r := range rows {
			v := FacetValue{Value: fmt.Sprint(r[0]), LabelFR: fmt.Sprint(r[1]), LabelEN: fmt.Sprint(r[2])}
			if n, ok := r[3].(float64); ok {
				v.Count = int(n)
			}
			vals = append(vals, v)
		}
		res.Facets[f] = vals
	}
	return res, nil
}
