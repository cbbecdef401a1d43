-- Search (issue 10): the search scores each word of a query by the best field it is found in
-- (catalogue.SearchSQL), so the search document's four weights now hold: A the names and the enterprise's own
-- town (both say "this is it"), B what it sells, C its MRC and region, D its sectors' names and description.
-- Sector names leave B: every food enterprise was otherwise a "traiteur" as much as a caterer is, because the
-- sector is called "Alimentation et services de traiteur". The town leaves the MRC and region: "traiteur
-- saguenay" means the caterers of Saguenay before those of the rest of the Saguenay–Lac-Saint-Jean region.
-- +goose Up
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
       setweight(to_tsvector('french', NEW.search_names || ' ' || catalogue_fold(m.name)), 'A')
    || setweight(to_tsvector('french', catalogue_fold(array_to_string(NEW.products, ' '))), 'B')
    || setweight(to_tsvector('french', catalogue_fold(coalesce(m.mrc_name, '') || ' ' || m.region_name)), 'C')
    || setweight(to_tsvector('french', catalogue_fold(sector_names || ' ' || NEW.description)), 'D');
  NEW.search_terms := left(NEW.search_names || ' ' || catalogue_fold(array_to_string(NEW.products, ' ') || ' ' || sector_names
    || ' ' || NEW.description), 50000);
  NEW.updated_at := now();
  RETURN NEW;
END $$;
-- +goose StatementEnd
-- Derive again without touching updated_at (the trigger would stamp every entry as changed).
ALTER TABLE catalogue_entries DISABLE TRIGGER catalogue_entries_derive;
UPDATE catalogue_entries e SET search =
     setweight(to_tsvector('french', e.search_names || ' ' || catalogue_fold(mu.name)), 'A')
  || setweight(to_tsvector('french', catalogue_fold(array_to_string(e.products, ' '))), 'B')
  || setweight(to_tsvector('french', catalogue_fold(coalesce(mr.name, '') || ' ' || r.name)), 'C')
  || setweight(to_tsvector('french', catalogue_fold(coalesce((SELECT string_agg(s.name_fr || ' ' || s.name_en, ' ') FROM catalogue_sectors s
       WHERE s.code = ANY (e.sectors)), '') || ' ' || e.description)), 'D')
  FROM municipalities mu LEFT JOIN mrcs mr ON mr.code = mu.mrc_code JOIN regions r ON r.code = mu.region_code
 WHERE mu.code = e.municipality_code;
ALTER TABLE catalogue_entries ENABLE TRIGGER catalogue_entries_derive;

-- +goose Down
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
-- Derive again without touching updated_at (the trigger would stamp every entry as changed).
ALTER TABLE catalogue_entries DISABLE TRIGGER catalogue_entries_derive;
UPDATE catalogue_entries e SET search =
     setweight(to_tsvector('french', e.search_names), 'A')
  || setweight(to_tsvector('french', catalogue_fold(array_to_string(e.products, ' ') || ' ' || coalesce((SELECT string_agg(s.name_fr || ' '
       || s.name_en, ' ') FROM catalogue_sectors s WHERE s.code = ANY (e.sectors)), ''))), 'B')
  || setweight(to_tsvector('french', catalogue_fold(mu.name || ' ' || coalesce(mr.name, '') || ' ' || r.name)), 'C')
  || setweight(to_tsvector('french', catalogue_fold(e.description)), 'D')
  FROM municipalities mu LEFT JOIN mrcs mr ON mr.code = mu.mrc_code JOIN regions r ON r.code = mu.region_code
 WHERE mu.code = e.municipality_code;
ALTER TABLE catalogue_entries ENABLE TRIGGER catalogue_entries_derive;
