package opportunities

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/audit"
	"maillage/app/errs"
)

// Frequencies of an alert's digest.
var Frequencies = []string{"daily", "weekly", "never"}

// Subscription is an enterprise's saved alert.
type Subscription struct {
	ID           uuid.UUID  `json:"id"`
	UserID       uuid.UUID  `json:"-"`
	EnterpriseID *uuid.UUID `json:"-"`
	Name         string     `json:"name"`
	UNSPSC       []string   `json:"unspsc"`
	Regions      []string   `json:"regions"`
	Keywords     []string   `json:"keywords"`
	Frequency    string     `json:"frequency"`
	Active       bool       `json:"active"`
	CreatedAt    time.Time  `json:"created_at"`
}

// SubscriptionInput is what a person sets on an alert.
type SubscriptionInput struct {
	Name      string   `json:"name"`
	UNSPSC    []string `json:"unspsc"`
	Regions   []string `json:"regions"`
	Keywords  []string `json:"keywords"`
	Frequency string   `json:"frequency"`
}

// normalize trims and de-duplicates, and validates against the reference codes (known UNSPSC codes,
// regions) given by the caller's store.
func (in *SubscriptionInput) normalize() {
	clean := func(xs []string) []string {
		var out []string
		for _, x := range xs {
			x = strings.Join(strings.Fields(x), " ")
			if x != "" && !slices.Contains(out, x) {
				out = append(out, x)
			}
		}
		return out
	}
	in.Name = strings.TrimSpace(in.Name)
	in.UNSPSC, in.Regions, in.Keywords = clean(in.UNSPSC), clean(in.Regions), clean(in.Keywords)
	if in.Frequency == "" {
		in.Frequency = "daily"
	}
}

func (s *Service) validateSubscription(ctx context.Context, in SubscriptionInput) error {
	var v errs.Validation
	v.Key = "opportunities.err.alert_invalid"
	if n := len([]rune(in.Name)); n < 1 || n > 120 {
		v.Add("name", "opportunities.err.alert_name", nil)
	}
	if !slices.Contains(Frequencies, in.Frequency) {
		v.Add("frequency", "opportunities.err.frequency", map[string]any{"Value": in.Frequency})
	}
	if len(in.UNSPSC)+len(in.Keywords) == 0 {
		v.Add("unspsc", "opportunities.err.alert_empty", nil)
	}
	if len(in.UNSPSC) > 50 || len(in.Keywords) > 50 || len(in.Regions) > 17 {
		v.Add("unspsc", "opportunities.err.alert_too_many", nil)
	}
	for _, c := range in.UNSPSC {
		if level(c) == 0 {
			v.Add("unspsc", "opportunities.err.unspsc", map[string]any{"Value": c})
		}
	}
	for _, k := range in.Keywords {
		if len([]rune(k)) > 80 || len(Words(k)) == 0 {
			v.Add("keywords", "opportunities.err.keyword", map[string]any{"Value": k})
		}
	}
	if len(in.Regions) > 0 {
		var n int64
		if err := s.db.WithContext(ctx).Raw(`SELECT count(*) FROM regions WHERE code IN (SELECT jsonb_array_elements_text(?::jsonb))`,
			jsonArray(in.Regions)).Scan(&n).Error; err != nil {
			return fmt.Errorf("alert regions: %w", err)
		}
		if int(n) != len(in.Regions) {
			v.Add("regions", "opportunities.err.region", nil)
		}
	}
	return v.Err()
}

// CreateSubscription saves an alert for a user (and the enterprise the user owns, when any) and matches
// it at once against the open notices and public opportunities, so the person sees results now.
func (s *Service) CreateSubscription(ctx context.Context, userID uuid.UUID, in SubscriptionInput) (Subscription, error) {
	in.normalize()
	if err := s.validateSubscription(ctx, in); err != nil {
		return Subscription{}, err
	}
	ent, err := s.EnterpriseOf(ctx, userID)
	if err != nil {
		return Subscription{}, err
	}
	var entArg any
	if ent != uuid.Nil {
		entArg = ent
	}
	var id uuid.UUID
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Raw(`INSERT INTO subscriptions (user_id, enterprise_id, name, unspsc, regions, keywords, frequency)
			VALUES (?, ?, ?, `+textArray+`, `+textArray+`::char(2)[], `+textArray+`, ?) RETURNING id`,
			userID, entArg, in.Name, jsonArray(in.UNSPSC), jsonArray(in.Regions), jsonArray(in.Keywords), in.Frequency).
			Row().Scan(&id); err != nil {
			return fmt.Errorf("create alert: %w", err)
		}
		return audit.Platform(ctx, tx, audit.Entry{Action: "subscription.create", ObjectType: "subscription", ObjectID: id.String(), After: in})
	})
	if err != nil {
		return Subscription{}, err
	}
	if err := s.matchOpenFor(ctx, id); err != nil {
		return Subscription{}, err
	}
	return s.Subscription(ctx, userID, id)
}

// matchOpenFor matches one new alert against what is still open (notices not closed, public
// opportunities open).
func (s *Service) matchOpenFor(ctx context.Context, subID uuid.UUID) error {
	var ids []uuid.UUID
	if err := s.db.WithContext(ctx).Raw(`SELECT id FROM seao_notices WHERE status = 'active' AND (tender_end IS NULL OR tender_end > ?)
		UNION ALL SELECT id FROM opportunities WHERE visibility = 'public' AND status = 'open' AND (closes_at IS NULL OR closes_at > ?)`,
		s.now(), s.now()).Scan(&ids).Error; err != nil {
		return fmt.Errorf("open items: %w", err)
	}
	_, err := s.matchItemsFor(ctx, ids, &subID)
	return err
}

// Subscriptions lists a user's alerts.
func (s *Service) Subscriptions(ctx context.Context, userID uuid.UUID) ([]Subscription, error) {
	return s.subscriptionsWhere(ctx, `user_id = ?`, userID)
}

// Subscription returns one alert of a user (NotFound for anyone else's).
func (s *Service) Subscription(ctx context.Context, userID, id uuid.UUID) (Subscription, error) {
	subs, err := s.subscriptionsWhere(ctx, `user_id = ? AND id = ?`, userID, id)
	if err != nil {
		return Subscription{}, err
	}
	if len(subs) == 0 {
		return Subscription{}, errs.E(errs.NotFound, "opportunities.err.alert_not_found")
	}
	return subs[0], nil
}

func (s *Service) subscriptionsWhere(ctx context.Context, cond string, args ...any) ([]Subscription, error) {
	var out []Subscription
	err := s.scanJSON(ctx, s.db.WithContext(ctx).Raw(`SELECT to_jsonb(x)::text FROM (SELECT id, user_id, enterprise_id, name, unspsc,
		regions::text[] AS regions, keywords, frequency, active, created_at FROM subscriptions WHERE `+cond+` ORDER BY created_at, id) x`, args...),
		func(b []byte) error {
			var r struct {
				Subscription
				UserID       uuid.UUID  `json:"user_id"`
				EnterpriseID *uuid.UUID `json:"enterprise_id"`
			}
			if err := json.Unmarshal(b, &r); err != nil {
				return err
			}
			r.Subscription.UserID, r.Subscription.EnterpriseID = r.UserID, r.EnterpriseID
			out = append(out, r.Subscription)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("alerts: %w", err)
	}
	return out, nil
}

// DeleteSubscription removes a user's alert and its matches.
func (s *Service) DeleteSubscription(ctx context.Context, userID, id uuid.UUID) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Exec(`DELETE FROM subscriptions WHERE user_id = ? AND id = ?`, userID, id)
		if res.Error != nil {
			return fmt.Errorf("delete alert: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return errs.E(errs.NotFound, "opportunities.err.alert_not_found")
		}
		return audit.Platform(ctx, tx, audit.Entry{Action: "subscription.delete", ObjectType: "subscription", ObjectID: id.String()})
	})
}

// Unsubscribe stops an alert's digests from the link of a digest (no login): the token is the alert's
// signed id. It is idempotent; a wrong token is NotFound.
func (s *Service) Unsubscribe(ctx context.Context, id uuid.UUID, token string) (Subscription, error) {
	if !s.verify("unsubscribe", id, token) {
		return Subscription{}, errs.E(errs.NotFound, "opportunities.err.alert_not_found")
	}
	if err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec(`UPDATE subscriptions SET frequency = 'never', updated_at = now() WHERE id = ?`, id).Error; err != nil {
			return fmt.Errorf("unsubscribe: %w", err)
		}
		return audit.Platform(ctx, tx, audit.Entry{Action: "subscription.unsubscribe", ObjectType: "subscription", ObjectID: id.String()})
	}); err != nil {
		return Subscription{}, err
	}
	subs, err := s.subscriptionsWhere(ctx, `id = ?`, id)
	if err != nil || len(subs) == 0 {
		return Subscription{}, errs.E(errs.NotFound, "opportunities.err.alert_not_found")
	}
	return subs[0], nil
}

// UnsubscribeToken is the token of an alert's one-click unsubscribe link.
func (s *Service) UnsubscribeToken(id uuid.UUID) string { return s.sign("unsubscribe", id) }

// FeedToken is the token of an alert's Atom feed address (feed readers do not log in).
func (s *Service) FeedToken(id uuid.UUID) string { return s.sign("feed", id) }

// FeedSubscription returns the alert of a feed address, NotFound on a wrong token.
func (s *Service) FeedSubscription(ctx context.Context, id uuid.UUID, token string) (Subscription, error) {
	if !s.verify("feed", id, token) {
		return Subscription{}, errs.E(errs.NotFound, "opportunities.err.alert_not_found")
	}
	subs, err := s.subscriptionsWhere(ctx, `id = ?`, id)
	if err != nil {
		return Subscription{}, err
	}
	if len(subs) == 0 {
		return Subscription{}, errs.E(errs.NotFound, "opportunities.err.alert_not_found")
	}
	return subs[0], nil
}

// UnsubscribeTarget returns the alert an unsubscribe link names (NotFound on a wrong token), for the
// confirmation page.
func (s *Service) UnsubscribeTarget(ctx context.Context, id uuid.UUID, token string) (Subscription, error) {
	if !s.verify("unsubscribe", id, token) {
		return Subscription{}, errs.E(errs.NotFound, "opportunities.err.alert_not_found")
	}
	subs, err := s.subscriptionsWhere(ctx, `id = ?`, id)
	if err != nil {
		return Subscription{}, err
	}
	if len(subs) == 0 {
		return Subscription{}, errs.E(errs.NotFound, "opportunities.err.alert_not_found")
	}
	return subs[0], nil
}
