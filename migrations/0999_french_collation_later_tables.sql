-- French collation (maillage_fr, created in 0290) for the name columns of tables created after 0290:
-- numbered after every area's range so that on a fresh database it runs once they all exist. Same reasons
-- and effects as 0290 (indexes on these columns rebuilt, no table rewrite, equality unchanged).
-- +goose Up
ALTER TABLE catalogue_sectors ALTER COLUMN name_fr TYPE text COLLATE maillage_fr;
ALTER TABLE catalogue_sectors ALTER COLUMN name_en TYPE text COLLATE maillage_fr;
ALTER TABLE catalogue_entries ALTER COLUMN name TYPE text COLLATE maillage_fr;
ALTER TABLE contracts ALTER COLUMN supplier_name TYPE text COLLATE maillage_fr;
ALTER TABLE contact_log ALTER COLUMN enterprise_name TYPE text COLLATE maillage_fr;
ALTER TABLE signups ALTER COLUMN body_name TYPE text COLLATE maillage_fr;
ALTER TABLE seao_buyers ALTER COLUMN name TYPE text COLLATE maillage_fr;
ALTER TABLE seao_notices ALTER COLUMN buyer_name TYPE text COLLATE maillage_fr;
ALTER TABLE seao_notices ALTER COLUMN title TYPE text COLLATE maillage_fr;
ALTER TABLE opportunities ALTER COLUMN title TYPE text COLLATE maillage_fr;
ALTER TABLE opportunity_interests ALTER COLUMN name TYPE text COLLATE maillage_fr;
ALTER TABLE opportunity_invitations ALTER COLUMN name TYPE text COLLATE maillage_fr;
ALTER TABLE subscriptions ALTER COLUMN name TYPE text COLLATE maillage_fr;

-- +goose Down
ALTER TABLE catalogue_sectors ALTER COLUMN name_fr TYPE text COLLATE "default";
ALTER TABLE catalogue_sectors ALTER COLUMN name_en TYPE text COLLATE "default";
ALTER TABLE catalogue_entries ALTER COLUMN name TYPE text COLLATE "default";
ALTER TABLE contracts ALTER COLUMN supplier_name TYPE text COLLATE "default";
ALTER TABLE contact_log ALTER COLUMN enterprise_name TYPE text COLLATE "default";
ALTER TABLE signups ALTER COLUMN body_name TYPE text COLLATE "default";
ALTER TABLE seao_buyers ALTER COLUMN name TYPE text COLLATE "default";
ALTER TABLE seao_notices ALTER COLUMN buyer_name TYPE text COLLATE "default";
ALTER TABLE seao_notices ALTER COLUMN title TYPE text COLLATE "default";
ALTER TABLE opportunities ALTER COLUMN title TYPE text COLLATE "default";
ALTER TABLE opportunity_interests ALTER COLUMN name TYPE text COLLATE "default";
ALTER TABLE opportunity_invitations ALTER COLUMN name TYPE text COLLATE "default";
ALTER TABLE subscriptions ALTER COLUMN name TYPE text COLLATE "default";
