package web

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"maillage/app/contracts"
	"maillage/app/errs"
	"maillage/app/opportunities"
	"maillage/app/rules"
)

// The body's side: its opportunities, the publishing form (pre-filled from a saved advice), and each
// opportunity with its invitations and who is interested.

type tenantOppRow struct {
	opportunities.Opportunity
	KindLabel, StatusLabel, VisibilityLabel, Closing string
	Interested, Declined                             int
}

func (s *Server) tenantOpportunitiesPage(c *fiber.Ctx) error {
	list, err := s.opps.List(ctx(c), tenant(c).ID)
	if err != nil {
		return err
	}
	p := s.page(c, "opportunities.tenant.title", nil)
	f := chartsFormat(p.Lang)
	rows := make([]tenantOppRow, 0, len(list))
	for _, o := range list {
		r := tenantOppRow{Opportunity: o, KindLabel: translate(p.L, "opportunities.kind."+o.Kind, nil),
			StatusLabel:     translate(p.L, "opportunities.status."+o.Status, nil),
			VisibilityLabel: translate(p.L, "opportunities.visibility."+o.Visibility, nil)}
		if o.ClosesAt != nil {
			r.Closing = f.Date(*o.ClosesAt)
		}
		rows = append(rows, r)
	}
	// Contracts ending in the next nine months without a planned purchase yet: purchases to plan again.
	planned := map[uuid.UUID]bool{}
	for _, o := range list {
		if o.SourceContract != nil {
			planned[*o.SourceContract] = true
		}
	}
	today := s.now()
	ending, err := s.contracts.List(ctx(c), tenant(c).ID, contracts.Filter{EndingFrom: today, EndingTo: today.AddDate(0, 9, 0), Limit: 50})
	if err != nil {
		return err
	}
	type endingRow struct {
		ID                     uuid.UUID
		Object, Supplier, Ends string
	}
	var ends []endingRow
	for _, ct := range ending {
		if planned[ct.ID] || ct.EndsOn == nil {
			continue
		}
		ends = append(ends, endingRow{ID: ct.ID, Object: ct.Object, Supplier: ct.SupplierName, Ends: f.Date(*ct.EndsOn)})
	}
	// The body's own calls for tenders on SEAO, with what the enterprises answered.
	notices, err := s.opps.BodyNotices(ctx(c), tenant(c).ID, uuid.Nil, 50)
	if err != nil {
		return err
	}
	type noticeRow struct {
		opportunities.BodyNotice
		Closing, StatusLabel string
		Interested, Declined []opportunities.Interest
	}
	nrows := make([]noticeRow, 0, len(notices))
	for _, n := range notices {
		r := noticeRow{BodyNotice: n, StatusLabel: translate(p.L, "opportunities.status."+n.Status, nil)}
		if n.ClosesAt != nil {
			r.Closing = f.Date(*n.ClosesAt)
		}
		for _, i := range n.Interests {
			if i.Decision == "interested" {
				r.Interested = append(r.Interested, i)
			} else {
				r.Declined = append(r.Declined, i)
			}
		}
		nrows = append(nrows, r)
	}
	pr := principal(c)
	p.Data = map[string]any{"Rows": rows, "Ending": ends, "Notices": nrows,
		"CanWrite": pr != nil && s.authz.Allowed(pr.TenantRoles, "opportunities", "write")}
	return s.renderPage(c, "opportunities/tenant_list", p)
}

// oppForm is the publishing form's values, as typed.
type oppForm struct {
	Kind, Title, Description, UNSPSC, ClosesAt, QuestionsUntil, ExpectedOn, Estimated string
	ContactName, ContactEmail, ContactPhone, SEAOURL, Visibility, AdviceID, Invitees  string
	SourceContractID                                                                  string
	Regions                                                                           []string
	Suppliers                                                                         []string // register suppliers checked
	Entries                                                                           []string // catalogue entries checked
}

type oppFormView struct {
	Form       oppForm
	Regions    []struct{ Code, Name string }
	Kinds      []string
	Visibility []string
	Proposed   []proposedInvitee  // from the advisor's ranking
	Catalogue  []catalogueInvitee // catalogue enterprises not in the register that sell what is asked
	Advice     *rules.SavedAdvice
	// fill is how many catalogue enterprises to check beforehand: the invitations the RGC asks for that the
	// register's ranking cannot provide.
	fill int
}

type catalogueInvitee struct {
	EntryID, Name, Municipality string
	HasEmail, Checked           bool
}

type proposedInvitee struct {
	SupplierID, Name string
	Rank             int
	Checked          bool
}

func (s *Server) tenantOpportunityNew(c *fiber.Ctx) error {
	form := oppForm{Kind: "quote_request", Visibility: "invited"}
	v := oppFormView{Form: form}
	if k := c.Query("contrat"); k != "" {
		id, err := uuid.Parse(k)
		if err != nil {
			return errs.E(errs.NotFound, "opportunities.err.contract_not_found")
		}
		ct, err := s.contracts.Get(ctx(c), tenant(c).ID, id)
		if err != nil {
			return err
		}
		// A planned purchase: the same object and category, expected when the contract ends, told to all.
		v.Form = oppForm{Kind: "upcoming", Title: ct.Object, UNSPSC: ct.Category, Visibility: "public", SourceContractID: ct.ID.String()}
		if ct.EndsOn != nil {
			v.Form.ExpectedOn = ct.EndsOn.Format("2006-01-02")
		}
	}
	if a := c.Query("avis"); a != "" {
		id, err := uuid.Parse(a)
		if err != nil {
			return errs.E(errs.NotFound, "opportunities.err.advice_not_found")
		}
		saved, err := s.rules.SavedAdvice(ctx(c), tenant(c).ID, id)
		if errs.Is(err, errs.NotFound) {
			return errs.E(errs.NotFound, "opportunities.err.advice_not_found")
		}
		if err != nil {
			return err
		}
		v.Advice = &saved
		v.Form, v.Proposed, v.fill = fromAdvice(saved)
	}
	return s.oppFormPage(c, v, nil)
}

// fromAdvice pre-fills the form from a saved advice: the object, category and amount; the kind from the
// procedure the law and the RGC require; the invitees from the advisor's ranking (suppliers the RGC
// excludes, e.g. by rotation, are not ranked), the first ones checked — at least two for a written
// invitation. It also says how many invitations the ranking leaves missing (catalogue enterprises fill them).
func fromAdvice(a rules.SavedAdvice) (oppForm, []proposedInvitee, int) {
	f := oppForm{Title: a.Purchase.Object, UNSPSC: a.Purchase.Category, AdviceID: a.ID.String(), Visibility: "invited",
		Estimated: strconv.FormatFloat(float64(a.Purchase.Amount)/100, 'f', 2, 64)}
	checked := 2
	switch a.Advice.Procedure {
	case rules.Invitation:
		f.Kind, checked = "invitation", 3
	case rules.PublicCall:
		f.Kind, f.Visibility, checked = "notice", "public", 0
	default:
		f.Kind = "quote_request"
	}
	var out []proposedInvitee
	for _, r := range a.Advice.Ranked {
		p := proposedInvitee{SupplierID: r.SupplierID, Name: r.Name, Rank: r.Rank, Checked: len(out) < checked}
		if p.Checked {
			f.Suppliers = append(f.Suppliers, r.SupplierID)
		}
		out = append(out, p)
	}
	return f, out, max(0, checked-len(f.Suppliers))
}

func (s *Server) oppFormPage(c *fiber.Ctx, v oppFormView, failure error) error {
	p := s.page(c, "opportunities.tenant.new_title", nil)
	var err error
	if v.Regions, err = s.opps.Regions(ctx(c)); err != nil {
		return err
	}
	v.Kinds, v.Visibility = opportunities.Kinds, opportunities.Visibilities
	if codes := splitPhrases(v.Form.UNSPSC); len(codes) > 0 && v.Form.Visibility != "public" {
		cands, err := s.opps.CatalogueCandidates(ctx(c), tenant(c).ID, opportunities.CandidateQuery{UNSPSC: codes, Regions: v.Form.Regions,
			Text: v.Form.Title + " " + v.Form.Description, Limit: 10})
		if err != nil {
			return err
		}
		for _, cd := range cands {
			ci := catalogueInvitee{EntryID: cd.EntryID.String(), Name: cd.Name, Municipality: cd.Municipality, HasEmail: cd.HasEmail}
			ci.Checked = contains(v.Form.Entries, ci.EntryID)
			if v.fill > 0 && cd.HasEmail {
				ci.Checked, v.fill = true, v.fill-1
			}
			v.Catalogue = append(v.Catalogue, ci)
		}
	}
	if failure != nil {
		e := errs.As(failure)
		if e == nil || e.Kind != errs.Invalid {
			return failure
		}
		c.Status(fiber.StatusUnprocessableEntity)
		p.Error = translate(p.L, e.Key, e.Args)
		p.Errors = map[string]string{}
		for _, fe := range e.Fields {
			p.Errors[fe.Field] = translate(p.L, fe.Key, fe.Args)
		}
	}
	p.Data = v
	return s.renderPage(c, "opportunities/tenant_form", p)
}

// parseLocalTime reads a datetime-local or date field as Montréal time.
func parseLocalTime(v string) (*time.Time, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil, true
	}
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02 15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, v, montreal); err == nil {
			return &t, true
		}
	}
	return nil, false
}

func (s *Server) tenantOpportunityCreate(c *fiber.Ctx) error {
	f := oppForm{Kind: c.FormValue("kind"), Title: c.FormValue("title"), Description: c.FormValue("description"),
		UNSPSC: c.FormValue("unspsc"), ClosesAt: c.FormValue("closes_at"), QuestionsUntil: c.FormValue("questions_until"),
		ExpectedOn: c.FormValue("expected_on"), Estimated: c.FormValue("estimated"), ContactName: c.FormValue("contact_name"),
		ContactEmail: c.FormValue("contact_email"), ContactPhone: c.FormValue("contact_phone"), SEAOURL: c.FormValue("seao_url"),
		Visibility: c.FormValue("visibility"), AdviceID: c.FormValue("advice_id"), Invitees: c.FormValue("invitees"),
		SourceContractID: c.FormValue("source_contract_id"),
		Regions:          formValues(c, "regions"), Suppliers: formValues(c, "suppliers"), Entries: formValues(c, "entries")}
	in := opportunities.Input{Kind: f.Kind, Title: f.Title, Description: f.Description, UNSPSC: splitPhrases(f.UNSPSC),
		Regions: f.Regions, ContactName: f.ContactName, ContactEmail: f.ContactEmail, ContactPhone: f.ContactPhone,
		SEAOURL: f.SEAOURL, Visibility: f.Visibility}
	var v errs.Validation
	v.Key = "opportunities.err.invalid"
	var ok bool
	if in.ClosesAt, ok = parseLocalTime(f.ClosesAt); !ok {
		v.Add("closes_at", "opportunities.err.date", nil)
	}
	if in.QuestionsUntil, ok = parseLocalTime(f.QuestionsUntil); !ok {
		v.Add("questions_until", "opportunities.err.date", nil)
	}
	if in.ExpectedOn, ok = parseLocalTime(f.ExpectedOn); !ok {
		v.Add("expected_on", "opportunities.err.date", nil)
	}
	if e := strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(f.Estimated, " ", ""), ",", ".")); e != "" {
		amount, err := strconv.ParseFloat(strings.TrimSuffix(e, "$"), 64)
		if err != nil || amount < 0 || amount > 1e12 {
			v.Add("estimated", "opportunities.err.amount", nil)
		} else {
			cents := int64(amount*100 + 0.5)
			in.EstimatedCents = &cents
		}
	}
	if id, err := uuid.Parse(f.AdviceID); err == nil {
		in.AdviceID = &id
	}
	if id, err := uuid.Parse(f.SourceContractID); err == nil {
		in.SourceContractID = &id
	}
	for _, sid := range f.Suppliers {
		id, err := uuid.Parse(sid)
		if err != nil {
			continue
		}
		in.Invitees = append(in.Invitees, opportunities.Invitee{SupplierID: &id, Name: s.supplierName(c, id)})
	}
	for _, eid := range f.Entries { // named and addressed from the catalogue by the service
		id, err := uuid.Parse(eid)
		if err != nil {
			continue
		}
		in.Invitees = append(in.Invitees, opportunities.Invitee{CatalogueEntryID: &id})
	}
	// Free invitees, one a line: "Name <address>" or "Name, address".
	for _, line := range strings.Split(f.Invitees, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		name, email := line, ""
		if i := strings.LastIndexAny(line, "<,"); i > 0 {
			name, email = strings.TrimSpace(line[:i]), strings.Trim(strings.TrimSpace(line[i+1:]), "<> ")
		}
		in.Invitees = append(in.Invitees, opportunities.Invitee{Name: name, Email: email})
	}
	view := oppFormView{Form: f}
	if in.AdviceID != nil {
		if saved, err := s.rules.SavedAdvice(ctx(c), tenant(c).ID, *in.AdviceID); err == nil {
			view.Advice = &saved
			_, view.Proposed, _ = fromAdvice(saved)
			for i := range view.Proposed {
				view.Proposed[i].Checked = contains(f.Suppliers, view.Proposed[i].SupplierID)
			}
		}
	}
	if err := v.Err(); err != nil {
		return s.oppFormPage(c, view, err)
	}
	o, err := s.opps.Create(ctx(c), tenant(c).ID, principal(c).User.ID, in)
	if err != nil {
		return s.oppFormPage(c, view, err)
	}
	return c.Redirect(fmt.Sprintf("/t/%s/opportunites/%s?publie=1", tenant(c).Slug, o.ID), fiber.StatusSeeOther)
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// supplierName is the register supplier's name (for the invitation), empty when unknown.
func (s *Server) supplierName(c *fiber.Ctx, id uuid.UUID) string {
	sup, err := s.sup.store.Get(ctx(c), tenant(c).ID, id)
	if err != nil {
		return ""
	}
	return sup.LegalName
}

func (s *Server) tenantOpportunityPage(c *fiber.Ctx) error {
	id, err := itemID(c)
	if err != nil {
		return err
	}
	o, err := s.opps.Get(ctx(c), tenant(c).ID, id)
	if err != nil {
		return err
	}
	p := s.page(c, "opportunities.tenant.title", nil)
	f := chartsFormat(p.Lang)
	row := tenantOppRow{Opportunity: o, KindLabel: translate(p.L, "opportunities.kind."+o.Kind, nil),
		StatusLabel: translate(p.L, "opportunities.status."+o.Status, nil), VisibilityLabel: translate(p.L, "opportunities.visibility."+o.Visibility, nil)}
	if o.ClosesAt != nil {
		row.Closing = f.Date(*o.ClosesAt) + " " + o.ClosesAt.In(montreal).Format("15:04")
	}
	for _, i := range o.Interests {
		if i.Decision == "interested" {
			row.Interested++
		} else {
			row.Declined++
		}
	}
	adds, qs, err := s.opps.Discussion(ctx(c), opportunities.Viewer{}, tenant(c).ID, id)
	if err != nil {
		return err
	}
	pr := principal(c)
	p.Title = o.Title
	register, err := s.contracts.RegisterOptions(ctx(c), tenant(c).ID)
	if err != nil {
		return err
	}
	p.Data = map[string]any{"O": row, "Published": c.Query("publie") == "1", "Addenda": adds, "Questions": qs, "Register": register,
		"Today":    s.now().In(montreal).Format("2006-01-02"),
		"CanWrite": pr != nil && s.authz.Allowed(pr.TenantRoles, "opportunities", "write")}
	return s.renderPage(c, "opportunities/tenant_show", p)
}

func (s *Server) tenantOpportunityStatus(c *fiber.Ctx) error {
	id, err := itemID(c)
	if err != nil {
		return err
	}
	if _, err := s.opps.SetStatus(ctx(c), tenant(c).ID, id, c.FormValue("status")); err != nil {
		return err
	}
	return c.Redirect(fmt.Sprintf("/t/%s/opportunites/%s", tenant(c).Slug, id), fiber.StatusSeeOther)
}
