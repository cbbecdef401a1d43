package web

import (
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"maillage/app/declarations"
	"maillage/app/errs"
)

// contactRoutes: the maillage contact log that buyers keep.
func (s *Server) contactRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/t/:slug/contacts", Scope: Tenant, Obj: "contacts", Act: "read", Handler: s.contactList},
		{Method: "POST", Path: "/t/:slug/contacts", Scope: Tenant, Obj: "contacts", Act: "write", Handler: s.contactCreate},
	}
}

type contactsView struct {
	Slug     string
	Items    []contactItem
	Kinds    []declarations.ContactKind
	Form     declarations.Contact
	Today    string
	From, To string
	CanWrite bool
	// Enterprises of the register, to name the one met (the indicators follow it to its contracts).
	Enterprises []declarations.Enterprise
}

type contactItem struct {
	Date, Kind, Buyer, Enterprise, Outcome string
}

// contactPeriod reads ?from=&to= (default: the last twelve months); a date that is not one is refused.
func (s *Server) contactPeriod(c *fiber.Ctx) (time.Time, time.Time, error) {
	to := declarations.Day(s.now())
	from := to.AddDate(-1, 0, 0)
	var v errs.Validation
	if d := dateField(&v, "from", c.Query("from")); !d.IsZero() {
		from = d
	}
	if d := dateField(&v, "to", c.Query("to")); !d.IsZero() {
		to = d
	}
	return from, to, v.Err()
}

func (s *Server) contactsPage(c *fiber.Ctx, form declarations.Contact, failure error) error {
	from, to, err := s.contactPeriod(c)
	if err != nil {
		return err
	}
	rows, err := s.decl.Contacts(ctx(c), tenant(c).ID, from, to, 500)
	if err != nil {
		return err
	}
	ents, err := s.decl.RegisterEnterprises(ctx(c), tenant(c).ID)
	if err != nil {
		return err
	}
	names := make(map[string]string, len(ents))
	for _, e := range ents {
		names[e.ID] = e.Name
	}
	p := s.page(c, "declarations.contacts_title", nil)
	f := chartsFormat(p.Lang)
	v := contactsView{Slug: tenant(c).Slug, Kinds: declarations.ContactKinds, Form: form,
		Today: declarations.Day(s.now()).Format("2006-01-02"), From: from.Format("2006-01-02"), To: to.Format("2006-01-02"),
		Enterprises: ents}
	pr := principal(c)
	v.CanWrite = pr != nil && s.authz.Allowed(pr.TenantRoles, "contacts", "write")
	for _, r := range rows {
		name := r.EnterpriseName
		if name == "" {
			name = names[r.SupplierID]
		}
		buyer := r.BuyerName
		if r.BuyerID == "" { // an enterprise's interest in one of the body's SEAO notices: nobody of the body made it
			buyer = translate(p.L, "opportunities.contact.no_buyer", nil)
		}
		v.Items = append(v.Items, contactItem{Date: f.Date(r.Date), Kind: translate(p.L, "declarations.contact_kind."+string(r.Kind), nil),
			Buyer: buyer, Enterprise: name, Outcome: r.Outcome})
	}
	if failure != nil {
		e := errs.As(failure)
		if e == nil || e.Kind != errs.Invalid {
			return failure
		}
		c.Status(statusOf(e.Kind))
		p.Error = translate(p.L, e.Key, e.Args)
		p.Errors = map[string]string{}
		for _, fe := range e.Fields {
			p.Errors[fe.Field] = translate(p.L, fe.Key, fe.Args)
		}
	}
	p.Data = v
	return s.renderPage(c, "declarations/contacts", p)
}

func (s *Server) contactList(c *fiber.Ctx) error {
	return s.contactsPage(c, declarations.Contact{}, nil)
}

func (s *Server) contactCreate(c *fiber.Ctx) error {
	k := declarations.Contact{Kind: declarations.ContactKind(c.FormValue("kind")), BuyerID: principal(c).User.ID.String(),
		SupplierID: strings.TrimSpace(c.FormValue("supplier_id")), EnterpriseName: c.FormValue("enterprise_name"), Outcome: c.FormValue("outcome")}
	var v errs.Validation
	v.Key = "declarations.contact_invalid"
	k.Date = dateField(&v, "date", c.FormValue("date"))
	if err := v.Err(); err != nil {
		return s.contactsPage(c, k, err)
	}
	if _, err := s.decl.AddContact(ctx(c), tenant(c).ID, k); err != nil {
		return s.contactsPage(c, k, err)
	}
	return c.Redirect("/t/"+tenant(c).Slug+"/contacts", fiber.StatusSeeOther)
}
