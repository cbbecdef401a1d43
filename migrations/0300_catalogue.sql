-- The shared catalogue of collective enterprises: platform level, not tenant-owned, so no RLS (which also
-- lets search use its GIN indexes: full-text and trigram operators are not leakproof). Every change goes
-- through the catalogue service, which writes catalogue_history and platform_audit_log.
-- +goose Up

-- Steward-managed list of sectors (a pôle typically uses about eleven).
CREATE TABLE catalogue_sectors (
  code text PRIMARY KEY CHECK (code ~ '^[a-z0-9_]{2,40}$'),
  name_fr text NOT NULL CHECK (length(btrim(name_fr)) BETWEEN 2 AND 120),
  name_en text NOT NULL CHECK (length(btrim(name_en)) BETWEEN 2 AND 120),
  position integer NOT NULL DEFAULT 0,
  retired boolean NOT NULL DEFAULT false
);
INSERT INTO catalogue_sectors (code, name_fr, name_en, position) VALUES
('alimentation', 'Alimentation et services de traiteur', 'Food and catering', 1),
('entretien', 'Entretien ménager et d''immeubles', 'Cleaning and building maintenance', 2),
('environnement', 'Environnement, récupération et recyclage', 'Environment, reuse and recycling', 3),
('amenagement', 'Aménagement paysager et entretien extérieur', 'Landscaping and outdoor maintenance', 4),
('communication', 'Communication, imprimerie et multimédia', 'Communication, printing and media', 5),
('informatique', 'Informatique et technologies', 'Computers and technology', 6),
('services_entreprises', 'Services aux entreprises', 'Business services', 7),
('culture_loisirs', 'Arts, culture, loisirs et tourisme', 'Arts, culture, recreation and tourism', 8),
('transport', 'Transport et déménagement', 'Transport and moving', 9),
('construction', 'Construction, rénovation et mobilier', 'Construction, renovation and furniture', 10),
('services_personnes', 'Services aux personnes et formation', 'Personal services and training', 11);

CREATE TABLE catalogue_entries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  neq text CHECK (neq ~ '^[0-9]{10}$'),
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 300),
  name_key text NOT NULL,                       -- catalogue.NameKey(name): de-duplication
  other_names text[] NOT NULL DEFAULT '{}',
  legal_form text NOT NULL CHECK (legal_form IN ('coop', 'coop_solidarity', 'coop_worker', 'coop_producer',
    'coop_consumer', 'coop_worker_shareholder', 'nonprofit', 'mutual')),
  ees_criteria jsonb NOT NULL DEFAULT '{}',     -- criterion → {met, note}, Loi sur l'économie sociale s. 3
  ees_trust text NOT NULL DEFAULT 'declared' CHECK (ees_trust IN ('declared', 'verified')),
  ees_verified_by text,                         -- the steward's user id (or the name of a vouching directory)
  ees_verified_at timestamptz,
  no_ristourne boolean NOT NULL DEFAULT false,
  adapted boolean NOT NULL DEFAULT false,
  street text NOT NULL DEFAULT '',
  municipality_code text NOT NULL REFERENCES municipalities (code),
  mrc_code text REFERENCES mrcs (code),         -- set by the trigger from the municipality
  region_code char(2) NOT NULL REFERENCES regions (code) DEFAULT '01', -- idem
  postal_code text NOT NULL DEFAULT '',
  regions_served char(2)[] NOT NULL DEFAULT '{}',
  sectors text[] NOT NULL DEFAULT '{}',
  unspsc text[] NOT NULL DEFAULT '{}',
  unspsc_segments text[] NOT NULL DEFAULT '{}', -- set by the trigger: the segments of unspsc
  products text[] NOT NULL DEFAULT '{}',
  description text NOT NULL DEFAULT '',
  website text NOT NULL DEFAULT '',
  email text NOT NULL DEFAULT '',
  phone text NOT NULL DEFAULT '',
  source_kind text NOT NULL CHECK (source_kind IN ('directory', 'steward', 'claim', 'demo')),
  source_name text NOT NULL DEFAULT '',
  source_ref text NOT NULL DEFAULT '',
  last_verified date,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired')),
  merged_into uuid REFERENCES catalogue_entries (id),
  claimed_by uuid REFERENCES users (id),        -- the enterprise user who proved the entry is theirs
  version integer NOT NULL DEFAULT 1,
  search_names text NOT NULL DEFAULT '',        -- set by the trigger: folded names, for trigram typo tolerance
  search tsvector NOT NULL DEFAULT ''::tsvector, -- set by the trigger: weighted French document
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (no_ristourne = false OR legal_form LIKE 'coop%'),
  CHECK (merged_into IS NULL OR status = 'retired')
);
-- A NEQ names one enterprise: one active entry per NEQ.
CREATE UNIQUE INDEX catalogue_entries_neq_key ON catalogue_entries (neq) WHERE neq IS NOT NULL AND status = 'active';
CREATE INDEX catalogue_entries_search_idx ON catalogue_entries USING gin (search);
CREATE INDEX catalogue_entries_names_trgm_idx ON catalogue_entries USING gin (search_names gin_trgm_ops);
CREATE INDEX catalogue_entries_key_idx ON catalogue_entries (name_key, municipality_code);
CREATE INDEX catalogue_entries_region_idx ON catalogue_entries (region_code, status);
CREATE INDEX catalogue_entries_mrc_idx ON catalogue_entries (mrc_code);
CREATE INDEX catalogue_entries_municipality_idx ON catalogue_entries (municipality_code);
CREATE INDEX catalogue_entries_arrays_idx ON catalogue_entries USING gin (sectors, unspsc_segments, regions_served);
CREATE INDEX catalogue_entries_source_idx ON catalogue_entries (source_name, source_ref) WHERE source_ref <> '';

-- Folding used by search and by the trigger: lower case, no accents (the same as catalogue.Fold).
CREATE FUNCTION catalogue_fold(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN lower(f_unaccent($1));

-- Keeps the derived columns right whoever writes the row: place codes from the municipality, UNSPSC
-- segments, and the weighted search document (A names, B products and sectors, C places, D description).
-- +goose StatementBegin
CREATE FUNCTION catalogue_entries_derive() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
DECLARE
  m record;
  sector_names text;
BEGIN
  SELECT mu.name, mu.mrc_code, mu.region_code, mr.name AS mrc_name, r.name AS region_name
    INTO m FROM municipalities mu LEFT JOIN mrcs mr ON mr.code = mu.mrc_code JOIN regions r ON r.code = mu.region_code
   WHERE mu.code = NEW.municipality_code;
  IF NOT FOUND THEN
    RAISE foreign_key_violation USING MESSAGE = 'unknown municipality ' || NEW.municipality_code;
  END IF;
  NEW.mrc_code := m.mrc_code;
  NEW.region_code := m.region_code;
  NEW.unspsc_segments := ARRAY(SELECT DISTINCT left(u, 2) || '000000' FROM unnest(NEW.unspsc) u ORDER BY 1);
  SELECT coalesce(string_agg(s.name_fr || ' ' || s.name_en, ' '), '') INTO sector_names
    FROM catalogue_sectors s WHERE s.code = ANY (NEW.sectors);
  NEW.search_names := catalogue_fold(NEW.name || ' ' || array_to_string(NEW.other_names, ' '));
  NEW.search :=
       setweight(to_tsvector('french', NEW.search_names), 'A')
    || setweight(to_tsvector('french', catalogue_fold(array_to_string(NEW.products, ' ') || ' ' || sector_names)), 'B')
    || setweight(to_tsvector('french', catalogue_fold(m.name || ' ' || coalesce(m.mrc_name, '') || ' ' || m.region_name)), 'C')
    || setweight(to_tsvector('french', catalogue_fold(NEW.description)), 'D');
  NEW.updated_at := now();
  RETURN NEW;
END $$;
-- +goose StatementEnd
CREATE TRIGGER catalogue_entries_derive BEFORE INSERT OR UPDATE ON catalogue_entries
  FOR EACH ROW EXECUTE FUNCTION catalogue_entries_derive();

-- History: every version of an entry, with who changed it and why.
CREATE TABLE catalogue_history (
  entry_id uuid NOT NULL REFERENCES catalogue_entries (id),
  version integer NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  actor_id uuid REFERENCES users (id),
  actor text NOT NULL,
  action text NOT NULL,   -- create, edit, verify, merge, retire, import, claim, proposal
  changes jsonb NOT NULL DEFAULT '[]', -- []catalogue.Change
  snapshot jsonb NOT NULL,             -- the entry after the change
  PRIMARY KEY (entry_id, version)
);

-- Enterprises claiming their entry, decided automatically (matching approved profile) or by a steward.
CREATE TABLE catalogue_claims (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  entry_id uuid NOT NULL REFERENCES catalogue_entries (id),
  user_id uuid NOT NULL REFERENCES users (id),
  neq text CHECK (neq ~ '^[0-9]{10}$'),
  message text NOT NULL DEFAULT '' CHECK (length(message) <= 2000),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'refused')),
  decided_by uuid REFERENCES users (id),
  decided_at timestamptz,
  reason text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX catalogue_claims_pending_key ON catalogue_claims (entry_id, user_id) WHERE status = 'pending';

-- Changes an enterprise proposes to its claimed entry; a steward approves or refuses them.
CREATE TABLE catalogue_proposals (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  entry_id uuid NOT NULL REFERENCES catalogue_entries (id),
  user_id uuid NOT NULL REFERENCES users (id),
  base_version integer NOT NULL,
  proposed jsonb NOT NULL,            -- the entry as proposed
  changes jsonb NOT NULL,             -- []catalogue.Change against base_version
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'refused')),
  decided_by uuid REFERENCES users (id),
  decided_at timestamptz,
  reason text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX catalogue_proposals_pending_idx ON catalogue_proposals (status, created_at) WHERE status = 'pending';

-- Imports of a directory: planned (match report kept for review), then applied all at once.
CREATE TABLE catalogue_imports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  source_name text NOT NULL CHECK (length(btrim(source_name)) BETWEEN 2 AND 200),
  file_name text NOT NULL DEFAULT '',
  file_sha256 text NOT NULL DEFAULT '',
  rows jsonb NOT NULL,                 -- the mapped rows ([]catalogue.Row) the report was planned from
  report jsonb NOT NULL,               -- catalogue.Report
  counts jsonb NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'applied', 'discarded')),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  applied_at timestamptz
);

GRANT SELECT ON catalogue_sectors TO maillage_app;
GRANT INSERT, UPDATE ON catalogue_sectors TO maillage_app;
GRANT SELECT, INSERT, UPDATE ON catalogue_entries, catalogue_claims, catalogue_proposals, catalogue_imports TO maillage_app;
GRANT SELECT, INSERT ON catalogue_history TO maillage_app;

-- +goose Down
DROP TABLE catalogue_imports, catalogue_proposals, catalogue_claims, catalogue_history;
DROP TRIGGER catalogue_entries_derive ON catalogue_entries;
DROP TABLE catalogue_entries;
DROP FUNCTION catalogue_entries_derive();
DROP FUNCTION catalogue_fold(text);
DROP TABLE catalogue_sectors;
