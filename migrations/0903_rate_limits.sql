-- Rate limits shared by every instance (issue 14): one row per (client and route, window), counted by an
-- atomic upsert (app/ratelimit). UNLOGGED: counts are worthless after a crash and not worth WAL; not tenant
-- data (no tenant_id, no RLS): keys are a client address and a route path.
-- +goose Up
CREATE UNLOGGED TABLE rate_limits (
  key text NOT NULL CONSTRAINT key_max_300 CHECK (char_length(key) <= 300),
  window_start timestamptz NOT NULL,
  hits integer NOT NULL DEFAULT 1,
  PRIMARY KEY (key, window_start)
);
CREATE INDEX rate_limits_window ON rate_limits (window_start);
GRANT SELECT, INSERT, UPDATE, DELETE ON rate_limits TO maillage_app;

-- +goose Down
DROP TABLE rate_limits;
