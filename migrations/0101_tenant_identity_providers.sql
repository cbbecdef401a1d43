-- A tenant's own OpenID provider (e.g. its Microsoft Entra ID) and its claim→role mapping. Tenant-owned:
-- RLS like every tenant table. The client secret is sealed with AES-256-GCM by the application
-- (MAILLAGE_SECRET_KEYS; "v1:<key id>:<data>", bound to the tenant id), never stored in clear.
-- +goose Up
CREATE TABLE tenant_identity_providers (
  tenant_id uuid PRIMARY KEY REFERENCES tenants (id),
  issuer_url text NOT NULL CHECK (issuer_url ~ '^https?://'),
  client_id text NOT NULL CHECK (length(client_id) BETWEEN 1 AND 300),
  client_secret_sealed text NOT NULL DEFAULT '' CHECK (client_secret_sealed = '' OR client_secret_sealed LIKE 'v1:%'),
  entra_tenant_id text NOT NULL DEFAULT '',
  enabled boolean NOT NULL DEFAULT true,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES users (id) ON DELETE SET NULL
);
ALTER TABLE tenant_identity_providers ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant_identity_providers FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenant_identity_providers
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
GRANT SELECT, INSERT, UPDATE, DELETE ON tenant_identity_providers TO maillage_app;

-- Claim→role rules: "when claim <claim> is or contains <value>, grant <role> in this tenant".
-- Only tenant roles: a tenant's directory never grants a platform role.
CREATE TABLE tenant_role_rules (
  tenant_id uuid NOT NULL,
  claim text NOT NULL CHECK (claim ~ '^[A-Za-z0-9_.:/-]{1,100}$'),
  value text NOT NULL CHECK (length(value) BETWEEN 1 AND 300),
  role text NOT NULL CHECK (role IN ('tenant_admin', 'buyer', 'official')),
  PRIMARY KEY (tenant_id, claim, value, role),
  FOREIGN KEY (tenant_id) REFERENCES tenant_identity_providers (tenant_id) ON DELETE CASCADE
);
ALTER TABLE tenant_role_rules ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant_role_rules FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenant_role_rules
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
GRANT SELECT, INSERT, UPDATE, DELETE ON tenant_role_rules TO maillage_app;

-- Roles that came from the tenant's provider are re-synchronised at each login through it (granted or
-- withdrawn with the person's groups); roles granted by an admin ('manual') are never touched by a login.
ALTER TABLE memberships ADD COLUMN source text NOT NULL DEFAULT 'manual' CHECK (source IN ('manual', 'idp'));

-- +goose Down
ALTER TABLE memberships DROP COLUMN source;
DROP TABLE tenant_role_rules, tenant_identity_providers;
