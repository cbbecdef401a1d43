-- Province-wide aggregates for provincial staff (journey 7 of product.md): by region, never a tenant's rows.
-- One SECURITY DEFINER function owned by maillage_aggregates (BYPASSRLS, NOLOGIN), search_path pinned,
-- EXECUTE granted to the app role only. Small-cell suppression: a region with fewer than 3 bodies on the
-- platform gets NULL money and supplier figures, so one body's spending can never be read off the table.
-- Inventory of SECURITY DEFINER functions: README "How tenancy is enforced".
-- +goose Up
-- Owning a function in public requires CREATE there; the role cannot log in, so only migrations use it.
GRANT USAGE, CREATE ON SCHEMA public TO maillage_aggregates;
GRANT SELECT ON tenants, contracts, contract_amendments, declarations, contact_log, suppliers TO maillage_aggregates;

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
ALTER FUNCTION provincial_summary(date, date) OWNER TO maillage_aggregates;
REVOKE ALL ON FUNCTION provincial_summary(date, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION provincial_summary(date, date) TO maillage_app;

-- +goose Down
DROP FUNCTION provincial_summary(date, date);
REVOKE SELECT ON tenants, contracts, contract_amendments, declarations, contact_log, suppliers FROM maillage_aggregates;
REVOKE USAGE, CREATE ON SCHEMA public FROM maillage_aggregates;
