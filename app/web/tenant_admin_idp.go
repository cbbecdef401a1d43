package web

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"maillage/app/auth"
	"maillage/app/errs"
	"maillage/app/quebec"
)

type idpView struct {
	Settings    auth.IdPSettings
	Configured  bool
	RulesText   string
	CallbackURL string
	Tested      *auth.Discovery
}

func (s *Server) idpPage(c *fiber.Ctx) error {
	return s.renderIdP(c, nil)
}

// renderIdP shows the settings (a refused submission comes back through the form's kept values); tested is
// the result of a successful "test connection".
func (s *Server) renderIdP(c *fiber.Ctx, tested *auth.Discovery) error {
	t := tenant(c)
	set, found, err := s.auth.idps.Get(ctx(c), t.ID)
	if err != nil {
		return err
	}
	v := idpView{Settings: set, Configured: found, CallbackURL: tenantCallback(s.cfg, t.Slug)}
	if !found {
		v.Settings.Enabled = true
	}
	v.RulesText = formatRules(set.Rules, lang(c))
	v.Tested = tested
	p := s.page(c, "admin.idp_title", &v)
	if tested != nil {
		p.Flash = s.T(c, "admin.idp_test_ok", map[string]any{"Issuer": tested.Issuer})
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
		return s.reshow(c, err, s.idpPage)
	}
	s.auth.registry.Forget("tenant:" + t.Slug)
	return s.redirectWith(c, "/t/"+t.Slug+"/admin/idp", "admin.idp_saved", nil)
}

// testIdP fetches the discovery document of the submitted issuer (nothing is saved).
func (s *Server) testIdP(c *fiber.Ctx) error {
	in, err := s.idpInput(c)
	if err != nil {
		return s.reshow(c, err, s.idpPage)
	}
	d, err := auth.TestConnection(ctx(c), s.auth.client, in.IssuerURL)
	if err != nil {
		return s.reshow(c, onField("issuer_url", err), s.idpPage)
	}
	// The form comes back as typed (nothing is saved by a test), with the provider's answer.
	c.Locals(localKeepForm, true)
	return s.renderIdP(c, &d)
}

func (s *Server) deleteIdP(c *fiber.Ctx) error {
	t := tenant(c)
	// Removing a provider that is not there is not an error: the end state is the one asked for.
	if err := s.auth.idps.Delete(ctx(c), t.ID); err != nil && !errs.Is(err, errs.NotFound) {
		return err
	}
	s.auth.registry.Forget("tenant:" + t.Slug)
	return s.redirectWith(c, "/t/"+t.Slug+"/admin/idp", "admin.idp_deleted", nil)
}

// Rules are edited as lines "role: claim = value", e.g. "acheteur: groups = Achats"; the role is written as
// a word of the page's language (or its English word), never as an internal code.
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
		code, known := roleWords[quebecFold(strings.TrimSpace(role))]
		if !known {
			code = strings.TrimSpace(role) // ValidateRules names the unknown role
		}
		rules = append(rules, auth.RoleRule{Role: code, Claim: strings.TrimSpace(claim), Value: strings.TrimSpace(value)})
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

// roleWords are the words a rule may name a tenant role with (folded: no accents, lower case).
var roleWords = map[string]string{
	"administrateur": auth.RoleTenantAdmin, "administratrice": auth.RoleTenantAdmin, "administration": auth.RoleTenantAdmin,
	"administrator": auth.RoleTenantAdmin, "admin": auth.RoleTenantAdmin, "tenant_admin": auth.RoleTenantAdmin, "tenant admin": auth.RoleTenantAdmin,
	"acheteur": auth.RoleBuyer, "acheteuse": auth.RoleBuyer, "approvisionnement": auth.RoleBuyer, "buyer": auth.RoleBuyer,
	"elu": auth.RoleOfficial, "elue": auth.RoleOfficial, "gestionnaire": auth.RoleOfficial, "official": auth.RoleOfficial,
}

// ruleWord is the word a rule is written with in lang.
func ruleWord(role, lang string) string {
	fr := map[string]string{auth.RoleTenantAdmin: "administrateur", auth.RoleBuyer: "acheteur", auth.RoleOfficial: "élu"}
	en := map[string]string{auth.RoleTenantAdmin: "administrator", auth.RoleBuyer: "buyer", auth.RoleOfficial: "official"}
	m := fr
	if lang == "en" {
		m = en
	}
	if w, ok := m[role]; ok {
		return w
	}
	return role
}

func formatRules(rules []auth.RoleRule, lang string) string {
	var b strings.Builder
	for _, r := range rules {
		b.WriteString(ruleWord(r.Role, lang) + ": " + r.Claim + " = " + r.Value + "\n")
	}
	return b.String()
}

// quebecFold lowers a word and takes its accents off, for matching what people type.
func quebecFold(s string) string { return quebec.Fold(s) }
