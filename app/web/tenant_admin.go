package web

import (
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"maillage/app/accounts"
	"maillage/app/auth"
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
	Roles   []Choice // the tenant roles, named
	Role    string   // the invitation form's default role
}

func (s *Server) membersPage(c *fiber.Ctx) error {
	t := tenant(c)
	v := membersView{Role: auth.RoleBuyer}
	var err error
	if v.Members, err = s.accounts.Store.Members(ctx(c), t.ID); err != nil {
		return err
	}
	l := s.localizer(c)
	for _, r := range auth.TenantRoles() {
		v.Roles = append(v.Roles, Choice{Value: r, Label: translate(l, "auth.role."+r, nil)})
	}
	return s.render(c, "admin/members", "admin.members_title", v)
}

// memberName is how confirmations name a member: the name, else the e-mail.
func (s *Server) memberName(c *fiber.Ctx, userID uuid.UUID) string {
	ms, err := s.accounts.Store.Members(ctx(c), tenant(c).ID)
	if err != nil {
		return ""
	}
	for _, m := range ms {
		if m.UserID == userID {
			if m.Name != "" {
				return m.Name
			}
			return m.Email
		}
	}
	return ""
}

func (s *Server) inviteMember(c *fiber.Ctx) error {
	t := tenant(c)
	email, role := strings.TrimSpace(c.FormValue("email")), c.FormValue("role")
	_, err := s.flows.InviteMember(ctx(c), t.ID, email, role, func(u accounts.User) (mail.Message, error) { return s.invitationMail(c, u, role) })
	if err != nil {
		return s.reshow(c, err, s.membersPage)
	}
	return s.redirectWith(c, "/t/"+t.Slug+"/admin/members", "admin.invited_done",
		map[string]any{"Email": email, "Role": s.T(c, "auth.role."+role, nil)})
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
	role := c.FormValue("role")
	if err := s.accounts.Store.SetMemberRole(ctx(c), t.ID, userID, role); err != nil {
		return s.reshow(c, err, s.membersPage)
	}
	return s.redirectWith(c, "/t/"+t.Slug+"/admin/members", "admin.role_changed",
		map[string]any{"Name": s.memberName(c, userID), "Role": s.T(c, "auth.role."+role, nil)})
}

func (s *Server) removeMember(c *fiber.Ctx) error {
	t := tenant(c)
	userID, err := uuid.Parse(c.Params("user"))
	if err != nil {
		return errNotFound
	}
	name := s.memberName(c, userID)
	if err := s.accounts.Store.RemoveMember(ctx(c), t.ID, userID); err != nil {
		return s.reshow(c, err, s.membersPage)
	}
	return s.redirectWith(c, "/t/"+t.Slug+"/admin/members", "admin.removed", map[string]any{"Name": name})
}
