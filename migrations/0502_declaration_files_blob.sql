-- The council resolution's PDF moves to the blob store (app/uploads, tenant-namespaced keys) like every
-- other uploaded document; the table keeps its name, size, checksum and blob key. Rows written before
-- keep their content in place, so exactly one of content and blob_key is set.
-- +goose Up
ALTER TABLE declaration_files ADD COLUMN blob_key text;
ALTER TABLE declaration_files ALTER COLUMN content DROP NOT NULL;
ALTER TABLE declaration_files ADD CONSTRAINT declaration_files_one_place CHECK ((content IS NULL) <> (blob_key IS NULL));

-- +goose Down
DELETE FROM declaration_files WHERE content IS NULL;
ALTER TABLE declaration_files DROP CONSTRAINT declaration_files_one_place;
ALTER TABLE declaration_files ALTER COLUMN content SET NOT NULL;
ALTER TABLE declaration_files DROP COLUMN blob_key;
