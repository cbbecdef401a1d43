package catalogue

import (
	"context"

	"gorm.io/gorm"

	"maillage/app/audit"
)

// actor is who changes the catalogue (from the audit actor of ctx), for its history.
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

func actorOf(ctx context.Context) actor {
	a := audit.ActorFrom(ctx)
	out := actor{Label: a.Label}
	if a.UserID != nil {
		out.ID = a.UserID.String()
	}
	return out
}

// platformAudit records a catalogue change in the platform audit log, in the same transaction.
func platformAudit(ctx context.Context, tx *gorm.DB, action, id string, before, after any) error {
	return audit.Platform(ctx, tx, audit.Entry{Action: action, ObjectType: "catalogue_entry", ObjectID: id, Before: before, After: after})
}
