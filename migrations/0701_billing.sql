-- Billing (issue 11): the price list, each body's subscription, its quotes and invoices (mirrored from Stripe),
-- the Stripe events received (each stored once) and the Stripe objects Maillage creates once (tax rates,
-- products). Writer: app/billing only. Tenant tables carry RLS like memberships (0001_platform.sql).
-- +goose Up
-- The price list is data: one row per kind of body and population band (MAMH population), effective-dated.
CREATE TABLE billing_plans (
  code text PRIMARY KEY CHECK (code ~ '^[a-z0-9_-]{2,60}$'),
  kind text NOT NULL CHECK (kind IN ('municipality', 'mrc', 'regie', 'school_service_centre', 'health', 'ministry', 'other')),
  population_min integer NOT NULL DEFAULT 0 CHECK (population_min >= 0),
  population_max integer CHECK (population_max IS NULL OR population_max > population_min), -- exclusive; NULL: no ceiling
  annual_cents bigint NOT NULL CHECK (annual_cents > 0),
  valid_from date NOT NULL,
  valid_to date CHECK (valid_to IS NULL OR valid_to >= valid_from),
  UNIQUE (kind, population_min, valid_from)
);
GRANT SELECT ON billing_plans TO maillage_app;
INSERT INTO billing_plans (code, kind, population_min, population_max, annual_cents, valid_from) VALUES
('municipality-0', 'municipality', 0, 2000, 90000, '2026-01-01'),
('municipality-2k', 'municipality', 2000, 10000, 240000, '2026-01-01'),
('municipality-10k', 'municipality', 10000, 50000, 600000, '2026-01-01'),
('municipality-50k', 'municipality', 50000, 200000, 1200000, '2026-01-01'),
('municipality-200k', 'municipality', 200000, NULL, 2400000, '2026-01-01'),
('mrc-0', 'mrc', 0, 50000, 300000, '2026-01-01'),
('mrc-50k', 'mrc', 50000, NULL, 600000, '2026-01-01'),
('regie', 'regie', 0, NULL, 180000, '2026-01-01'),
('school-service-centre', 'school_service_centre', 0, NULL, 600000, '2026-01-01'),
('health', 'health', 0, NULL, 900000, '2026-01-01'),
('ministry', 'ministry', 0, NULL, 1200000, '2026-01-01'),
('other', 'other', 0, NULL, 180000, '2026-01-01');

-- One subscription per body. status follows Stripe's subscription statuses; a body approved from a sign-up
-- starts "trialing" locally before any Stripe object exists. last_event_at is the created time of the last
-- Stripe event applied: an older event arriving late is recorded and ignored.
CREATE TABLE billing_subscriptions (
  tenant_id uuid PRIMARY KEY REFERENCES tenants (id),
  status text NOT NULL CHECK (status IN ('trialing', 'active', 'past_due', 'unpaid', 'canceled', 'incomplete',
    'incomplete_expired', 'paused')),
  plan_code text REFERENCES billing_plans (code),
  annual_cents bigint CHECK (annual_cents IS NULL OR annual_cents >= 0),
  trial_ends_at timestamptz,
  po_number text NOT NULL DEFAULT '' CHECK (length(po_number) <= 60),
  billing_name text NOT NULL DEFAULT '' CHECK (length(billing_name) <= 200),
  billing_email text NOT NULL DEFAULT '' CHECK (length(billing_email) <= 254),
  card_or_debit boolean NOT NULL DEFAULT false,
  stripe_customer_id text,
  stripe_subscription_id text,
  current_period_end timestamptz,
  cancel_at timestamptz,
  last_event_at timestamptz,
  last_event_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE billing_subscriptions ENABLE ROW LEVEL SECURITY;
ALTER TABLE billing_subscriptions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON billing_subscriptions
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
GRANT SELECT, INSERT, UPDATE ON billing_subscriptions TO maillage_app;

-- Quotes a body takes to its council; accepting one (with the purchase-order number) starts the Stripe
-- subscription. The numbers come from one platform sequence.
CREATE SEQUENCE quote_number_seq;
GRANT USAGE ON SEQUENCE quote_number_seq TO maillage_app;
CREATE TABLE billing_quotes (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  number text NOT NULL,
  plan_code text NOT NULL REFERENCES billing_plans (code),
  annual_cents bigint NOT NULL CHECK (annual_cents >= 0),
  gst_cents bigint NOT NULL CHECK (gst_cents >= 0),
  qst_cents bigint NOT NULL CHECK (qst_cents >= 0),
  issued_on date NOT NULL,
  valid_until date NOT NULL CHECK (valid_until >= issued_on),
  accepted_at timestamptz,
  accepted_by uuid REFERENCES users (id),
  po_number text NOT NULL DEFAULT '' CHECK (length(po_number) <= 60),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, number)
);
ALTER TABLE billing_quotes ENABLE ROW LEVEL SECURITY;
ALTER TABLE billing_quotes FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON billing_quotes
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
GRANT SELECT, INSERT, UPDATE ON billing_quotes TO maillage_app;

-- Invoices as Stripe last sent them (webhooks, or the subscription's first invoice at acceptance).
CREATE TABLE billing_invoices (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  stripe_invoice_id text NOT NULL,
  number text NOT NULL DEFAULT '',
  status text NOT NULL CHECK (status IN ('draft', 'open', 'paid', 'uncollectible', 'void')),
  currency text NOT NULL DEFAULT 'cad',
  subtotal_cents bigint NOT NULL DEFAULT 0,
  tax_cents bigint NOT NULL DEFAULT 0,
  total_cents bigint NOT NULL DEFAULT 0,
  amount_due_cents bigint NOT NULL DEFAULT 0,
  amount_paid_cents bigint NOT NULL DEFAULT 0,
  po_number text NOT NULL DEFAULT '',
  due_at timestamptz,
  hosted_url text NOT NULL DEFAULT '',
  pdf_url text NOT NULL DEFAULT '',
  stripe_created_at timestamptz NOT NULL,
  last_event_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, stripe_invoice_id)
);
CREATE INDEX billing_invoices_open_idx ON billing_invoices (tenant_id, due_at) WHERE status = 'open';
ALTER TABLE billing_invoices ENABLE ROW LEVEL SECURITY;
ALTER TABLE billing_invoices FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON billing_invoices
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
GRANT SELECT, INSERT, UPDATE ON billing_invoices TO maillage_app;

-- Every Stripe event received, once (its id is the key): a replay inserts nothing and changes nothing.
-- Platform level: the event is recorded in the same transaction as its effect on the body's rows.
CREATE TABLE stripe_events (
  id text PRIMARY KEY,
  type text NOT NULL,
  created timestamptz NOT NULL,
  object_id text NOT NULL DEFAULT '',
  outcome text NOT NULL CHECK (outcome IN ('applied', 'stale', 'ignored')),
  received_at timestamptz NOT NULL DEFAULT now()
);
GRANT SELECT, INSERT ON stripe_events TO maillage_app;

-- Stripe objects created once for the whole platform (the GST and QST tax rates, one product per plan).
CREATE TABLE stripe_refs (
  key text PRIMARY KEY,
  stripe_id text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
GRANT SELECT, INSERT ON stripe_refs TO maillage_app;

-- The platform's billing page (bodies by status, MRR, overdue invoices) reads every body's subscription:
-- one SECURITY DEFINER function like provincial_summary (README "How tenancy is enforced"), EXECUTE for the
-- app role only, behind the platform_admin permission. It returns billing figures only.
GRANT SELECT ON billing_subscriptions, billing_invoices TO maillage_aggregates;
CREATE FUNCTION billing_overview(p_now timestamptz)
  RETURNS TABLE (tenant_id uuid, status text, plan_code text, annual_cents bigint, trial_ends_at timestamptz,
                 overdue_invoices integer, overdue_cents bigint, oldest_due_at timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
  SELECT s.tenant_id, s.status, s.plan_code, s.annual_cents, s.trial_ends_at,
         count(i.stripe_invoice_id)::integer, coalesce(sum(i.amount_due_cents - i.amount_paid_cents), 0)::bigint, min(i.due_at)
    FROM billing_subscriptions s
    LEFT JOIN billing_invoices i ON i.tenant_id = s.tenant_id AND i.status = 'open' AND i.due_at < p_now
   GROUP BY s.tenant_id, s.status, s.plan_code, s.annual_cents, s.trial_ends_at
$$;
ALTER FUNCTION billing_overview(timestamptz) OWNER TO maillage_aggregates;
REVOKE ALL ON FUNCTION billing_overview(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION billing_overview(timestamptz) TO maillage_app;

-- +goose Down
DROP FUNCTION billing_overview(timestamptz);
REVOKE SELECT ON billing_subscriptions, billing_invoices FROM maillage_aggregates;
DROP TABLE stripe_refs, stripe_events, billing_invoices, billing_quotes, billing_subscriptions, billing_plans;
DROP SEQUENCE quote_number_seq;
