-- Pôles' reach (issue 16): a forward records when its member followed the link and said it is interested;
-- contracts won are counted by one narrow SECURITY DEFINER function (contracts are tenant rows): for each of
-- a steward's forwards, the contracts the forwarded enterprise (by NEQ) won from that item's body since the
-- forward — an opportunity's body, or a SEAO notice's award loaded by any body. Counts only, never a
-- contract's details. Inventory: README "How tenancy is enforced".
-- +goose Up
ALTER TABLE opportunity_forwards ADD COLUMN interested_at timestamptz;
-- A changed item is matched again: its entries' scores are updated in place.
GRANT UPDATE ON item_entry_matches TO maillage_app;

GRANT SELECT ON contracts, opportunities, opportunity_forwards, catalogue_entries, seao_notices TO maillage_aggregates;
CREATE FUNCTION forward_contracts_won(p_steward uuid) RETURNS TABLE (forward_id uuid, contracts bigint)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
  SELECT f.id, (SELECT count(*) FROM contracts c
                 WHERE e.neq IS NOT NULL AND c.supplier_neq = e.neq AND c.awarded_on >= f.sent_at::date
                   AND (c.tenant_id = o.tenant_id OR (n.ocid IS NOT NULL AND c.seao_ocid = n.ocid)))
    FROM opportunity_forwards f
    JOIN catalogue_entries e ON e.id = f.catalogue_entry_id
    LEFT JOIN opportunities o ON o.id = f.item_id
    LEFT JOIN seao_notices n ON n.id = f.item_id
   WHERE f.steward_id = p_steward
  $$;
ALTER FUNCTION forward_contracts_won(uuid) OWNER TO maillage_aggregates;
REVOKE ALL ON FUNCTION forward_contracts_won(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION forward_contracts_won(uuid) TO maillage_app;

-- +goose Down
DROP FUNCTION forward_contracts_won(uuid);
REVOKE SELECT ON opportunities, opportunity_forwards, catalogue_entries, seao_notices FROM maillage_aggregates;
REVOKE UPDATE ON item_entry_matches FROM maillage_app;
ALTER TABLE opportunity_forwards DROP COLUMN interested_at;
