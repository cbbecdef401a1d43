package mail

import (
	"context"
	"fmt"
	"time"

	gomail "github.com/wneessen/go-mail"

	"maillage/app/errs"
)

// SMTPConfig is how to reach the outgoing mail server.
type SMTPConfig struct {
	Host     string
	Port     int    // 587 (STARTTLS) by default
	Username string // empty: no authentication
	Password string
	From     string // sender address, e.g. "no-reply@maillage.example"
	FromName string // sender display name, e.g. "Maillage"
	// Insecure allows a server without STARTTLS: only for a relay on the same host or
	// a test server. Credentials are never sent in clear to a remote server otherwise.
	Insecure bool
	Timeout  time.Duration // per connection; 15 s by default
}

// SMTPSender sends each message over SMTP with go-mail.
type SMTPSender struct{ cfg SMTPConfig }

// NewSMTPSender checks the configuration.
func NewSMTPSender(cfg SMTPConfig) (*SMTPSender, error) {
	if cfg.Host == "" || cfg.From == "" {
		return nil, fmt.Errorf("smtp: host and from address are required")
	}
	if cfg.Port == 0 {
		cfg.Port = 587
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 15 * time.Second
	}
	return &SMTPSender{cfg: cfg}, nil
}

// Build turns a message into a MIME message: multipart/alternative with the text part
// first and the HTML part second, as mail clients expect.
func (s *SMTPSender) Build(m Message) (*gomail.Msg, error) {
	msg := gomail.NewMsg()
	if err := msg.FromFormat(s.cfg.FromName, s.cfg.From); err != nil {
		return nil, fmt.Errorf("smtp from: %w", err)
	}
	if err := msg.AddToFormat(m.ToName, m.To); err != nil {
		return nil, errs.E(errs.Invalid, "mail.bad_address").Wrap(err)
	}
	msg.Subject(m.Subject)
	msg.SetGenHeader(gomail.HeaderContentLang, m.Lang)
	for k, v := range m.Headers {
		msg.SetGenHeader(gomail.Header(k), v)
	}
	msg.SetMessageID()
	msg.SetDate()
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	return msg, nil
}

// Send connects, sends and disconnects (a background job sends mail one message at a
// time, so a pooled connection would buy nothing).
func (s *SMTPSender) Send(ctx context.Context, m Message) error {
	msg, err := s.Build(m)
	if err != nil {
		return err
	}
	opts := []gomail.Option{gomail.WithPort(s.cfg.Port), gomail.WithTimeout(s.cfg.Timeout), gomail.WithTLSPolicy(gomail.TLSMandatory)}
	if s.cfg.Insecure {
		opts[2] = gomail.WithTLSPolicy(gomail.TLSOpportunistic)
	}
	if s.cfg.Username != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthPlain), gomail.WithUsername(s.cfg.Username), gomail.WithPassword(s.cfg.Password))
	}
	c, err := gomail.NewClient(s.cfg.Host, opts...)
	if err != nil {
		return fmt.Errorf("smtp client: %w", err)
	}
	if err := c.DialAndSendWithContext(ctx, msg); err != nil {
		return errs.E(errs.Unavailable, "mail.send_failed").Wrap(err)
	}
	return nil
}
