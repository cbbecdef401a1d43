-- Re-matching (issue 16): catalogue entries changed since the last run are matched again against the
-- open items. The watermark is the newest change seen; it starts now (entries already matched when their
-- items were loaded need no second pass). Platform data: no tenant, no enterprise in it.
-- +goose Up
CREATE TABLE match_watermarks (
  name text PRIMARY KEY CONSTRAINT name_max_100 CHECK (char_length(name) <= 100),
  seen_until timestamptz NOT NULL
);
GRANT SELECT, INSERT, UPDATE ON match_watermarks TO maillage_app;
INSERT INTO match_watermarks (name, seen_until) VALUES ('catalogue_entries', now());

-- +goose Down
DROP TABLE match_watermarks;
