package suppliers

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/errs"
	"maillage/tenants"
)

// Filter narrows and orders a register listing.
type Filter struct {
	Q        string   // words; each must match a name, the quebec.NEQ or the products (accents, case and small typos ignored)
	Status   State    // "" = any
	Category string   // UNSPSC code of a segment, family or class: suppliers with a code under it
	Region   string   // region of the establishment
	MRC      string   // MRC of the establishment
	EES      *bool    // social economy enterprise
	Adapted  *bool    // entreprise adaptée
	Local    string   // when set, only suppliers established in this region (the body's own)
	DocState DocState // "" = any
	Today    time.Time
	Sort     string // "name" (default), "-name", "updated" (newest first), "relevance" (with Q)
	Limit    int    // 1–200, default 50
	Offset   int
}

// Page is one page of a listing.
type Page struct {
	Items      []Supplier
	Total      int64
	NextOffset int // 0 on the last page
}

// maxWords bounds the work a query can ask for.
const maxWords = 6

// docStateSQL computes a supplier's document state in SQL, like Overall: the worst
// over the required types of the body and the types it holds, the document expiring
// last counting for each type. ?1 is today, ?2 the default warning window.
const docStateSQL = `(SELECT CASE
	WHEN bool_or(d.last < CAST(@today AS date)) THEN 'expired'
	WHEN bool_or(d.last IS NULL) THEN 'missing'
	WHEN bool_or(d.last <= CAST(@today AS date) + d.warn) THEN 'expiring'
	ELSE 'valid' END
  FROM (SELECT k.code, coalesce(dt.warn_days, 30) AS warn,
          (SELECT max(coalesce(x.expires_on, 'infinity'::date)) FROM (
             SELECT sd.expires_on FROM supplier_documents sd WHERE sd.tenant_id = s.tenant_id AND sd.supplier_id = s.id AND sd.type = k.code
             UNION ALL
             SELECT ed.expires_on FROM enterprise_documents ed WHERE ed.enterprise_id = s.enterprise_id AND ed.type = k.code) x) AS last
        FROM (SELECT code FROM supplier_document_types WHERE tenant_id = s.tenant_id AND required
              UNION SELECT type FROM supplier_documents WHERE tenant_id = s.tenant_id AND supplier_id = s.id
              UNION SELECT type FROM enterprise_documents WHERE enterprise_id = s.enterprise_id) k
        LEFT JOIN supplier_document_types dt ON dt.tenant_id = s.tenant_id AND dt.code = k.code) d)`

// List returns a page of the tenant's register. Words are first looked up as they are
// typed (accents and case folded, anywhere in names, NEQ or products); only when that
// finds nothing does the search retry with typo tolerance on names (trigram word
// similarity), which costs more per row.
func (st *Store) List(ctx context.Context, tenantID uuid.UUID, f Filter) (Page, error) {
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	if f.Offset < 0 {
		f.Offset = 0
	}
	if f.Today.IsZero() {
		f.Today = st.now()
	}
	p, err := st.list(ctx, tenantID, f, false)
	if err != nil || p.Total > 0 || strings.TrimSpace(f.Q) == "" {
		return p, err
	}
	return st.list(ctx, tenantID, f, true)
}

func (st *Store) list(ctx context.Context, tenantID uuid.UUID, f Filter, fuzzy bool) (Page, error) {
	q, args, err := f.Query(tenantID, fuzzy)
	if err != nil {
		return Page{}, err
	}
	var rows []supplierRow
	err = tenants.ReadTx(ctx, st.db, tenantID, func(tx *gorm.DB) error {
		if fuzzy {
			// A lower threshold than the default 0.6 lets a misspelt word ("deneigment") match.
			if err := tx.Exec(`SET LOCAL pg_trgm.word_similarity_threshold = 0.45`).Error; err != nil {
				return err
			}
		}
		rs, err := tx.Raw(q, args).Rows()
		if err != nil {
			return err
		}
		defer rs.Close()
		for rs.Next() {
			var r supplierRow
			if err := rs.Scan(r.targets()...); err != nil {
				return err
			}
			rows = append(rows, r)
		}
		return rs.Err()
	})
	if err != nil {
		return Page{}, fmt.Errorf("list suppliers: %w", err)
	}
	p := Page{Items: make([]Supplier, 0, len(rows))}
	for _, r := range rows {
		p.Items = append(p.Items, r.supplier())
		p.Total = r.Total
	}
	if int64(f.Offset+len(rows)) < p.Total {
		p.NextOffset = f.Offset + len(rows)
	}
	return p, nil
}

// Query is the listing's SQL with named (@name) arguments, exact or fuzzy; it is what
// List runs, exported so that the benchmark can run the very same query with pgx.
func (f Filter) Query(tenantID uuid.UUID, fuzzy bool) (string, map[string]any, error) {
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	where, args, order, err := f.sql(tenantID, fuzzy)
	if err != nil {
		return "", nil, err
	}
	return `SELECT ` + supplierCols + `, count(*) OVER () AS total FROM suppliers s WHERE ` + where +
		` ORDER BY ` + order + fmt.Sprintf(` LIMIT %d OFFSET %d`, f.Limit, max(0, f.Offset)), args, nil
}

// sql builds the WHERE clause (named parameters), its arguments and the ORDER BY.
func (f Filter) sql(tenantID uuid.UUID, fuzzy bool) (string, map[string]any, string, error) {
	conds := []string{"s.tenant_id = @tenant"}
	args := map[string]any{"tenant": tenantID, "today": dayString(f.Today)}
	words := strings.Fields(f.Q)
	if len(words) > maxWords {
		words = words[:maxWords]
	}
	for i, w := range words {
		name := fmt.Sprintf("w%d", i)
		args[name] = w
		args[name+"like"] = "%" + likeEscape(w) + "%"
		if !fuzzy || strings.ContainsAny(w, "0123456789") { // codes and numbers match exactly, never "nearly"
			conds = append(conds, fmt.Sprintf(`s.search_text LIKE f_unaccent(lower(@%slike))`, name))
			continue
		}
		conds = append(conds, fmt.Sprintf(`(s.search_text LIKE f_unaccent(lower(@%[1]slike)) OR f_unaccent(lower(@%[1]s)) <%% s.search_name)`, name))
	}
	if f.Status != "" {
		if !f.Status.Valid() {
			return "", nil, "", errs.E(errs.Invalid, "suppliers.status_unknown").With(map[string]any{"Value": string(f.Status)})
		}
		conds, args["status"] = append(conds, "s.status = @status"), string(f.Status)
	}
	if f.Category != "" {
		prefix := strings.TrimRight(f.Category, "0")
		if len(f.Category) != 8 || !unspscRe.MatchString(f.Category) || prefix == "" {
			return "", nil, "", errs.E(errs.Invalid, "suppliers.unspsc_unknown").With(map[string]any{"Value": f.Category})
		}
		if len(prefix)%2 == 1 {
			prefix += "0"
		}
		conds, args["cat"] = append(conds, "EXISTS (SELECT 1 FROM unnest(s.unspsc) c WHERE c LIKE @cat)"), prefix+"%"
	}
	if f.Region != "" {
		conds, args["region"] = append(conds, "s.region_code = @region"), f.Region
	}
	if f.MRC != "" {
		conds, args["mrc"] = append(conds, "s.mrc_code = @mrc"), f.MRC
	}
	if f.EES != nil {
		conds, args["ees"] = append(conds, "s.ees = @ees"), *f.EES
	}
	if f.Adapted != nil {
		conds, args["adapted"] = append(conds, "s.adapted = @adapted"), *f.Adapted
	}
	if f.Local != "" {
		conds, args["local"] = append(conds, "s.quebec_establishment AND s.region_code = @local"), f.Local
	}
	if f.DocState != "" {
		if rank(f.DocState) < 0 {
			return "", nil, "", errs.E(errs.Invalid, "suppliers.doc_state_unknown").With(map[string]any{"Value": string(f.DocState)})
		}
		conds, args["docstate"] = append(conds, "coalesce("+docStateSQL+", 'valid') = @docstate"), string(f.DocState)
	}
	order := "s.legal_name, s.id"
	switch f.Sort {
	case "", "name":
	case "-name":
		order = "s.legal_name DESC, s.id DESC"
	case "updated":
		order = "s.updated_at DESC, s.id"
	case "relevance":
		if len(words) > 0 {
			// Names that start with the words first, then the closest names (fuzzy search).
			args["q"] = strings.Join(words, " ")
			args["qprefix"] = likeEscape(strings.Join(words, " ")) + "%"
			order = "s.search_name LIKE f_unaccent(lower(@qprefix)) DESC, s.legal_name, s.id"
			if fuzzy {
				order = "word_similarity(f_unaccent(lower(@q)), s.search_name) DESC, s.legal_name, s.id"
			}
		}
	default:
		return "", nil, "", errs.E(errs.Invalid, "suppliers.sort_unknown").With(map[string]any{"Value": f.Sort})
	}
	return strings.Join(conds, " AND "), args, order, nil
}

func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

func dayString(t time.Time) string { return Day(t).Format(time.DateOnly) }
