package opportunities

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/audit"
	"maillage/app/errs"
	"maillage/tenants"
)

// Question is a question about an opportunity and the body's answer. Answered questions are shown to
// everyone who can see the opportunity, without the asker's name; the asker sees its own before.
type Question struct {
	ID         uuid.UUID  `json:"id"`
	Question   string     `json:"question"`
	Answer     string     `json:"answer"`
	AskedAt    time.Time  `json:"asked_at"`
	AnsweredAt *time.Time `json:"answered_at"`
}

// Addendum is a change the body published to an opportunity.
type Addendum struct {
	ID        uuid.UUID `json:"id"`
	Body      string    `json:"body"`
	CreatedAt time.Time `json:"created_at"`
}

// Ask records a viewer's question about a body's opportunity it can see, before the questions deadline
// (or the closing when none).
func (s *Service) Ask(ctx context.Context, v Viewer, id uuid.UUID, question string) (Question, error) {
	question = strings.TrimSpace(question)
	if n := len([]rune(question)); n < 3 || n > 4000 {
		return Question{}, (&errs.Validation{Key: "opportunities.err.question_invalid"}).ErrWith("question", "opportunities.err.question_length", nil)
	}
	t, err := s.InterestTarget(ctx, v, id)
	if err != nil {
		return Question{}, err
	}
	var q Question
	err = tenants.Tx(ctx, s.db, t.TenantID, func(tx *gorm.DB) error {
		var open bool
		if err := tx.Raw(`SELECT status = 'open' AND coalesce(questions_until, closes_at, 'infinity') > ? FROM opportunities
			WHERE tenant_id = ? AND id = ?`, s.now(), t.TenantID, id).Row().Scan(&open); err != nil {
			return fmt.Errorf("question: %w", err)
		}
		if !open {
			return errs.E(errs.Conflict, "opportunities.err.questions_closed")
		}
		var ent, user any
		if v.EnterpriseID != uuid.Nil {
			ent = v.EnterpriseID
		}
		if v.UserID != uuid.Nil {
			user = v.UserID
		}
		if err := tx.Raw(`INSERT INTO opportunity_questions (tenant_id, opportunity_id, question, asked_by, asker_enterprise_id, asker_invitation_id)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id, question, answer, asked_at, answered_at`,
			t.TenantID, id, question, user, ent, t.InvitationID).Scan(&q).Error; err != nil {
			return fmt.Errorf("question: %w", err)
		}
		return audit.Tenant(ctx, tx, t.TenantID, audit.Entry{Action: "opportunity.question", ObjectType: "opportunity", ObjectID: id.String(), After: q})
	})
	return q, err
}

// Answer publishes the body's answer to a question (a buyer's action).
func (s *Service) Answer(ctx context.Context, tenantID, buyerID, oppID, questionID uuid.UUID, answer string) error {
	answer = strings.TrimSpace(answer)
	if n := len([]rune(answer)); n < 1 || n > 8000 {
		return (&errs.Validation{Key: "opportunities.err.answer_invalid"}).ErrWith("answer", "opportunities.err.answer_length", nil)
	}
	return tenants.Tx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		res := tx.Exec(`UPDATE opportunity_questions SET answer = ?, answered_by = ?, answered_at = ?
			WHERE tenant_id = ? AND opportunity_id = ? AND id = ?`, answer, buyerID, s.now(), tenantID, oppID, questionID)
		if res.Error != nil {
			return fmt.Errorf("answer: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return errs.E(errs.NotFound, "opportunities.err.not_found")
		}
		return audit.Tenant(ctx, tx, tenantID, audit.Entry{Action: "opportunity.answer", ObjectType: "opportunity", ObjectID: oppID.String(),
			After: map[string]string{"question": questionID.String(), "answer": answer}})
	})
}

// AddAddendum publishes a change to an opportunity (a buyer's action).
func (s *Service) AddAddendum(ctx context.Context, tenantID, buyerID, oppID uuid.UUID, body string) (Addendum, error) {
	body = strings.TrimSpace(body)
	if n := len([]rune(body)); n < 3 || n > 8000 {
		return Addendum{}, (&errs.Validation{Key: "opportunities.err.addendum_invalid"}).ErrWith("body", "opportunities.err.addendum_length", nil)
	}
	var a Addendum
	err := tenants.Tx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Raw(`SELECT count(*) FROM opportunities WHERE tenant_id = ? AND id = ?`, tenantID, oppID).Scan(&n).Error; err != nil {
			return err
		}
		if n == 0 {
			return errs.E(errs.NotFound, "opportunities.err.not_found")
		}
		if err := tx.Raw(`INSERT INTO opportunity_addenda (tenant_id, opportunity_id, body, created_by) VALUES (?, ?, ?, ?)
			RETURNING id, body, created_at`, tenantID, oppID, body, buyerID).Scan(&a).Error; err != nil {
			return fmt.Errorf("addendum: %w", err)
		}
		if err := tx.Exec(`UPDATE opportunities SET updated_at = now(), version = version + 1 WHERE tenant_id = ? AND id = ?`, tenantID, oppID).Error; err != nil {
			return err
		}
		return audit.Tenant(ctx, tx, tenantID, audit.Entry{Action: "opportunity.addendum", ObjectType: "opportunity", ObjectID: oppID.String(), After: a})
	})
	return a, err
}

// Discussion returns the addenda and the questions of an opportunity the viewer can see: through the
// row-level security policies (answered questions and the viewer's own), or all of them for the body's
// own members (tenantID set).
func (s *Service) Discussion(ctx context.Context, v Viewer, tenantID, oppID uuid.UUID) ([]Addendum, []Question, error) {
	var adds []Addendum
	var qs []Question
	read := func(tx *gorm.DB) error {
		if err := tx.Raw(`SELECT id, body, created_at FROM opportunity_addenda WHERE opportunity_id = ? ORDER BY created_at`, oppID).
			Scan(&adds).Error; err != nil {
			return err
		}
		return tx.Raw(`SELECT id, question, answer, asked_at, answered_at FROM opportunity_questions WHERE opportunity_id = ?
			ORDER BY asked_at`, oppID).Scan(&qs).Error
	}
	var err error
	if tenantID != uuid.Nil {
		err = tenants.ReadTx(ctx, s.db, tenantID, func(tx *gorm.DB) error { return read(tx) })
	} else {
		err = s.readAs(ctx, v, read)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("discussion: %w", err)
	}
	return adds, qs, nil
}
