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
	"maillage/app/mail"
)

// A pôle (a catalogue steward, optionally limited to regions) follows what opens in its regions, forwards
// an item to the member enterprises that match it (the catalogue's entries of its regions) with a note,
// and reads its reach: sent, opened, interested, contracts won.

// Member is a catalogue entry matching an item, as a pôle sees it.
type Member struct {
	EntryID uuid.UUID `json:"catalogue_entry_id"`
	Name    string    `json:"name"`
	Email   string    `json:"email"`
	Region  string    `json:"region_code"`
	Score   int       `json:"score"`
	Reasons []Reason  `json:"reasons"`
	Sent    bool      `json:"forwarded"`
}

// PoleItem is an open item of the pôle's regions with its matching members.
type PoleItem struct {
	ItemView
	Members []Member `json:"members"`
}

// PoleFeed lists the open notices and public opportunities of the regions (all when none), closing
// soonest first, each with the members (entries of those regions) the matcher ranked for it.
func (s *Service) PoleFeed(ctx context.Context, steward uuid.UUID, regions []string, limit int) ([]PoleItem, error) {
	items, err := s.Public(ctx, Filter{OpenOnly: true, Limit: limit})
	if err != nil {
		return nil, err
	}
	var out []PoleItem
	for _, it := range items {
		if len(regions) > 0 && !overlaps(it.Regions, regions) {
			continue
		}
		ms, err := s.members(ctx, steward, it.ID, regions)
		if err != nil {
			return nil, err
		}
		out = append(out, PoleItem{ItemView: it, Members: ms})
	}
	return out, nil
}

func overlaps(a, b []string) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return true
			}
		}
	}
	return false
}

func (s *Service) members(ctx context.Context, steward, item uuid.UUID, regions []string) ([]Member, error) {
	var rows []struct {
		EntryID uuid.UUID
		Name    string
		Email   string
		Region  string
		Score   int
		Reasons string
		Sent    bool
	}
	q := `SELECT e.id AS entry_id, e.name, e.email, e.region_code AS region, m.score, m.reasons::text AS reasons,
			EXISTS (SELECT 1 FROM opportunity_forwards f WHERE f.steward_id = ? AND f.item_id = m.item_id AND f.catalogue_entry_id = e.id) AS sent
		  FROM item_entry_matches m JOIN catalogue_entries e ON e.id = m.catalogue_entry_id AND e.status = 'active'
		 WHERE m.item_id = ? AND (cardinality(?::text[]) = 0 OR e.region_code = ANY (?::text[]))
		 ORDER BY m.score DESC, e.name`
	arr := "{" + strings.Join(regions, ",") + "}"
	if err := s.db.WithContext(ctx).Raw(q, steward, item, arr, arr).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("pôle members: %w", err)
	}
	out := make([]Member, 0, len(rows))
	for _, r := range rows {
		m := Member{EntryID: r.EntryID, Name: r.Name, Email: r.Email, Region: r.Region, Score: r.Score, Sent: r.Sent}
		if err := jsonUnmarshal(r.Reasons, &m.Reasons); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

// ForwardInput is a pôle's forward of one item to some of its members.
type ForwardInput struct {
	ItemID  uuid.UUID   `json:"item_id"`
	Entries []uuid.UUID `json:"catalogue_entry_ids"`
	Note    string      `json:"note"`
}

// ForwardTemplate is the e-mail a member receives (frontend/mail/opportunity_forward.*).
const ForwardTemplate = "opportunity_forward"

// Forward e-mails an item to members with the pôle's note, once per member and item; each e-mail's link
// records when it is opened. Only public items, only members of the steward's regions with an address.
// It returns how many e-mails were written.
func (s *Service) Forward(ctx context.Context, steward uuid.UUID, stewardName string, regions []string, in ForwardInput) (int, error) {
	in.Note = strings.TrimSpace(in.Note)
	var v errs.Validation
	v.Key = "opportunities.err.forward_invalid"
	if len(in.Entries) == 0 {
		v.Add("catalogue_entry_ids", "opportunities.err.forward_none", nil)
	}
	if len([]rune(in.Note)) > 2000 {
		v.Add("note", "opportunities.err.note_long", nil)
	}
	if err := v.Err(); err != nil {
		return 0, err
	}
	it, err := s.Item(ctx, Viewer{}, in.ItemID)
	if err != nil {
		return 0, err
	}
	if s.mail == nil {
		return 0, errs.E(errs.Internal, "errors.internal").Wrap(fmt.Errorf("forward without mail templates"))
	}
	members, err := s.members(ctx, steward, in.ItemID, regions)
	if err != nil {
		return 0, err
	}
	byID := map[uuid.UUID]Member{}
	for _, m := range members {
		byID[m.EntryID] = m
	}
	sent := 0
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		for _, id := range in.Entries {
			m, ok := byID[id]
			if !ok {
				return (&errs.Validation{Key: "opportunities.err.forward_invalid"}).ErrWith("catalogue_entry_ids", "opportunities.err.forward_not_member", nil)
			}
			if m.Sent || strings.TrimSpace(m.Email) == "" {
				continue
			}
			token, hash, err := newToken()
			if err != nil {
				return err
			}
			if err := tx.Exec(`INSERT INTO opportunity_forwards (steward_id, item_id, item_kind, catalogue_entry_id, email, note, token_hash, sent_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, steward, it.ID, kindOf(it), id, m.Email, in.Note, hash, s.now()).Error; err != nil {
				return fmt.Errorf("forward: %w", err)
			}
			data := map[string]any{"MemberName": m.Name, "PoleName": stewardName, "Note": in.Note, "Title": it.Title, "BodyName": it.BodyName,
				"ClosesAt": it.ClosesAt, "Link": s.baseURL + "/opportunites/" + it.ID.String() + "?relais=" + token}
			msg, err := s.mail.Render(ForwardTemplate, "fr", m.Email, m.Name, data)
			if err != nil {
				return err
			}
			if err := mail.Enqueue(tx, msg); err != nil {
				return err
			}
			sent++
		}
		return audit.Platform(ctx, tx, audit.Entry{Action: "opportunity.forward", ObjectType: "opportunity", ObjectID: it.ID.String(),
			After: map[string]any{"members": sent}})
	})
	return sent, err
}

func kindOf(it ItemView) string {
	if it.Source == "seao" {
		return "notice"
	}
	return "opportunity"
}

// OpenForward records that a forwarded link was followed (first time only); a wrong token does nothing.
func (s *Service) OpenForward(ctx context.Context, token string) error {
	if token == "" {
		return nil
	}
	return s.db.WithContext(ctx).Exec(`UPDATE opportunity_forwards SET opened_at = ? WHERE token_hash = ? AND opened_at IS NULL`,
		s.now(), hashToken(token)).Error
}

// ForwardInterested records that the member who followed a forward said it is interested.
func (s *Service) ForwardInterested(ctx context.Context, token string) error {
	if token == "" {
		return nil
	}
	return s.db.WithContext(ctx).Exec(`UPDATE opportunity_forwards SET interested_at = coalesce(interested_at, ?),
		opened_at = coalesce(opened_at, ?) WHERE token_hash = ?`, s.now(), s.now(), hashToken(token)).Error
}

// ReachRow is a pôle's reach for one forwarded item.
type ReachRow struct {
	ItemID     uuid.UUID `json:"item_id"`
	Title      string    `json:"title"`
	Sent       int       `json:"sent"`
	Opened     int       `json:"opened"`
	Interested int       `json:"interested"`
	Won        int       `json:"contracts_won"`
	LastSent   time.Time `json:"last_sent"`
}

// Reach reports a steward's forwards per item: sent, opened, interested, and contracts the forwarded
// members won from the item's body since (counted by forward_contracts_won, counts only).
func (s *Service) Reach(ctx context.Context, steward uuid.UUID) ([]ReachRow, error) {
	var out []ReachRow
	err := s.db.WithContext(ctx).Raw(`SELECT f.item_id, coalesce(n.title, o.title, '') AS title, count(*) AS sent,
			count(f.opened_at) AS opened, count(f.interested_at) AS interested, coalesce(sum(w.contracts), 0) AS won, max(f.sent_at) AS last_sent
		  FROM opportunity_forwards f
		  LEFT JOIN forward_contracts_won(?) w ON w.forward_id = f.id
		  LEFT JOIN seao_notices n ON n.id = f.item_id
		  LEFT JOIN opportunities o ON o.id = f.item_id
		 WHERE f.steward_id = ?
		 GROUP BY f.item_id, n.title, o.title ORDER BY max(f.sent_at) DESC`, steward, steward).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("reach: %w", err)
	}
	return out, nil
}
