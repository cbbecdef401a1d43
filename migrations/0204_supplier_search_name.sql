-- Typo tolerance works on names only (legal and other names, folded), a short text whose trigram
-- similarity is cheap to compute row by row: under RLS the trigram operators cannot use an index
-- (they are not leakproof), so the search checks rows of the tenant one by one. See README, "Register
-- search under row-level security".
-- +goose Up
ALTER TABLE suppliers ADD COLUMN search_name text NOT NULL DEFAULT '';
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION suppliers_search_text() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_name := f_unaccent(lower(NEW.legal_name || ' ' || array_to_string(NEW.other_names, ' ')));
  NEW.search_text := NEW.search_name || ' ' || NEW.neq || ' ' || f_unaccent(lower(left(NEW.products_services, 500)));
  RETURN NEW;
END $$;
-- +goose StatementEnd
-- Existing rows: the owner lifts FORCE for this one statement (inside the migration's transaction).
ALTER TABLE suppliers NO FORCE ROW LEVEL SECURITY;
ALTER TABLE suppliers DISABLE ROW LEVEL SECURITY;
UPDATE suppliers SET legal_name = legal_name;
ALTER TABLE suppliers ENABLE ROW LEVEL SECURITY;
ALTER TABLE suppliers FORCE ROW LEVEL SECURITY;

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION suppliers_search_text() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_text := f_unaccent(lower(NEW.legal_name || ' ' || array_to_string(NEW.other_names, ' ')
    || ' ' || NEW.neq || ' ' || left(NEW.products_services, 500)));
  RETURN NEW;
END $$;
-- +goose StatementEnd
ALTER TABLE suppliers DROP COLUMN search_name;
