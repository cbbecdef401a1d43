-- Length limits (0900's rule) on the text columns of the opportunities and SEAO-notice tables
-- (0800_opportunities.sql, issue 16), which were written in parallel with 0900. Where 0800 already bounds a
-- column, the same N is used. Each constraint is added only when its column exists and it does not: the
-- owning area may still reshape these tables in its own range (which runs before this file on a fresh
-- database), and from now on declares <column>_max_<N> itself in the migration creating a column.
-- +goose Up
-- +goose StatementBegin
DO $$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT * FROM (VALUES
    ('alert_matches', 'item_kind', 100, false),
    ('opportunities', 'kind', 100, false), ('opportunities', 'title', 300, false),
    ('opportunities', 'description', 20000, false), ('opportunities', 'unspsc', 5000, true),
    ('opportunities', 'contact_name', 300, false), ('opportunities', 'contact_email', 300, false),
    ('opportunities', 'contact_phone', 100, false), ('opportunities', 'seao_url', 2048, false),
    ('opportunities', 'visibility', 100, false), ('opportunities', 'status', 100, false),
    ('opportunity_addenda', 'body', 8000, false),
    ('opportunity_forwards', 'email', 300, false), ('opportunity_forwards', 'item_kind', 100, false),
    ('opportunity_forwards', 'note', 2000, false), ('opportunity_forwards', 'token_hash', 100, false),
    ('opportunity_interests', 'decision', 100, false), ('opportunity_interests', 'name', 300, false),
    ('opportunity_interests', 'reason', 2000, false),
    ('opportunity_invitations', 'email', 300, false), ('opportunity_invitations', 'name', 300, false),
    ('opportunity_invitations', 'token_hash', 100, false),
    ('opportunity_questions', 'question', 4000, false), ('opportunity_questions', 'answer', 8000, false),
    ('seao_buyers', 'buyer_id', 100, false), ('seao_buyers', 'name', 300, false), ('seao_buyers', 'street', 300, false),
    ('seao_buyers', 'locality', 300, false), ('seao_buyers', 'postal_code', 100, false),
    ('seao_buyers', 'municipality_code', 100, false), ('seao_buyers', 'mapped_by', 100, false),
    ('seao_notices', 'ocid', 300, false), ('seao_notices', 'seao_number', 100, false),
    ('seao_notices', 'release_id', 300, false), ('seao_notices', 'action', 100, false),
    ('seao_notices', 'status', 100, false), ('seao_notices', 'buyer_id', 100, false),
    ('seao_notices', 'buyer_name', 300, false), ('seao_notices', 'title', 5000, false),
    ('seao_notices', 'description', 50000, false), ('seao_notices', 'method', 300, false),
    ('seao_notices', 'method_details', 5000, false), ('seao_notices', 'main_category', 300, false),
    ('seao_notices', 'categories', 5000, true), ('seao_notices', 'unspsc', 5000, true),
    ('seao_notices', 'unspsc_titles', 50000, true), ('seao_notices', 'url', 2048, false),
    ('subscriptions', 'name', 300, false), ('subscriptions', 'unspsc', 5000, true),
    ('subscriptions', 'keywords', 5000, true), ('subscriptions', 'frequency', 100, false)
  ) AS v(tbl, col, n, arr)
  LOOP
    IF EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = 'public' AND table_name = r.tbl AND column_name = r.col)
       AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = ('public.' || r.tbl)::regclass AND conname = r.col || '_max_' || r.n) THEN
      IF r.arr THEN
        EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I CHECK (cardinality(%I) <= 1000 AND char_length(array_to_string(%I, '' '')) <= %s) NOT VALID',
          r.tbl, r.col || '_max_' || r.n, r.col, r.col, r.n);
      ELSE
        EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I CHECK (char_length(%I) <= %s) NOT VALID', r.tbl, r.col || '_max_' || r.n, r.col, r.n);
      END IF;
    END IF;
  END LOOP;
  IF to_regclass('public.opportunities') IS NOT NULL AND EXISTS (SELECT 1 FROM information_schema.columns
       WHERE table_name = 'opportunities' AND column_name = 'expected_on')
     AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'expected_on_plausible' AND conrelid = 'public.opportunities'::regclass) THEN
    ALTER TABLE opportunities ADD CONSTRAINT expected_on_plausible CHECK (expected_on BETWEEN DATE '1900-01-01' AND DATE '2199-12-31') NOT VALID;
  END IF;
END
$$;
-- +goose StatementEnd

-- +goose Down
-- Nothing: the owning area may declare the same constraints in its own migrations (which then run before
-- this file, so that Up skipped them), and dropping them here would break that migration's Down. The
-- constraints go away with their tables.
SELECT 1;
