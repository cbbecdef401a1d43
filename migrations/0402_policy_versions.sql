-- A tenant's procurement policy (its règlement de gestion contractuelle), one row per version adopted by
-- a council resolution. Periods never overlap (exclusion constraint); valid_to NULL means "until replaced".
-- +goose Up
CREATE TABLE policy_versions (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  law_family text NOT NULL CHECK (law_family IN ('lcv_cm', 'lcop')),
  valid_from date NOT NULL CHECK (valid_from >= DATE '2000-01-01'),
  valid_to date,
  resolution_number text NOT NULL CHECK (length(btrim(resolution_number)) BETWEEN 1 AND 100),
  resolution_date date NOT NULL,
  gre_a_gre_ceiling_cents bigint NOT NULL DEFAULT 0 CHECK (gre_a_gre_ceiling_cents BETWEEN 0 AND 100000000000),
  category_ceilings jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(category_ceilings) = 'array'),
  rotation_months integer NOT NULL DEFAULT 0 CHECK (rotation_months BETWEEN 0 AND 120),
  local_scope text NOT NULL DEFAULT '' CHECK (local_scope IN ('', 'quebec', 'region', 'mrc')),
  local_codes text[] NOT NULL DEFAULT '{}',
  local_mechanism text NOT NULL DEFAULT '' CHECK (local_mechanism IN ('', 'invite_local_first', 'price_premium', 'reserved_invitation')),
  local_premium_bp integer NOT NULL DEFAULT 0 CHECK (local_premium_bp BETWEEN 0 AND 10000),
  ees_preference boolean NOT NULL DEFAULT false,
  required_docs jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(required_docs) = 'array'),
  concentration_limit_bp integer NOT NULL DEFAULT 5000 CHECK (concentration_limit_bp BETWEEN 1 AND 9999),
  concentration_level integer NOT NULL DEFAULT 4 CHECK (concentration_level IN (2, 4, 6, 8)),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  PRIMARY KEY (tenant_id, id),
  CHECK (valid_to IS NULL OR valid_to >= valid_from),
  CHECK (local_mechanism = '' OR local_scope <> ''),
  EXCLUDE USING gist (tenant_id WITH =, daterange(valid_from, valid_to, '[]') WITH &&)
);
ALTER TABLE policy_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE policy_versions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON policy_versions
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
GRANT SELECT, INSERT, UPDATE, DELETE ON policy_versions TO maillage_app;

-- Saved purchase advice: the planned purchase and the engine's whole answer, so the decision can be shown
-- later exactly as it was given (rule versions included).
CREATE TABLE purchase_advice (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  object text NOT NULL CHECK (length(btrim(object)) BETWEEN 1 AND 500),
  category text NOT NULL CHECK (category ~ '^[0-9]{8}$'),
  nature text NOT NULL CHECK (nature IN ('goods', 'services', 'construction')),
  amount_cents bigint NOT NULL CHECK (amount_cents BETWEEN 0 AND 100000000000),
  planned_on date NOT NULL,
  procedure text NOT NULL CHECK (procedure IN ('gre_a_gre', 'invitation', 'public_call')),
  policy_version_id uuid NOT NULL,
  answer jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, policy_version_id) REFERENCES policy_versions (tenant_id, id)
);
CREATE INDEX purchase_advice_created_idx ON purchase_advice (tenant_id, created_at DESC);
ALTER TABLE purchase_advice ENABLE ROW LEVEL SECURITY;
ALTER TABLE purchase_advice FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON purchase_advice
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
GRANT SELECT, INSERT, DELETE ON purchase_advice TO maillage_app;
ALTER TABLE contracts ADD FOREIGN KEY (tenant_id, advice_id) REFERENCES purchase_advice (tenant_id, id);

-- The SEAO buyer ids (organisme public, "OP-70289") whose releases belong to this tenant.
CREATE TABLE tenant_seao_buyers (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  buyer_id text NOT NULL CHECK (buyer_id ~ '^OP-[0-9]{1,12}$'),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, buyer_id)
);
ALTER TABLE tenant_seao_buyers ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant_seao_buyers FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenant_seao_buyers
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
GRANT SELECT, INSERT, DELETE ON tenant_seao_buyers TO maillage_app;

-- +goose Down
DROP TABLE tenant_seao_buyers;
ALTER TABLE contracts DROP CONSTRAINT IF EXISTS contracts_tenant_id_advice_id_fkey;
DROP TABLE purchase_advice;
DROP TABLE policy_versions;
