-- French collation for the names people read in lists (issue 13, item 8). The cluster's default collation
-- (C.UTF-8 for `make run`'s private cluster) sorts bytes: "Échevin" after "Zoo", "Montréal" before
-- "Montérégie". maillage_fr is ICU's French (numbers by value: "Lot 2" before "Lot 10"), the same order as
-- app/quebec.SortNames in Go. Given to the columns themselves, not to each query: every ORDER BY, every
-- comparison of a keyset cursor and every index on these columns follow it, whoever writes the query.
-- Equality stays byte-wise (an ICU collation is deterministic unless declared otherwise), so unique
-- constraints are unchanged. Only indexes on these columns are rebuilt; tables are not rewritten.
-- Tables created by later migrations get it in 0999 (which runs after every area's range on a fresh
-- database). A new column holding a name people see in a list takes `COLLATE maillage_fr` in the migration
-- that creates it (app/database TestNamesSortInFrench lists them).
-- +goose Up
CREATE COLLATION IF NOT EXISTS maillage_fr (provider = icu, locale = 'fr-u-kn-true');
ALTER TABLE regions ALTER COLUMN name TYPE text COLLATE maillage_fr;
ALTER TABLE mrcs ALTER COLUMN name TYPE text COLLATE maillage_fr;
ALTER TABLE municipalities ALTER COLUMN name TYPE text COLLATE maillage_fr;
ALTER TABLE unspsc_codes ALTER COLUMN title_fr TYPE text COLLATE maillage_fr;
ALTER TABLE unspsc_codes ALTER COLUMN title_en TYPE text COLLATE maillage_fr;
ALTER TABLE suppliers ALTER COLUMN legal_name TYPE text COLLATE maillage_fr;
ALTER TABLE supplier_document_types ALTER COLUMN label TYPE text COLLATE maillage_fr;
ALTER TABLE tenants ALTER COLUMN name TYPE text COLLATE maillage_fr;
ALTER TABLE users ALTER COLUMN name TYPE text COLLATE maillage_fr;

-- +goose Down
ALTER TABLE regions ALTER COLUMN name TYPE text COLLATE "default";
ALTER TABLE mrcs ALTER COLUMN name TYPE text COLLATE "default";
ALTER TABLE municipalities ALTER COLUMN name TYPE text COLLATE "default";
ALTER TABLE unspsc_codes ALTER COLUMN title_fr TYPE text COLLATE "default";
ALTER TABLE unspsc_codes ALTER COLUMN title_en TYPE text COLLATE "default";
ALTER TABLE suppliers ALTER COLUMN legal_name TYPE text COLLATE "default";
ALTER TABLE supplier_document_types ALTER COLUMN label TYPE text COLLATE "default";
ALTER TABLE tenants ALTER COLUMN name TYPE text COLLATE "default";
ALTER TABLE users ALTER COLUMN name TYPE text COLLATE "default";
DROP COLLATION IF EXISTS maillage_fr;
