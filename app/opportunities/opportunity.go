package opportunities

import (
	"context"
	"encoding/json"
	"fmt"
	netmail "net/mail"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/audit"
	"maillage/app/errs"
	"maillage/app/mail"
	"maillage/tenants"
)

// Kinds of a body's opportunity.
var Kinds = []string{"quote_request", "invitation", "upcoming", "notice"}

// Visibilities: invited-only, the body's approved suppliers, everyone.
var Visibilities = []string{"invited", "register", "public"}

// Input is what a buyer writes when publishing an opportunity.
type Input struct {
	Kind           string     `json:"kind"`
	Title          string     `json:"title"`
	Description    string     `json:"description"`
	UNSPSC         []string   `json:"unspsc"`
	Regions        []string   `json:"regions"`
	ClosesAt       *time.Time `json:"closes_at"`
	QuestionsUntil *time.Time `json:"questions_until"`
	ExpectedOn     *time.Time `json:"expected_on"`
	EstimatedCents *int64     `json:"estimated_cents"`
	ContactName    string     `json:"contact_name"`
	ContactEmail   string     `json:"contact_email"`
	ContactPhone   string     `json:"contact_phone"`
	SEAOURL        string     `json:"seao_url"`
	Visibility     string     `json:"visibility"`
	AdviceID       *uuid.UUID `json:"advice_id"`
	// SourceContractID: a planned purchase proposed from this contract's end date.
	SourceContractID *uuid.UUID `json:"source_contract_id"`
	Invitees         []Invitee  `json:"invitees"`
}

// Invitee is an enterprise invited to answer: a register supplier, a catalogue entry, an enterprise on
// Maillage, or just a name and an e-mail address.
type Invitee struct {
	Name             string     `json:"name"`
	Email            string     `json:"email"`
	SupplierID       *uuid.UUID `json:"supplier_id,omitempty"`
	CatalogueEntryID *uuid.UUID `json:"catalogue_entry_id,omitempty"`
	EnterpriseID     *uuid.UUID `json:"enterprise_id,omitempty"`
}

// Invitation is an invitee with its link's token, returned once, when created.
type Invitation struct {
	ID    uuid.UUID `json:"id"`
	Name  string    `json:"name"`
	Email string    `json:"email,omitempty"`
	Token string    `json:"token,omitempty"` // shown once: the link is /opportunites/invitation/{token}
}

// Opportunity is a body's opportunity as its buyers see it.
type Opportunity struct {
	ID             uuid.UUID    `json:"id"`
	TenantID       uuid.UUID    `json:"-"`
	Kind           string       `json:"kind"`
	Title          string       `json:"title"`
	Description    string       `json:"description"`
	UNSPSC         []string     `json:"unspsc"`
	Regions        []string     `json:"regions"`
	ClosesAt       *time.Time   `json:"closes_at"`
	QuestionsUntil *time.Time   `json:"questions_until"`
	ExpectedOn     *string      `json:"expected_on"`
	EstimatedCents *int64       `json:"estimated_cents"`
	ContactName    string       `json:"contact_name"`
	ContactEmail   string       `json:"contact_email"`
	ContactPhone   string       `json:"contact_phone"`
	SEAOURL        string       `json:"seao_url"`
	Visibility     string       `json:"visibility"`
	Status         string       `json:"status"`
	AdviceID       *uuid.UUID   `json:"advice_id"`
	ContractID     *uuid.UUID   `json:"contract_id"`
	SourceContract *uuid.UUID   `json:"source_contract_id"`
	CreatedBy      *uuid.UUID   `json:"created_by"`
	CreatedAt      time.Time    `json:"created_at"`
	Version        int          `json:"version"`
	Invitations    []Invitation `json:"invitations,omitempty"`
	Interests      []Interest   `json:"interests,omitempty"`
}

func (s *Service) validate(ctx context.Context, in *Input) error {
	in.Title, in.Description = strings.TrimSpace(in.Title), strings.TrimSpace(in.Description)
	in.ContactName, in.ContactEmail, in.ContactPhone = strings.TrimSpace(in.ContactName), strings.TrimSpace(in.ContactEmail), strings.TrimSpace(in.ContactPhone)
	in.SEAOURL = strings.TrimSpace(in.SEAOURL)
	var v errs.Validation
	v.Key = "opportunities.err.invalid"
	if !slices.Contains(Kinds, in.Kind) {
		v.Add("kind", "opportunities.err.kind", map[string]any{"Value": in.Kind})
	}
	if !slices.Contains(Visibilities, in.Visibility) {
		v.Add("visibility", "opportunities.err.visibility", map[string]any{"Value": in.Visibility})
	}
	if n := len([]rune(in.Title)); n < 3 || n > 300 {
		v.Add("title", "opportunities.err.title", nil)
	}
	if len([]rune(in.Description)) > 20000 {
		v.Add("description", "opportunities.err.description", nil)
	}
	if len(in.UNSPSC) == 0 && in.Kind != "notice" {
		v.Add("unspsc", "opportunities.err.unspsc_missing", nil)
	}
	for _, c := range in.UNSPSC {
		if level(c) == 0 {
			v.Add("unspsc", "opportunities.err.unspsc", map[string]any{"Value": c})
		}
	}
	now := s.now()
	switch {
	case in.Kind == "upcoming":
		if in.ExpectedOn == nil {
			v.Add("expected_on", "opportunities.err.expected_on", nil)
		}
	case in.ClosesAt == nil:
		v.Add("closes_at", "opportunities.err.closes_at_missing", nil)
	case !in.ClosesAt.After(now):
		v.Add("closes_at", "opportunities.err.closes_at_past", nil)
	}
	if in.QuestionsUntil != nil && in.ClosesAt != nil && in.QuestionsUntil.After(*in.ClosesAt) {
		v.Add("questions_until", "opportunities.err.questions_after_closing", nil)
	}
	if in.Kind == "notice" && !strings.HasPrefix(in.SEAOURL, "https://") {
		v.Add("seao_url", "opportunities.err.seao_url", nil)
	}
	if in.SEAOURL != "" && !strings.HasPrefix(in.SEAOURL, "https://") {
		v.Add("seao_url", "opportunities.err.seao_url", nil)
	}
	if in.ContactEmail != "" {
		if _, err := netmail.ParseAddress(in.ContactEmail); err != nil {
			v.Add("contact_email", "opportunities.err.email", nil)
		}
	}
	if in.Visibility == "invited" && len(in.Invitees) == 0 {
		v.Add("invitees", "opportunities.err.invitees_missing", nil)
	}
	if in.Kind == "invitation" && len(in.Invitees) > 0 && len(in.Invitees) < 2 {
		v.Add("invitees", "opportunities.err.invitation_two", nil)
	}
	for i := range in.Invitees {
		iv := &in.Invitees[i]
		iv.Name, iv.Email = strings.TrimSpace(iv.Name), strings.TrimSpace(iv.Email)
		if iv.CatalogueEntryID != nil { // a catalogue enterprise not in the register: active, named as in the catalogue
			var names []string
			if err := s.db.WithContext(ctx).Raw(`SELECT name FROM catalogue_entries WHERE id = ? AND status = 'active'`, *iv.CatalogueEntryID).
				Scan(&names).Error; err != nil {
				return fmt.Errorf("invitee entry: %w", err)
			}
			if len(names) == 0 {
				v.Add("invitees", "opportunities.err.invitee_entry", map[string]any{"Row": i + 1})
				continue
			}
			if iv.Name == "" {
				iv.Name = names[0]
			}
		}
		if iv.Name == "" {
			v.Add("invitees", "opportunities.err.invitee_name", map[string]any{"Row": i + 1})
		}
		if iv.Email != "" {
			if _, err := netmail.ParseAddress(iv.Email); err != nil {
				v.Add("invitees", "opportunities.err.invitee_email", map[string]any{"Row": i + 1})
			}
		}
	}
	if len(in.Regions) > 0 {
		var n int64
		if err := s.db.WithContext(ctx).Raw(`SELECT count(*) FROM regions WHERE code IN (SELECT jsonb_array_elements_text(?::jsonb))`,
			jsonArray(in.Regions)).Scan(&n).Error; err != nil {
			return err
		}
		if int(n) != len(dedupe(in.Regions)) {
			v.Add("regions", "opportunities.err.region", nil)
		}
	}
	return v.Err()
}

// Create publishes an opportunity of a body (a buyer's action) with its invitations, audited, and
// matches it against the alerts when it is public. The invitations come back with their link tokens,
// once.
func (s *Service) Create(ctx context.Context, tenantID, buyerID uuid.UUID, in Input) (Opportunity, error) {
	if err := s.validate(ctx, &in); err != nil {
		return Opportunity{}, err
	}
	var id uuid.UUID
	var invs []Invitation
	err := tenants.Tx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		var expected any
		if in.ExpectedOn != nil {
			expected = in.ExpectedOn.Format("2006-01-02")
		}
		if err := tx.Raw(`INSERT INTO opportunities (tenant_id, kind, title, description, unspsc, regions, closes_at, questions_until,
				expected_on, estimated_cents, contact_name, contact_email, contact_phone, seao_url, visibility, advice_id, source_contract_id, created_by)
			VALUES (?, ?, ?, ?, `+textArray+`, `+textArray+`::char(2)[], ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			tenantID, in.Kind, in.Title, in.Description, jsonArray(dedupe(in.UNSPSC)), jsonArray(dedupe(in.Regions)), in.ClosesAt, in.QuestionsUntil,
			expected, in.EstimatedCents, in.ContactName, in.ContactEmail, in.ContactPhone, in.SEAOURL, in.Visibility, in.AdviceID, in.SourceContractID, buyerID).
			Row().Scan(&id); err != nil {
			return fmt.Errorf("create opportunity: %w", err)
		}
		var err error
		if invs, err = invite(tx, tenantID, id, in.Invitees); err != nil {
			return err
		}
		if err := s.mailInvitations(tx, tenantID, in, invs); err != nil {
			return err
		}
		return audit.Tenant(ctx, tx, tenantID, audit.Entry{Action: "opportunity.create", ObjectType: "opportunity", ObjectID: id.String(), After: in})
	})
	if err != nil {
		return Opportunity{}, err
	}
	if in.Visibility == "public" {
		if _, err := s.MatchItems(ctx, []uuid.UUID{id}); err != nil {
			return Opportunity{}, err
		}
	}
	o, err := s.Get(ctx, tenantID, id)
	if err != nil {
		return Opportunity{}, err
	}
	o.Invitations = invs
	return o, nil
}

// InvitationTemplate is the e-mail an invitee receives (frontend/mail/opportunity_invitation.*).
const InvitationTemplate = "opportunity_invitation"

// mailInvitations e-mails each invitee its link, in the same transaction: the address given, else the
// register supplier's first contact with one, else the enterprise account's owner. Invitees without any
// address are listed for the buyer, who sends the link another way.
func (s *Service) mailInvitations(tx *gorm.DB, tenantID uuid.UUID, in Input, invs []Invitation) error {
	if s.mail == nil {
		return nil
	}
	var body struct{ Name string }
	if err := tx.Raw(`SELECT name FROM tenants WHERE id = ?`, tenantID).Scan(&body).Error; err != nil {
		return fmt.Errorf("invitation body: %w", err)
	}
	for i, inv := range invs {
		iv := in.Invitees[i]
		to, lang := iv.Email, "fr"
		if to == "" && iv.SupplierID != nil {
			if err := tx.Raw(`SELECT coalesce((SELECT c->>'email' FROM jsonb_array_elements(contacts) c WHERE coalesce(c->>'email', '') <> '' LIMIT 1), '')
				FROM suppliers WHERE tenant_id = ? AND id = ?`, tenantID, *iv.SupplierID).Row().Scan(&to); err != nil {
				return fmt.Errorf("invitee address: %w", err)
			}
		}
		if to == "" && iv.CatalogueEntryID != nil {
			if err := tx.Raw(`SELECT email FROM catalogue_entries WHERE id = ?`, *iv.CatalogueEntryID).Row().Scan(&to); err != nil {
				return fmt.Errorf("invitee address: %w", err)
			}
		}
		if to == "" && iv.EnterpriseID != nil {
			var rows []struct{ Email, Locale string }
			if err := tx.Raw(`SELECT u.email, u.locale FROM enterprises e JOIN users u ON u.id = e.owner_user_id WHERE e.id = ?`, *iv.EnterpriseID).
				Scan(&rows).Error; err != nil {
				return fmt.Errorf("invitee address: %w", err)
			}
			if len(rows) > 0 {
				to, lang = rows[0].Email, rows[0].Locale
			}
		}
		if to == "" {
			continue
		}
		data := map[string]any{"InviteeName": inv.Name, "BodyName": body.Name, "Title": in.Title, "Kind": in.Kind,
			"ClosesAt": in.ClosesAt, "Link": s.baseURL + "/opportunites/invitation/" + inv.Token}
		m, err := s.mail.Render(InvitationTemplate, lang, to, inv.Name, data)
		if err != nil {
			return err
		}
		if err := mail.Enqueue(tx, m); err != nil {
			return err
		}
	}
	return nil
}

// invite writes invitations; a register supplier or an enterprise invited must be known to the body.
func invite(tx *gorm.DB, tenantID, oppID uuid.UUID, list []Invitee) ([]Invitation, error) {
	var out []Invitation
	for _, iv := range list {
		token, hash, err := newToken()
		if err != nil {
			return nil, err
		}
		var email any
		if iv.Email != "" {
			email = iv.Email
		}
		var id uuid.UUID
		if err := tx.Raw(`INSERT INTO opportunity_invitations (tenant_id, opportunity_id, enterprise_id, supplier_id, catalogue_entry_id, name, email, token_hash)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, tenantID, oppID, iv.EnterpriseID, iv.SupplierID, iv.CatalogueEntryID,
			iv.Name, email, hash).Row().Scan(&id); err != nil {
			return nil, errs.E(errs.Invalid, "opportunities.err.invitee_unknown").With(map[string]any{"Name": iv.Name}).Wrap(err)
		}
		out = append(out, Invitation{ID: id, Name: iv.Name, Email: iv.Email, Token: token})
	}
	return out, nil
}

const opportunityCols = `id, kind, title, description, unspsc, regions::text[] AS regions, closes_at, questions_until, expected_on,
	estimated_cents, contact_name, contact_email, contact_phone, seao_url, visibility, status, advice_id, contract_id,
	source_contract_id, created_by,
	created_at, version`

// List returns a body's opportunities (its buyers' and officials' view), newest first.
func (s *Service) List(ctx context.Context, tenantID uuid.UUID) ([]Opportunity, error) {
	var out []Opportunity
	err := tenants.ReadTx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		return s.scanJSON(ctx, tx.Raw(`SELECT to_jsonb(x)::text FROM (SELECT `+opportunityCols+` FROM opportunities
			WHERE tenant_id = ? ORDER BY created_at DESC, id) x`, tenantID), func(b []byte) error {
			var o Opportunity
			if err := json.Unmarshal(b, &o); err != nil {
				return err
			}
			o.TenantID = tenantID
			out = append(out, o)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("opportunities: %w", err)
	}
	return out, nil
}

// Get returns one of a body's opportunities with its invitations (without tokens) and interests;
// another body's is NotFound.
func (s *Service) Get(ctx context.Context, tenantID, id uuid.UUID) (Opportunity, error) {
	var out []Opportunity
	err := tenants.ReadTx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		if err := s.scanJSON(ctx, tx.Raw(`SELECT to_jsonb(x)::text FROM (SELECT `+opportunityCols+` FROM opportunities
			WHERE tenant_id = ? AND id = ?) x`, tenantID, id), func(b []byte) error {
			var o Opportunity
			if err := json.Unmarshal(b, &o); err != nil {
				return err
			}
			out = append(out, o)
			return nil
		}); err != nil || len(out) == 0 {
			return err
		}
		var invs []Invitation
		if err := tx.Raw(`SELECT id, name, coalesce(email::text, '') AS email FROM opportunity_invitations
			WHERE tenant_id = ? AND opportunity_id = ? ORDER BY created_at, name`, tenantID, id).Scan(&invs).Error; err != nil {
			return err
		}
		out[0].Invitations = invs
		var err error
		out[0].Interests, err = interests(tx, tenantID, id)
		return err
	})
	if err != nil {
		return Opportunity{}, fmt.Errorf("opportunity %s: %w", id, err)
	}
	if len(out) == 0 {
		return Opportunity{}, errs.E(errs.NotFound, "opportunities.err.not_found")
	}
	out[0].TenantID = tenantID
	return out[0], nil
}

// SetStatus closes or cancels an open opportunity (a buyer's action), audited.
func (s *Service) SetStatus(ctx context.Context, tenantID, id uuid.UUID, status string) (Opportunity, error) {
	if status != "closed" && status != "cancelled" && status != "open" {
		return Opportunity{}, (&errs.Validation{Key: "opportunities.err.invalid"}).ErrWith("status", "opportunities.err.status", map[string]any{"Value": status})
	}
	err := tenants.Tx(ctx, s.db, tenantID, func(tx *gorm.DB) error {
		res := tx.Exec(`UPDATE opportunities SET status = ?, updated_at = now(), version = version + 1
			WHERE tenant_id = ? AND id = ? AND status IN ('open', 'closed', 'draft')`, status, tenantID, id)
		if res.Error != nil {
			return fmt.Errorf("opportunity status: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return errs.E(errs.Conflict, "opportunities.err.status_conflict")
		}
		return audit.Tenant(ctx, tx, tenantID, audit.Entry{Action: "opportunity." + status, ObjectType: "opportunity", ObjectID: id.String()})
	})
	if err != nil {
		return Opportunity{}, err
	}
	if status == "open" { // reopened: alerts and entries that match it now hear of it (sent matches stay sent)
		if _, err := s.MatchItems(ctx, []uuid.UUID{id}); err != nil {
			return Opportunity{}, err
		}
	}
	return s.Get(ctx, tenantID, id)
}

// AwardTx marks an opportunity awarded to the contract recorded in the same transaction (app/flows
// composes it with the contracts area).
func AwardTx(ctx context.Context, tx *gorm.DB, tenantID, id, contractID uuid.UUID) error {
	res := tx.Exec(`UPDATE opportunities SET status = 'awarded', contract_id = ?, updated_at = now(), version = version + 1
		WHERE tenant_id = ? AND id = ? AND status IN ('open', 'closed')`, contractID, tenantID, id)
	if res.Error != nil {
		return fmt.Errorf("award opportunity: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		return errs.E(errs.Conflict, "opportunities.err.status_conflict")
	}
	return audit.Tenant(ctx, tx, tenantID, audit.Entry{Action: "opportunity.award", ObjectType: "opportunity", ObjectID: id.String(),
		After: map[string]string{"contract_id": contractID.String()}})
}
