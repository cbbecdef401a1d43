-- Links between a tenant's suppliers and the catalogue entries they were pulled from: which version of the
-- entry the tenant's copy last took (or chose to ignore), so that upstream changes show as a diff.
-- Tenant-owned: RLS forced, tenant_id leads every key. Runs as maillage_owner.
-- +goose Up
CREATE TABLE catalogue_links (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  supplier_id uuid NOT NULL,
  entry_id uuid NOT NULL REFERENCES catalogue_entries (id),
  synced_version integer NOT NULL,   -- the entry version the copy was made from or last synced with
  ignored_version integer NOT NULL DEFAULT 0, -- changes up to this version were looked at and ignored
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, supplier_id),
  UNIQUE (tenant_id, entry_id),
  FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX catalogue_links_entry_idx ON catalogue_links (entry_id);
ALTER TABLE catalogue_links ENABLE ROW LEVEL SECURITY;
ALTER TABLE catalogue_links FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON catalogue_links
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
GRANT SELECT, INSERT, UPDATE, DELETE ON catalogue_links TO maillage_app;

-- +goose Down
DROP TABLE catalogue_links;
