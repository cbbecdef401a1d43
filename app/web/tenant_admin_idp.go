package web

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"maillage/app/auth"
	"maillage/app/errs"
)

type idpView struct {
	Settings    auth.IdPSettings
	Configured  bool
	RulesText   string
	CallbackURL string
	Tested      *auth.Discovery
}

func (s *Server) idpPage(c *fiber.Ctx) error {
	return s.renderIdP(c, nil, nil, nil)
}

// renderIdP shows the settings; in, when given, is a submitted form to show again, tested the
// result of a successful "test connection", failed the reason a submission was refused.
func (s *Server) renderIdP(c *fiber.Ctx, in *auth.IdPInput, tested *auth.Discovery, failed error) error {
	t := tenant(c)
	set, found, err := s.auth.idps.Get(ctx(c), t.ID)
	if err != nil {
		return err
	}
	v := idpView{Settings: set, Configured: found, CallbackURL: tenantCallback(s.cfg, t.Slug)}
	if !found {
		v.Settings.Enabled = true
	}
	v.RulesText = formatRules(set.Rules)
	if in != nil {
		v.Settings.IssuerURL, v.Settings.ClientID, v.Settings.EntraTenantID, v.Settings.Enabled =
			in.IssuerURL, in.ClientID, in.EntraTenantID, in.Enabled
		v.RulesText = c.FormValue("rules")
	}
	v.Tested = tested
	p := s.page(c, "admin.idp_title", &v)
	if tested != nil {
		p.Flash = s.T(c, "admin.idp_test_ok", map[string]any{"Issuer": tested.Issuer})
	}
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
	return s.renderPage(c, "admin/idp", p)
}

func (s *Server) idpInput(c *fiber.Ctx) (auth.IdPInput, error) {
	in := auth.IdPInput{IssuerURL: strings.TrimSpace(c.FormValue("issuer_url")), ClientID: strings.TrimSpace(c.FormValue("client_id")),
		ClientSecret: c.FormValue("client_secret"), EntraTenantID: strings.TrimSpace(c.FormValue("entra_tenant_id")),
		Enabled: c.FormValue("enabled") == "on"}
	rules, err := parseRules(c.FormValue("rules"))
	in.Rules = rules
	if err != nil {
		return in, err
	}
	if s.cfg.Env == "production" && !strings.HasPrefix(in.IssuerURL, "https://") {
		// Plain http to this machine is for the demo provider and tests only: in production it
		// would let a tenant admin make the server call its own loopback services.
		return in, (&errs.Validation{Key: auth.KeyConfigInvalid}).ErrWith("issuer_url", "auth.error.issuer_url_invalid", nil)
	}
	return in, nil
}

func (s *Server) saveIdP(c *fiber.Ctx) error {
	t := tenant(c)
	in, err := s.idpInput(c)
	if err == nil {
		_, err = s.auth.idps.Save(ctx(c), t.ID, in)
	}
	if err != nil {
		return s.renderIdP(c, &in, nil, err)
	}
	s.auth.registry.Forget("tenant:" + t.Slug)
	return c.Redirect("/t/"+t.Slug+"/admin/idp", fiber.StatusSeeOther)
}

// testIdP fetches the discovery document of the submitted issuer (nothing is saved).
func (s *Server) testIdP(c *fiber.Ctx) error {
	in, err := s.idpInput(c)
	if err != nil {
		return s.renderIdP(c, &in, nil, err)
	}
	d, err := auth.TestConnection(ctx(c), s.auth.client, in.IssuerURL)
	if err != nil {
		return s.renderIdP(c, &in, nil, err)
	}
	return s.renderIdP(c, &in, &d, nil)
}

func (s *Server) deleteIdP(c *fiber.Ctx) error {
	t := tenant(c)
	// Removing a provider that is not there is not an error: the end state is the one asked for.
	if err := s.auth.idps.Delete(ctx(c), t.ID); err != nil && !errs.Is(err, errs.NotFound) {
		return err
	}
	s.auth.registry.Forget("tenant:" + t.Slug)
	return c.Redirect("/t/"+t.Slug+"/admin/idp", fiber.StatusSeeOther)
}

// Rules are edited as lines "role: claim = value", e.g. "buyer: groups = Achats".
func parseRules(text string) ([]auth.RoleRule, error) {
	var rules []auth.RoleRule
	v := errs.Validation{Key: "auth.error.mapping_invalid"}
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		role, rest, ok1 := strings.Cut(line, ":")
		claim, value, ok2 := strings.Cut(rest, "=")
		if !ok1 || !ok2 {
			v.Add("rules", "admin.rules_line_invalid", map[string]any{"Line": i + 1})
			continue
		}
		rules = append(rules, auth.RoleRule{Role: strings.TrimSpace(role), Claim: strings.TrimSpace(claim), Value: strings.TrimSpace(value)})
	}
	if err := v.Err(); err != nil {
		return rules, err
	}
	if err := auth.ValidateRules(rules, true); err != nil {
		e := errs.As(err)
		for i := range e.Fields {
			e.Fields[i].Field = "rules"
		}
		return rules, e
	}
	return rules, nil
}

func formatRules(rules []auth.RoleRule) string {
	var b strings.Builder
	for _, r := range rules {
		b.WriteString(r.Role + ": " + r.Claim + " = " + r.Value + "\n")
	}
	return b.String()
}
