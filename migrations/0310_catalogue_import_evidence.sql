-- Directories as they are delivered (issue 10).
--  * A directory often does not say an enterprise's legal form: it may stay unknown ('') until the
--    Registraire's extract, the enterprise or a steward says it; how the form is known is kept
--    (legal_form_evidence: {"kind": "req"|"directory"|"name"|"default"|"steward", "code", "source", "line", "on"}).
--  * Being listed in a directory says nothing about the six criteria of the Loi sur l'économie sociale
--    (s. 3): such entries have ees_trust 'unknown' and no criteria until the enterprise declares them or a
--    steward verifies them. Entries the former import recorded as meeting every criterion "declared"
--    ("import: <source>" notes) are put back to unknown: the file never said so.
--  * catalogue_listings records where an entry was listed: the source, the file's line, the day.
--  * catalogue_import_mappings remembers the column mapping of each source, so the next file maps itself;
--    catalogue_sector_aliases maps a directory's sector names to the catalogue's sectors.
--  * Imports keep the steward's decisions and fixes per line between steps.
-- +goose Up
ALTER TABLE catalogue_entries DROP CONSTRAINT catalogue_entries_legal_form_check;
ALTER TABLE catalogue_entries ADD CONSTRAINT catalogue_entries_legal_form_check CHECK (legal_form IN ('', 'coop',
  'coop_solidarity', 'coop_worker', 'coop_producer', 'coop_consumer', 'coop_worker_shareholder', 'nonprofit', 'mutual'));
ALTER TABLE catalogue_entries DROP CONSTRAINT catalogue_entries_ees_trust_check;
ALTER TABLE catalogue_entries ALTER COLUMN ees_trust SET DEFAULT 'unknown';
ALTER TABLE catalogue_entries ADD CONSTRAINT catalogue_entries_ees_trust_check CHECK (ees_trust IN ('unknown', 'declared', 'verified'));
ALTER TABLE catalogue_entries ADD COLUMN legal_form_evidence jsonb NOT NULL DEFAULT '{}';

UPDATE catalogue_entries SET ees_criteria = '{}', ees_trust = 'unknown'
 WHERE source_kind = 'directory' AND ees_trust = 'declared' AND ees_criteria -> 'needs' ->> 'note' LIKE 'import: %';

CREATE TABLE catalogue_listings (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  entry_id uuid NOT NULL REFERENCES catalogue_entries (id),
  import_id uuid REFERENCES catalogue_imports (id),
  source_name text NOT NULL CONSTRAINT source_name_max_300 CHECK (char_length(source_name) <= 300),
  source_ref text NOT NULL DEFAULT '' CONSTRAINT source_ref_max_300 CHECK (char_length(source_ref) <= 300),
  file_name text NOT NULL DEFAULT '' CONSTRAINT file_name_max_300 CHECK (char_length(file_name) <= 300),
  line integer NOT NULL DEFAULT 0,
  listed_on date NOT NULL CONSTRAINT listed_on_plausible CHECK (listed_on BETWEEN '1900-01-01' AND '2199-12-31'),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (entry_id, import_id)
);
CREATE INDEX catalogue_listings_entry_idx ON catalogue_listings (entry_id, listed_on DESC);

CREATE TABLE catalogue_import_mappings (
  source_key text PRIMARY KEY CONSTRAINT source_key_max_300 CHECK (char_length(source_key) <= 300), -- quebec.Fold(source name)
  source_name text NOT NULL CONSTRAINT source_name_max_300 CHECK (char_length(source_name) <= 300),
  mapping jsonb NOT NULL,               -- header → field, as last applied
  default_form text NOT NULL DEFAULT '' CONSTRAINT default_form_max_100 CHECK (char_length(default_form) <= 100),
  updated_by uuid REFERENCES users (id),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE catalogue_sector_aliases (
  value_key text PRIMARY KEY CONSTRAINT value_key_max_300 CHECK (char_length(value_key) <= 300), -- quebec.Fold(the directory's sector name)
  value text NOT NULL CONSTRAINT value_max_300 CHECK (char_length(value) <= 300),
  sector_code text REFERENCES catalogue_sectors (code) CONSTRAINT sector_code_max_100 CHECK (char_length(sector_code) <= 100), -- NULL: known, ignored
  updated_by uuid REFERENCES users (id),
  updated_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE catalogue_imports
  ADD COLUMN decisions jsonb NOT NULL DEFAULT '{}', -- line → skip | create | merge:<entry id>
  ADD COLUMN fixes jsonb NOT NULL DEFAULT '{}',     -- line → {field: value} typed on the preview
  ADD COLUMN version integer NOT NULL DEFAULT 1;    -- bumped by every change: a revision names the version it saw

GRANT SELECT, INSERT ON catalogue_listings TO maillage_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON catalogue_import_mappings, catalogue_sector_aliases TO maillage_app;
GRANT DELETE ON catalogue_sectors TO maillage_app;

-- +goose Down
REVOKE DELETE ON catalogue_sectors FROM maillage_app;
ALTER TABLE catalogue_imports DROP COLUMN version, DROP COLUMN fixes, DROP COLUMN decisions;
DROP TABLE catalogue_sector_aliases, catalogue_import_mappings, catalogue_listings;
ALTER TABLE catalogue_entries DROP COLUMN legal_form_evidence;
ALTER TABLE catalogue_entries DROP CONSTRAINT catalogue_entries_ees_trust_check;
UPDATE catalogue_entries SET ees_trust = 'declared' WHERE ees_trust = 'unknown';
ALTER TABLE catalogue_entries ALTER COLUMN ees_trust SET DEFAULT 'declared';
ALTER TABLE catalogue_entries ADD CONSTRAINT catalogue_entries_ees_trust_check CHECK (ees_trust IN ('declared', 'verified'));
ALTER TABLE catalogue_entries DROP CONSTRAINT catalogue_entries_legal_form_check;
ALTER TABLE catalogue_entries ADD CONSTRAINT catalogue_entries_legal_form_check CHECK (legal_form IN ('coop',
  'coop_solidarity', 'coop_worker', 'coop_producer', 'coop_consumer', 'coop_worker_shareholder', 'nonprofit', 'mutual')) NOT VALID;
