-- Enterprise profiles (platform level: one profile, many applications) and the applications to each
-- body's register with their messages (tenant-owned). Runs as maillage_owner.
-- +goose Up
CREATE TABLE enterprises (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  owner_user_id uuid NOT NULL REFERENCES users (id),
  neq char(10) NOT NULL UNIQUE CHECK (neq ~ '^[0-9]{10}$'),
  profile jsonb NOT NULL, -- the supplier fields the enterprise fills once (suppliers.Supplier, JSON)
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX enterprises_owner_idx ON enterprises (owner_user_id);
-- No RLS: platform level. The store reads a profile only for its owner, or for a body through one of the
-- body's applications.
GRANT SELECT, INSERT, UPDATE ON enterprises TO maillage_app;

-- The enterprise's own documents, shown to every body it applied to.
CREATE TABLE enterprise_documents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  enterprise_id uuid NOT NULL REFERENCES enterprises (id),
  type text NOT NULL CHECK (type ~ '^[a-z][a-z0-9_]{1,39}$'),
  issued_on date,
  expires_on date,
  file_name text NOT NULL,
  media_type text NOT NULL,
  size_bytes bigint NOT NULL,
  sha256 text NOT NULL,
  blob_key text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX enterprise_documents_enterprise_idx ON enterprise_documents (enterprise_id, type);
GRANT SELECT, INSERT, DELETE ON enterprise_documents TO maillage_app;

CREATE TABLE applications (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  enterprise_id uuid REFERENCES enterprises (id),
  invite_email citext,
  supplier_id uuid,
  state text NOT NULL CHECK (state IN ('invited', 'applied', 'under_review', 'info_requested', 'approved',
    'rejected', 'withdrawn', 'suspended')),
  -- Optional scoring grid of the Montréal pilot (0–5 each): willingness to serve institutional markets,
  -- fit of the offer with the body's needs, capacity.
  score_willingness smallint CHECK (score_willingness BETWEEN 0 AND 5),
  score_fit smallint CHECK (score_fit BETWEEN 0 AND 5),
  score_capacity smallint CHECK (score_capacity BETWEEN 0 AND 5),
  profile_seen_version integer NOT NULL DEFAULT 0, -- the profile version buyers last acknowledged
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id) ON DELETE SET NULL (supplier_id),
  CHECK (enterprise_id IS NOT NULL OR invite_email IS NOT NULL)
);
CREATE UNIQUE INDEX applications_enterprise_key ON applications (tenant_id, enterprise_id) WHERE enterprise_id IS NOT NULL;
CREATE INDEX applications_state_idx ON applications (tenant_id, state, updated_at);
CREATE INDEX applications_enterprise_idx ON applications (enterprise_id);
ALTER TABLE applications ENABLE ROW LEVEL SECURITY;
ALTER TABLE applications FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON applications
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
-- An enterprise sees its own applications across bodies (read only) when the transaction names it
-- (app.enterprise_id, set with set_config(..., true) after the store checked the user owns it).
CREATE POLICY own_applications ON applications FOR SELECT
  USING (enterprise_id = (SELECT nullif(current_setting('app.enterprise_id', true), '')::uuid));
GRANT SELECT, INSERT, UPDATE, DELETE ON applications TO maillage_app;

CREATE TABLE application_messages (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  application_id uuid NOT NULL,
  action text NOT NULL,
  author_role text NOT NULL CHECK (author_role IN ('buyer', 'enterprise')),
  author text NOT NULL DEFAULT '',
  body text NOT NULL DEFAULT '',
  from_state text NOT NULL DEFAULT '',
  to_state text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, application_id) REFERENCES applications (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX application_messages_app_idx ON application_messages (tenant_id, application_id, id);
ALTER TABLE application_messages ENABLE ROW LEVEL SECURITY;
ALTER TABLE application_messages FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON application_messages
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
CREATE POLICY own_application_messages ON application_messages FOR SELECT
  USING (EXISTS (SELECT 1 FROM applications a WHERE a.tenant_id = application_messages.tenant_id
    AND a.id = application_messages.application_id
    AND a.enterprise_id = (SELECT nullif(current_setting('app.enterprise_id', true), '')::uuid)));
GRANT SELECT, INSERT ON application_messages TO maillage_app;

-- +goose Down
DROP TABLE application_messages, applications, enterprise_documents, enterprises;
