// Package services builds every domain service of Maillage once, over one database pool: the set that
// cmd/maillage's wire.go hands to both the web adapter and the job worker (and the web tests build the
// same way). It composes areas without adding rules of its own: each area's constructor is called here
// and nowhere else, so a service holding state (a cache, loaded reference data) exists once per process.
package services

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"sync"
	"time"

	"gorm.io/gorm"

	"maillage/app/accounts"
	"maillage/app/auth"
	"maillage/app/billing"
	"maillage/app/catalogue"
	"maillage/app/contracts"
	"maillage/app/database"
	"maillage/app/declarations"
	"maillage/app/flows"
	"maillage/app/mail"
	"maillage/app/opportunities"
	"maillage/app/provincial"
	"maillage/app/quebec"
	"maillage/app/ratelimit"
	"maillage/app/rules"
	"maillage/app/signups"
	"maillage/app/suppliers"
	"maillage/frontend"
	"maillage/tenants"
)

// Options are what the services need besides the pool.
type Options struct {
	Now       func() time.Time // nil: time.Now
	Logger    *slog.Logger     // nil: slog.Default()
	BaseURL   string           // public URL, in e-mails and links
	SecretKey []byte           // ≥ 32 bytes: signed opportunity links; the keyring's default key
	// Keyring seals tenant client secrets; nil derives one from SecretKey (key id "k0").
	Keyring  *auth.Keyring
	Sessions accounts.SessionPolicy
	Billing  billing.Config // Stripe keys and the platform's seller details (billing is off without a secret key)
}

// Set is every service, one struct per area.
type Set struct {
	Health        *database.Health
	Tenants       *tenants.Store
	Accounts      Accounts
	Auth          Auth
	Mail          Mail
	Suppliers     Suppliers
	Catalogue     *catalogue.Service
	Rules         *rules.Store
	Contracts     *contracts.Store
	Declarations  *declarations.Store
	Provincial    *provincial.Service
	Opportunities *opportunities.Service
	Billing       Billing
	Flows         *flows.Service
	Limits        *ratelimit.Limiter
}

// Accounts are people, their sessions and API tokens.
type Accounts struct {
	Store    *accounts.Store
	Sessions *accounts.Sessions
	Tokens   *accounts.Tokens
}

// Auth is the login's persistence: identities, tenant providers, attempts and failures.
type Auth struct {
	Users    *auth.PGUsers
	IdPs     *auth.IdPStore
	Attempts *auth.PGAttempts
	Failures *auth.FailureLog
}

// Mail is the e-mail templates (parsed once) and the outbox's reading side.
type Mail struct {
	Templates *mail.Templates
	Outbox    *mail.Outbox
}

// Suppliers is the register and the enterprises' applications.
type Suppliers struct {
	Store        *suppliers.Store
	Applications *suppliers.Applications
	ref          *referenceOnce
}

// Reference returns the register's reference data (UNSPSC and places), read on first use and kept: only
// a migration changes it. A failed read is retried on the next call.
func (s Suppliers) Reference(ctx context.Context) (*suppliers.Reference, error) {
	return s.ref.get(ctx)
}

// Billing is subscriptions and invoices, sign-ups, and their approval flow.
type Billing struct {
	Service *billing.Service
	Signups *signups.Service
	Flow    *flows.Signups
}

// New builds every service over db (the app role's pool: RLS applies).
func New(db *gorm.DB, o Options) (*Set, error) {
	if len(o.SecretKey) < 32 {
		return nil, fmt.Errorf("services: secret key must be at least 32 bytes")
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	keys := o.Keyring
	if keys == nil {
		var err error
		if keys, err = auth.KeyringFor("", o.SecretKey); err != nil {
			return nil, err
		}
	}
	sub, err := fs.Sub(frontend.Mail, "mail")
	if err != nil {
		return nil, err
	}
	tpl, err := mail.Load(sub)
	if err != nil {
		return nil, fmt.Errorf("mail templates: %w", err)
	}
	s := &Set{
		Health:  database.NewHealth(db),
		Tenants: tenants.NewStore(db),
		Accounts: Accounts{Store: accounts.NewStore(db), Sessions: accounts.NewSessions(db, o.Sessions, o.Now),
			Tokens: accounts.NewTokens(db, o.Now)},
		Auth: Auth{Users: auth.NewPGUsers(db), IdPs: auth.NewIdPStore(db, keys), Attempts: auth.NewPGAttempts(db, o.Now),
			Failures: auth.NewFailureLog(db, o.Logger)},
		Mail:          Mail{Templates: tpl, Outbox: mail.NewOutbox(db)},
		Catalogue:     catalogue.NewService(db, o.Now),
		Rules:         rules.NewStore(db, o.Now),
		Contracts:     contracts.NewStore(db, o.Now),
		Declarations:  declarations.NewStore(db, o.Now),
		Provincial:    provincial.NewService(db),
		Opportunities: opportunities.NewService(db, o.Now, o.SecretKey).WithMail(tpl, o.BaseURL),
		Limits:        ratelimit.New(db),
	}
	store := suppliers.NewStore(db, o.Now)
	s.Suppliers = Suppliers{Store: store, Applications: suppliers.NewApplications(db, store, tpl, o.BaseURL, o.Now),
		ref: &referenceOnce{store: store, places: s.Catalogue.Places}}
	bill := billing.NewService(db, o.Now, o.Billing, o.Logger)
	su := signups.NewService(db, o.Now, tpl, o.BaseURL)
	s.Billing = Billing{Service: bill, Signups: su, Flow: flows.NewSignups(db, o.Now, su, bill)}
	s.Flows = flows.New(flows.Deps{DB: db, Catalogue: s.Catalogue, Suppliers: store, Accounts: s.Accounts.Store, Mails: tpl,
		Reference: s.Suppliers.Reference, Opportunities: s.Opportunities, Declarations: s.Declarations, Contracts: s.Contracts,
		Now: o.Now})
	return s, nil
}

// referenceOnce loads the register's reference data once (again after a failed read).
type referenceOnce struct {
	mu     sync.Mutex
	ref    *suppliers.Reference
	store  *suppliers.Store
	places func(context.Context) (*quebec.Places, error)
}

func (r *referenceOnce) get(ctx context.Context) (*suppliers.Reference, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.ref != nil {
		return r.ref, nil
	}
	places, err := r.places(ctx)
	if err != nil {
		return nil, err
	}
	ref, err := r.store.Reference(ctx, places)
	if err != nil {
		return nil, err
	}
	r.ref = ref
	return ref, nil
}
