-- Contracts of a tenant (awarded purchases) and their amendments. Amounts in cents, before and after
-- taxes; the supplier's EES / adapted / local status is captured at award time, because it is what
-- counts for a declaration's progress even if the supplier's status changes later.
-- supplier_id points into the register (suppliers, 02xx); its foreign key is added by a later
-- migration so that this table can exist first. Other domains (declarations, progress) read it.
-- +goose Up
CREATE TABLE contracts (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  supplier_id uuid,
  supplier_name text NOT NULL CHECK (length(btrim(supplier_name)) BETWEEN 1 AND 300),
  supplier_neq text CHECK (supplier_neq ~ '^[0-9]{10}$'),
  supplier_ees boolean NOT NULL DEFAULT false,
  supplier_adapted boolean NOT NULL DEFAULT false,
  supplier_local boolean NOT NULL DEFAULT false,
  supplier_legal_form text NOT NULL DEFAULT '' CHECK (supplier_legal_form IN ('', 'nonprofit', 'coop', 'solidarity_coop')),
  supplier_region char(2) CHECK (supplier_region ~ '^(0[1-9]|1[0-7])$'),
  object text NOT NULL CHECK (length(btrim(object)) BETWEEN 1 AND 500),
  category text CHECK (category ~ '^[0-9]{8}$'),
  nature text NOT NULL CHECK (nature IN ('goods', 'services', 'construction')),
  procedure text NOT NULL CHECK (procedure IN ('gre_a_gre', 'invitation', 'public_call')),
  awarded_cents bigint NOT NULL CHECK (awarded_cents BETWEEN 0 AND 100000000000),
  awarded_taxed_cents bigint CHECK (awarded_taxed_cents BETWEEN 0 AND 100000000000),
  final_cents bigint CHECK (final_cents BETWEEN 0 AND 100000000000),
  final_taxed_cents bigint CHECK (final_taxed_cents BETWEEN 0 AND 100000000000),
  currency char(3) NOT NULL DEFAULT 'CAD',
  awarded_on date NOT NULL CHECK (awarded_on BETWEEN DATE '2000-01-01' AND DATE '2100-01-01'),
  starts_on date,
  ends_on date,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'completed', 'terminated')),
  seao_number text CHECK (seao_number ~ '^[0-9]{1,12}$'),
  seao_ocid text,
  seao_award_id text,
  source text NOT NULL CHECK (source IN ('typed', 'imported', 'seao')),
  advice_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  CHECK (ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on),
  CHECK ((seao_ocid IS NULL) = (seao_award_id IS NULL))
);
-- A SEAO award loads once per tenant (re-loading a weekly file is idempotent).
CREATE UNIQUE INDEX contracts_seao_award_key ON contracts (tenant_id, seao_ocid, seao_award_id) WHERE seao_ocid IS NOT NULL;
CREATE INDEX contracts_awarded_idx ON contracts (tenant_id, awarded_on);
CREATE INDEX contracts_supplier_idx ON contracts (tenant_id, supplier_id) WHERE supplier_id IS NOT NULL;
CREATE INDEX contracts_neq_idx ON contracts (tenant_id, supplier_neq) WHERE supplier_neq IS NOT NULL;
CREATE INDEX contracts_category_idx ON contracts (tenant_id, category, procedure);
ALTER TABLE contracts ENABLE ROW LEVEL SECURITY;
ALTER TABLE contracts FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON contracts
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
GRANT SELECT, INSERT, UPDATE, DELETE ON contracts TO maillage_app;

-- An amendment changes a contract's expense by delta (positive or negative), before and after taxes.
CREATE TABLE contract_amendments (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  contract_id uuid NOT NULL,
  amended_on date NOT NULL CHECK (amended_on BETWEEN DATE '2000-01-01' AND DATE '2100-01-01'),
  delta_cents bigint NOT NULL CHECK (delta_cents BETWEEN -100000000000 AND 100000000000),
  delta_taxed_cents bigint CHECK (delta_taxed_cents BETWEEN -100000000000 AND 100000000000),
  reason text NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 1000),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, contract_id) REFERENCES contracts (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX contract_amendments_contract_idx ON contract_amendments (tenant_id, contract_id, amended_on);
ALTER TABLE contract_amendments ENABLE ROW LEVEL SECURITY;
ALTER TABLE contract_amendments FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON contract_amendments
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
GRANT SELECT, INSERT, UPDATE, DELETE ON contract_amendments TO maillage_app;

-- +goose Down
DROP TABLE contract_amendments;
DROP TABLE contracts;
