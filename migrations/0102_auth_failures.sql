-- Failed logins, callbacks and token uses, and rate-limit refusals: kept for abuse review (no lockout).
-- Platform level and append-only for the app role. No secret is stored: the reason is a message ID.
-- +goose Up
CREATE TABLE auth_failures (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  endpoint text NOT NULL CHECK (endpoint IN ('login', 'callback', 'token', 'api')),
  reason text NOT NULL,
  issuer_key text NOT NULL DEFAULT '',
  tenant_slug text NOT NULL DEFAULT '',
  ip text NOT NULL DEFAULT '',
  user_agent text NOT NULL DEFAULT ''
);
CREATE INDEX auth_failures_ip_at_idx ON auth_failures (ip, at DESC);
GRANT SELECT, INSERT ON auth_failures TO maillage_app;

-- +goose Down
DROP TABLE auth_failures;
