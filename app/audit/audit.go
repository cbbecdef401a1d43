// Package audit writes the append-only audit log: who did what, when, with the values before and after.
//
// Entries are written inside the same transaction as the change they describe, so a change and its audit
// record commit or roll back together. The app role can only INSERT and SELECT audit rows.
package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
)

// Actor is who acts: a user, or a named system context ("system:expiry-reminders").
type Actor struct {
	UserID    *uuid.UUID
	Label     string // e-mail of the user, or "system:<name>", or "cli"
	RequestID string
}

type actorKey struct{}

// WithActor returns ctx carrying the actor that the audit entries written under it name.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor of ctx; "unknown" when none was set (a bug the audit trail makes visible).
func ActorFrom(ctx context.Context) Actor {
	if a, ok := ctx.Value(actorKey{}).(Actor); ok {
		return a
	}
	return Actor{Label: "unknown"}
}

// Entry is one audited change. Before and After are any JSON-encodable values (nil when absent).
type Entry struct {
	Action     string // e.g. "supplier.update"
	ObjectType string // e.g. "supplier"
	ObjectID   string
	Before     any
	After      any
}

// Record is a stored audit entry.
type Record struct {
	ID         int64           `json:"id"`
	At         time.Time       `json:"at"`
	ActorID    *uuid.UUID      `json:"actor_id,omitempty"`
	Actor      string          `json:"actor"`
	Action     string          `json:"action"`
	ObjectType string          `json:"object_type"`
	ObjectID   string          `json:"object_id"`
	Before     json.RawMessage `json:"before,omitempty"`
	After      json.RawMessage `json:"after,omitempty"`
	RequestID  string          `json:"request_id,omitempty"`
}

func encode(v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return string(b), nil
}

// Tenant appends a tenant-owned entry; tx must be a tenant transaction (tenants.Tx) of tenantID.
func Tenant(ctx context.Context, tx *gorm.DB, tenantID uuid.UUID, e Entry) error {
	a := ActorFrom(ctx)
	before, err := encode(e.Before)
	if err != nil {
		return fmt.Errorf("audit %s: %w", e.Action, err)
	}
	after, err := encode(e.After)
	if err != nil {
		return fmt.Errorf("audit %s: %w", e.Action, err)
	}
	err = tx.Exec(`INSERT INTO audit_log (tenant_id, actor_id, actor, action, object_type, object_id, before, after, request_id)
		VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?)`,
		tenantID, a.UserID, a.Label, e.Action, e.ObjectType, e.ObjectID, before, after, a.RequestID).Error
	if err != nil {
		return fmt.Errorf("audit %s: %w", e.Action, err)
	}
	return nil
}

// Platform appends a platform-level entry (tenants, platform roles, catalogue, reference data).
func Platform(ctx context.Context, tx *gorm.DB, e Entry) error {
	a := ActorFrom(ctx)
	before, err := encode(e.Before)
	if err != nil {
		return fmt.Errorf("audit %s: %w", e.Action, err)
	}
	after, err := encode(e.After)
	if err != nil {
		return fmt.Errorf("audit %s: %w", e.Action, err)
	}
	err = tx.Exec(`INSERT INTO platform_audit_log (actor_id, actor, action, object_type, object_id, before, after, request_id)
		VALUES (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?)`,
		a.UserID, a.Label, e.Action, e.ObjectType, e.ObjectID, before, after, a.RequestID).Error
	if err != nil {
		return fmt.Errorf("audit %s: %w", e.Action, err)
	}
	return nil
}
