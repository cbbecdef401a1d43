-- Sign-ups (issue 11): a public body asks to join. Platform level (there is no tenant yet); the person's
-- e-mail is confirmed through a link (only the SHA-256 of its token is kept), then the request is approved
-- automatically when the e-mail's domain is the body's official domain (official_domains), or by a platform
-- admin. approved_tenant_id names the body created at approval. Writer: app/signups only.
-- +goose Up
CREATE TABLE signups (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  status text NOT NULL CHECK (status IN ('awaiting_email', 'pending', 'approved', 'refused')),
  body_name text NOT NULL CHECK (length(btrim(body_name)) BETWEEN 2 AND 200),
  kind text NOT NULL CHECK (kind IN ('municipality', 'mrc', 'regie', 'school_service_centre', 'health', 'ministry', 'other')),
  municipality_code text REFERENCES municipalities (code),
  mrc_code text REFERENCES mrcs (code),
  identification text NOT NULL DEFAULT '' CHECK (length(identification) <= 300),
  population integer CHECK (population IS NULL OR population >= 0),
  region_code char(2) REFERENCES regions (code),
  person_name text NOT NULL CHECK (length(btrim(person_name)) BETWEEN 2 AND 200),
  person_title text NOT NULL DEFAULT '' CHECK (length(person_title) <= 200),
  email text NOT NULL CHECK (length(email) <= 254 AND email = lower(email)),
  lang text NOT NULL DEFAULT 'fr' CHECK (lang IN ('fr', 'en')),
  terms_version text NOT NULL,
  terms_accepted_at timestamptz NOT NULL,
  verified boolean NOT NULL DEFAULT false,
  confirm_hash text UNIQUE,
  confirm_expires_at timestamptz,
  email_confirmed_at timestamptz,
  decided_at timestamptz,
  decided_by uuid REFERENCES users (id),
  refusal_reason text NOT NULL DEFAULT '' CHECK (length(refusal_reason) <= 2000),
  approved_tenant_id uuid REFERENCES tenants (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX signups_status_idx ON signups (status, created_at);
GRANT SELECT, INSERT, UPDATE ON signups TO maillage_app;
-- +goose Down
DROP TABLE signups;
