-- Imports keep the file as read (headers and cells) and the column mapping, so that a steward can change
-- the mapping and see the new preview and match report without uploading the file again.
-- +goose Up
ALTER TABLE catalogue_imports
  ADD COLUMN source_table jsonb,
  ADD COLUMN mapping jsonb NOT NULL DEFAULT '{}',
  ADD COLUMN default_form text NOT NULL DEFAULT '',
  ADD COLUMN file_encoding text NOT NULL DEFAULT '',
  ADD COLUMN result jsonb;

-- +goose Down
ALTER TABLE catalogue_imports DROP COLUMN result, DROP COLUMN file_encoding, DROP COLUMN default_form,
  DROP COLUMN mapping, DROP COLUMN source_table;
