package accounts

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"maillage/app/errs"
)

// UserWithPlatformRoles loads a user and their platform roles in one round trip: it runs on every
// authenticated request (the principal), where each round trip counts.
func (s *Store) UserWithPlatformRoles(ctx context.Context, id uuid.UUID) (User, []PlatformRole, error) {
	var rows []struct {
		ID          uuid.UUID
		Email       string
		Name        string
		Issuer      *string
		Subject     *string
		Locale      string
		CreatedAt   time.Time
		LastLoginAt *time.Time
		Platform    string // "role|05,16;role|" — role, then its regions
	}
	err := s.db.WithContext(ctx).Raw(`SELECT u.id, u.email, u.name, u.issuer, u.subject, u.locale, u.created_at, u.last_login_at,
		coalesce(string_agg(p.role || '|' || array_to_string(p.regions, ','), ';' ORDER BY p.role), '') AS platform
		FROM users u LEFT JOIN platform_roles p ON p.user_id = u.id WHERE u.id = ? GROUP BY u.id`, id).Scan(&rows).Error
	if err != nil {
		return User{}, nil, fmt.Errorf("load user %s: %w", id, err)
	}
	if len(rows) == 0 {
		return User{}, nil, errs.E(errs.NotFound, "errors.not_found")
	}
	r := rows[0]
	u := User{ID: r.ID, Email: r.Email, Name: r.Name, Issuer: r.Issuer, Subject: r.Subject, Locale: r.Locale,
		CreatedAt: r.CreatedAt, LastLoginAt: r.LastLoginAt}
	prs := []PlatformRole{}
	for _, item := range splitNonEmptySep(r.Platform, ";") {
		role, regions, _ := strings.Cut(item, "|")
		prs = append(prs, PlatformRole{Role: role, Regions: splitNonEmpty(regions)})
	}
	return u, prs, nil
}

func splitNonEmptySep(s, sep string) []string {
	var out []string
	for _, p := range strings.Split(s, sep) {
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}
