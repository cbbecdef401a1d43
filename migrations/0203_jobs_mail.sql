-- A PostgreSQL job queue (enqueued in the same transaction as the change that needs it; workers take
-- jobs with FOR UPDATE SKIP LOCKED, so N instances share the work) and the outgoing mail it sends.
-- Platform level (no tenant_id): jobs name the tenant in their payload and run in tenant transactions.
-- +goose Up
CREATE TABLE jobs (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind text NOT NULL,
  payload jsonb NOT NULL DEFAULT '{}',
  unique_key text UNIQUE, -- optional: at most one job per key (e.g. one reminder run per day)
  run_at timestamptz NOT NULL DEFAULT now(),
  attempts integer NOT NULL DEFAULT 0,
  max_attempts integer NOT NULL DEFAULT 5,
  locked_until timestamptz,
  last_error text NOT NULL DEFAULT '',
  done_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX jobs_ready_idx ON jobs (run_at) WHERE done_at IS NULL;
GRANT SELECT, INSERT, UPDATE ON jobs TO maillage_app;

-- Every e-mail, rendered. In development nothing is sent: the dev mailbox page lists these rows.
CREATE TABLE mail_outbox (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  to_address text NOT NULL,
  to_name text NOT NULL DEFAULT '',
  lang text NOT NULL DEFAULT 'fr',
  template text NOT NULL,
  subject text NOT NULL,
  text_body text NOT NULL,
  html_body text NOT NULL,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'kept', 'failed')),
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz
);
CREATE INDEX mail_outbox_to_idx ON mail_outbox (to_address, id DESC);
GRANT SELECT, INSERT, UPDATE ON mail_outbox TO maillage_app;

-- Reminders already sent, so the daily run writes once per document, state and threshold.
CREATE TABLE document_reminders (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  document_key text NOT NULL, -- "s:<supplier document id>" or "e:<enterprise document id>"
  state text NOT NULL,
  expires_on date NOT NULL,
  sent_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, document_key, state, expires_on)
);
ALTER TABLE document_reminders ENABLE ROW LEVEL SECURITY;
ALTER TABLE document_reminders FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON document_reminders
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
GRANT SELECT, INSERT ON document_reminders TO maillage_app;

-- +goose Down
DROP TABLE document_reminders, mail_outbox, jobs;
