-- Pairs of catalogue entries a steward decided are two enterprises, not duplicates: the
-- duplicate finder stops proposing them. Platform level (no tenant), like the catalogue.
-- +goose Up
CREATE TABLE catalogue_distinct_pairs (
  entry_a uuid NOT NULL REFERENCES catalogue_entries (id) ON DELETE CASCADE,
  entry_b uuid NOT NULL REFERENCES catalogue_entries (id) ON DELETE CASCADE,
  decided_by uuid REFERENCES users (id),
  decided_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (entry_a, entry_b),
  CHECK (entry_a < entry_b)
);
GRANT SELECT, INSERT ON catalogue_distinct_pairs TO maillage_app;

-- +goose Down
DROP TABLE catalogue_distinct_pairs;
