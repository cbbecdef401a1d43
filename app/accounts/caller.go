package accounts

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/gorm"

	"maillage/app/database"
	"maillage/app/errs"
)

// The sign-in fast path. Every signed-in request needs the credential (session or API token), the user,
// their platform roles and their roles in the path's tenant. Read one by one that was about six round trips
// (the tenant roles alone took a transaction: BEGIN, set the tenant, SELECT, COMMIT); here it is one.
//
// The statements go out as one pgx batch: pgx sends it as a single pipeline ending in one Sync, and
// PostgreSQL runs everything before a Sync as one implicit transaction. So set_config(…, true) — local to
// that transaction, as in tenants.Tx — holds for the SELECT that follows it and is gone at the Sync: the
// memberships are read under row-level security for exactly that tenant, and the pooled connection keeps
// nothing. Without a tenant the setting is not made and memberships show no rows.

// userColumns are the principal's columns after the credential's, in the order scanCaller reads them.
const userColumns = `u.id, u.email::text, u.name, u.issuer, u.subject, u.locale, u.created_at, u.last_login_at,
	coalesce((SELECT string_agg(p.role || '|' || array_to_string(p.regions, ','), ';' ORDER BY p.role)
	          FROM platform_roles p WHERE p.user_id = u.id), ''),
	coalesce((SELECT array_agg(m.role ORDER BY m.role) FROM memberships m
	          WHERE m.tenant_id = $1 AND m.user_id = u.id), '{}')`

// callerRow receives one row: the credential's columns (dest) then the user's.
type callerRow struct {
	user     User
	platform string
	roles    []string
}

func (r *callerRow) targets() []any {
	u := &r.user
	return []any{&u.ID, &u.Email, &u.Name, &u.Issuer, &u.Subject, &u.Locale, &u.CreatedAt, &u.LastLoginAt, &r.platform, &r.roles}
}

// principal turns the row into a Principal (platform roles parsed, roles in tenantID as read).
func (r *callerRow) principal(tenantID uuid.UUID) *Principal {
	prs := []PlatformRole{}
	for _, item := range splitNonEmptySep(r.platform, ";") {
		role, regions, _ := strings.Cut(item, "|")
		prs = append(prs, PlatformRole{Role: role, Regions: splitNonEmpty(regions)})
	}
	return &Principal{User: r.user, PlatformRoles: prs, TenantRoles: r.roles, RolesTenant: tenantID}
}

// readCaller runs q in one round trip — $1 is the tenant, args are $2… — scanning the credential's columns
// into dest and the rest into a callerRow. found is false when no row matched.
func readCaller(ctx context.Context, db *gorm.DB, q string, tenantID uuid.UUID, args []any, dest ...any) (row callerRow, found bool, err error) {
	sqlDB, err := db.DB()
	if err != nil {
		return row, false, err
	}
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		return row, false, database.Translate(fmt.Errorf("caller: connection: %w", err))
	}
	defer conn.Close()
	var tenant *string // NULL without a tenant: the memberships subquery then matches nothing
	b := &pgx.Batch{}
	if tenantID != uuid.Nil {
		s := tenantID.String()
		tenant = &s
		b.Queue(`SELECT set_config('app.tenant_id', $1, true)`, s)
	}
	b.Queue(q, append([]any{tenant}, args...)...).QueryRow(func(r pgx.Row) error {
		err := r.Scan(append(dest, row.targets()...)...)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		found = err == nil
		return err
	})
	err = conn.Raw(func(dc any) error {
		sc, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("caller: the driver is not pgx (%T)", dc)
		}
		return sc.Conn().SendBatch(ctx, b).Close()
	})
	if err != nil {
		return row, false, database.Translate(fmt.Errorf("caller: %w", err))
	}
	return row, found, nil
}

// LookupCaller is Lookup and the principal it names in one round trip: the live session for a raw id, its
// user with their platform roles and their roles in tenantID (none when tenantID is uuid.Nil). The idle
// window slides as in Lookup (a write at most once a minute).
func (s *Sessions) LookupCaller(ctx context.Context, raw string, tenantID uuid.UUID) (*Principal, error) {
	if raw == "" {
		return nil, errs.E(errs.Unauthenticated, "auth.session_missing")
	}
	h := HashSecret(raw)
	var sess Session
	row, found, err := readCaller(ctx, s.db, `SELECT s.created_at, s.last_seen_at, s.expires_at, `+userColumns+`
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = $2`, tenantID, []any{h},
		&sess.CreatedAt, &sess.LastSeenAt, &sess.ExpiresAt)
	if err != nil {
		return nil, fmt.Errorf("lookup session: %w", err)
	}
	if !found {
		return nil, errs.E(errs.Unauthenticated, "auth.session_missing")
	}
	sess.IDHash, sess.UserID = h, row.user.ID
	if err := s.keepAlive(ctx, &sess); err != nil {
		return nil, err
	}
	p := row.principal(tenantID)
	p.SessionHash = h
	return p, nil
}

// keepAlive refuses an idle- or absolute-expired session (and deletes it), and slides the idle window at
// most once a minute, so that most requests write nothing.
func (s *Sessions) keepAlive(ctx context.Context, sess *Session) error {
	now := s.now()
	if now.After(sess.ExpiresAt) || now.Sub(sess.LastSeenAt) > s.policy.Idle {
		_ = s.db.WithContext(ctx).Exec(`DELETE FROM sessions WHERE id_hash = ?`, sess.IDHash).Error
		return errs.E(errs.Unauthenticated, "auth.session_expired")
	}
	if now.Sub(sess.LastSeenAt) > time.Minute {
		if err := s.db.WithContext(ctx).Exec(`UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?`, now, sess.IDHash).Error; err != nil {
			return fmt.Errorf("touch session: %w", err)
		}
		sess.LastSeenAt = now
	}
	return nil
}

// AuthenticateCaller is Authenticate and the principal the token names in one round trip: a live,
// unrevoked API token, its user with their platform roles and their roles in tenantID (none when
// tenantID is uuid.Nil). The token's last use is recorded as in Authenticate.
func (t *Tokens) AuthenticateCaller(ctx context.Context, secret string, tenantID uuid.UUID) (*Principal, error) {
	if !strings.HasPrefix(secret, TokenPrefix) {
		return nil, errs.E(errs.Unauthenticated, "auth.token_invalid")
	}
	now := t.now()
	var tok Token
	row, found, err := readCaller(ctx, t.db, `SELECT k.id, k.last_used_at, `+userColumns+`
		FROM api_tokens k JOIN users u ON u.id = k.user_id
		WHERE k.token_hash = $2 AND k.revoked_at IS NULL AND k.expires_at > $3`, tenantID, []any{HashSecret(secret), now},
		&tok.ID, &tok.LastUsedAt)
	if err != nil {
		return nil, fmt.Errorf("authenticate token: %w", err)
	}
	if !found {
		return nil, errs.E(errs.Unauthenticated, "auth.token_invalid")
	}
	if err := t.recordUse(ctx, &tok, now); err != nil {
		return nil, err
	}
	p := row.principal(tenantID)
	id := tok.ID
	p.TokenID = &id
	return p, nil
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
