package mail

import (
	"context"
	"sync"
	"time"
)

// Mailbox keeps the messages of the dev sender for the dev mailbox page.
type Mailbox interface {
	Store(ctx context.Context, m Message) error
}

// DevSender never sends anything: it puts every message in a Mailbox. It is what
// `make run` and the tests use, so no real person is ever written to from a laptop.
type DevSender struct{ Box Mailbox }

// Send stores the message.
func (d DevSender) Send(ctx context.Context, m Message) error { return d.Box.Store(ctx, m) }

// Stored is a message as kept by a mailbox.
type Stored struct {
	Message
	At time.Time
}

// MemoryMailbox keeps the last Max messages in memory (for a run without a database and
// for tests; the dev mailbox page reads it newest first).
type MemoryMailbox struct {
	Max  int
	mu   sync.Mutex
	msgs []Stored
}

// Store appends a message, dropping the oldest past Max (100 when unset).
func (b *MemoryMailbox) Store(_ context.Context, m Message) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	limit := b.Max
	if limit <= 0 {
		limit = 100
	}
	b.msgs = append(b.msgs, Stored{Message: m, At: time.Now().UTC()})
	if len(b.msgs) > limit {
		b.msgs = append([]Stored(nil), b.msgs[len(b.msgs)-limit:]...)
	}
	return nil
}

// List returns the messages newest first, optionally only those to one address.
func (b *MemoryMailbox) List(to string) []Stored {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []Stored
	for i := len(b.msgs) - 1; i >= 0; i-- {
		if to == "" || b.msgs[i].To == to {
			out = append(out, b.msgs[i])
		}
	}
	return out
}
