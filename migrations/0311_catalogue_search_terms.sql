-- Typo tolerance on what an enterprise sells, not only on its name (issue 10, issue 13 item 7): "deneigment"
-- must find what "deneigement" finds. search_terms holds the folded names, products, sector names and
-- description; the search's second phase (run only when the words as typed find nothing) compares the
-- query with its words by pg_trgm word similarity, through this trigram index. It replaces the names-only one.
-- +goose Up
ALTER TABLE catalogue_entries ADD COLUMN search_terms text NOT NULL DEFAULT ''
  CONSTRAINT search_terms_max_50000 CHECK (char_length(search_terms) <= 50000);

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION catalogue_entries_derive() RETURNS trigger
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
  NEW.search_terms := left(NEW.search_names || ' ' || catalogue_fold(array_to_string(NEW.products, ' ') || ' ' || sector_names
    || ' ' || NEW.description), 50000);
  NEW.updated_at := now();
  RETURN NEW;
END $$;
-- +goose StatementEnd

ALTER TABLE catalogue_entries DISABLE TRIGGER catalogue_entries_derive;
UPDATE catalogue_entries e SET search_terms = left(e.search_names || ' ' || catalogue_fold(array_to_string(e.products, ' ') || ' '
  || coalesce((SELECT string_agg(s.name_fr || ' ' || s.name_en, ' ') FROM catalogue_sectors s WHERE s.code = ANY (e.sectors)), '')
  || ' ' || e.description), 50000);
ALTER TABLE catalogue_entries ENABLE TRIGGER catalogue_entries_derive;

CREATE INDEX catalogue_entries_terms_trgm_idx ON catalogue_entries USING gin (search_terms gin_trgm_ops);
DROP INDEX catalogue_entries_names_trgm_idx;

-- +goose Down
CREATE INDEX catalogue_entries_names_trgm_idx ON catalogue_entries USING gin (search_names gin_trgm_ops);
DROP INDEX catalogue_entries_terms_trgm_idx;
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION catalogue_entries_derive() RETURNS trigger
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
ALTER TABLE catalogue_entries DROP COLUMN search_terms;
