-- Status history of register records and the documents a body keeps on its suppliers (issue 4).
-- Tenant-owned: RLS forced, tenant_id leads every key. Runs as maillage_owner.
-- +goose Up
CREATE TABLE supplier_status_history (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  supplier_id uuid NOT NULL,
  from_status text NOT NULL DEFAULT '',
  to_status text NOT NULL,
  action text NOT NULL DEFAULT '',
  reason text NOT NULL DEFAULT '',
  actor text NOT NULL DEFAULT '',
  at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX supplier_status_history_supplier_idx ON supplier_status_history (tenant_id, supplier_id, at);
ALTER TABLE supplier_status_history ENABLE ROW LEVEL SECURITY;
ALTER TABLE supplier_status_history FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON supplier_status_history
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
GRANT SELECT, INSERT, DELETE ON supplier_status_history TO maillage_app;

-- Which document types a body requires of its suppliers and how early it warns before expiry.
CREATE TABLE supplier_document_types (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  code text NOT NULL CHECK (code ~ '^[a-z][a-z0-9_]{1,39}$'),
  label text NOT NULL DEFAULT '', -- for a body's own types; built-in types are translated by code
  required boolean NOT NULL DEFAULT false,
  warn_days integer NOT NULL DEFAULT 30 CHECK (warn_days BETWEEN 0 AND 365),
  PRIMARY KEY (tenant_id, code)
);
ALTER TABLE supplier_document_types ENABLE ROW LEVEL SECURITY;
ALTER TABLE supplier_document_types FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON supplier_document_types
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
GRANT SELECT, INSERT, UPDATE, DELETE ON supplier_document_types TO maillage_app;

-- A document a buyer recorded for a supplier (the file, when there is one, is in the blob store under
-- the tenant's namespace). A RENA check has a date and a result instead of a file.
CREATE TABLE supplier_documents (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  supplier_id uuid NOT NULL,
  type text NOT NULL CHECK (type ~ '^[a-z][a-z0-9_]{1,39}$'),
  issued_on date,
  expires_on date,
  rena_result text NOT NULL DEFAULT '' CHECK (rena_result IN ('', 'not_listed', 'listed')),
  file_name text NOT NULL DEFAULT '',
  media_type text NOT NULL DEFAULT '',
  size_bytes bigint NOT NULL DEFAULT 0,
  sha256 text NOT NULL DEFAULT '',
  blob_key text NOT NULL DEFAULT '',
  uploaded_by text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX supplier_documents_supplier_idx ON supplier_documents (tenant_id, supplier_id, type);
CREATE INDEX supplier_documents_expiry_idx ON supplier_documents (tenant_id, expires_on) WHERE expires_on IS NOT NULL;
ALTER TABLE supplier_documents ENABLE ROW LEVEL SECURITY;
ALTER TABLE supplier_documents FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON supplier_documents
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
GRANT SELECT, INSERT, UPDATE, DELETE ON supplier_documents TO maillage_app;

-- +goose Down
DROP TABLE supplier_documents, supplier_document_types, supplier_status_history;
