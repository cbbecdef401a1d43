package flows

import (
	"context"
	"time"

	"gorm.io/gorm"

	"maillage/app/accounts"
	"maillage/app/catalogue"
	"maillage/app/contracts"
	"maillage/app/declarations"
	"maillage/app/mail"
	"maillage/app/opportunities"
	"maillage/app/suppliers"
)

// Service holds the areas a composition needs. It is built once, in cmd/maillage, and shared
// by the web adapter and the worker; its methods open the one transaction a composition runs
// in and call each area's transaction-aware writers (…Tx) inside it.
type Service struct {
	db        *gorm.DB
	catalogue *catalogue.Service
	suppliers *suppliers.Store
	accounts  *accounts.Store
	mails     *mail.Templates
	reference func(context.Context) (*suppliers.Reference, error)
	opps      *opportunities.Service
	decl      *declarations.Store
	contracts *contracts.Store
	now       func() time.Time
}

// Deps are the areas a Service composes.
type Deps struct {
	DB        *gorm.DB // the app role's pool
	Catalogue *catalogue.Service
	Suppliers *suppliers.Store
	Accounts  *accounts.Store
	Mails     *mail.Templates
	// Reference gives the register's reference data (loaded once by its owner).
	Reference func(context.Context) (*suppliers.Reference, error)
	// Opportunities, Declarations and Contracts: an interest writes the contact log, an award the contract.
	Opportunities *opportunities.Service
	Declarations  *declarations.Store
	Contracts     *contracts.Store
	Now           func() time.Time // nil: time.Now
}

// New returns a Service over d.
func New(d Deps) *Service {
	if d.Now == nil {
		d.Now = time.Now
	}
	return &Service{db: d.DB, catalogue: d.Catalogue, suppliers: d.Suppliers, accounts: d.Accounts, mails: d.Mails, reference: d.Reference,
		opps: d.Opportunities, decl: d.Declarations, contracts: d.Contracts, now: d.Now}
}
