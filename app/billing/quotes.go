package billing

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/audit"
	"maillage/app/errs"
	"maillage/tenants"
)

// QuoteValidity is how long a quote holds its price.
const QuoteValidity = 30 * 24 * time.Hour

// Quote is a priced offer for one year of a plan.
type Quote struct {
	ID         uuid.UUID  `json:"id"`
	Number     string     `json:"number"`
	PlanCode   string     `json:"plan_code"`
	Amounts    Amounts    `json:"amounts"`
	IssuedOn   time.Time  `json:"issued_on"`
	ValidUntil time.Time  `json:"valid_until"`
	AcceptedAt *time.Time `json:"accepted_at,omitempty"`
	PONumber   string     `json:"po_number,omitempty"`
}

// Expired reports whether the quote can no longer be accepted at now.
func (q Quote) Expired(now time.Time) bool {
	return q.AcceptedAt == nil && now.After(q.ValidUntil.Add(24*time.Hour))
}

type quoteRow struct {
	ID          uuid.UUID
	Number      string
	PlanCode    string
	AnnualCents int64
	GstCents    int64
	QstCents    int64
	IssuedOn    time.Time
	ValidUntil  time.Time
	AcceptedAt  *time.Time
	PoNumber    string
}

func (r quoteRow) quote() Quote {
	return Quote{ID: r.ID, Number: r.Number, PlanCode: r.PlanCode, IssuedOn: r.IssuedOn, ValidUntil: r.ValidUntil, AcceptedAt: r.AcceptedAt,
		PONumber: r.PoNumber, Amounts: Amounts{SubtotalCents: r.AnnualCents, GSTCents: r.GstCents, QSTCents: r.QstCents,
			TotalCents: r.AnnualCents + r.GstCents + r.QstCents}}
}

const quoteColumns = `id, number, plan_code, annual_cents, gst_cents, qst_cents, issued_on, valid_until, accepted_at, po_number`

// CreateQuote issues a quote for the plan, audited.
func (s *Store) CreateQuote(ctx context.Context, tenantID uuid.UUID, plan Plan) (Quote, error) {
	now := s.now()
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	a := WithTaxes(plan.AnnualCents)
	q := Quote{ID: uuid.New(), PlanCode: plan.Code, Amounts: a, IssuedOn: day, ValidUntil: day.Add(QuoteValidity)}
	err := tenants.Tx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Raw(`SELECT nextval('quote_number_seq')`).Row().Scan(&n); err != nil {
			return fmt.Errorf("quote number: %w", err)
		}
		q.Number = fmt.Sprintf("S-%d-%05d", day.Year(), n)
		if err := tx.Exec(`INSERT INTO billing_quotes (tenant_id, id, number, plan_code, annual_cents, gst_cents, qst_cents, issued_on, valid_until)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, tenantID, q.ID, q.Number, plan.Code, a.SubtotalCents, a.GSTCents, a.QSTCents, q.IssuedOn, q.ValidUntil).Error; err != nil {
			return fmt.Errorf("insert quote: %w", err)
		}
		return audit.Tenant(ctx, tx, tenantID, audit.Entry{Action: "quote.create", ObjectType: "quote", ObjectID: q.Number, After: q})
	})
	if err != nil {
		return Quote{}, fmt.Errorf("create quote: %w", err)
	}
	return q, nil
}

// Quotes lists the body's quotes, newest first.
func (s *Store) Quotes(ctx context.Context, tenantID uuid.UUID) ([]Quote, error) {
	var rows []quoteRow
	err := tenants.ReadTx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		return tx.Raw(`SELECT `+quoteColumns+` FROM billing_quotes WHERE tenant_id = ? ORDER BY created_at DESC, number DESC`, tenantID).Scan(&rows).Error
	})
	if err != nil {
		return nil, fmt.Errorf("list quotes: %w", err)
	}
	out := make([]Quote, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.quote())
	}
	return out, nil
}

// Quote finds one of the body's quotes; another body's is NotFound.
func (s *Store) Quote(ctx context.Context, tenantID, id uuid.UUID) (Quote, error) {
	var rows []quoteRow
	err := tenants.ReadTx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		return tx.Raw(`SELECT `+quoteColumns+` FROM billing_quotes WHERE tenant_id = ? AND id = ?`, tenantID, id).Scan(&rows).Error
	})
	if err != nil {
		return Quote{}, fmt.Errorf("read quote: %w", err)
	}
	if len(rows) == 0 {
		return Quote{}, errs.E(errs.NotFound, "billing.quote_not_found")
	}
	return rows[0].quote(), nil
}

var poRE = regexp.MustCompile(`^[\p{L}\p{N} ./_#-]{1,60}$`)

// NormalizePO trims a purchase-order number and checks it: 1 to 60 letters, digits, spaces and . / _ # -.
func NormalizePO(po string) (string, error) {
	po = strings.Join(strings.Fields(po), " ")
	if !poRE.MatchString(po) {
		return "", (&errs.Validation{}).ErrWith("po_number", "billing.err.po_number", nil)
	}
	return po, nil
}
