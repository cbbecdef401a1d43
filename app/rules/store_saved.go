package rules

import (
	"context"
	"encoding/base64"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/errs"
	"maillage/tenants"
)

// SavedAdvice is an answer as it was given, kept so the decision can be shown later (and, from issue 16,
// published as an opportunity to the suppliers it ranked).
type SavedAdvice struct {
	ID         uuid.UUID  `json:"id"`
	Purchase   Purchase   `json:"purchase"`
	Advice     Advice     `json:"advice"`
	CreatedAt  time.Time  `json:"created_at"`
	CreatedBy  *uuid.UUID `json:"created_by,omitempty"`
	AuthorName string     `json:"author_name,omitempty"`
}

// RankedSupplierIDs returns the ids of the suppliers the answer ranked, best first.
func (sa SavedAdvice) RankedSupplierIDs() []uuid.UUID {
	out := make([]uuid.UUID, 0, len(sa.Advice.Ranked))
	for _, r := range sa.Advice.Ranked {
		if id, err := uuid.Parse(r.SupplierID); err == nil {
			out = append(out, id)
		}
	}
	return out
}

// AdviceSummary is one saved answer in a list: what was asked and the procedure answered, without the
// supplier lines (reading those means decompressing every answer).
type AdviceSummary struct {
	ID         uuid.UUID  `json:"id"`
	Object     string     `json:"object"`
	Category   string     `json:"category"`
	Nature     Nature     `json:"nature"`
	Amount     Cents      `json:"amount_cents"`
	Options    Cents      `json:"options_cents"`
	Expense    Cents      `json:"expense_cents"` // 0 for answers saved before net taxes were compared
	LaunchDate time.Time  `json:"launch_date"`
	Procedure  Procedure  `json:"procedure"`
	LawOnly    bool       `json:"law_only"`
	CreatedAt  time.Time  `json:"created_at"`
	CreatedBy  *uuid.UUID `json:"created_by,omitempty"`
	AuthorName string     `json:"author_name,omitempty"`
}

// AdviceFilter selects saved answers: by author ("Mes avis"), newest first, a page at a time.
type AdviceFilter struct {
	Author *uuid.UUID
	Limit  int    // 1–200; 0 means 50
	Cursor string // from the previous page's next cursor
}

type adviceCursor struct {
	at time.Time
	id uuid.UUID
}

func (c adviceCursor) String() string {
	return base64.RawURLEncoding.EncodeToString([]byte(c.at.UTC().Format(time.RFC3339Nano) + "|" + c.id.String()))
}

func parseAdviceCursor(s string) (adviceCursor, error) {
	bad := (&errs.Validation{}).ErrWith("cursor", "rules.err.cursor_invalid", nil)
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return adviceCursor{}, bad
	}
	at, id, ok := strings.Cut(string(b), "|")
	var c adviceCursor
	if c.at, err = time.Parse(time.RFC3339Nano, at); !ok || err != nil {
		return adviceCursor{}, bad
	}
	if c.id, err = uuid.Parse(id); err != nil {
		return adviceCursor{}, bad
	}
	return c, nil
}

const adviceSummaryColumns = `p.id, p.object, p.category, p.nature, p.amount_cents, p.options_cents, coalesce(p.expense_cents, 0) AS expense_cents,
	p.planned_on AS launch_on, p.procedure, p.law_only, p.created_at, p.created_by, coalesce(nullif(u.name, ''), u.email::text, '') AS author_name`

type summaryRow struct {
	ID           uuid.UUID
	Object       string
	Category     string
	Nature       string
	AmountCents  int64
	OptionsCents int64
	ExpenseCents int64
	LaunchOn     time.Time
	Procedure    string
	LawOnly      bool
	CreatedAt    time.Time
	CreatedBy    *uuid.UUID
	AuthorName   string
	Answer       []byte
}

func (r summaryRow) summary() AdviceSummary {
	return AdviceSummary{ID: r.ID, Object: r.Object, Category: r.Category, Nature: Nature(r.Nature), Amount: Cents(r.AmountCents),
		Options: Cents(r.OptionsCents), Expense: Cents(r.ExpenseCents), LaunchDate: Truncate(r.LaunchOn), Procedure: Procedure(r.Procedure),
		LawOnly: r.LawOnly, CreatedAt: r.CreatedAt, CreatedBy: r.CreatedBy, AuthorName: r.AuthorName}
}

// ListAdvice lists the tenant's saved answers, newest first, with the cursor of the next page ("" on the last).
func (s *Store) ListAdvice(ctx context.Context, tenantID uuid.UUID, f AdviceFilter) ([]AdviceSummary, string, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	if limit > 200 {
		return nil, "", (&errs.Validation{}).ErrWith("limit", "errors.limit_invalid", nil)
	}
	var after *adviceCursor
	if f.Cursor != "" {
		c, err := parseAdviceCursor(f.Cursor)
		if err != nil {
			return nil, "", err
		}
		after = &c
	}
	var rows []summaryRow
	err := tenants.ReadTx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		q := tx.Table("purchase_advice p").Select(adviceSummaryColumns).Joins("LEFT JOIN users u ON u.id = p.created_by").
			Where("p.tenant_id = ?", tenantID)
		if f.Author != nil {
			q = q.Where("p.created_by = ?", *f.Author)
		}
		if after != nil {
			q = q.Where("(p.created_at, p.id) < (?, ?)", after.at, after.id)
		}
		return q.Order("p.created_at DESC, p.id DESC").Limit(limit + 1).Scan(&rows).Error
	})
	if err != nil {
		return nil, "", fmt.Errorf("list saved advice: %w", err)
	}
	next := ""
	if len(rows) > limit {
		rows = rows[:limit]
		last := rows[limit-1]
		next = adviceCursor{at: last.CreatedAt, id: last.ID}.String()
	}
	out := make([]AdviceSummary, len(rows))
	for i, r := range rows {
		out[i] = r.summary()
	}
	return out, next, nil
}

// SavedAdvice returns one saved answer, NotFound when the tenant has none with that id.
func (s *Store) SavedAdvice(ctx context.Context, tenantID, id uuid.UUID) (SavedAdvice, error) {
	var out SavedAdvice
	err := tenants.ReadTx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		var err error
		out, err = SavedAdviceTx(ctx, tx, tenantID, id)
		return err
	})
	return out, err
}

// SavedAdviceTx is SavedAdvice inside the caller's tenant transaction (for app/flows compositions).
func SavedAdviceTx(ctx context.Context, tx *gorm.DB, tenantID, id uuid.UUID) (SavedAdvice, error) {
	var rows []summaryRow
	if err := tx.WithContext(ctx).Table("purchase_advice p").Select(adviceSummaryColumns+", p.answer").
		Joins("LEFT JOIN users u ON u.id = p.created_by").Where("p.tenant_id = ? AND p.id = ?", tenantID, id).Scan(&rows).Error; err != nil {
		return SavedAdvice{}, fmt.Errorf("load saved advice: %w", err)
	}
	if len(rows) == 0 {
		return SavedAdvice{}, errs.E(errs.NotFound, "rules.err.advice_not_found")
	}
	r := rows[0]
	saved, err := decodeSaved(r.Answer)
	if err != nil {
		return SavedAdvice{}, fmt.Errorf("decode advice %s: %w", r.ID, err)
	}
	adv := saved.advice()
	p := Purchase{Object: r.Object, Category: r.Category, Nature: Nature(r.Nature), Amount: Cents(r.AmountCents), Options: Cents(r.OptionsCents),
		LaunchDate: Truncate(r.LaunchOn), AwardDate: adv.AwardDate}
	return SavedAdvice{ID: r.ID, Purchase: p, Advice: adv, CreatedAt: r.CreatedAt, CreatedBy: r.CreatedBy, AuthorName: r.AuthorName}, nil
}
