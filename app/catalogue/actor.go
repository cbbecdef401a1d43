package catalogue

import (
	"context"

	"gorm.io/gorm"
)

// actor is who changes the catalogue, for its history.
type actor struct {
	ID    string
	Label string
}

func (a actor) userID() any {
	if a.ID == "" {
		return nil
	}
	return a.ID
}

type actorKey struct{}

// WithActor names the user (or "system:…", "cli") whose changes the store records under ctx.
func WithActor(ctx context.Context, userID, label string) context.Context {
	return context.WithValue(ctx, actorKey{}, actor{ID: userID, Label: label})
}

func actorOf(ctx context.Context) actor {
	if a, ok := ctx.Value(actorKey{}).(actor); ok {
		return a
	}
	return actor{Label: "unknown"}
}

// platformAudit records a change in the platform audit log (wired to app/audit once it lands).
func platformAudit(ctx context.Context, tx *gorm.DB, action, id string, before, after any) error {
	return nil
}
