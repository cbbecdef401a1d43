package web

import (
	"github.com/gofiber/fiber/v2"

	"maillage/app/errs"
	"maillage/app/suppliers"
)

// registerSettingsRoutes: the body's register settings (tenant admins change them; buyers read them).
func (s *Server) registerSettingsRoutes() []Route {
	const api = "/api/v1/t/:slug/register-settings"
	return []Route{
		{Method: "GET", Path: "/t/:slug/admin/register", Scope: Tenant, Obj: "tenant", Act: "write", Handler: s.registerSettingsPage},
		{Method: "POST", Path: "/t/:slug/admin/register", Scope: Tenant, Obj: "tenant", Act: "write", Handler: s.registerSettingsSave},
		{Method: "GET", Path: api, Scope: Tenant, Obj: "suppliers", Act: "read", Handler: s.apiRegisterSettings,
			Doc: &APIDoc{Summary: "The body's register settings", Tag: "suppliers", Response: "RegisterSettings"}},
		{Method: "PUT", Path: api, Scope: Tenant, Obj: "tenant", Act: "write", Handler: s.apiRegisterSettingsPut,
			Doc: &APIDoc{Summary: "Change the body's register settings (audited)", Tag: "suppliers", Request: "RegisterSettings", Response: "RegisterSettings"}},
	}
}

func registerSettingsSchemas() map[string]any {
	return map[string]any{"RegisterSettings": obj(map[string]any{
		"pull_status": map[string]any{"type": "string", "enum": []string{"approved", "invited"},
			"description": "status of enterprises pulled from the shared catalogue"},
	})}
}

func (s *Server) registerSettingsPage(c *fiber.Ctx) error {
	set, err := s.sup.store.Settings(ctx(c), tenant(c).ID)
	if err != nil {
		return err
	}
	p := s.page(c, "suppliers.settings.title", set)
	if c.Query("saved") == "1" {
		p.Flash = s.T(c, "suppliers.settings.saved", nil)
	}
	return s.renderPage(c, "suppliers/settings", p)
}

func (s *Server) registerSettingsSave(c *fiber.Ctx) error {
	t := tenant(c)
	in := suppliers.RegisterSettings{PullStatus: c.FormValue("pull_status")}
	if _, err := s.sup.store.SaveSettings(ctx(c), t.ID, in); err != nil {
		if e := errs.As(err); e != nil && e.Kind == errs.Invalid {
			c.Status(fiber.StatusUnprocessableEntity)
			p := s.page(c, "suppliers.settings.title", in)
			p.Error = s.T(c, e.Key, e.Args)
			p.Errors = map[string]string{}
			for _, f := range e.Fields {
				p.Errors[f.Field] = s.T(c, f.Key, f.Args)
			}
			return s.renderPage(c, "suppliers/settings", p)
		}
		return err
	}
	return c.Redirect("/t/"+t.Slug+"/admin/register?saved=1", fiber.StatusSeeOther)
}

func (s *Server) apiRegisterSettings(c *fiber.Ctx) error {
	set, err := s.sup.store.Settings(ctx(c), tenant(c).ID)
	if err != nil {
		return err
	}
	return c.JSON(set)
}

func (s *Server) apiRegisterSettingsPut(c *fiber.Ctx) error {
	var in suppliers.RegisterSettings
	if err := c.BodyParser(&in); err != nil {
		return errs.E(errs.Invalid, "errors.invalid_input")
	}
	out, err := s.sup.store.SaveSettings(ctx(c), tenant(c).ID, in)
	if err != nil {
		return err
	}
	return c.JSON(out)
}
