-- A body's register settings: for now, the status that enterprises pulled from the shared catalogue get
-- ("approved" straight into the register, or "invited" to apply first).
-- +goose Up
CREATE TABLE register_settings (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  pull_status text NOT NULL DEFAULT 'approved' CHECK (pull_status IN ('invited', 'approved')),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id)
);
ALTER TABLE register_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE register_settings FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON register_settings
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
GRANT SELECT, INSERT, UPDATE ON register_settings TO maillage_app;
-- +goose Down
DROP TABLE register_settings;
