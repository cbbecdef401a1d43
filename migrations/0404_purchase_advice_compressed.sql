-- Saved answers are written on every advisor request; with a register of thousands of suppliers the JSON is
-- a few hundred kB, so it is stored gzip-compressed by the application (bytea) rather than parsed into jsonb.
-- Rows written before stay readable: they are plain JSON bytes (the reader checks the gzip header).
-- +goose Up
ALTER TABLE purchase_advice ALTER COLUMN answer TYPE bytea USING convert_to(answer::text, 'UTF8');
ALTER TABLE purchase_advice ALTER COLUMN answer SET STORAGE EXTERNAL;
-- +goose Down
ALTER TABLE purchase_advice ALTER COLUMN answer SET STORAGE EXTENDED;
ALTER TABLE purchase_advice ALTER COLUMN answer TYPE jsonb USING convert_from(answer, 'UTF8')::jsonb;
