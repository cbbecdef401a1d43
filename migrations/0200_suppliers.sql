-- The supplier register of each tenant (issue 4). Tenant-owned: RLS forced, tenant_id leads every key.
-- Runs as maillage_owner.
-- +goose Up
CREATE TABLE suppliers (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  neq char(10) NOT NULL CHECK (neq ~ '^[0-9]{10}$'),
  legal_name text NOT NULL CHECK (char_length(legal_name) BETWEEN 2 AND 200),
  other_names text[] NOT NULL DEFAULT '{}',
  legal_form text NOT NULL DEFAULT 'other'
    CHECK (legal_form IN ('cooperative', 'nonprofit', 'mutual', 'corporation', 'partnership', 'sole_proprietor', 'other')),
  coop_kind text CHECK (coop_kind IS NULL OR (legal_form = 'cooperative'
    AND coop_kind IN ('producers', 'consumers', 'workers', 'worker_shareholder', 'solidarity'))),
  -- Social economy (Loi sur l'économie sociale, s. 3): the criteria stated, who attested them and when.
  ees_criteria text[] NOT NULL DEFAULT '{}',
  ees_attestation text NOT NULL DEFAULT 'none' CHECK (ees_attestation IN ('none', 'declared', 'verified')),
  ees_attested_by text NOT NULL DEFAULT '',
  ees_attested_at timestamptz,
  ees boolean NOT NULL DEFAULT false, -- computed by the application from the above, for filters
  no_ristourne boolean NOT NULL DEFAULT false CHECK (NOT no_ristourne OR legal_form = 'cooperative'),
  adapted boolean NOT NULL DEFAULT false,
  -- Establishment in Québec; MRC and region are derived from the MAMH municipality by the application.
  quebec_establishment boolean NOT NULL DEFAULT false,
  street text NOT NULL DEFAULT '',
  municipality_code text REFERENCES municipalities (code),
  postal_code text NOT NULL DEFAULT '',
  mrc_code text REFERENCES mrcs (code),
  region_code char(2) REFERENCES regions (code),
  regions_served text[] NOT NULL DEFAULT '{}',
  unspsc text[] NOT NULL DEFAULT '{}',
  products_services text NOT NULL DEFAULT '',
  contacts jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(contacts) = 'array'),
  website text NOT NULL DEFAULT '',
  portfolio text NOT NULL DEFAULT '',
  status text NOT NULL DEFAULT 'approved'
    CHECK (status IN ('invited', 'applied', 'under_review', 'approved', 'rejected', 'withdrawn', 'suspended')),
  status_reason text NOT NULL DEFAULT '',
  -- Links: the shared catalogue entry it was pulled from (catalogue area), the enterprise profile that
  -- applied (applications). Platform-level ids, so no foreign key from this tenant table.
  catalogue_entry_id uuid,
  enterprise_id uuid,
  -- Folded names and products for search (accent- and case-insensitive), kept by the trigger below so
  -- that every writer, COPY included, keeps it right.
  search_text text NOT NULL DEFAULT '',
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, neq)
);
CREATE INDEX suppliers_status_idx ON suppliers (tenant_id, status, legal_name);
CREATE INDEX suppliers_region_idx ON suppliers (tenant_id, region_code);
CREATE INDEX suppliers_mrc_idx ON suppliers (tenant_id, mrc_code);
CREATE INDEX suppliers_name_idx ON suppliers (tenant_id, legal_name, id);
CREATE INDEX suppliers_catalogue_idx ON suppliers (tenant_id, catalogue_entry_id) WHERE catalogue_entry_id IS NOT NULL;
CREATE INDEX suppliers_enterprise_idx ON suppliers (tenant_id, enterprise_id) WHERE enterprise_id IS NOT NULL;
CREATE INDEX suppliers_unspsc_idx ON suppliers USING gin (tenant_id, unspsc);
CREATE INDEX suppliers_search_idx ON suppliers USING gin (tenant_id, search_text gin_trgm_ops);

-- +goose StatementBegin
CREATE FUNCTION suppliers_search_text() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_text := f_unaccent(lower(NEW.legal_name || ' ' || array_to_string(NEW.other_names, ' ')
    || ' ' || NEW.neq || ' ' || left(NEW.products_services, 500)));
  RETURN NEW;
END $$;
-- +goose StatementEnd
CREATE TRIGGER suppliers_search_text BEFORE INSERT OR UPDATE ON suppliers
  FOR EACH ROW EXECUTE FUNCTION suppliers_search_text();

ALTER TABLE suppliers ENABLE ROW LEVEL SECURITY;
ALTER TABLE suppliers FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON suppliers
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
GRANT SELECT, INSERT, UPDATE, DELETE ON suppliers TO maillage_app;

-- +goose Down
DROP TABLE suppliers;
DROP FUNCTION suppliers_search_text();
