-- Provincial aggregates that reveal no body (issue 14). Replaces 0600's provincial_summary, which hid only
-- regions of fewer than 3 bodies and answered any period (a one-day range gave one body's contract).
--
-- Rules, enforced here (the only code that reads every tenant's rows) and restated in app/provincial:
--  * the period runs from the first day of a calendar quarter to the last day of one (anything else raises:
--    no one-day ranges, no shifted overlapping periods to subtract from each other);
--  * a figure is published for a region only when at least 3 bodies contribute to it (a non-zero value of
--    their own) and no single body makes more than 80 % of it — over the whole period AND in each calendar
--    quarter inside it, so that subtracting two allowed periods (always whole quarters) gives only sums of
--    quarters that are themselves publishable;
--  * otherwise the figure is NULL with its reason: few_bodies, dominance or quarter (a quarter inside fails).
-- Body counts (bodies on Maillage, bodies with an adopted declaration) are public facts and always shown.
-- Inventory of SECURITY DEFINER functions: README "How tenancy is enforced" (a test keeps it complete).
-- +goose Up
DROP FUNCTION provincial_summary(date, date);
GRANT SELECT ON regions TO maillage_aggregates;

-- +goose StatementBegin
CREATE FUNCTION provincial_summary(p_from date, p_to date)
  RETURNS TABLE (region_code char(2), figure text, value bigint, reason text)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
BEGIN
  IF p_from IS NULL OR p_to IS NULL OR p_to < p_from
     OR p_from <> date_trunc('quarter', p_from)::date
     OR p_to <> (date_trunc('quarter', p_to) + interval '3 months' - interval '1 day')::date THEN
    RAISE EXCEPTION 'provincial_summary: the period must run from the first day of a calendar quarter to the last day of one'
      USING ERRCODE = '22023';
  END IF;
  RETURN QUERY
  WITH t AS (
    SELECT tn.id, tn.region_code FROM tenants tn WHERE tn.status = 'active' AND tn.region_code IS NOT NULL
  ), quarters AS (
    SELECT gs::date AS qs FROM generate_series(p_from, p_to, interval '3 months') gs
  ), c AS (
    SELECT k.tenant_id, t.region_code, date_trunc('quarter', k.awarded_on)::date AS qs, k.supplier_ees,
           coalesce(k.supplier_neq, lower(k.supplier_name)) AS who,
           -- the final amount when known, else the award plus its amendments (as app/declarations counts)
           coalesce(k.final_cents, k.awarded_cents
             + coalesce((SELECT sum(a.delta_cents) FROM contract_amendments a
                          WHERE a.tenant_id = k.tenant_id AND a.contract_id = k.id), 0)) AS amount
      FROM contracts k JOIN t ON t.id = k.tenant_id
     WHERE k.awarded_on BETWEEN p_from AND p_to
  ), firsts AS (  -- a body's first EES award to an enterprise, ever, when it falls in the period
    SELECT f.tenant_id, t.region_code, date_trunc('quarter', f.first_on)::date AS qs, f.who
      FROM (SELECT k.tenant_id, coalesce(k.supplier_neq, lower(k.supplier_name)) AS who, min(k.awarded_on) AS first_on
              FROM contracts k WHERE k.supplier_ees GROUP BY 1, 2) f
      JOIN t ON t.id = f.tenant_id
     WHERE f.first_on BETWEEN p_from AND p_to
  ), contacts AS (
    SELECT k.tenant_id, t.region_code, date_trunc('quarter', k.contact_date)::date AS qs
      FROM contact_log k JOIN t ON t.id = k.tenant_id
     WHERE k.contact_date BETWEEN p_from AND p_to
  ), per_body AS (  -- each body's own part of each figure, by quarter and (qs NULL) for the whole period
    SELECT 'contracts'::text AS fig, c.region_code, c.qs, c.tenant_id, count(*)::numeric AS v
      FROM c GROUP BY GROUPING SETS ((c.region_code, c.qs, c.tenant_id), (c.region_code, c.tenant_id))
    UNION ALL
    SELECT 'spend_cents', c.region_code, c.qs, c.tenant_id, sum(c.amount)
      FROM c GROUP BY GROUPING SETS ((c.region_code, c.qs, c.tenant_id), (c.region_code, c.tenant_id))
    UNION ALL
    SELECT 'ees_spend_cents', c.region_code, c.qs, c.tenant_id, sum(c.amount)
      FROM c WHERE c.supplier_ees GROUP BY GROUPING SETS ((c.region_code, c.qs, c.tenant_id), (c.region_code, c.tenant_id))
    UNION ALL
    SELECT 'ees_suppliers', c.region_code, c.qs, c.tenant_id, count(DISTINCT c.who)
      FROM c WHERE c.supplier_ees GROUP BY GROUPING SETS ((c.region_code, c.qs, c.tenant_id), (c.region_code, c.tenant_id))
    UNION ALL
    SELECT 'new_ees_relationships', f.region_code, f.qs, f.tenant_id, count(*)
      FROM firsts f GROUP BY GROUPING SETS ((f.region_code, f.qs, f.tenant_id), (f.region_code, f.tenant_id))
    UNION ALL
    SELECT 'contacts', k.region_code, k.qs, k.tenant_id, count(*)
      FROM contacts k GROUP BY GROUPING SETS ((k.region_code, k.qs, k.tenant_id), (k.region_code, k.tenant_id))
    UNION ALL  -- a snapshot, not a flow: checked once (qs NULL)
    SELECT 'register_ees', t.region_code, NULL::date, s.tenant_id, count(DISTINCT s.neq)
      FROM suppliers s JOIN t ON t.id = s.tenant_id WHERE s.ees AND s.status = 'approved'
     GROUP BY t.region_code, s.tenant_id
  ), distinct_totals AS (  -- distinct counts do not add up across bodies: the region's own count
    SELECT 'ees_suppliers'::text AS fig, c.region_code, c.qs, count(DISTINCT c.who)::numeric AS total
      FROM c WHERE c.supplier_ees GROUP BY GROUPING SETS ((c.region_code, c.qs), (c.region_code))
    UNION ALL
    SELECT 'register_ees', t.region_code, NULL::date, count(DISTINCT s.neq)
      FROM suppliers s JOIN t ON t.id = s.tenant_id WHERE s.ees AND s.status = 'approved' GROUP BY t.region_code
  ), cells AS (
    SELECT b.fig, b.region_code, b.qs,
           count(*) FILTER (WHERE b.v > 0) AS contributors, max(b.v) AS top,
           coalesce(max(d.total), sum(b.v)) AS total
      FROM per_body b
      LEFT JOIN distinct_totals d ON d.fig = b.fig AND d.region_code = b.region_code AND d.qs IS NOT DISTINCT FROM b.qs
     GROUP BY b.fig, b.region_code, b.qs
  ), figs AS (
    SELECT f.fig, f.quarterly FROM (VALUES ('contracts', true), ('spend_cents', true), ('ees_spend_cents', true),
      ('ees_suppliers', true), ('new_ees_relationships', true), ('contacts', true), ('register_ees', false)) AS f(fig, quarterly)
  ), regions_on AS (
    SELECT DISTINCT t.region_code FROM t
  ), judged AS (
    SELECT f.fig, r.region_code, p.total,
      CASE
        WHEN coalesce(p.contributors, 0) < 3 THEN 'few_bodies'
        WHEN p.top > 0.8 * p.total THEN 'dominance'
        WHEN f.quarterly AND EXISTS (
          SELECT 1 FROM quarters q LEFT JOIN cells qc ON qc.fig = f.fig AND qc.region_code = r.region_code AND qc.qs = q.qs
           WHERE coalesce(qc.contributors, 0) < 3 OR qc.top > 0.8 * qc.total) THEN 'quarter'
      END AS why
      FROM figs f CROSS JOIN regions_on r
      LEFT JOIN cells p ON p.fig = f.fig AND p.region_code = r.region_code AND p.qs IS NULL
  )
  SELECT j.region_code::char(2), j.fig, CASE WHEN j.why IS NULL THEN j.total::bigint END, j.why FROM judged j
  UNION ALL
  SELECT t.region_code::char(2), 'bodies', count(*)::bigint, NULL::text FROM t GROUP BY t.region_code
  UNION ALL
  SELECT t.region_code::char(2), 'bodies_with_declaration',
         count(*) FILTER (WHERE EXISTS (SELECT 1 FROM declarations d WHERE d.tenant_id = t.id AND d.status = 'adopted'
                                          AND d.period_start <= p_to AND d.period_end >= p_from))::bigint, NULL::text
    FROM t GROUP BY t.region_code;
END
$$;
-- +goose StatementEnd
ALTER FUNCTION provincial_summary(date, date) OWNER TO maillage_aggregates;
REVOKE ALL ON FUNCTION provincial_summary(date, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION provincial_summary(date, date) TO maillage_app;

-- +goose Down
DROP FUNCTION provincial_summary(date, date);
REVOKE SELECT ON regions FROM maillage_aggregates;
-- 0600's function, as it was
-- +goose StatementBegin
CREATE FUNCTION provincial_summary(p_from date, p_to date)
  RETURNS TABLE (
    region_code char(2), bodies integer, bodies_with_declaration integer,
    contracts integer, spend_cents bigint, ees_spend_cents bigint,
    ees_suppliers integer, new_ees_relationships integer,
    register_ees integer, contacts integer, suppressed boolean)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
  WITH t AS (
    SELECT id, region_code FROM tenants WHERE status = 'active' AND region_code IS NOT NULL
  ), c AS (
    SELECT c.tenant_id, c.supplier_neq, c.supplier_name, c.supplier_ees, c.awarded_on,
           -- the final amount when known, else the award plus its amendments (as app/declarations counts)
           coalesce(c.final_cents, c.awarded_cents
             + coalesce((SELECT sum(a.delta_cents) FROM contract_amendments a
                          WHERE a.tenant_id = c.tenant_id AND a.contract_id = c.id), 0)) AS amount
      FROM contracts c JOIN t ON t.id = c.tenant_id
     WHERE c.awarded_on BETWEEN p_from AND p_to
  ), firsts AS (  -- first EES award of each (body, supplier) pair ever, to count new relationships
    SELECT c.tenant_id, coalesce(c.supplier_neq, lower(c.supplier_name)) AS who, min(c.awarded_on) AS first_on
      FROM contracts c JOIN t ON t.id = c.tenant_id WHERE c.supplier_ees GROUP BY 1, 2
  ), per_region AS (
    SELECT t.region_code,
      count(DISTINCT t.id)::int AS bodies,
      count(DISTINCT d.tenant_id)::int AS bodies_with_declaration
    FROM t LEFT JOIN declarations d ON d.tenant_id = t.id AND d.status = 'adopted'
      AND d.period_start <= p_to AND d.period_end >= p_from
    GROUP BY t.region_code
  )
  SELECT r.region_code, r.bodies, r.bodies_with_declaration,
    s.n, s.spend, s.ees_spend, s.ees_suppliers, s.new_rel, s.register_ees, s.contacts,
    r.bodies < 3
  FROM per_region r
  LEFT JOIN LATERAL (
    SELECT
      CASE WHEN r.bodies < 3 THEN NULL ELSE (SELECT count(*)::int FROM c JOIN t ON t.id = c.tenant_id WHERE t.region_code = r.region_code) END AS n,
      CASE WHEN r.bodies < 3 THEN NULL ELSE (SELECT coalesce(sum(amount), 0)::bigint FROM c JOIN t ON t.id = c.tenant_id WHERE t.region_code = r.region_code) END AS spend,
      CASE WHEN r.bodies < 3 THEN NULL ELSE (SELECT coalesce(sum(amount), 0)::bigint FROM c JOIN t ON t.id = c.tenant_id WHERE t.region_code = r.region_code AND c.supplier_ees) END AS ees_spend,
      CASE WHEN r.bodies < 3 THEN NULL ELSE (SELECT count(DISTINCT coalesce(c.supplier_neq, lower(c.supplier_name)))::int FROM c JOIN t ON t.id = c.tenant_id WHERE t.region_code = r.region_code AND c.supplier_ees) END AS ees_suppliers,
      CASE WHEN r.bodies < 3 THEN NULL ELSE (SELECT count(*)::int FROM firsts f JOIN t ON t.id = f.tenant_id WHERE t.region_code = r.region_code AND f.first_on BETWEEN p_from AND p_to) END AS new_rel,
      CASE WHEN r.bodies < 3 THEN NULL ELSE (SELECT count(DISTINCT s.neq)::int FROM suppliers s JOIN t ON t.id = s.tenant_id WHERE t.region_code = r.region_code AND s.ees AND s.status = 'approved') END AS register_ees,
      CASE WHEN r.bodies < 3 THEN NULL ELSE (SELECT count(*)::int FROM contact_log k JOIN t ON t.id = k.tenant_id WHERE t.region_code = r.region_code AND k.contact_date BETWEEN p_from AND p_to) END AS contacts
  ) s ON true
  ORDER BY r.region_code
$$;
-- +goose StatementEnd
ALTER FUNCTION provincial_summary(date, date) OWNER TO maillage_aggregates;
REVOKE ALL ON FUNCTION provincial_summary(date, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION provincial_summary(date, date) TO maillage_app;
