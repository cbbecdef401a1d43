package signups

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
	"maillage/tenants"
)

// Service keeps sign-up requests and sends their e-mails through the outbox.
type Service struct {
	db      *gorm.DB
	now     func() time.Time
	mails   *mail.Templates
	baseURL string
	tenants *tenants.Store
}

// NewService builds the service (now nil: time.Now).
func NewService(db *gorm.DB, now func() time.Time, mails *mail.Templates, baseURL string) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{db: db, now: now, mails: mails, baseURL: strings.TrimRight(baseURL, "/"), tenants: tenants.NewStore(db)}
}

const columns = `s.id, s.status, s.body_name, s.kind, coalesce(s.municipality_code, '') AS municipality_code, coalesce(s.mrc_code, '') AS mrc_code,
	s.identification, s.population, coalesce(s.region_code, '') AS region_code, s.person_name, s.person_title, s.email, s.lang, s.verified,
	s.email_confirmed_at, s.decided_at, s.refusal_reason, s.approved_tenant_id, s.created_at,
	coalesce(m.name, '') AS municipality_name, coalesce(x.name, '') AS mrc_name, coalesce(r.name, '') AS region_name`

const from = ` FROM signups s LEFT JOIN municipalities m ON m.code = s.municipality_code LEFT JOIN mrcs x ON x.code = s.mrc_code
	LEFT JOIN regions r ON r.code = s.region_code`

// Submit records a request and queues the confirmation e-mail in the same transaction. The request is
// verified when the e-mail's domain is an official domain of the named municipality or MRC.
func (s *Service) Submit(ctx context.Context, r Request) (Signup, error) {
	if err := r.normalize(); err != nil {
		return Signup{}, err
	}
	var out Signup
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var place struct {
			Found      bool
			Population *int
			RegionCode *string
		}
		switch r.Kind {
		case "municipality":
			if err := tx.Raw(`SELECT true AS found, population, region_code FROM municipalities WHERE code = ?`, r.MunicipalityCode).Scan(&place).Error; err != nil {
				return fmt.Errorf("find municipality: %w", err)
			}
			if !place.Found {
				return (&errs.Validation{}).ErrWith("municipality_code", "signups.err.municipality_unknown", nil)
			}
			taken, err := s.tenants.ForMunicipality(ctx, r.MunicipalityCode)
			if err != nil {
				return err
			}
			if len(taken) > 0 {
				return (&errs.Validation{}).ErrWith("municipality_code", "signups.err.already_on_maillage", map[string]any{"Name": taken[0].Name})
			}
		case "mrc":
			if err := tx.Raw(`SELECT true AS found, population, region_code FROM mrcs WHERE code = ?`, r.MRCCode).Scan(&place).Error; err != nil {
				return fmt.Errorf("find MRC: %w", err)
			}
			if !place.Found {
				return (&errs.Validation{}).ErrWith("mrc_code", "signups.err.mrc_unknown", nil)
			}
		}
		var open int64
		if err := tx.Raw(`SELECT count(*) FROM signups WHERE email = ? AND status IN ('awaiting_email', 'pending') AND kind = ?
			AND coalesce(municipality_code, '') = ? AND coalesce(mrc_code, '') = ?`, r.Email, r.Kind, r.MunicipalityCode, r.MRCCode).Scan(&open).Error; err != nil {
			return fmt.Errorf("find open sign-ups: %w", err)
		}
		if open > 0 {
			return (&errs.Validation{}).ErrWith("email", "signups.err.already_requested", nil)
		}
		verified, err := officialDomain(tx, r)
		if err != nil {
			return err
		}
		tok, hash := newToken()
		now := s.now()
		id := uuid.New()
		if err := tx.Exec(`INSERT INTO signups (id, status, body_name, kind, municipality_code, mrc_code, identification, population, region_code,
			person_name, person_title, email, lang, terms_version, terms_accepted_at, verified, confirm_hash, confirm_expires_at, created_at)
			VALUES (?, 'awaiting_email', ?, ?, nullif(?, ''), nullif(?, ''), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			id, r.BodyName, r.Kind, r.MunicipalityCode, r.MRCCode, r.Identification, place.Population, place.RegionCode,
			r.PersonName, r.PersonTitle, r.Email, r.Lang, TermsVersion, now, verified, hash, now.Add(ConfirmTTL), now).Error; err != nil {
			return fmt.Errorf("insert sign-up: %w", err)
		}
		m, err := s.mails.Render("signup_confirm", r.Lang, r.Email, r.PersonName, map[string]any{
			"RecipientName": r.PersonName, "BodyName": r.BodyName, "Link": s.baseURL + "/organismes/inscription/confirmer?jeton=" + tok,
			"Hours": int(ConfirmTTL.Hours())})
		if err != nil {
			return err
		}
		if err := mail.Enqueue(tx, m); err != nil {
			return err
		}
		out, err = getTx(tx, id, false)
		return err
	})
	if err != nil {
		return Signup{}, err
	}
	return out, nil
}

// officialDomain reports whether the e-mail's domain (or a parent domain of it) is an official domain of the
// municipality or MRC named in the request.
func officialDomain(tx *gorm.DB, r Request) (bool, error) {
	kind, code := r.Kind, r.MunicipalityCode
	if kind == "mrc" {
		code = r.MRCCode
	}
	if kind != "municipality" && kind != "mrc" {
		return false, nil
	}
	d := domainOf(r.Email)
	var n int64
	if err := tx.Raw(`SELECT count(*) FROM official_domains WHERE body_kind = ? AND code = ? AND (domain = ? OR right(?, length(domain) + 1) = '.' || domain)`,
		kind, code, d, d).Scan(&n).Error; err != nil {
		return false, fmt.Errorf("official domains: %w", err)
	}
	return n > 0, nil
}

func getTx(tx *gorm.DB, id uuid.UUID, lock bool) (Signup, error) {
	var rows []Signup
	q := `SELECT ` + columns + from + ` WHERE s.id = ?`
	if lock {
		q += ` FOR UPDATE OF s`
	}
	if err := tx.Raw(q, id).Scan(&rows).Error; err != nil {
		return Signup{}, fmt.Errorf("read sign-up: %w", err)
	}
	if len(rows) == 0 {
		return Signup{}, errs.E(errs.NotFound, "signups.err.not_found")
	}
	return rows[0], nil
}

// Get returns one sign-up.
func (s *Service) Get(ctx context.Context, id uuid.UUID) (Signup, error) {
	return getTx(s.db.WithContext(ctx), id, false)
}

// List returns the sign-ups of a status (all when empty), oldest first (the queue's order).
func (s *Service) List(ctx context.Context, status string) ([]Signup, error) {
	q := `SELECT ` + columns + from
	var args []any
	if status != "" {
		q += ` WHERE s.status = ?`
		args = append(args, status)
	}
	var rows []Signup
	if err := s.db.WithContext(ctx).Raw(q+` ORDER BY s.created_at, s.id LIMIT 500`, args...).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("list sign-ups: %w", err)
	}
	return rows, nil
}

// ConfirmTx follows a confirmation link in the caller's transaction: the request becomes pending (once; a
// second click changes nothing). An unknown link is NotFound, an expired one Invalid.
func (s *Service) ConfirmTx(ctx context.Context, tx *gorm.DB, token string) (Signup, error) {
	var ids []uuid.UUID
	var expires []time.Time
	if token == "" || len(token) > 100 {
		return Signup{}, errs.E(errs.NotFound, "signups.err.link_invalid")
	}
	if err := tx.Raw(`SELECT id FROM signups WHERE confirm_hash = ? FOR UPDATE`, hashToken(token)).Scan(&ids).Error; err != nil {
		return Signup{}, fmt.Errorf("find sign-up: %w", err)
	}
	if len(ids) == 0 {
		return Signup{}, errs.E(errs.NotFound, "signups.err.link_invalid")
	}
	cur, err := getTx(tx, ids[0], true)
	if err != nil {
		return Signup{}, err
	}
	if cur.Status != AwaitingEmail {
		return cur, nil
	}
	if err := tx.Raw(`SELECT confirm_expires_at FROM signups WHERE id = ?`, cur.ID).Scan(&expires).Error; err != nil {
		return Signup{}, fmt.Errorf("read sign-up: %w", err)
	}
	if len(expires) == 1 && s.now().After(expires[0]) {
		return Signup{}, errs.E(errs.Invalid, "signups.err.link_expired")
	}
	if err := tx.Exec(`UPDATE signups SET status = 'pending', email_confirmed_at = ? WHERE id = ?`, s.now(), cur.ID).Error; err != nil {
		return Signup{}, fmt.Errorf("confirm sign-up: %w", err)
	}
	return getTx(tx, cur.ID, false)
}

// LockPendingTx locks a request the platform may now decide on: confirmed and not yet decided.
func (s *Service) LockPendingTx(ctx context.Context, tx *gorm.DB, id uuid.UUID) (Signup, error) {
	cur, err := getTx(tx, id, true)
	if err != nil {
		return Signup{}, err
	}
	switch cur.Status {
	case Pending:
		return cur, nil
	case AwaitingEmail:
		return Signup{}, errs.E(errs.Conflict, "signups.err.email_unconfirmed")
	}
	return Signup{}, errs.E(errs.Conflict, "signups.err.decided")
}

// MarkApprovedTx records the approval (auto: verified by the official domain) and the body it created,
// audited at platform level.
func (s *Service) MarkApprovedTx(ctx context.Context, tx *gorm.DB, su Signup, tenantID uuid.UUID, auto bool) error {
	a := audit.ActorFrom(ctx)
	if err := tx.Exec(`UPDATE signups SET status = 'approved', decided_at = ?, decided_by = ?, approved_tenant_id = ? WHERE id = ?`,
		s.now(), a.UserID, tenantID, su.ID).Error; err != nil {
		return fmt.Errorf("approve sign-up: %w", err)
	}
	return audit.Platform(ctx, tx, audit.Entry{Action: "signup.approve", ObjectType: "signup", ObjectID: su.ID.String(),
		Before: map[string]string{"status": su.Status}, After: map[string]any{"status": Approved, "tenant_id": tenantID, "automatic": auto,
			"verified": su.Verified, "body_name": su.BodyName, "email": su.Email}})
}

// ApprovedMessage renders the e-mail telling the person their body is on Maillage and where to log in.
func (s *Service) ApprovedMessage(su Signup, slug string, trialEnds time.Time) (mail.Message, error) {
	return s.mails.Render("signup_approved", su.Lang, su.Email, su.PersonName, map[string]any{
		"RecipientName": su.PersonName, "BodyName": su.BodyName, "Email": su.Email, "Link": s.baseURL + "/t/" + slug + "/login",
		"TrialEnds": trialEnds})
}

// Refuse refuses a request with a reason the person receives by e-mail, audited.
func (s *Service) Refuse(ctx context.Context, id uuid.UUID, reason string) (Signup, error) {
	reason = strings.TrimSpace(reason)
	if n := len([]rune(reason)); n < 5 || n > 2000 {
		return Signup{}, (&errs.Validation{}).ErrWith("reason", "signups.err.reason", nil)
	}
	var out Signup
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		cur, err := getTx(tx, id, true)
		if err != nil {
			return err
		}
		if cur.Status != Pending && cur.Status != AwaitingEmail {
			return errs.E(errs.Conflict, "signups.err.decided")
		}
		a := audit.ActorFrom(ctx)
		if err := tx.Exec(`UPDATE signups SET status = 'refused', decided_at = ?, decided_by = ?, refusal_reason = ?, confirm_hash = NULL WHERE id = ?`,
			s.now(), a.UserID, reason, id).Error; err != nil {
			return fmt.Errorf("refuse sign-up: %w", err)
		}
		if err := audit.Platform(ctx, tx, audit.Entry{Action: "signup.refuse", ObjectType: "signup", ObjectID: id.String(),
			Before: map[string]string{"status": cur.Status}, After: map[string]string{"status": Refused, "reason": reason}}); err != nil {
			return err
		}
		m, err := s.mails.Render("signup_refused", cur.Lang, cur.Email, cur.PersonName, map[string]any{
			"RecipientName": cur.PersonName, "BodyName": cur.BodyName, "Reason": reason})
		if err != nil {
			return err
		}
		if err := mail.Enqueue(tx, m); err != nil {
			return err
		}
		out, err = getTx(tx, id, false)
		return err
	})
	return out, err
}

// Place is a municipality or an MRC a body may name, with its region.
type Place struct {
	Code       string
	Name       string
	RegionName string
}

// Places lists the MAMH municipalities and the MRCs for the sign-up form, by region then name (accents
// ignored in the order).
func (s *Service) Places(ctx context.Context) (municipalities, mrcs []Place, err error) {
	db := s.db.WithContext(ctx)
	if err = db.Raw(`SELECT m.code, m.name || ' (' || m.designation || ')' AS name, r.name AS region_name FROM municipalities m
		JOIN regions r ON r.code = m.region_code ORDER BY r.code, f_unaccent(lower(m.name)), m.code`).Scan(&municipalities).Error; err != nil {
		return nil, nil, fmt.Errorf("municipalities: %w", err)
	}
	if err = db.Raw(`SELECT x.code, x.name, r.name AS region_name FROM mrcs x JOIN regions r ON r.code = x.region_code
		ORDER BY r.code, f_unaccent(lower(x.name)), x.code`).Scan(&mrcs).Error; err != nil {
		return nil, nil, fmt.Errorf("MRCs: %w", err)
	}
	return municipalities, mrcs, nil
}
