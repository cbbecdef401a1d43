package web

import (
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"maillage/app/accounts"
	"maillage/app/auth"
	"maillage/app/errs"
	"maillage/app/mail"
)

// tenantAdminRoutes: a tenant admin's members, identity provider and audit log. Every change is
// audited by the store that makes it, in the same transaction.
func (s *Server) tenantAdminRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/t/:slug/admin/members", Scope: Tenant, Obj: "members", Act: "read", Handler: s.membersPage},
		{Method: "POST", Path: "/t/:slug/admin/members", Scope: Tenant, Obj: "members", Act: "write", Handler: s.inviteMember},
		{Method: "POST", Path: "/t/:slug/admin/members/:user/role", Scope: Tenant, Obj: "members", Act: "write", Handler: s.changeMemberRole},
		{Method: "POST", Path: "/t/:slug/admin/members/:user/remove", Scope: Tenant, Obj: "members", Act: "write", Handler: s.removeMember},
		{Method: "GET", Path: "/t/:slug/admin/idp", Scope: Tenant, Obj: "idp", Act: "read", Handler: s.idpPage},
		{Method: "POST", Path: "/t/:slug/admin/idp", Scope: Tenant, Obj: "idp", Act: "write", Handler: s.saveIdP},
		{Method: "POST", Path: "/t/:slug/admin/idp/test", Scope: Tenant, Obj: "idp", Act: "write", Handler: s.testIdP, Limit: 10},
		{Method: "POST", Path: "/t/:slug/admin/idp/delete", Scope: Tenant, Obj: "idp", Act: "write", Handler: s.deleteIdP},
		{Method: "GET", Path: "/t/:slug/admin/audit", Scope: Tenant, Obj: "audit", Act: "read", Handler: s.auditPage},
		{Method: "GET", Path: "/t/:slug/admin/audit.csv", Scope: Tenant, Obj: "audit", Act: "read", Handler: s.auditCSV},
	}
}

type membersView struct {
	Members []accounts.Member
	Roles   []string
	Email   string // re-shown after a refused invitation
	Role    string
}

func (s *Server) membersPage(c *fiber.Ctx) error {
	return s.renderMembers(c, membersView{Role: auth.RoleBuyer}, nil)
}

func (s *Server) renderMembers(c *fiber.Ctx, v membersView, failed error) error {
	t := tenant(c)
	var err error
	if v.Members, err = s.accounts.Members(ctx(c), t.ID); err != nil {
		return err
	}
	v.Roles = auth.TenantRoles()
	p := s.page(c, "admin.members_title", v)
	if failed != nil {
		e := errs.As(failed)
		if e == nil || e.Kind == errs.Internal {
			return failed
		}
		c.Status(statusOf(e.Kind))
		p.Error = s.T(c, e.Key, e.Args)
		p.Errors = map[string]string{}
		for _, f := range e.Fields {
			p.Errors[f.Field] = s.T(c, f.Key, f.Args)
		}
	}
	return s.renderPage(c, "admin/members", p)
}

func (s *Server) inviteMember(c *fiber.Ctx) error {
	t := tenant(c)
	email, role := strings.TrimSpace(c.FormValue("email")), c.FormValue("role")
	_, err := s.flows.InviteMember(ctx(c), t.ID, email, role, func(u accounts.User) (mail.Message, error) { return s.invitationMail(c, u, role) })
	if err != nil {
		return s.renderMembers(c, membersView{Email: email, Role: role}, err)
	}
	return c.Redirect("/t/"+t.Slug+"/admin/members", fiber.StatusSeeOther)
}

// invitationMail tells the invited person, in their language, where to log in (queued in the
// outbox with the grant: the job queue sends it, the dev mailbox shows it in development).
func (s *Server) invitationMail(c *fiber.Ctx, u accounts.User, role string) (mail.Message, error) {
	t := tenant(c)
	data := map[string]any{"RecipientName": u.Name, "Email": u.Email, "BodyName": t.Name,
		"Role": s.Translate(u.Locale, "auth.role."+role), "InvitedBy": principal(c).User.Email,
		"Link": strings.TrimRight(s.cfg.BaseURL, "/") + "/t/" + t.Slug + "/login"}
	return s.sup.mails.Render("member_invited", u.Locale, u.Email, u.Name, data)
}

func (s *Server) changeMemberRole(c *fiber.Ctx) error {
	t := tenant(c)
	userID, err := uuid.Parse(c.Params("user"))
	if err != nil {
		return errNotFound
	}
	if err := s.accounts.SetMemberRole(ctx(c), t.ID, userID, c.FormValue("role")); err != nil {
		return s.renderMembers(c, membersView{Role: auth.RoleBuyer}, err)
	}
	return c.Redirect("/t/"+t.Slug+"/admin/members", fiber.StatusSeeOther)
}

func (s *Server) removeMember(c *fiber.Ctx) error {
	t := tenant(c)
	userID, err := uuid.Parse(c.Params("user"))
	if err != nil {
		return errNotFound
	}
	if err := s.accounts.RemoveMember(ctx(c), t.ID, userID); err != nil {
		return s.renderMembers(c, membersView{Role: auth.RoleBuyer}, err)
	}
	return c.Redirect("/t/"+t.Slug+"/admin/members", fiber.StatusSeeOther)
}
