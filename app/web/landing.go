package web

// Where people land after signing in: the place their work starts. An elected official lands on the body's
// progress dashboard; a buyer or an admin on the body's home; an enterprise on its applications; a catalogue
// steward on the queue of claims and proposed changes; a provincial analyst on the provincial page. Someone
// with several places (two bodies, a body and a platform role) lands on the home page, which lists them.

import (
	"context"

	"github.com/google/uuid"

	"maillage/app/accounts"
	"maillage/app/quebec"
)

// Workspace is one place a person works: a body (with their strongest role there) or a platform role.
type Workspace struct {
	Href    string
	Name    string // the body's name; empty for a platform role
	RoleKey string // message ID of the role's name
	WhatKey string // message ID of what they do there
}

// tenantRoleRank orders a person's roles in one body, strongest first.
var tenantRoleRank = map[string]int{accounts.RoleTenantAdmin: 0, accounts.RoleBuyer: 1, accounts.RoleOfficial: 2}

// platformLanding is where each platform role's work starts.
var platformLanding = []struct{ role, href, what string }{
	{accounts.RoleEnterprise, "/entreprise/candidatures", "landing.what.enterprise"},
	{accounts.RoleCatalogueSteward, "/catalogue/requests", "landing.what.catalogue_steward"},
	{accounts.RoleProvincialAnalyst, "/province", "landing.what.provincial_analyst"},
	{accounts.RolePlatformAdmin, "/admin/legal", "landing.what.platform_admin"},
}

// workspaces lists a person's places, bodies first (by name), then platform roles.
func (s *Server) workspaces(ctx context.Context, userID uuid.UUID, platform []accounts.PlatformRole) ([]Workspace, error) {
	ms, err := s.accounts.Store.Memberships(ctx, userID)
	if err != nil {
		return nil, err
	}
	var out []Workspace
	index := map[string]int{}
	for _, m := range ms {
		rank, known := tenantRoleRank[m.Role]
		if !known {
			continue
		}
		w := tenantWorkspace(m.Slug, m.Name, m.Role)
		if i, seen := index[m.Slug]; seen {
			if rank < tenantRoleRank[roleOfKey(out[i].RoleKey)] {
				out[i] = w
			}
			continue
		}
		index[m.Slug] = len(out)
		out = append(out, w)
	}
	quebec.SortNames(out, func(w Workspace) string { return w.Name }) // bodies in reading order (É with the E's)
	for _, pl := range platformLanding {
		for _, r := range platform {
			if r.Role == pl.role {
				out = append(out, Workspace{Href: pl.href, RoleKey: "roles." + pl.role, WhatKey: pl.what})
			}
		}
	}
	return out, nil
}

func tenantWorkspace(slug, name, role string) Workspace {
	w := Workspace{Href: "/t/" + slug, Name: name, RoleKey: "roles." + role, WhatKey: "landing.what." + role}
	if role == accounts.RoleOfficial {
		w.Href += "/progress"
	}
	return w
}

func roleOfKey(key string) string { return key[len("roles."):] }

// landingPath is where a person goes after signing in when they asked for no page: their one place, the
// body they signed in through, or the home page that lists their places.
func (s *Server) landingPath(ctx context.Context, userID uuid.UUID, tenantSlug string) (string, error) {
	platform, err := s.accounts.Store.PlatformRolesOf(ctx, userID)
	if err != nil {
		return "", err
	}
	ws, err := s.workspaces(ctx, userID, platform)
	if err != nil {
		return "", err
	}
	if tenantSlug != "" {
		for _, w := range ws {
			if w.Name != "" && (w.Href == "/t/"+tenantSlug || w.Href == "/t/"+tenantSlug+"/progress") {
				return w.Href, nil
			}
		}
		return "/t/" + tenantSlug, nil
	}
	if len(ws) == 1 {
		return ws[0].Href, nil
	}
	return "/", nil
}
