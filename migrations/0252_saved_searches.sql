-- Saved register searches: a buyer names the filters of the register page and finds them again in one
-- click. Each belongs to one person in one body (others of the body do not see it).

-- +goose Up
CREATE TABLE saved_searches (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name text NOT NULL CONSTRAINT name_max_120 CHECK (char_length(name) <= 120 AND btrim(name) <> ''),
  query text NOT NULL CONSTRAINT query_max_2000 CHECK (char_length(query) <= 2000),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX saved_searches_name_key ON saved_searches (tenant_id, user_id, lower(name));
ALTER TABLE saved_searches ENABLE ROW LEVEL SECURITY;
ALTER TABLE saved_searches FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON saved_searches
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
GRANT SELECT, INSERT, DELETE ON saved_searches TO maillage_app;

CREATE INDEX audit_log_actor_idx ON audit_log (tenant_id, actor_id, id DESC);

-- +goose Down
DROP INDEX audit_log_actor_idx;
DROP TABLE saved_searches;
