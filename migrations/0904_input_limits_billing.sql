-- Length limits and plausible dates (0900's rule) on the columns of the sign-up and billing tables
-- (0700–0702, issue 11), which were written in parallel with 0900. Where 0800 already bounds a
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
    ('official_domains', 'domain', 300, false), ('official_domains', 'body_kind', 100, false),
    ('official_domains', 'code', 100, false), ('official_domains', 'source', 100, false),
    ('billing_plans', 'code', 100, false), ('billing_plans', 'kind', 100, false),
    ('billing_subscriptions', 'status', 100, false), ('billing_subscriptions', 'plan_code', 100, false),
    ('billing_subscriptions', 'po_number', 60, false), ('billing_subscriptions', 'billing_name', 200, false),
    ('billing_subscriptions', 'billing_email', 254, false), ('billing_subscriptions', 'stripe_customer_id', 300, false),
    ('billing_subscriptions', 'stripe_subscription_id', 300, false), ('billing_subscriptions', 'last_event_id', 300, false),
    ('billing_quotes', 'number', 100, false), ('billing_quotes', 'plan_code', 100, false), ('billing_quotes', 'po_number', 60, false),
    ('billing_invoices', 'stripe_invoice_id', 300, false), ('billing_invoices', 'number', 100, false),
    ('billing_invoices', 'status', 100, false), ('billing_invoices', 'currency', 100, false),
    ('billing_invoices', 'po_number', 300, false), ('billing_invoices', 'hosted_url', 2048, false),
    ('billing_invoices', 'pdf_url', 2048, false),
    ('stripe_events', 'id', 300, false), ('stripe_events', 'type', 300, false), ('stripe_events', 'object_id', 300, false),
    ('stripe_events', 'outcome', 100, false), ('stripe_refs', 'key', 300, false), ('stripe_refs', 'stripe_id', 300, false),
    ('signups', 'status', 100, false), ('signups', 'body_name', 200, false), ('signups', 'kind', 100, false),
    ('signups', 'municipality_code', 100, false), ('signups', 'mrc_code', 100, false), ('signups', 'identification', 300, false),
    ('signups', 'person_name', 200, false), ('signups', 'person_title', 200, false), ('signups', 'email', 254, false),
    ('signups', 'lang', 100, false), ('signups', 'terms_version', 100, false), ('signups', 'confirm_hash', 100, false),
    ('signups', 'refusal_reason', 2000, false)
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
  FOR r IN SELECT * FROM (VALUES ('billing_plans', 'valid_from'), ('billing_plans', 'valid_to'),
      ('billing_quotes', 'issued_on'), ('billing_quotes', 'valid_until')) AS v(tbl, col)
  LOOP
    IF EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = 'public' AND table_name = r.tbl AND column_name = r.col)
       AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = ('public.' || r.tbl)::regclass AND conname = r.col || '_plausible') THEN
      EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I CHECK (%I BETWEEN DATE ''1900-01-01'' AND DATE ''2199-12-31'') NOT VALID',
        r.tbl, r.col || '_plausible', r.col);
    END IF;
  END LOOP;
END
$$;
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
DO $$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT conrelid::regclass AS tbl, conname FROM pg_constraint
            WHERE conrelid IN (SELECT to_regclass(t) FROM unnest(ARRAY['official_domains', 'billing_plans', 'billing_subscriptions',
              'billing_quotes', 'billing_invoices', 'stripe_events', 'stripe_refs', 'signups']) AS t)
              AND (conname ~ '_max_[0-9]+$' OR conname ~ '_plausible$')
  LOOP
    EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', r.tbl, r.conname);
  END LOOP;
END
$$;
-- +goose StatementEnd
