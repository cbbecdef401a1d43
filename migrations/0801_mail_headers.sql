-- Extra headers of an e-mail (digests carry List-Unsubscribe and List-Unsubscribe-Post, RFC 8058).
-- +goose Up
ALTER TABLE mail_outbox ADD COLUMN headers jsonb NOT NULL DEFAULT '{}';

-- +goose Down
ALTER TABLE mail_outbox DROP COLUMN headers;
