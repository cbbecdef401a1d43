-- Opportunities (issue 16): what bodies want to buy, brought to the enterprises that can sell it.
--   * seao_buyers, seao_notices: SEAO's calls for tenders (open data, platform level, public).
--   * opportunities and their invitations, questions, addenda, interests: a body's own (tenant-owned, RLS).
--   * subscriptions, alert_matches, opportunity_forwards: enterprises' alerts and pôles' forwards (platform,
--     per user: the stores always filter by the user).
-- Visibility is enforced here, like tenancy: besides tenant_isolation, SELECT-only policies show a body's
-- opportunity to everyone when public, to its approved suppliers (through their approved application)
-- when for the register, and to the invited enterprises (their account, app.enterprise_id, or the hash of
-- their invitation link, app.invite_token) — never a draft.
-- +goose Up

-- SEAO's buying bodies: what its files say of each (name, address), the region derived, and the body on
-- Maillage it is when known (declared by the body, else matched by name). Public data.
CREATE TABLE seao_buyers (
  buyer_id text PRIMARY KEY CHECK (buyer_id ~ '^[A-Z]{2}-[0-9]{1,12}$'),
  name text NOT NULL DEFAULT '',
  street text NOT NULL DEFAULT '',
  locality text NOT NULL DEFAULT '',
  postal_code text NOT NULL DEFAULT '',
  municipal boolean NOT NULL DEFAULT false,
  municipality_code text REFERENCES municipalities (code),
  region_code char(2) REFERENCES regions (code),
  body_id uuid REFERENCES tenants (id), -- a platform reference to the public body record, not tenant data
  mapped_by text NOT NULL DEFAULT '' CHECK (mapped_by IN ('', 'declared', 'name')),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX seao_buyers_body_idx ON seao_buyers (body_id) WHERE body_id IS NOT NULL;
GRANT SELECT, INSERT, UPDATE ON seao_buyers TO maillage_app;

-- Two public facts live in tenant tables: the SEAO ids a body declared (SEAO prints them on every notice)
-- and whether it made its progress page public. Two narrow SECURITY DEFINER functions return just those
-- (owned by maillage_aggregates, search_path pinned, EXECUTE for the app role only), so tenant tables
-- keep showing no rows without a tenant. Inventory: README "How tenancy is enforced".
GRANT SELECT ON tenant_seao_buyers, declaration_settings TO maillage_aggregates;
CREATE FUNCTION seao_buyer_bodies() RETURNS TABLE (buyer_id text, tenant_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$ SELECT DISTINCT ON (buyer_id) buyer_id, tenant_id FROM tenant_seao_buyers ORDER BY buyer_id, created_at $$;
ALTER FUNCTION seao_buyer_bodies() OWNER TO maillage_aggregates;
REVOKE ALL ON FUNCTION seao_buyer_bodies() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION seao_buyer_bodies() TO maillage_app;
CREATE FUNCTION public_progress_bodies() RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$ SELECT tenant_id FROM declaration_settings WHERE public_progress $$;
ALTER FUNCTION public_progress_bodies() OWNER TO maillage_aggregates;
REVOKE ALL ON FUNCTION public_progress_bodies() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public_progress_bodies() TO maillage_app;

-- An enterprise's interest in an opportunity is a maillage contact too (the flow writes it to the log).
ALTER TABLE contact_log DROP CONSTRAINT contact_log_kind_check;
ALTER TABLE contact_log ADD CONSTRAINT contact_log_kind_check CHECK (kind IN ('meeting', 'event', 'visit', 'call', 'interest'));

-- Calls for tenders read from SEAO's tender releases; one row per ocid, the newest release wins.
CREATE TABLE seao_notices (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  ocid text NOT NULL UNIQUE,
  seao_number text NOT NULL DEFAULT '',
  release_id text NOT NULL,
  release_date timestamptz,
  action text NOT NULL CHECK (action IN ('published', 'updated', 'amended', 'cancelled')),
  status text NOT NULL DEFAULT '',
  buyer_id text NOT NULL DEFAULT '',
  buyer_name text NOT NULL DEFAULT '',
  municipal boolean NOT NULL DEFAULT false,
  title text NOT NULL,
  description text NOT NULL DEFAULT '',
  method text NOT NULL DEFAULT '',
  method_details text NOT NULL DEFAULT '',
  main_category text NOT NULL DEFAULT '',
  categories text[] NOT NULL DEFAULT '{}',
  unspsc text[] NOT NULL DEFAULT '{}',
  unspsc_titles text[] NOT NULL DEFAULT '{}', -- SEAO's French title of each code, same order
  tender_start timestamptz,
  tender_end timestamptz,
  url text NOT NULL DEFAULT '' CHECK (url = '' OR url LIKE 'https://%'),
  region_code char(2) REFERENCES regions (code),
  body_id uuid REFERENCES tenants (id),
  first_seen timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX seao_notices_end_idx ON seao_notices (tender_end);
CREATE INDEX seao_notices_unspsc_idx ON seao_notices USING gin (unspsc);
CREATE INDEX seao_notices_body_idx ON seao_notices (body_id) WHERE body_id IS NOT NULL;
GRANT SELECT, INSERT, UPDATE ON seao_notices TO maillage_app;

-- A body's opportunities.
CREATE TABLE opportunities (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('quote_request', 'invitation', 'upcoming', 'notice')),
  title text NOT NULL CHECK (length(btrim(title)) BETWEEN 3 AND 300),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 20000),
  unspsc text[] NOT NULL DEFAULT '{}',
  regions char(2)[] NOT NULL DEFAULT '{}',
  closes_at timestamptz,
  questions_until timestamptz,
  expected_on date, -- a planned purchase: when the body expects to buy
  estimated_cents bigint CHECK (estimated_cents IS NULL OR estimated_cents >= 0),
  contact_name text NOT NULL DEFAULT '',
  contact_email text NOT NULL DEFAULT '',
  contact_phone text NOT NULL DEFAULT '',
  seao_url text NOT NULL DEFAULT '' CHECK (seao_url = '' OR seao_url LIKE 'https://%'),
  visibility text NOT NULL CHECK (visibility IN ('invited', 'register', 'public')),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('draft', 'open', 'closed', 'awarded', 'cancelled')),
  advice_id uuid,
  contract_id uuid,
  source_contract_id uuid, -- a planned purchase proposed from this contract's end date
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, contract_id) REFERENCES contracts (tenant_id, id),
  CHECK (kind <> 'notice' OR seao_url <> '')
);
CREATE INDEX opportunities_id_idx ON opportunities (id); -- /api/v1/opportunities/{id} (gen_random_uuid: unique in practice)
CREATE INDEX opportunities_list_idx ON opportunities (tenant_id, status, closes_at);
CREATE INDEX opportunities_public_idx ON opportunities (closes_at) WHERE visibility = 'public' AND status = 'open';

CREATE TABLE opportunity_invitations (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  opportunity_id uuid NOT NULL,
  enterprise_id uuid REFERENCES enterprises (id),
  supplier_id uuid,
  catalogue_entry_id uuid REFERENCES catalogue_entries (id),
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 300),
  email citext CHECK (email IS NULL OR email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  token_hash text NOT NULL CHECK (token_hash ~ '^[0-9a-f]{64}$'), -- SHA-256 of the link's token
  created_at timestamptz NOT NULL DEFAULT now(),
  opened_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, token_hash),
  FOREIGN KEY (tenant_id, opportunity_id) REFERENCES opportunities (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id)
);
CREATE INDEX opportunity_invitations_opp_idx ON opportunity_invitations (tenant_id, opportunity_id);
CREATE INDEX opportunity_invitations_enterprise_idx ON opportunity_invitations (enterprise_id) WHERE enterprise_id IS NOT NULL;
CREATE INDEX opportunity_invitations_token_idx ON opportunity_invitations (token_hash);

CREATE TABLE opportunity_questions (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  opportunity_id uuid NOT NULL,
  question text NOT NULL CHECK (length(btrim(question)) BETWEEN 3 AND 4000),
  answer text NOT NULL DEFAULT '' CHECK (length(answer) <= 8000),
  asked_by uuid REFERENCES users (id),
  asker_enterprise_id uuid REFERENCES enterprises (id),
  asker_invitation_id uuid,
  asked_at timestamptz NOT NULL DEFAULT now(),
  answered_by uuid REFERENCES users (id),
  answered_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, opportunity_id) REFERENCES opportunities (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX opportunity_questions_opp_idx ON opportunity_questions (tenant_id, opportunity_id, asked_at);

CREATE TABLE opportunity_addenda (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  opportunity_id uuid NOT NULL,
  body text NOT NULL CHECK (length(btrim(body)) BETWEEN 3 AND 8000),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, opportunity_id) REFERENCES opportunities (tenant_id, id) ON DELETE CASCADE
);

-- "Je suis intéressé" / "pas pour nous", by an enterprise (its account) or an invitee (its link).
CREATE TABLE opportunity_interests (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  opportunity_id uuid NOT NULL,
  enterprise_id uuid REFERENCES enterprises (id),
  invitation_id uuid,
  user_id uuid REFERENCES users (id),
  name text NOT NULL DEFAULT '', -- the enterprise's name when it said so
  decision text NOT NULL CHECK (decision IN ('interested', 'declined')),
  reason text NOT NULL DEFAULT '' CHECK (length(reason) <= 2000),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, opportunity_id) REFERENCES opportunities (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, invitation_id) REFERENCES opportunity_invitations (tenant_id, id),
  CHECK (enterprise_id IS NOT NULL OR invitation_id IS NOT NULL)
);
CREATE UNIQUE INDEX opportunity_interests_enterprise_key ON opportunity_interests (tenant_id, opportunity_id, enterprise_id)
  WHERE enterprise_id IS NOT NULL;
CREATE UNIQUE INDEX opportunity_interests_invitation_key ON opportunity_interests (tenant_id, opportunity_id, invitation_id)
  WHERE enterprise_id IS NULL;

-- Row-level security: tenant isolation on every table, then the visibility policies (SELECT only).
-- +goose StatementBegin
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['opportunities', 'opportunity_invitations', 'opportunity_questions',
    'opportunity_addenda', 'opportunity_interests'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY tenant_isolation ON %I
      USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
      WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))$p$, t);
  END LOOP;
END $$;
-- +goose StatementEnd

-- An invitee sees its own invitation: by its account, or by the link it holds.
CREATE POLICY invitee_reads_invitation ON opportunity_invitations FOR SELECT USING (
  enterprise_id = (SELECT nullif(current_setting('app.enterprise_id', true), '')::uuid)
  OR token_hash = (SELECT nullif(current_setting('app.invite_token', true), '')));

CREATE POLICY public_opportunity ON opportunities FOR SELECT USING (visibility = 'public' AND status <> 'draft');
-- The body's approved suppliers: the enterprise's approved application is visible to it (own_applications).
CREATE POLICY register_opportunity ON opportunities FOR SELECT USING (
  visibility = 'register' AND status <> 'draft' AND EXISTS (
    SELECT 1 FROM applications a
     WHERE a.tenant_id = opportunities.tenant_id AND a.state = 'approved'
       AND a.enterprise_id = (SELECT nullif(current_setting('app.enterprise_id', true), '')::uuid)));
-- Invited enterprises, whatever the visibility: the invitation row is visible to them (policy above).
CREATE POLICY invited_opportunity ON opportunities FOR SELECT USING (
  status <> 'draft' AND EXISTS (
    SELECT 1 FROM opportunity_invitations i
     WHERE i.tenant_id = opportunities.tenant_id AND i.opportunity_id = opportunities.id));

-- Whoever sees the opportunity sees its addenda and its answered questions; askers see their own.
CREATE POLICY visible_addenda ON opportunity_addenda FOR SELECT USING (EXISTS (
  SELECT 1 FROM opportunities o WHERE o.tenant_id = opportunity_addenda.tenant_id AND o.id = opportunity_addenda.opportunity_id));
CREATE POLICY visible_questions ON opportunity_questions FOR SELECT USING (
  (answer <> '' OR asker_enterprise_id = (SELECT nullif(current_setting('app.enterprise_id', true), '')::uuid))
  AND EXISTS (SELECT 1 FROM opportunities o
               WHERE o.tenant_id = opportunity_questions.tenant_id AND o.id = opportunity_questions.opportunity_id));
CREATE POLICY own_interest ON opportunity_interests FOR SELECT USING (
  enterprise_id = (SELECT nullif(current_setting('app.enterprise_id', true), '')::uuid));

GRANT SELECT, INSERT, UPDATE, DELETE ON opportunities, opportunity_invitations, opportunity_questions,
  opportunity_addenda, opportunity_interests TO maillage_app;

-- Enterprises' alerts (per user; an enterprise user's alerts also name the enterprise).
CREATE TABLE subscriptions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  enterprise_id uuid REFERENCES enterprises (id),
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 120),
  unspsc text[] NOT NULL DEFAULT '{}',
  regions char(2)[] NOT NULL DEFAULT '{}',
  keywords text[] NOT NULL DEFAULT '{}',
  frequency text NOT NULL DEFAULT 'daily' CHECK (frequency IN ('daily', 'weekly', 'never')),
  active boolean NOT NULL DEFAULT true,
  last_digest_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (cardinality(unspsc) + cardinality(keywords) > 0)
);
CREATE INDEX subscriptions_user_idx ON subscriptions (user_id);
GRANT SELECT, INSERT, UPDATE, DELETE ON subscriptions TO maillage_app;

-- What each alert matched, with the reasons; digested_at once it went out in a digest. Items are SEAO
-- notices and public opportunities (item_tenant_id names the body of an opportunity, NULL for a notice).
CREATE TABLE alert_matches (
  subscription_id uuid NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
  item_id uuid NOT NULL,
  item_kind text NOT NULL CHECK (item_kind IN ('notice', 'opportunity')),
  score integer NOT NULL,
  reasons jsonb NOT NULL DEFAULT '[]',
  matched_at timestamptz NOT NULL DEFAULT now(),
  digested_at timestamptz,
  PRIMARY KEY (subscription_id, item_id)
);
CREATE INDEX alert_matches_pending_idx ON alert_matches (subscription_id) WHERE digested_at IS NULL;
CREATE INDEX alert_matches_item_idx ON alert_matches (item_id);
GRANT SELECT, INSERT, UPDATE, DELETE ON alert_matches TO maillage_app;

-- The catalogue entries best matching each item (the first 20), for the buyers' and pôles' views.
CREATE TABLE item_entry_matches (
  item_id uuid NOT NULL,
  catalogue_entry_id uuid NOT NULL REFERENCES catalogue_entries (id) ON DELETE CASCADE,
  score integer NOT NULL,
  reasons jsonb NOT NULL DEFAULT '[]',
  PRIMARY KEY (item_id, catalogue_entry_id)
);
CREATE INDEX item_entry_matches_entry_idx ON item_entry_matches (catalogue_entry_id);
GRANT SELECT, INSERT, DELETE ON item_entry_matches TO maillage_app;

-- A pôle (catalogue steward) forwards an item to its members with a note; opened when a member follows it.
CREATE TABLE opportunity_forwards (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  steward_id uuid NOT NULL REFERENCES users (id),
  item_id uuid NOT NULL,
  item_kind text NOT NULL CHECK (item_kind IN ('notice', 'opportunity')),
  catalogue_entry_id uuid NOT NULL REFERENCES catalogue_entries (id),
  email citext NOT NULL,
  note text NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
  token_hash text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  sent_at timestamptz NOT NULL DEFAULT now(),
  opened_at timestamptz,
  UNIQUE (steward_id, item_id, catalogue_entry_id)
);
CREATE INDEX opportunity_forwards_steward_idx ON opportunity_forwards (steward_id, sent_at DESC);
GRANT SELECT, INSERT, UPDATE ON opportunity_forwards TO maillage_app;

-- +goose Down
DROP TABLE opportunity_forwards, item_entry_matches, alert_matches, subscriptions;
DROP TABLE opportunity_interests, opportunity_addenda, opportunity_questions, opportunity_invitations, opportunities;
DROP TABLE seao_notices, seao_buyers;
DROP FUNCTION public_progress_bodies(), seao_buyer_bodies();
REVOKE SELECT ON tenant_seao_buyers, declaration_settings FROM maillage_aggregates;
DELETE FROM contact_log WHERE kind = 'interest';
ALTER TABLE contact_log DROP CONSTRAINT contact_log_kind_check;
ALTER TABLE contact_log ADD CONSTRAINT contact_log_kind_check CHECK (kind IN ('meeting', 'event', 'visit', 'call'));
