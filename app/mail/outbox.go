package mail

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm"

	"maillage/app/jobs"
)

// JobSend is the job kind that sends one message of the outbox.
const JobSend = "mail.send"

// Enqueue keeps a rendered message in the outbox and enqueues its sending, both in tx:
// the message leaves only if the change that caused it commits.
func Enqueue(tx *gorm.DB, m Message) error {
	var id int64
	if err := tx.Raw(`INSERT INTO mail_outbox (to_address, to_name, lang, template, subject, text_body, html_body)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, m.To, m.ToName, m.Lang, m.Template, m.Subject, m.Text, m.HTML).
		Row().Scan(&id); err != nil {
		return fmt.Errorf("outbox: %w", err)
	}
	return jobs.Enqueue(tx, JobSend, map[string]int64{"outbox_id": id}, time.Time{}, "")
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
