package mail

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"gorm.io/gorm"

	"maillage/app/jobs"
)

// JobSend is the job kind that sends one message of the outbox.
const JobSend = "mail.send"

// Enqueue keeps a rendered message in the outbox and enqueues its sending, both in tx:
// the message leaves only if the change that caused it commits.
func Enqueue(tx *gorm.DB, m Message) error {
	var id int64
	if err := tx.Raw(`INSERT INTO mail_outbox (to_address, to_name, lang, template, subject, text_body, html_body, headers)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb) RETURNING id`, m.To, m.ToName, m.Lang, m.Template, m.Subject, m.Text, m.HTML, headersJSON(m.Headers)).
		Row().Scan(&id); err != nil {
		return fmt.Errorf("outbox: %w", err)
	}
	return jobs.Enqueue(tx, JobSend, map[string]int64{"outbox_id": id}, time.Time{}, "")
}

func headersJSON(h map[string]string) string {
	if len(h) == 0 {
		return "{}"
	}
	b, _ := json.Marshal(h)
	return string(b)
}

// EnqueueMany is Enqueue for many messages in two statements (digests: thousands at a time).
func EnqueueMany(tx *gorm.DB, ms []Message) error {
	if len(ms) == 0 {
		return nil
	}
	type row struct {
		To      string            `json:"to_address"`
		ToName  string            `json:"to_name"`
		Lang    string            `json:"lang"`
		Tmpl    string            `json:"template"`
		Subject string            `json:"subject"`
		Text    string            `json:"text_body"`
		HTML    string            `json:"html_body"`
		Headers map[string]string `json:"headers"`
	}
	rows := make([]row, len(ms))
	for i, m := range ms {
		rows[i] = row{m.To, m.ToName, m.Lang, m.Template, m.Subject, m.Text, m.HTML, m.Headers}
	}
	b, err := json.Marshal(rows)
	if err != nil {
		return fmt.Errorf("outbox: %w", err)
	}
	if err := tx.Exec(`WITH ins AS (
		INSERT INTO mail_outbox (to_address, to_name, lang, template, subject, text_body, html_body, headers)
		SELECT to_address, to_name, lang, template, subject, text_body, html_body, coalesce(headers, '{}')
		  FROM jsonb_to_recordset(?::jsonb) AS x(to_address text, to_name text, lang text, template text, subject text,
		       text_body text, html_body text, headers jsonb)
		RETURNING id)
		INSERT INTO jobs (kind, payload) SELECT ?, jsonb_build_object('outbox_id', id) FROM ins`, string(b), JobSend).Error; err != nil {
		return fmt.Errorf("outbox: %w", err)
	}
	return nil
}

// SendJob is the handler of JobSend. With a nil sender (development, tests) the message
// is only kept, for the dev mailbox page: nothing leaves the machine.
func SendJob(db *gorm.DB, sender Sender) jobs.Handler {
	return func(ctx context.Context, payload json.RawMessage) error {
		var p struct {
			OutboxID int64 `json:"outbox_id"`
		}
		if err := json.Unmarshal(payload, &p); err != nil {
			return fmt.Errorf("mail job payload: %w", err)
		}
		var rows []Stored
		if err := db.WithContext(ctx).Raw(`SELECT to_address AS "to", to_name, lang, template, subject, text_body AS text,
			html_body AS html, created_at AS at FROM mail_outbox WHERE id = ? AND status = 'queued'`, p.OutboxID).Scan(&rows).Error; err != nil {
			return fmt.Errorf("mail job: %w", err)
		}
		if len(rows) == 0 {
			return nil // already sent or kept
		}
		var headers string
		if err := db.WithContext(ctx).Raw(`SELECT headers::text FROM mail_outbox WHERE id = ?`, p.OutboxID).Row().Scan(&headers); err != nil {
			return fmt.Errorf("mail job headers: %w", err)
		}
		if err := json.Unmarshal([]byte(headers), &rows[0].Headers); err != nil {
			return fmt.Errorf("mail job headers: %w", err)
		}
		status := "kept"
		if sender != nil {
			if err := sender.Send(ctx, rows[0].Message); err != nil {
				return err
			}
			status = "sent"
		}
		return db.WithContext(ctx).Exec(`UPDATE mail_outbox SET status = ?, sent_at = now() WHERE id = ?`, status, p.OutboxID).Error
	}
}

// Outbox reads the queue of messages (the dev mailbox page); writes go through Enqueue in the writer's
// transaction.
type Outbox struct{ db *gorm.DB }

// NewOutbox returns an Outbox on the app role's pool.
func NewOutbox(db *gorm.DB) *Outbox { return &Outbox{db: db} }

// Recent is the package's Recent on the outbox's pool.
func (o *Outbox) Recent(ctx context.Context, to string, limit int) ([]Stored, error) {
	return Recent(ctx, o.db, to, limit)
}

// Recent lists the newest messages of the outbox (to one address when given), for the
// dev mailbox page.
func Recent(ctx context.Context, db *gorm.DB, to string, limit int) ([]Stored, error) {
	q := db.WithContext(ctx).Table("mail_outbox").Select(`to_address AS "to", to_name, lang, template, subject,
		text_body AS text, html_body AS html, created_at AS at`)
	if to != "" {
		q = q.Where("to_address = ?", to)
	}
	var out []Stored
	if err := q.Order("id DESC").Limit(limit).Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("outbox: %w", err)
	}
	return out, nil
}

// CopyMany is EnqueueMany for very large batches (thousands of digests), through COPY on the caller's
// pgx transaction: no JSON round trip of the bodies. The messages leave only if that transaction commits.
func CopyMany(ctx context.Context, tx pgx.Tx, ms []Message) error {
	if len(ms) == 0 {
		return nil
	}
	if _, err := tx.Exec(ctx, `CREATE TEMP TABLE IF NOT EXISTS outbox_copy (to_address text, to_name text, lang text, template text,
		subject text, text_body text, html_body text, headers jsonb) ON COMMIT DELETE ROWS`); err != nil {
		return fmt.Errorf("outbox: %w", err)
	}
	i := 0
	src := pgx.CopyFromFunc(func() ([]any, error) {
		if i == len(ms) {
			return nil, nil
		}
		m := ms[i]
		i++
		return []any{m.To, m.ToName, m.Lang, m.Template, m.Subject, m.Text, m.HTML, headersJSON(m.Headers)}, nil
	})
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"outbox_copy"}, []string{"to_address", "to_name", "lang", "template", "subject",
		"text_body", "html_body", "headers"}, src); err != nil {
		return fmt.Errorf("outbox: %w", err)
	}
	if _, err := tx.Exec(ctx, `WITH ins AS (
		INSERT INTO mail_outbox (to_address, to_name, lang, template, subject, text_body, html_body, headers)
		SELECT to_address, to_name, lang, template, subject, text_body, html_body, headers FROM outbox_copy
		RETURNING id)
		INSERT INTO jobs (kind, payload) SELECT $1, jsonb_build_object('outbox_id', id) FROM ins`, JobSend); err != nil {
		return fmt.Errorf("outbox: %w", err)
	}
	_, err := tx.Exec(ctx, `TRUNCATE outbox_copy`)
	return err
}
