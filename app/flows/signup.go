package flows

import (
	"context"
	"strings"
	"time"
	"unicode"

	"github.com/google/uuid"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
	"gorm.io/gorm"

	"maillage/app/accounts"
	"maillage/app/billing"
	"maillage/app/mail"
	"maillage/app/rules"
	"maillage/app/signups"
	"maillage/tenants"
)

// Signups composes the approval of a sign-up: the body (tenants), its first tenant_admin (accounts, bound
// at first login like any invitation), its default procurement policy (rules), its trial (billing), the
// request marked approved (signups) and the e-mail to the person (outbox), all in one transaction.
type Signups struct {
	db       *gorm.DB
	now      func() time.Time
	signups  *signups.Service
	tenants  *tenants.Store
	accounts *accounts.Store
	rules    *rules.Store
	billing  *billing.Service
}

// NewSignups builds the flow (now nil: time.Now).
func NewSignups(db *gorm.DB, now func() time.Time, s *signups.Service, b *billing.Service) *Signups {
	if now == nil {
		now = time.Now
	}
	return &Signups{db: db, now: now, signups: s, tenants: tenants.NewStore(db), accounts: accounts.NewStore(db),
		rules: rules.NewStore(db, now), billing: b}
}

// Confirm follows an e-mail confirmation link. A request verified by its official e-mail domain is approved
// at once, in the same transaction; another waits for a platform admin.
func (f *Signups) Confirm(ctx context.Context, token string) (signups.Signup, *tenants.Tenant, error) {
	var out signups.Signup
	var created *tenants.Tenant
	err := f.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		s, err := f.signups.ConfirmTx(ctx, tx, token)
		if err != nil {
			return err
		}
		out = s
		if s.Status != signups.Pending || !s.Verified {
			return nil
		}
		s, err = f.signups.LockPendingTx(ctx, tx, s.ID)
		if err != nil {
			return err
		}
		t, err := f.approveTx(ctx, tx, s, true)
		if err != nil {
			return err
		}
		created = &t
		out.Status = signups.Approved
		out.ApprovedTenantID = &t.ID
		return nil
	})
	return out, created, err
}

// Approve is a platform admin's approval of a confirmed request.
func (f *Signups) Approve(ctx context.Context, id uuid.UUID) (tenants.Tenant, error) {
	var t tenants.Tenant
	err := f.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		s, err := f.signups.LockPendingTx(ctx, tx, id)
		if err != nil {
			return err
		}
		t, err = f.approveTx(ctx, tx, s, false)
		return err
	})
	return t, err
}

func (f *Signups) approveTx(ctx context.Context, tx *gorm.DB, s signups.Signup, auto bool) (tenants.Tenant, error) {
	slug, err := f.tenants.FreeSlugTx(tx, Slugify(s.BodyName))
	if err != nil {
		return tenants.Tenant{}, err
	}
	t, err := f.tenants.CreateTx(ctx, tx, tenants.NewTenant{Slug: slug, Name: s.BodyName, Kind: s.Kind, MunicipalityCode: s.MunicipalityCode,
		RegionCode: s.RegionCode, Population: s.Population})
	if err != nil {
		return tenants.Tenant{}, err
	}
	now := f.now()
	trialEnds := now.Add(f.billing.Config().Trial())
	err = tenants.Tx(ctx, tx, t.ID, func(ttx *gorm.DB) error {
		if _, err := f.accounts.GrantTenantRoleTx(ctx, ttx, t.ID, s.Email, "tenant_admin"); err != nil {
			return err
		}
		if _, err := f.rules.CreatePolicyTx(ctx, ttx, t.ID, DefaultPolicy(t, now), false); err != nil {
			return err
		}
		plan, err := f.billing.Store.PlanFor(ctx, t.Kind, t.Population, now)
		if err != nil {
			return err
		}
		return f.billing.Store.StartTrialTx(ctx, ttx, t.ID, plan, billing.Contact{Name: s.PersonName, Email: s.Email}, trialEnds)
	})
	if err != nil {
		return tenants.Tenant{}, err
	}
	if err := f.signups.MarkApprovedTx(ctx, tx, s, t.ID, auto); err != nil {
		return tenants.Tenant{}, err
	}
	m, err := f.signups.ApprovedMessage(s, t.Slug, trialEnds)
	if err != nil {
		return tenants.Tenant{}, err
	}
	return t, mail.Enqueue(tx, m)
}

// DefaultPolicy is the stub a new body starts with (rules.PlaceholderResolution: it counts as "RGC not
// entered", so the advisor answers from the law alone with that warning until the body enters its own): the
// law's minimums: municipal law for municipalities, MRCs, régies and others, LCOP for school service centres,
// health establishments and ministries; no gré à gré ceiling of its own (the law's thresholds apply), no
// rotation, no local preference, collective enterprises not preferred until the council decides.
func DefaultPolicy(t tenants.Tenant, now time.Time) rules.PolicyVersion {
	law := rules.LawMunicipal
	switch t.Kind {
	case "school_service_centre", "health", "ministry":
		law = rules.LawLCOP
	}
	day := rules.Day(now.Year(), now.Month(), now.Day())
	return rules.PolicyVersion{Policy: rules.Policy{LawFamily: law, From: day, ResolutionNumber: rules.PlaceholderResolution, ResolutionDate: day,
		LocalScope: rules.TerritoryNone, LocalMechanism: rules.MechanismNone},
		Concentration: rules.ConcentrationSetting{Limit: 5000, Level: 4}}
}

// Slugify turns a body's name into a path segment: "Ville de Saint-Éloi" → "ville-de-saint-eloi".
func Slugify(name string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	s, _, _ := transform.String(t, strings.ToLower(name))
	var b strings.Builder
	dash := false
	for _, r := range s {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	out := strings.Trim(b.String(), "-")
	if len(out) > 50 {
		out = strings.Trim(out[:50], "-")
	}
	if len(out) < 2 {
		out = "organisme"
	}
	return out
}
