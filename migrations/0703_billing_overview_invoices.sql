-- billing_overview (0701) started from billing_subscriptions, so the overdue invoices of a body billed without
-- a subscription row (its invoices arrive by webhook) were missed: start from the bodies instead.
-- +goose Up
CREATE OR REPLACE FUNCTION billing_overview(p_now timestamptz)
  RETURNS TABLE (tenant_id uuid, status text, plan_code text, annual_cents bigint, trial_ends_at timestamptz,
                 overdue_invoices integer, overdue_cents bigint, oldest_due_at timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
  SELECT t.id, s.status, s.plan_code, s.annual_cents, s.trial_ends_at,
         coalesce(i.n, 0)::integer, coalesce(i.due, 0)::bigint, i.oldest
    FROM tenants t
    LEFT JOIN billing_subscriptions s ON s.tenant_id = t.id
    LEFT JOIN (SELECT tenant_id, count(*) AS n, sum(amount_due_cents - amount_paid_cents) AS due, min(due_at) AS oldest
                 FROM billing_invoices WHERE status = 'open' AND due_at < p_now GROUP BY tenant_id) i ON i.tenant_id = t.id
   WHERE s.tenant_id IS NOT NULL OR i.tenant_id IS NOT NULL
$$;
-- +goose Down
CREATE OR REPLACE FUNCTION billing_overview(p_now timestamptz)
  RETURNS TABLE (tenant_id uuid, status text, plan_code text, annual_cents bigint, trial_ends_at timestamptz,
                 overdue_invoices integer, overdue_cents bigint, oldest_due_at timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
  SELECT s.tenant_id, s.status, s.plan_code, s.annual_cents, s.trial_ends_at,
         count(i.stripe_invoice_id)::integer, coalesce(sum(i.amount_due_cents - i.amount_paid_cents), 0)::bigint, min(i.due_at)
    FROM billing_subscriptions s
    LEFT JOIN billing_invoices i ON i.tenant_id = s.tenant_id AND i.status = 'open' AND i.due_at < p_now
   GROUP BY s.tenant_id, s.status, s.plan_code, s.annual_cents, s.trial_ends_at
$$;
