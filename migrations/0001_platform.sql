-- Platform schema: reference tables, tenants, users, role assignments, sessions, API tokens, audit.
-- Runs as maillage_owner. maillage_app gets only the grants written here.
-- +goose Up
CREATE EXTENSION IF NOT EXISTS citext;
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS btree_gin;

-- Accent-insensitive search needs an IMMUTABLE wrapper to be usable in indexes (unaccent() is STABLE).
CREATE FUNCTION f_unaccent(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN public.unaccent('public.unaccent'::regdictionary, $1);

-- Reference data (MAMH 2025, UNSPSC): platform level, read-only for the app.
CREATE TABLE regions (
  code char(2) PRIMARY KEY CHECK (code ~ '^(0[1-9]|1[0-7])$'),
  name text NOT NULL
);
CREATE TABLE mrcs (
  code text PRIMARY KEY,
  name text NOT NULL,
  region_code char(2) NOT NULL REFERENCES regions (code),
  population integer NOT NULL DEFAULT 0
);
CREATE TABLE municipalities (
  code text PRIMARY KEY,
  name text NOT NULL,
  designation text NOT NULL,
  region_code char(2) NOT NULL REFERENCES regions (code),
  mrc_code text REFERENCES mrcs (code),
  population integer NOT NULL DEFAULT 0,
  postal_code text,
  website text
);
CREATE INDEX municipalities_name_idx ON municipalities USING gin (f_unaccent(lower(name)) gin_trgm_ops);
CREATE TABLE unspsc_codes (
  code text PRIMARY KEY CHECK (code ~ '^[0-9]{8}$'),
  level text NOT NULL CHECK (level IN ('segment', 'family', 'class')),
  segment text NOT NULL,
  title_en text NOT NULL,
  title_fr text NOT NULL
);
GRANT SELECT ON regions, mrcs, municipalities, unspsc_codes TO maillage_app;

-- Tenants: one public body each. Platform level (no RLS): the tenant list is not a secret, and resolving
-- /t/{slug} happens before any tenant context exists.
CREATE TABLE tenants (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$'),
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 2 AND 200),
  kind text NOT NULL DEFAULT 'municipality'
    CHECK (kind IN ('municipality', 'mrc', 'regie', 'school_service_centre', 'health', 'ministry', 'other')),
  region_code char(2) REFERENCES regions (code),
  municipality_code text REFERENCES municipalities (code),
  population integer CHECK (population IS NULL OR population >= 0),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'closed')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
GRANT SELECT, INSERT, UPDATE ON tenants TO maillage_app;

-- Users are keyed by (issuer, subject) once they have logged in; a user granted a role by e-mail before
-- first login has no issuer yet and is bound at first login with that verified e-mail.
CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email citext NOT NULL CHECK (email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  name text NOT NULL DEFAULT '',
  issuer text,
  subject text,
  locale text NOT NULL DEFAULT 'fr' CHECK (locale IN ('fr', 'en')),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_login_at timestamptz,
  CHECK ((issuer IS NULL) = (subject IS NULL))
);
CREATE UNIQUE INDEX users_identity_key ON users (issuer, subject) WHERE issuer IS NOT NULL;
CREATE UNIQUE INDEX users_unbound_email_key ON users (email) WHERE issuer IS NULL;
CREATE INDEX users_email_idx ON users (email);
GRANT SELECT, INSERT, UPDATE ON users TO maillage_app;

-- Platform-level roles (enterprise, catalogue_steward, provincial_analyst, platform_admin).
CREATE TABLE platform_roles (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('enterprise', 'catalogue_steward', 'provincial_analyst', 'platform_admin')),
  regions char(2)[] NOT NULL DEFAULT '{}', -- a steward limited to some regions; empty = all
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, role)
);
GRANT SELECT, INSERT, UPDATE, DELETE ON platform_roles TO maillage_app;

-- Tenant roles: tenant-owned, so RLS like every tenant table.
CREATE TABLE memberships (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('tenant_admin', 'buyer', 'official')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, user_id, role)
);
CREATE INDEX memberships_user_idx ON memberships (user_id);
ALTER TABLE memberships ENABLE ROW LEVEL SECURITY;
ALTER TABLE memberships FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON memberships
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
GRANT SELECT, INSERT, UPDATE, DELETE ON memberships TO maillage_app;

-- The one cross-tenant read a user needs: "which bodies am I a member of". A second, SELECT-only policy
-- shows a user's own memberships when the transaction names that user (app.user_id, set like app.tenant_id
-- with set_config(..., true)). Writes still need the tenant. No SECURITY DEFINER function is needed (a
-- definer would run as the owner, which FORCEd RLS also restricts).
CREATE POLICY own_memberships ON memberships FOR SELECT
  USING (user_id = (SELECT nullif(current_setting('app.user_id', true), '')::uuid));

-- Server-side sessions: the cookie holds a random id; only its SHA-256 (hex) is stored.
CREATE TABLE sessions (
  id_hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  issuer text NOT NULL DEFAULT '',
  user_agent text NOT NULL DEFAULT '',
  ip text NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
GRANT SELECT, INSERT, UPDATE, DELETE ON sessions TO maillage_app;

-- Personal API tokens: shown once, stored as SHA-256.
CREATE TABLE api_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name text NOT NULL DEFAULT '',
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  last_used_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX api_tokens_user_idx ON api_tokens (user_id);
GRANT SELECT, INSERT, UPDATE ON api_tokens TO maillage_app;

-- Audit: append-only (INSERT and SELECT only; no UPDATE or DELETE for the app role). Tenant events are
-- tenant-owned (RLS); platform events (tenants, platform roles, catalogue, reference data) are separate.
CREATE TABLE audit_log (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  at timestamptz NOT NULL DEFAULT now(),
  actor_id uuid,
  actor text NOT NULL,
  action text NOT NULL,
  object_type text NOT NULL,
  object_id text NOT NULL DEFAULT '',
  before jsonb,
  after jsonb,
  request_id text NOT NULL DEFAULT '',
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX audit_log_object_idx ON audit_log (tenant_id, object_type, object_id, id DESC);
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_log FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON audit_log
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
GRANT SELECT, INSERT ON audit_log TO maillage_app;

CREATE TABLE platform_audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor_id uuid,
  actor text NOT NULL,
  action text NOT NULL,
  object_type text NOT NULL,
  object_id text NOT NULL DEFAULT '',
  before jsonb,
  after jsonb,
  request_id text NOT NULL DEFAULT ''
);
GRANT SELECT, INSERT ON platform_audit_log TO maillage_app;

-- +goose Down
DROP TABLE platform_audit_log, audit_log, api_tokens, sessions;
DROP TABLE memberships, platform_roles, users, tenants, unspsc_codes, municipalities, mrcs, regions;
DROP FUNCTION f_unaccent(text);
DROP EXTENSION btree_gin; DROP EXTENSION pg_trgm; DROP EXTENSION unaccent; DROP EXTENSION citext;
