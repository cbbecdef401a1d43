package catalogue

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"unicode"
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

// entryJSON builds a catalogue_entries row e (joined to its municipality mu) in the JSON shape
// of Entry.
const entryJSON = `jsonb_build_object('id', e.id, 'neq', e.neq, 'name', e.name, 'other_names', e.other_names, 'legal_form', e.legal_form, 'legal_form_evidence', e.legal_form_evidence,
  'ees', jsonb_build_object('criteria', e.ees_criteria, 'trust', e.ees_trust, 'verified_by', e.ees_verified_by, 'verified_at', e.ees_verified_at),
  'no_ristourne', e.no_ristourne, 'adapted', e.adapted,
  'address', jsonb_build_object('street', e.street, 'municipality_code', e.municipality_code, 'municipality_name', mu.name,
    'postal_code', e.postal_code, 'mrc_code', e.mrc_code, 'region_code', e.region_code),
  'regions_served', e.regions_served, 'sectors', e.sectors, 'unspsc', e.unspsc, 'products', e.products, 'description', e.description,
  'website', e.website, 'contact', jsonb_build_object('email', e.email, 'phone', e.phone),
  'source', jsonb_build_object('kind', e.source_kind, 'name', e.source_name, 'ref', e.source_ref),
  'last_verified', to_char(e.last_verified, 'YYYY-MM-DD"T00:00:00Z"'), 'status', e.status, 'merged_into', e.merged_into,
  'claimed_by', e.claimed_by, 'version', e.version, 'updated_at', e.updated_at)`

// MaxPerPage bounds a page.
const MaxPerPage = 50

// saintWord finds "St", "Ste", "St." as buyers abbreviate Saint and Sainte in place names.
var saintWord = regexp.MustCompile(`(?i)(^|[\s-])(st|ste)\.?($|[\s-])`)

func (p *SearchParams) normalise() {
	p.Q = strings.TrimSpace(p.Q)
	p.Q = saintWord.ReplaceAllStringFunc(p.Q, func(m string) string { // "coop sante st-tite" finds Saint-Tite
		g := saintWord.FindStringSubmatch(m)
		if strings.EqualFold(g[2], "ste") {
			return g[1] + "Sainte" + g[3]
		}
		return g[1] + "Saint" + g[3]
	})
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

// nameStartBonus ranks first the entries whose name begins with what the buyer typed: a
// "Friperie …" is a friperie; an "Alliance friperie" may be one too, but says it second.
const nameStartBonus = ` + CASE WHEN e.search_names LIKE q.raw || '%' THEN 0.1 ELSE 0 END`

// phraseBonus ranks first the entries that hold the words as the buyer wrote them, one after
// the other: "mobilier de bureau" is a product, and an enterprise called "… bureau" filed under
// "Construction, rénovation et mobilier" answers it less well than one that sells it.
const phraseBonus = ` + CASE WHEN e.search @@ q.phrase THEN 0.3 ELSE 0 END`

// fieldRelevance scores a match by where each word of the query is found, at its best place:
// in the name or the enterprise's own town (1), in what it sells (0.4), in its MRC or region
// (0.2), in its sectors' names or its description (0.1), averaged over the words (one-letter
// words such as "à" left out). "traiteur saguenay" thus puts the caterers of Saguenay first,
// then the enterprises of Saguenay that list catering, then the caterers elsewhere in the
// region, and a bakery of Saguenay (filed under "Alimentation et services de traiteur") after
// them. Words repeated in a long product list add nothing, and two entries that say the same
// thing in the same fields score the same whatever their lengths: the tie is then decided by
// what we know of them (below), not by how far apart PostgreSQL's ts_rank finds the words in
// the document. The fields are the weights of the search document (migration 0313); each test
// is one lookup in the entry's document.
func fieldRelevance(q string) string {
	n := wordSlots(q)
	terms := make([]string, 0, n)
	for i := 1; i <= n; i++ {
		terms = append(terms, fmt.Sprintf(`CASE WHEN q.a%d IS NULL THEN 0 WHEN e.search @@ q.a%[1]d THEN 1.0 WHEN e.search @@ q.b%[1]d THEN 0.4 WHEN e.search @@ q.c%[1]d THEN 0.2 WHEN e.search @@ q.d%[1]d THEN 0.1 ELSE 0 END`, i))
	}
	if len(terms) == 0 {
		return "0"
	}
	return "(" + strings.Join(terms, " + ") + ") / greatest(q.words, 1)"
}

// wordSlots bounds the number of words PostgreSQL finds in the query from its tokens: a
// hyphenated token gives its parts and the whole ("trois-rivieres", "trois", "rivieres").
// Each slot is a column of q (one value per query) and one term per row, written out: a
// subquery or an array subscript per row cost a third more at 100,000 entries.
func wordSlots(q string) int {
	n := 0
	for _, tok := range strings.FieldsFunc(q, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' }) {
		parts := len(strings.FieldsFunc(tok, func(r rune) bool { return r == '-' }))
		n += parts
		if parts > 1 {
			n++
		}
	}
	return min(n, 24)
}

// wordColumns are q's columns for fieldRelevance: the query's words as PostgreSQL stems them,
// each as four lookups (aN in the names or town, bN in the products, cN in the MRC or region,
// dN anywhere: a word of an "or" query, or of a typo, may be nowhere).
func wordColumns(q string) string {
	var b strings.Builder
	for i := 1; i <= wordSlots(q); i++ {
		for _, w := range []struct{ col, weight string }{{"a", ":A"}, {"b", ":B"}, {"c", ":C"}, {"d", ""}} {
			fmt.Fprintf(&b, ",\n  (quote_literal(w.lex[%d]) || '%s')::tsquery AS %s%[1]d", i, w.weight, w.col)
		}
	}
	return b.String()
}

// wordsCloseRank orders what is otherwise equal: words close together ("mobilier de bureau" as
// one product) before the same words scattered.
const wordsCloseRank = `ts_rank(e.search, q.ts)`

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
	rank, textRank := "0::real", "0::real"
	if p.Q != "" {
		textRank = wordsCloseRank
	}
	switch {
	case p.Q != "" && p.Fuzzy:
		where = append(where, "(e.search @@ q.ts OR q.raw <% e.search_terms)")
		rank = fieldRelevance(p.Q) + " + word_similarity(q.raw, e.search_terms)" + nameStartBonus + phraseBonus
	case p.Q != "":
		where = append(where, "e.search @@ q.ts")
		rank = fieldRelevance(p.Q) + nameStartBonus + phraseBonus
	}
	// Filters are typed array parameters: the planner then knows their size and combines the
	// btree and GIN indexes (a jsonb-unpacking subquery made it guess 100 values and scan).
	in := func(col, typ string, vals []string) {
		switch {
		case len(vals) == 1: // "=" can be answered inside the GIN index; "= ANY" cannot
			where = append(where, col+" = "+arg(vals[0])+"::"+typ)
		case len(vals) > 1:
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
		where = append(where, "e.adapted = "+arg(*p.Adapted)+"::boolean")
	}
	if len(where) == 0 {
		where = append(where, "true")
	}
	limit, offset, page := arg(p.PerPage), arg((p.Page-1)*p.PerPage), arg(p.Page)
	// The document is already in the API's shape (entries as catalogue.Entry, facets as
	// FacetValue), so the endpoint sends it as it comes: no decoding and re-encoding per request.
	// The query's words are computed once (w and q MATERIALIZED): inlined, their expressions
	// were planned, and could be evaluated, in every row's terms.
	sql := `WITH w AS MATERIALIZED (SELECT ARRAY(SELECT lexeme FROM unnest(to_tsvector('french', catalogue_fold($1))) WHERE length(lexeme) > 1) AS lex),
q AS MATERIALIZED (SELECT websearch_to_tsquery('french', catalogue_fold($1)) AS ts, catalogue_fold($1) AS raw, phraseto_tsquery('french', catalogue_fold($1)) AS phrase,
  cardinality(w.lex) AS words` + wordColumns(p.Q) + `
  FROM w),
m AS MATERIALIZED (
  SELECT e.id, e.name, e.name_key, e.region_code, e.mrc_code, e.municipality_code, e.sectors, e.unspsc_segments, e.legal_form, e.adapted,
         ` + rank + ` AS rank, ` + textRank + ` AS text_rank,
         (e.ees_trust = 'verified')::int * 2 + (e.neq IS NOT NULL)::int + (e.claimed_by IS NOT NULL)::int + least(cardinality(e.products), 4) * 0.5 AS known
    FROM catalogue_entries e CROSS JOIN q
   WHERE ` + strings.Join(where, " AND ") + `
),
-- Equal text relevance is frequent (a hundred "Friperie …" for "friperie"): the entries we know
-- best come first (criteria verified by a steward, registered with a NEQ, kept by the enterprise
-- itself, saying what they sell), then words close together,
-- then shorter names; and a name repeated in several towns does not fill the page: each repeat
-- ranks a little lower.
-- The page is the top of that order (a bounded sort: the whole order is never built; equal
-- scores are frequent, and comparing thousands of names in French order cost more than the rest).
page AS (SELECT id, score AS rank, name, row_number() OVER (ORDER BY score DESC, known DESC, text_rank DESC, length(name), name, id) AS ord FROM (
  SELECT * FROM (SELECT id, name, known, text_rank, rank - 0.05 * (row_number() OVER (PARTITION BY name_key ORDER BY rank DESC, known DESC, id) - 1) AS score FROM m) r
   ORDER BY score DESC, known DESC, text_rank DESC, length(name), name, id LIMIT ` + limit + ` OFFSET ` + offset + `) top),
n AS (SELECT count(*) AS total FROM m)
SELECT jsonb_build_object(
  'total', (SELECT total FROM n),
  'next_cursor', (SELECT CASE WHEN ` + page + `::int * ` + limit + `::int < total THEN (` + page + `::int + 1)::text ELSE '' END FROM n),
  'items', (SELECT coalesce(jsonb_agg(` + entryJSON + ` || jsonb_build_object('rank', p.rank) ORDER BY p.ord), '[]')
             FROM page p JOIN catalogue_entries e ON e.id = p.id JOIN municipalities mu ON mu.code = e.municipality_code),
  'facets', jsonb_build_object(
  'region', (SELECT coalesce(jsonb_agg(jsonb_build_object('value', r.code, 'label_fr', r.name, 'label_en', r.name, 'count', f.n) ORDER BY f.n DESC, r.code), '[]')
               FROM (SELECT region_code, count(*) n FROM m GROUP BY 1) f JOIN regions r ON r.code = f.region_code),
  'mrc', (SELECT coalesce(jsonb_agg(jsonb_build_object('value', x.code, 'label_fr', x.name, 'label_en', x.name, 'count', f.n) ORDER BY f.n DESC, x.code), '[]')
            FROM (SELECT mrc_code, count(*) n FROM m WHERE mrc_code IS NOT NULL GROUP BY 1) f JOIN mrcs x ON x.code = f.mrc_code),
  'municipality', (SELECT coalesce(jsonb_agg(jsonb_build_object('value', x.code, 'label_fr', x.name, 'label_en', x.name, 'count', f.n) ORDER BY f.n DESC, x.code), '[]')
            FROM (SELECT municipality_code, count(*) n FROM m GROUP BY 1 ORDER BY 2 DESC LIMIT 30) f JOIN municipalities x ON x.code = f.municipality_code),
  'sector', (SELECT coalesce(jsonb_agg(jsonb_build_object('value', s.code, 'label_fr', s.name_fr, 'label_en', s.name_en, 'count', f.n) ORDER BY f.n DESC, s.position), '[]')
            FROM (SELECT u, count(*) n FROM m, unnest(m.sectors) u GROUP BY 1) f JOIN catalogue_sectors s ON s.code = f.u),
  'unspsc_segment', (SELECT coalesce(jsonb_agg(jsonb_build_object('value', f.u, 'label_fr', coalesce(c.title_fr, ''), 'label_en', coalesce(c.title_en, ''), 'count', f.n) ORDER BY f.n DESC, f.u), '[]')
            FROM (SELECT u, count(*) n FROM m, unnest(m.unspsc_segments) u GROUP BY 1) f LEFT JOIN unspsc_codes c ON c.code = f.u),
  'legal_form', (SELECT coalesce(jsonb_agg(jsonb_build_object('value', legal_form, 'label_fr', '', 'label_en', '', 'count', n) ORDER BY n DESC, legal_form), '[]')
            FROM (SELECT legal_form, count(*) n FROM m GROUP BY 1) f),
  'adapted', (SELECT coalesce(jsonb_agg(jsonb_build_object('value', adapted::text, 'label_fr', '', 'label_en', '', 'count', n) ORDER BY adapted DESC), '[]')
            FROM (SELECT adapted, count(*) n FROM m GROUP BY 1) f))
)::text`
	return sql, args
}

// Search runs a search and decodes the page (for the HTML pages).
func (s *Store) Search(ctx context.Context, p SearchParams) (SearchResult, error) {
	p.normalise()
	raw, err := s.SearchJSON(ctx, p)
	if err != nil {
		return SearchResult{}, err
	}
	res, err := DecodeSearch(raw)
	if err != nil {
		return SearchResult{}, err
	}
	res.Page, res.PerPage = p.Page, p.PerPage
	return res, nil
}

// SearchJSON runs a search and returns the API document as PostgreSQL built it. When the words
// find nothing (a typo, a misspelt name), it searches again with trigram similarity on the
// names: typo tolerance costs a second query only when needed, and exact words are never
// outranked by near misses.
func (s *Store) SearchJSON(ctx context.Context, p SearchParams) ([]byte, error) {
	raw, err := s.searchOnce(ctx, p)
	if err != nil || strings.TrimSpace(p.Q) == "" || p.Fuzzy || !emptyResult(raw) {
		return raw, err
	}
	p.Fuzzy = true
	return s.searchOnce(ctx, p)
}

// emptyResult reports a document with no match, without decoding the whole document.
func emptyResult(raw []byte) bool {
	var head struct {
		Total int `json:"total"`
	}
	return json.Unmarshal(raw, &head) == nil && head.Total == 0
}

func (s *Store) searchOnce(ctx context.Context, p SearchParams) ([]byte, error) {
	sql, args := SearchSQL(p)
	// Straight to database/sql: the statement uses $n placeholders, which GORM's Raw does not bind.
	sqlDB, err := s.db.DB()
	if err != nil {
		return nil, fmt.Errorf("search catalogue: %w", err)
	}
	var raw []byte
	if err := sqlDB.QueryRowContext(ctx, sql, args...).Scan(&raw); err != nil {
		return nil, fmt.Errorf("search catalogue: %w", err)
	}
	return raw, nil
}

// DecodeSearch reads the JSON document SearchSQL returns.
func DecodeSearch(raw []byte) (SearchResult, error) {
	var doc struct {
		Total  int                     `json:"total"`
		Items  []Hit                   `json:"items"`
		Facets map[string][]FacetValue `json:"facets"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		return SearchResult{}, fmt.Errorf("decode search: %w", err)
	}
	return SearchResult{Total: doc.Total, Hits: doc.Items, Facets: doc.Facets}, nil
}
