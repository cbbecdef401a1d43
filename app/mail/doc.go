// Package mail renders bilingual e-mails from templates and sends them.
//
// Each e-mail is two template files per language in one fs.FS: "<name>.<lang>.txt"
// (text/template; it defines "subject" and its body is the plain-text part) and
// "<name>.<lang>.html" (html/template, so every value is escaped; it is wrapped in
// "layout.<lang>.html"). Senders: SMTPSender goes through github.com/wneessen/go-mail;
// DevSender never sends and hands each message to a Mailbox that a local "dev mailbox"
// page reads (MemoryMailbox here; a database table once there is one).
package mail

import "context"

// Message is one rendered e-mail to one recipient.
type Message struct {
	To       string // address
	ToName   string // display name, may be empty
	Lang     string // "fr" or "en"
	Template string // template name, kept for the dev mailbox and logs
	Subject  string
	Text     string
	HTML     string
	// Headers are extra headers (List-Unsubscribe and List-Unsubscribe-Post of digests, RFC 8058).
	Headers map[string]string `json:"headers,omitempty" gorm:"-"`
}

// Sender delivers a message. Implementations must be safe for concurrent use.
type Sender interface {
	Send(ctx context.Context, m Message) error
}
