package web

import (
	"bytes"
	"io"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"
	"github.com/nicksnyder/go-i18n/v2/i18n"

	"maillage/app/errs"
	"maillage/app/opportunities"
)

func (s *Server) opportunityPageRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/organismes", Scope: Public, Handler: s.bodiesPage},
		{Method: "GET", Path: "/opportunites", Scope: Public, Handler: s.publicOpportunitiesPage},
		{Method: "GET", Path: "/opportunites.atom", Scope: Public, Handler: s.publicAtom},
		{Method: "GET", Path: "/opportunites/invitation/:token", Scope: Public, Handler: s.invitationPage},
		{Method: "POST", Path: "/opportunites/invitation/:token", Scope: Public, Handler: s.invitationInterest, Limit: 30},
		{Method: "GET", Path: "/opportunites/:id", Scope: Public, Handler: s.opportunityPage},
		{Method: "POST", Path: "/opportunites/:id/interet", Scope: Platform, Obj: "opportunity_interest", Act: "write", Handler: s.opportunityInterest},
		{Method: "GET", Path: "/entreprise/opportunites", Scope: Platform, Obj: "opportunity_alerts", Act: "write", Handler: s.myOpportunitiesPage},
		{Method: "POST", Path: "/entreprise/alertes", Scope: Platform, Obj: "opportunity_alerts", Act: "write", Handler: s.alertCreate, Limit: 30},
		{Method: "POST", Path: "/entreprise/alertes/:id/supprimer", Scope: Platform, Obj: "opportunity_alerts", Act: "write", Handler: s.alertDelete},
		{Method: "GET", Path: "/alertes/:id/flux.atom", Scope: Public, Handler: s.alertAtom},
		{Method: "GET", Path: "/alertes/:id/desabonnement", Scope: Public, Handler: s.unsubscribePage},
		{Method: "POST", Path: "/alertes/:id/desabonnement", Scope: Public, Handler: s.unsubscribe, Limit: 30},
		{Method: "GET", Path: "/admin/seao", Scope: Platform, Obj: "seao_notices", Act: "write", Handler: s.seaoNoticesForm},
		{Method: "POST", Path: "/admin/seao", Scope: Platform, Obj: "seao_notices", Act: "write", Handler: s.seaoNoticesUpload, Limit: 10},
		{Method: "GET", Path: "/t/:slug/opportunites", Scope: Tenant, Obj: "opportunities", Act: "read", Handler: s.tenantOpportunitiesPage},
		{Method: "GET", Path: "/t/:slug/opportunites/nouvelle", Scope: Tenant, Obj: "opportunities", Act: "write", Handler: s.tenantOpportunityNew},
		{Method: "POST", Path: "/t/:slug/opportunites", Scope: Tenant, Obj: "opportunities", Act: "write", Handler: s.tenantOpportunityCreate},
		{Method: "GET", Path: "/t/:slug/opportunites/:id", Scope: Tenant, Obj: "opportunities", Act: "read", Handler: s.tenantOpportunityPage},
		{Method: "POST", Path: "/t/:slug/opportunites/:id/statut", Scope: Tenant, Obj: "opportunities", Act: "write", Handler: s.tenantOpportunityStatus},
	}
}

// itemCard is an item as a page shows it: names, not codes.
type itemCard struct {
	opportunities.ItemView
	KindLabel  string
	Closing    string
	RegionText string
	Categories []string // "72120000 Construction de bâtiments non résidentiels"
	Why        string   // the reasons, in words
}

// cards turns items into what pages show: region names, category titles in the page's language
// (SEAO's French title when the reference list has none), reasons in words.
func (s *Server) cards(c *fiber.Ctx, p *Page, items []opportunities.ItemView) ([]itemCard, error) {
	var codes []string
	for _, it := range items {
		codes = append(codes, it.UNSPSC...)
		for _, r := range it.Reasons {
			codes = append(codes, r.Item, r.Profile)
		}
	}
	titles, err := s.opps.CodeTitles(ctx(c), codes, p.Lang)
	if err != nil {
		return nil, err
	}
	regions, err := s.regionNames(c)
	if err != nil {
		return nil, err
	}
	f := chartsFormat(p.Lang)
	out := make([]itemCard, 0, len(items))
	for _, it := range items {
		seao := map[string]string{}
		for i, code := range it.UNSPSC {
			if i < len(it.UNSPSCTitles) && p.Lang == "fr" {
				seao[code] = it.UNSPSCTitles[i]
			}
		}
		title := func(code string) string {
			if t := titles[code]; t != "" {
				return t
			}
			return seao[code]
		}
		card := itemCard{ItemView: it, KindLabel: translate(p.L, "opportunities.kind."+it.Kind, nil)}
		if it.ClosesAt != nil {
			card.Closing = f.Date(*it.ClosesAt) + " " + it.ClosesAt.In(montreal).Format("15:04")
		}
		var rn []string
		for _, r := range it.Regions {
			rn = append(rn, regions[r])
		}
		card.RegionText = strings.Join(rn, ", ")
		for _, code := range it.UNSPSC {
			card.Categories = append(card.Categories, strings.TrimSpace(code+" "+title(code)))
		}
		card.Why = reasonsText(p.L, it.Reasons, title, regions)
		out = append(out, card)
	}
	return out, nil
}

var montreal = func() *time.Location {
	l, err := time.LoadLocation("America/Montreal")
	if err != nil {
		return time.FixedZone("EST", -5*3600)
	}
	return l
}()

// reasonsText words a match's reasons: "catégorie 72120000 « … » sous votre alerte 72000000 ; région
// Mauricie desservie".
func reasonsText(l *i18n.Localizer, rs []opportunities.Reason, title func(string) string, regions map[string]string) string {
	var parts []string
	for _, r := range rs {
		parts = append(parts, translate(l, "opportunities.reason."+r.Kind, map[string]any{
			"Item": r.Item, "ItemTitle": title(r.Item), "Profile": r.Profile, "ProfileTitle": title(r.Profile), "Region": regions[r.Item]}))
	}
	return strings.Join(parts, translate(l, "opportunities.reason_separator", nil))
}

func (s *Server) regionNames(c *fiber.Ctx) (map[string]string, error) {
	rs, err := s.opps.Regions(ctx(c))
	if err != nil {
		return nil, err
	}
	m := make(map[string]string, len(rs))
	for _, r := range rs {
		m[r.Code] = r.Name
	}
	return m, nil
}

type bodiesView struct {
	Region, MRC, Q string
	Regions        []struct{ Code, Name string }
	Groups         []bodyGroup
	Count          int
}

type bodyGroup struct {
	Region string
	Bodies []opportunities.Body
}

func (s *Server) bodiesPage(c *fiber.Ctx) error {
	v := bodiesView{Region: c.Query("region"), MRC: c.Query("mrc"), Q: strings.TrimSpace(c.Query("q"))}
	if v.Region != "" && !validRegion(v.Region) {
		v.Region = ""
	}
	var err error
	if v.Regions, err = s.opps.Regions(ctx(c)); err != nil {
		return err
	}
	bodies, err := s.opps.Bodies(ctx(c), opportunities.BodyFilter{Region: v.Region, MRC: v.MRC, Q: v.Q})
	if err != nil {
		return err
	}
	v.Count = len(bodies)
	for _, b := range bodies {
		name := b.RegionName
		if name == "" {
			name = translate(s.page(c, "", nil).L, "opportunities.bodies.no_region", nil)
		}
		if len(v.Groups) == 0 || v.Groups[len(v.Groups)-1].Region != name {
			v.Groups = append(v.Groups, bodyGroup{Region: name})
		}
		g := &v.Groups[len(v.Groups)-1]
		g.Bodies = append(g.Bodies, b)
	}
	return s.render(c, "opportunities/bodies", "opportunities.bodies.title", v)
}

type itemsView struct {
	Filter  opportunities.Filter
	Regions []struct{ Code, Name string }
	Items   []itemCard
	Atom    string
}

func (s *Server) publicOpportunitiesPage(c *fiber.Ctx) error {
	p := s.page(c, "opportunities.public.title", nil)
	f, ferr := s.opportunitiesFilter(c)
	v := itemsView{Filter: f}
	var err error
	if v.Regions, err = s.opps.Regions(ctx(c)); err != nil {
		return err
	}
	if ferr == nil {
		items, err := s.opps.Public(ctx(c), f)
		if err != nil {
			return err
		}
		if v.Items, err = s.cards(c, p, items); err != nil {
			return err
		}
	} else if e := errs.As(ferr); e != nil && e.Kind == errs.Invalid {
		c.Status(fiber.StatusUnprocessableEntity)
		p.Error = translate(p.L, e.Key, e.Args)
		p.Errors = map[string]string{}
		for _, fe := range e.Fields {
			p.Errors[fe.Field] = translate(p.L, fe.Key, fe.Args)
		}
	} else {
		return ferr
	}
	v.Atom = "/opportunites.atom?unspsc=" + f.UNSPSC + "&region=" + f.Region
	p.Data = v
	return s.renderPage(c, "opportunities/list", p)
}

type itemView struct {
	Item        itemCard
	CanInterest bool
	Token       string // an invitation link's token
	Invited     bool
	Saved       string // the decision just recorded
	Addenda     []opportunities.Addendum
	Questions   []opportunities.Question
	CanAsk      bool
	Relay       string                  // a pôle's forward token, carried to the interest so the pôle's reach counts it
	Mine        *opportunities.Interest // the viewer's answer so far
}

func (s *Server) opportunityPage(c *fiber.Ctx) error {
	id, err := itemID(c)
	if err != nil {
		return err
	}
	v, err := s.viewer(c)
	if err != nil {
		return err
	}
	it, err := s.opps.Item(ctx(c), v, id)
	if err != nil {
		return err
	}
	if err := s.opps.OpenForward(ctx(c), c.Query("relais")); err != nil {
		return err
	}
	p := s.page(c, "opportunities.item.title", nil)
	cards, err := s.cards(c, p, []opportunities.ItemView{it})
	if err != nil {
		return err
	}
	pr := principal(c)
	may := pr != nil && s.authz.Allowed(pr.RolesIn(false), "opportunity_interest", "write")
	iv := itemView{Item: cards[0], Saved: c.Query("enregistre"), Relay: c.Query("relais"),
		// Only an enterprise answers a SEAO notice (its answer is its own row); an opportunity also takes
		// the answer of a person the body invited by name.
		CanInterest: may && (it.Source == "body" || v.EnterpriseID != uuid.Nil)}
	iv.CanAsk = iv.CanInterest && it.Source == "body" && it.Status == "open"
	if iv.CanInterest {
		mine, ok, err := s.opps.MyInterest(ctx(c), v, id)
		if err != nil {
			return err
		}
		if ok {
			iv.Mine = &mine
		}
	}
	if it.Source == "body" {
		if iv.Addenda, iv.Questions, err = s.opps.Discussion(ctx(c), v, uuid.Nil, id); err != nil {
			return err
		}
	}
	p.Data = iv
	p.Title = it.Title
	return s.renderPage(c, "opportunities/item", p)
}

func (s *Server) opportunityInterest(c *fiber.Ctx) error {
	id, err := itemID(c)
	if err != nil {
		return err
	}
	v, err := s.viewer(c)
	if err != nil {
		return err
	}
	in := opportunities.InterestInput{Decision: c.FormValue("decision"), Reason: c.FormValue("reason")}
	if _, err := s.flows.Interest(ctx(c), v, id, in); err != nil {
		return s.reshow(c, err, s.opportunityPage)
	}
	if in.Decision == "interested" {
		if err := s.opps.ForwardInterested(ctx(c), c.FormValue("relais")); err != nil {
			return err
		}
	}
	return c.Redirect("/opportunites/"+id.String()+"?enregistre="+in.Decision, fiber.StatusSeeOther)
}

func (s *Server) invitationPage(c *fiber.Ctx) error {
	token := c.Params("token")
	it, err := s.opps.InvitationItem(ctx(c), token)
	if err != nil {
		return err
	}
	if err := s.opps.OpenInvitation(ctx(c), token); err != nil {
		return err
	}
	p := s.page(c, "opportunities.item.title", nil)
	cards, err := s.cards(c, p, []opportunities.ItemView{it})
	if err != nil {
		return err
	}
	iv := itemView{Item: cards[0], CanInterest: true, CanAsk: it.Status == "open", Token: token, Invited: true, Saved: c.Query("enregistre")}
	if iv.Addenda, iv.Questions, err = s.opps.Discussion(ctx(c), opportunities.Viewer{InviteToken: token}, uuid.Nil, it.ID); err != nil {
		return err
	}
	mine, ok, err := s.opps.MyInterest(ctx(c), opportunities.Viewer{InviteToken: token}, it.ID)
	if err != nil {
		return err
	}
	if ok {
		iv.Mine = &mine
	}
	p.Data = iv
	p.Title = it.Title
	c.Set("Referrer-Policy", "no-referrer") // the token is in the address
	return s.renderPage(c, "opportunities/item", p)
}

func (s *Server) invitationInterest(c *fiber.Ctx) error {
	token := c.Params("token")
	it, err := s.opps.InvitationItem(ctx(c), token)
	if err != nil {
		return err
	}
	in := opportunities.InterestInput{Decision: c.FormValue("decision"), Reason: c.FormValue("reason")}
	if _, err := s.flows.Interest(ctx(c), opportunities.Viewer{InviteToken: token}, it.ID, in); err != nil {
		return err
	}
	return c.Redirect("/opportunites/invitation/"+token+"?enregistre="+in.Decision, fiber.StatusSeeOther)
}

type mineView struct {
	Items       []itemCard
	Alerts      []alertRow
	Regions     []struct{ Code, Name string }
	Suggestions []opportunities.Body
	Form        opportunities.SubscriptionInput
	Frequencies []string
}

type alertRow struct {
	opportunities.Subscription
	FeedURL   string
	Codes     string
	Regions   string
	Frequency string
}

func (s *Server) myOpportunitiesPage(c *fiber.Ctx) error {
	return s.mine(c, opportunities.SubscriptionInput{Frequency: "daily"}, nil)
}

func (s *Server) mine(c *fiber.Ctx, form opportunities.SubscriptionInput, failure error) error {
	p := s.page(c, "opportunities.mine.title", nil)
	uid := principal(c).User.ID
	items, err := s.opps.Matches(ctx(c), uid, opportunities.Filter{OpenOnly: true, Limit: 100})
	if err != nil {
		return err
	}
	v := mineView{Form: form, Frequencies: opportunities.Frequencies}
	if v.Items, err = s.cards(c, p, items); err != nil {
		return err
	}
	if v.Regions, err = s.opps.Regions(ctx(c)); err != nil {
		return err
	}
	regions, err := s.regionNames(c)
	if err != nil {
		return err
	}
	subs, err := s.opps.Subscriptions(ctx(c), uid)
	if err != nil {
		return err
	}
	for _, sub := range subs {
		var rn []string
		for _, r := range sub.Regions {
			rn = append(rn, regions[r])
		}
		if len(rn) == 0 {
			rn = []string{translate(p.L, "opportunities.all_quebec", nil)}
		}
		v.Alerts = append(v.Alerts, alertRow{Subscription: sub, Codes: strings.Join(append(append([]string{}, sub.UNSPSC...), sub.Keywords...), ", "),
			Regions: strings.Join(rn, ", "), Frequency: translate(p.L, "opportunities.frequency."+sub.Frequency, nil),
			FeedURL: "/alertes/" + sub.ID.String() + "/flux.atom?jeton=" + s.opps.FeedToken(sub.ID)})
	}
	// Bodies near the enterprise: where it is and where it serves.
	if ent, err := s.opps.EnterpriseOf(ctx(c), uid); err == nil && ent != uuid.Nil {
		if rs, err := s.opps.EnterpriseRegions(ctx(c), ent); err == nil && len(rs) > 0 {
			if v.Suggestions, err = s.opps.Bodies(ctx(c), opportunities.BodyFilter{Regions: rs, Limit: 12}); err != nil {
				return err
			}
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
	return s.renderPage(c, "opportunities/mine", p)
}

// splitPhrases reads a form field of values separated by commas, semicolons or new lines.
func splitPhrases(v string) []string {
	var out []string
	for _, x := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ';' || r == '\n' || r == '\r' }) {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

func formValues(c *fiber.Ctx, key string) []string {
	var out []string
	for _, v := range c.Context().PostArgs().PeekMulti(key) {
		out = append(out, string(v))
	}
	return out
}

func (s *Server) alertCreate(c *fiber.Ctx) error {
	in := opportunities.SubscriptionInput{Name: c.FormValue("name"), UNSPSC: splitPhrases(c.FormValue("unspsc")),
		Regions: formValues(c, "regions"), Keywords: splitPhrases(c.FormValue("keywords")), Frequency: c.FormValue("frequency")}
	if _, err := s.opps.CreateSubscription(ctx(c), principal(c).User.ID, in); err != nil {
		return s.mine(c, in, err)
	}
	return c.Redirect("/entreprise/opportunites", fiber.StatusSeeOther)
}

func (s *Server) alertDelete(c *fiber.Ctx) error {
	id, err := uuid.Parse(c.Params("id"))
	if err != nil {
		return errs.E(errs.NotFound, "opportunities.err.alert_not_found")
	}
	if err := s.opps.DeleteSubscription(ctx(c), principal(c).User.ID, id); err != nil {
		return err
	}
	return c.Redirect("/entreprise/opportunites", fiber.StatusSeeOther)
}

type unsubscribeView struct {
	Alert opportunities.Subscription
	Token string
	Done  bool
}

func (s *Server) unsubscribePage(c *fiber.Ctx) error {
	id, err := uuid.Parse(c.Params("id"))
	if err != nil {
		return errs.E(errs.NotFound, "opportunities.err.alert_not_found")
	}
	// The feed token proves nothing here: only the unsubscribe token opens this page.
	sub, err := s.opps.UnsubscribeTarget(ctx(c), id, c.Query("jeton"))
	if err != nil {
		return err
	}
	c.Set("Referrer-Policy", "no-referrer")
	return s.render(c, "opportunities/unsubscribe", "opportunities.unsubscribe.title", unsubscribeView{Alert: sub, Token: c.Query("jeton")})
}

// unsubscribe stops an alert's digests: the page's button, or a mail client's one-click POST (RFC 8058,
// exempt from the CSRF check because the signed token is the authority).
func (s *Server) unsubscribe(c *fiber.Ctx) error {
	id, err := uuid.Parse(c.Params("id"))
	if err != nil {
		return errs.E(errs.NotFound, "opportunities.err.alert_not_found")
	}
	token := c.Query("jeton")
	if token == "" {
		token = c.FormValue("jeton")
	}
	sub, err := s.opps.Unsubscribe(ctx(c), id, token)
	if err != nil {
		return err
	}
	c.Set("Referrer-Policy", "no-referrer")
	return s.render(c, "opportunities/unsubscribe", "opportunities.unsubscribe.title", unsubscribeView{Alert: sub, Done: true})
}

func (s *Server) seaoNoticesForm(c *fiber.Ctx) error {
	return s.render(c, "opportunities/seao", "opportunities.seao.title", nil)
}

func (s *Server) seaoNoticesUpload(c *fiber.Ctx) error {
	p := s.page(c, "opportunities.seao.title", nil)
	fh, err := c.FormFile("file")
	if err != nil {
		return (&errs.Validation{Key: "opportunities.err.seao_file"}).ErrWith("file", "opportunities.err.seao_file", nil)
	}
	f, err := fh.Open()
	if err != nil {
		return err
	}
	defer f.Close()
	body, err := io.ReadAll(f)
	if err != nil {
		return err
	}
	rep, err := s.opps.LoadNotices(ctx(c), bytes.NewReader(body))
	if err != nil {
		e := errs.As(err)
		if e == nil || e.Kind != errs.Invalid {
			return err
		}
		c.Status(fiber.StatusUnprocessableEntity)
		p.Error = translate(p.L, e.Key, e.Args)
		return s.renderPage(c, "opportunities/seao", p)
	}
	p.Data = rep
	return s.renderPage(c, "opportunities/seao", p)
}
