-- Login attempts (app/auth): the server side of an OpenID Connect authorization request, taken exactly
-- once at the callback (DELETE … RETURNING). Platform level: no tenant context exists before login, and a
-- row holds no tenant data (only the slug whose login page started it). Keys are SHA-256 of the state.
-- +goose Up
CREATE TABLE login_attempts (
  state_hash text PRIMARY KEY CHECK (length(state_hash) = 64),
  binding_hash text NOT NULL CHECK (length(binding_hash) = 64),
  nonce text NOT NULL,
  verifier text NOT NULL,
  issuer_key text NOT NULL,
  tenant_slug text NOT NULL DEFAULT '',
  return_to text NOT NULL DEFAULT '/',
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX login_attempts_expires_idx ON login_attempts (expires_at);
GRANT SELECT, INSERT, DELETE ON login_attempts TO maillage_app;

-- +goose Down
DROP TABLE login_attempts;
