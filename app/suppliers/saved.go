package suppliers

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/errs"
	"maillage/app/quebec"
	"maillage/tenants"
)

// SavedSearch is a register search a person named: the register page's filters, kept as a query string.
type SavedSearch struct {
	ID        uuid.UUID `json:"id"`
	Name      string    `json:"name"`
	Query     string    `json:"query"`
	CreatedAt time.Time `json:"created_at"`
}

// savedFilters are the register page's filters a saved search keeps (paging and formats are not searches).
var savedFilters = []string{"q", "status", "category", "region", "mrc", "ees", "adapted", "local", "doc_state", "sort"}

// SaveSearch names the filters of q for userID in the tenant. A second search of the same name replaces
// the first; an empty search (no filter) or a name too long is refused.
func (st *Store) SaveSearch(ctx context.Context, tenantID, userID uuid.UUID, name string, q url.Values) (SavedSearch, error) {
	var v errs.Validation
	v.Key = "suppliers.saved_search_invalid"
	name = strings.TrimSpace(name)
	if name == "" {
		v.Add("search_name", "suppliers.saved_search_name_required", nil)
	} else if utf8.RuneCountInString(name) > 120 {
		v.Add("search_name", "suppliers.saved_search_name_too_long", map[string]any{"Max": 120})
	}
	kept := url.Values{}
	for _, k := range savedFilters {
		if x := strings.TrimSpace(q.Get(k)); x != "" {
			kept.Set(k, x)
		}
	}
	if len(kept) == 0 {
		v.Add("search_name", "suppliers.saved_search_empty", nil)
	}
	if err := v.Err(); err != nil {
		return SavedSearch{}, err
	}
	out := SavedSearch{ID: uuid.New(), Name: name, Query: kept.Encode()}
	err := tenants.Tx(ctx, st.db, tenantID, func(tx *gorm.DB) error {
		if err := tx.Exec(`DELETE FROM saved_searches WHERE tenant_id = ? AND user_id = ? AND lower(name) = lower(?)`, tenantID, userID, name).Error; err != nil {
			return err
		}
		return tx.Raw(`INSERT INTO saved_searches (tenant_id, id, user_id, name, query) VALUES (?, ?, ?, ?, ?) RETURNING created_at`,
			tenantID, out.ID, userID, out.Name, out.Query).Row().Scan(&out.CreatedAt)
	})
	if err != nil {
		return SavedSearch{}, fmt.Errorf("save search: %w", err)
	}
	return out, nil
}

// SavedSearches lists a person's saved searches in the tenant, by name in French order (a handful per person:
// sorted here, the column keeps the cluster's collation).
func (st *Store) SavedSearches(ctx context.Context, tenantID, userID uuid.UUID) ([]SavedSearch, error) {
	var out []SavedSearch
	err := tenants.ReadTx(ctx, st.db, tenantID, func(tx *gorm.DB) error {
		return tx.Raw(`SELECT id, name, query, created_at FROM saved_searches WHERE tenant_id = ? AND user_id = ?`,
			tenantID, userID).Scan(&out).Error
	})
	if err != nil {
		return nil, fmt.Errorf("saved searches: %w", err)
	}
	quebec.SortNames(out, func(s SavedSearch) string { return s.Name })
	return out, nil
}

// DeleteSearch removes one of the person's saved searches (someone else's is not found).
func (st *Store) DeleteSearch(ctx context.Context, tenantID, userID, id uuid.UUID) error {
	return tenants.Tx(ctx, st.db, tenantID, func(tx *gorm.DB) error {
		res := tx.Exec(`DELETE FROM saved_searches WHERE tenant_id = ? AND user_id = ? AND id = ?`, tenantID, userID, id)
		if res.Error != nil {
			return fmt.Errorf("delete saved search: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return errs.E(errs.NotFound, "suppliers.saved_search_not_found")
		}
		return nil
	})
}
