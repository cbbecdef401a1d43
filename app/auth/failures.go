package auth

import (
	"context"
	"fmt"
	"log/slog"

	"gorm.io/gorm"
)

// Failure is one refused authentication step, logged for abuse review (there is no lockout).
type Failure struct {
	Endpoint   string // login, callback, token, api
	Reason     string // the refusal's message ID, never a secret
	IssuerKey  string
	TenantSlug string
	IP         string
	UserAgent  string
}

// FailureLog writes failures to the auth_failures table and to the structured log.
type FailureLog struct {
	db  *gorm.DB
	log *slog.Logger
}

// NewFailureLog returns the log; logger may be nil (slog.Default).
func NewFailureLog(db *gorm.DB, logger *slog.Logger) *FailureLog {
	if logger == nil {
		logger = slog.Default()
	}
	return &FailureLog{db: db, log: logger}
}

// Record stores f. A failure to store is logged, not returned: the refusal already happened.
func (l *FailureLog) Record(ctx context.Context, f Failure) {
	l.log.WarnContext(ctx, "authentication refused", "endpoint", f.Endpoint, "reason", f.Reason,
		"issuer", f.IssuerKey, "tenant", f.TenantSlug, "ip", f.IP)
	err := l.db.WithContext(ctx).Exec(`INSERT INTO auth_failures (endpoint, reason, issuer_key, tenant_slug, ip, user_agent)
		VALUES (?, ?, ?, ?, ?, ?)`, f.Endpoint, truncate(f.Reason, 200), f.IssuerKey, f.TenantSlug, f.IP, truncate(f.UserAgent, 300)).Error
	if err != nil {
		l.log.ErrorContext(ctx, "record auth failure", "err", fmt.Errorf("insert auth_failures: %w", err))
	}
}

// Count returns how many failures were logged for an endpoint (tests, the abuse review).
func (l *FailureLog) Count(ctx context.Context, endpoint string) (int64, error) {
	var n int64
	err := l.db.WithContext(ctx).Raw(`SELECT count(*) FROM auth_failures WHERE endpoint = ?`, endpoint).Scan(&n).Error
	return n, err
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
