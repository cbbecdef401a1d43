-- Declarations of commitment (measure 9 of the 2011 MAMROT initiatives): the declaration and its
-- versions, its targets with their history, qualitative commitments, the council resolution's PDF,
-- the maillage contact log and the tenant's public-progress switch. Every table is tenant-owned:
-- tenant_id leads every key, RLS is enabled and forced with USING and WITH CHECK.
-- +goose Up
-- Two declarations of a tenant may not share a day: enforced here (race-free) as well as in Go
-- (which gives the readable message). btree_gist lets the exclusion constraint compare tenant_id.
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE declarations (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'adopted')),
  resolution_number text NOT NULL DEFAULT '',
  resolution_date date,
  period_start date NOT NULL,
  period_end date NOT NULL,
  text_fr text NOT NULL CHECK (length(btrim(text_fr)) > 0),
  text_en text NOT NULL DEFAULT '',
  -- The stated definition of eligible spend (declarations.Eligibility as JSON: rule, ceiling,
  -- procedures, excluded segments, descriptions); validated in Go, its rule checked here.
  eligibility jsonb NOT NULL DEFAULT '{"rule": "below_threshold"}'
    CHECK (eligibility->>'rule' IN ('below_threshold', 'all', 'custom')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  CHECK (period_end >= period_start),
  CHECK (status = 'draft' OR (resolution_number <> '' AND resolution_date IS NOT NULL)),
  CONSTRAINT declarations_no_overlap EXCLUDE USING gist (
    tenant_id WITH =, daterange(period_start, period_end, '[]') WITH &&)
);

-- One row per version: the whole declaration as it stood (JSON), who made it and when.
CREATE TABLE declaration_versions (
  tenant_id uuid NOT NULL,
  declaration_id uuid NOT NULL,
  version integer NOT NULL,
  snapshot jsonb NOT NULL,
  changed_at timestamptz NOT NULL DEFAULT now(),
  changed_by uuid REFERENCES users (id),
  PRIMARY KEY (tenant_id, declaration_id, version),
  FOREIGN KEY (tenant_id, declaration_id) REFERENCES declarations (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE declaration_targets (
  tenant_id uuid NOT NULL,
  declaration_id uuid NOT NULL,
  key text NOT NULL,
  position integer NOT NULL DEFAULT 0,
  kind text NOT NULL CHECK (kind IN ('ees_amount', 'ees_share', 'distinct_ees', 'new_relationships',
    'segment_ees_amount', 'segment_ees_share', 'local_share')),
  value bigint NOT NULL CHECK (value >= 0),
  segment text NOT NULL DEFAULT '',
  territory_level text NOT NULL DEFAULT '',
  territory_code text NOT NULL DEFAULT '',
  PRIMARY KEY (tenant_id, declaration_id, key),
  FOREIGN KEY (tenant_id, declaration_id) REFERENCES declarations (tenant_id, id) ON DELETE CASCADE,
  CHECK (kind NOT IN ('ees_share', 'segment_ees_share', 'local_share') OR value <= 10000)
);

-- A target changed after adoption keeps its history: one row per change, by version.
CREATE TABLE declaration_target_history (
  tenant_id uuid NOT NULL,
  declaration_id uuid NOT NULL,
  key text NOT NULL,
  version integer NOT NULL,
  kind text NOT NULL,
  old_value bigint,
  new_value bigint,
  changed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, declaration_id, key, version),
  FOREIGN KEY (tenant_id, declaration_id) REFERENCES declarations (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE declaration_commitments (
  tenant_id uuid NOT NULL,
  declaration_id uuid NOT NULL,
  key text NOT NULL,
  position integer NOT NULL DEFAULT 0,
  text_fr text NOT NULL CHECK (length(btrim(text_fr)) > 0),
  text_en text NOT NULL DEFAULT '',
  status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'in_progress', 'done', 'not_done')),
  evidence text NOT NULL DEFAULT '',
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, declaration_id, key),
  FOREIGN KEY (tenant_id, declaration_id) REFERENCES declarations (tenant_id, id) ON DELETE CASCADE
);

-- The council resolution, as the PDF the clerk signed (checked for type and size before insert).
CREATE TABLE declaration_files (
  tenant_id uuid NOT NULL,
  declaration_id uuid NOT NULL,
  name text NOT NULL,
  content_type text NOT NULL CHECK (content_type = 'application/pdf'),
  size integer NOT NULL CHECK (size > 0 AND size <= 10485760),
  sha256 bytea NOT NULL,
  content bytea NOT NULL,
  uploaded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, declaration_id),
  FOREIGN KEY (tenant_id, declaration_id) REFERENCES declarations (tenant_id, id) ON DELETE CASCADE
);

-- The maillage contact log (buyers meeting enterprises): the Montréal pilot's indicators come from it.
CREATE TABLE contact_log (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  contact_date date NOT NULL,
  kind text NOT NULL CHECK (kind IN ('meeting', 'event', 'visit', 'call')),
  buyer_id uuid NOT NULL REFERENCES users (id),
  supplier_id text NOT NULL DEFAULT '',
  enterprise_name text NOT NULL DEFAULT '',
  outcome text NOT NULL DEFAULT '' CHECK (length(outcome) <= 2000),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  CHECK (supplier_id <> '' OR btrim(enterprise_name) <> '')
);
CREATE INDEX contact_log_date_idx ON contact_log (tenant_id, contact_date DESC);

-- Per-tenant settings of this area: whether the progress page is public.
CREATE TABLE declaration_settings (
  tenant_id uuid PRIMARY KEY REFERENCES tenants (id),
  public_progress boolean NOT NULL DEFAULT false,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- +goose StatementBegin
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['declarations', 'declaration_versions', 'declaration_targets',
    'declaration_target_history', 'declaration_commitments', 'declaration_files', 'contact_log',
    'declaration_settings'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY tenant_isolation ON %I
      USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
      WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))$p$, t);
  END LOOP;
END $$;
-- +goose StatementEnd

GRANT SELECT, INSERT, UPDATE, DELETE ON declarations, declaration_targets, declaration_commitments,
  declaration_files, contact_log, declaration_settings TO maillage_app;
-- History is append-only for the app.
GRANT SELECT, INSERT ON declaration_versions, declaration_target_history TO maillage_app;

-- +goose Down
DROP TABLE declaration_settings, contact_log, declaration_files, declaration_commitments,
  declaration_target_history, declaration_targets, declaration_versions, declarations;
