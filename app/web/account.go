package web

import (
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"maillage/app/accounts"
	"maillage/app/errs"
)

// accountRoutes: a person's own profile, personal API tokens and sessions. Token creation is
// rate limited; tokens act with exactly their owner's roles (the principal is the owner).
func (s *Server) accountRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/me", Scope: Authenticated, Handler: s.profilePage},
		{Method: "POST", Path: "/me/tokens", Scope: Authenticated, Handler: s.createTokenPage, Limit: 10},
		{Method: "POST", Path: "/me/tokens/:id/revoke", Scope: Authenticated, Handler: s.revokeTokenPage},
		{Method: "GET", Path: "/me/sessions", Scope: Authenticated, Handler: s.sessionsPage},
		{Method: "POST", Path: "/me/sessions/end", Scope: Authenticated, Handler: s.endSession},
		{Method: "GET", Path: "/api/v1/me/tokens", Scope: Authenticated, Handler: s.apiListTokens,
			Doc: &APIDoc{Summary: "The caller's personal API tokens (never their secrets)", Tag: "identity", Response: "TokenList"}},
		{Method: "POST", Path: "/api/v1/me/tokens", Scope: Authenticated, Handler: s.apiCreateToken, Limit: 10,
			Doc: &APIDoc{Summary: "Create a personal API token; the secret is in this response only", Tag: "identity",
				Request: "NewToken", Response: "CreatedToken", Status: fiber.StatusCreated}},
		{Method: "DELETE", Path: "/api/v1/me/tokens/:id", Scope: Authenticated, Handler: s.apiRevokeToken,
			Doc: &APIDoc{Summary: "Revoke one of the caller's tokens", Tag: "identity", Status: fiber.StatusNoContent}},
	}
}

type profileView struct {
	Memberships []accounts.Membership
	Tokens      []accounts.Token
	NewSecret   string // shown once, right after creation
	TTLDays     []int
}

var tokenTTLDays = []int{30, 90, 365}

func (s *Server) profileView(c *fiber.Ctx) (profileView, error) {
	p := principal(c)
	v := profileView{TTLDays: tokenTTLDays}
	var err error
	if v.Memberships, err = s.accounts.Store.Memberships(ctx(c), p.User.ID); err != nil {
		return v, err
	}
	v.Tokens, err = s.accounts.Tokens.List(ctx(c), p.User.ID)
	return v, err
}

func (s *Server) profilePage(c *fiber.Ctx) error {
	v, err := s.profileView(c)
	if err != nil {
		return err
	}
	return s.render(c, "account/profile", "account.title", v)
}

func parseTTL(days string) (time.Duration, error) {
	n, err := strconv.Atoi(strings.TrimSpace(days))
	if err != nil || n < 1 || n > 366 {
		return 0, (&errs.Validation{}).ErrWith("ttl_days", "accounts.token_ttl_invalid", nil)
	}
	return time.Duration(n) * 24 * time.Hour, nil
}

// createTokenPage creates a token and shows its secret on this response only (no redirect, no
// cache), so it is never stored anywhere but in the person's hands.
func (s *Server) createTokenPage(c *fiber.Ctx) error {
	p := principal(c)
	ttl, err := parseTTL(c.FormValue("ttl_days"))
	if err != nil {
		return err
	}
	secret, _, err := s.accounts.Tokens.Create(ctx(c), p.User.ID, c.FormValue("name"), ttl)
	if err != nil {
		return err
	}
	v, err := s.profileView(c)
	if err != nil {
		return err
	}
	v.NewSecret = secret
	return s.render(c, "account/profile", "account.title", v)
}

func (s *Server) revokeTokenPage(c *fiber.Ctx) error {
	id, err := uuid.Parse(c.Params("id"))
	if err != nil {
		return errNotFound
	}
	if err := s.accounts.Tokens.Revoke(ctx(c), principal(c).User.ID, id); err != nil {
		return err
	}
	return c.Redirect("/me", fiber.StatusSeeOther)
}

type sessionRow struct {
	accounts.Session
	Current bool
}

func (s *Server) sessionsPage(c *fiber.Ctx) error {
	p := principal(c)
	list, err := s.accounts.Sessions.ListForUser(ctx(c), p.User.ID)
	if err != nil {
		return err
	}
	rows := make([]sessionRow, 0, len(list))
	for _, x := range list {
		rows = append(rows, sessionRow{Session: x, Current: x.IDHash == p.SessionHash})
	}
	return s.render(c, "account/sessions", "account.sessions_title", rows)
}

// endSession ends one of the caller's sessions (another person's is 404); ending the current
// one logs out.
func (s *Server) endSession(c *fiber.Ctx) error {
	p := principal(c)
	h := c.FormValue("session")
	if h == "" {
		return (&errs.Validation{}).ErrWith("session", "errors.invalid_input", nil)
	}
	if err := s.accounts.Sessions.DeleteForUser(ctx(c), p.User.ID, h); err != nil {
		return err
	}
	if h == p.SessionHash {
		s.clearSessionCookie(c)
		return c.Redirect("/", fiber.StatusSeeOther)
	}
	return c.Redirect("/me/sessions", fiber.StatusSeeOther)
}

type newTokenRequest struct {
	Name    string `json:"name"`
	TTLDays int    `json:"ttl_days"`
}

type createdToken struct {
	accounts.Token
	Secret string `json:"secret"`
}

func (s *Server) apiListTokens(c *fiber.Ctx) error {
	list, err := s.accounts.Tokens.List(ctx(c), principal(c).User.ID)
	if err != nil {
		return err
	}
	if list == nil {
		list = []accounts.Token{}
	}
	return c.JSON(ListPage[accounts.Token]{Items: list})
}

func (s *Server) apiCreateToken(c *fiber.Ctx) error {
	var in newTokenRequest
	if err := c.BodyParser(&in); err != nil {
		return errs.E(errs.Invalid, "errors.invalid_input")
	}
	ttl, err := parseTTL(strconv.Itoa(in.TTLDays))
	if err != nil {
		return err
	}
	secret, tok, err := s.accounts.Tokens.Create(ctx(c), principal(c).User.ID, in.Name, ttl)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Status(fiber.StatusCreated).JSON(createdToken{Token: tok, Secret: secret})
}

func (s *Server) apiRevokeToken(c *fiber.Ctx) error {
	id, err := uuid.Parse(c.Params("id"))
	if err != nil {
		return errNotFound
	}
	if err := s.accounts.Tokens.Revoke(ctx(c), principal(c).User.ID, id); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// identitySchemas are the OpenAPI components of the token endpoints.
func identitySchemas() map[string]any {
	token := map[string]any{"id": str("uuid"), "name": str(""), "created_at": str("date-time"), "expires_at": str("date-time"),
		"last_used_at": str("date-time"), "revoked_at": str("date-time")}
	created := map[string]any{"secret": str("")}
	for k, v := range token {
		created[k] = v
	}
	return map[string]any{
		"Token":        obj(token),
		"TokenList":    obj(map[string]any{"items": arr(obj(token)), "next_cursor": str("")}),
		"NewToken":     obj(map[string]any{"name": str(""), "ttl_days": map[string]any{"type": "integer", "minimum": 1, "maximum": 366}}),
		"CreatedToken": obj(created),
	}
}
