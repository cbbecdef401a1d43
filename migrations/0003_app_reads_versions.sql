-- +goose Up
-- The app role may read which migrations are applied (for /readyz), never change them.
GRANT SELECT ON goose_db_version TO maillage_app;
-- +goose Down
REVOKE SELECT ON goose_db_version FROM maillage_app;
