-- Roles of a Maillage database (run once per cluster as a superuser; idempotent).
-- maillage_owner owns the schema and runs migrations (MIGRATION_DATABASE_URL).
-- maillage_app is what the server connects as (DATABASE_URL): it owns nothing and cannot bypass RLS;
-- the server refuses to start otherwise. Change the passwords in production (ALTER ROLE … PASSWORD).
SET client_min_messages = warning;
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'maillage_owner') THEN
    CREATE ROLE maillage_owner LOGIN PASSWORD 'maillage_owner' CREATEDB;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'maillage_app') THEN
    CREATE ROLE maillage_app LOGIN PASSWORD 'maillage_app' NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
END
$$;
-- Statement and idle-transaction limits for the app role (pitfalls.md): a runaway query or a forgotten
-- transaction cannot hold locks forever.
ALTER ROLE maillage_app SET statement_timeout = '30s';
ALTER ROLE maillage_app SET idle_in_transaction_session_timeout = '60s';

-- maillage_aggregates owns the few SECURITY DEFINER functions that compute province-wide aggregates across
-- tenants (it needs BYPASSRLS for that: FORCEd RLS binds even table owners). It cannot log in; the app role
-- may only EXECUTE those functions, which return aggregates and never tenant rows. maillage_owner is a member
-- so that migrations can give it those functions.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'maillage_aggregates') THEN
    CREATE ROLE maillage_aggregates NOLOGIN BYPASSRLS;
  END IF;
END
$$;
GRANT maillage_aggregates TO maillage_owner;

-- maillage_backup dumps the database (`maillage backup`): BYPASSRLS, because forced row-level security hides
-- every tenant row from any other role (a dump as the owner holds no tenant data), and read-only
-- (pg_read_all_data: SELECT on every table and sequence, present and future). Nothing else: no superuser,
-- no CREATEDB, no CREATEROLE, no write. The server refuses to start as a role like this one.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'maillage_backup') THEN
    CREATE ROLE maillage_backup LOGIN PASSWORD 'maillage_backup' BYPASSRLS NOSUPERUSER NOCREATEDB NOCREATEROLE;
  END IF;
END
$$;
GRANT pg_read_all_data TO maillage_backup;
