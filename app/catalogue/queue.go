package catalogue

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// PendingRequest is a claim or a proposal waiting for a steward, with its entry's name.
type PendingRequest struct {
	Kind      string    `json:"kind"` // claim or proposal
	ID        string    `json:"id"`
	EntryID   string    `json:"entry_id"`
	EntryName string    `json:"entry_name"`
	Region    string    `json:"region_code"`
	UserEmail string    `json:"user_email"`
	NEQ       string    `json:"neq,omitempty"`
	Message   string    `json:"message,omitempty"`
	Changes   []Change  `json:"changes,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

// Pending lists the claims and proposals a steward may decide (those of the regions covered), oldest first.
func (s *Service) Pending(ctx context.Context, st Steward) ([]PendingRequest, error) {
	var rows []struct {
		Kind, ID, EntryID, EntryName, RegionCode, UserEmail, NEQ, Message string
		Changes                                                           []byte
		CreatedAt                                                         time.Time
	}
	err := s.db.WithContext(ctx).Raw(`
		SELECT 'claim' AS kind, c.id, c.entry_id, e.name AS entry_name, e.region_code, u.email AS user_email,
		       coalesce(c.neq, '') AS neq, c.message, NULL::jsonb AS changes, c.created_at
		  FROM catalogue_claims c JOIN catalogue_entries e ON e.id = c.entry_id JOIN users u ON u.id = c.user_id
		 WHERE c.status = 'pending'
		UNION ALL
		SELECT 'proposal', p.id, p.entry_id, e.name, e.region_code, u.email, '', '', p.changes, p.created_at
		  FROM catalogue_proposals p JOIN catalogue_entries e ON e.id = p.entry_id JOIN users u ON u.id = p.user_id
		 WHERE p.status = 'pending'
		ORDER BY created_at LIMIT 500`).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("pending catalogue requests: %w", err)
	}
	var out []PendingRequest
	for _, r := range rows {
		if !st.Covers(r.RegionCode) {
			continue
		}
		p := PendingRequest{Kind: r.Kind, ID: r.ID, EntryID: r.EntryID, EntryName: r.EntryName, Region: r.RegionCode,
			UserEmail: r.UserEmail, NEQ: r.NEQ, Message: r.Message, CreatedAt: r.CreatedAt}
		if len(r.Changes) > 0 {
			if err := json.Unmarshal(r.Changes, &p.Changes); err != nil {
				return nil, err
			}
		}
		out = append(out, p)
	}
	return out, nil
}
