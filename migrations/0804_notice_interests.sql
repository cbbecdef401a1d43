-- Interest in SEAO notices (issue 16): « Je suis intéressé » / « Pas pour nous » on a call for tenders
-- read from SEAO, not only on a body's own opportunities. A notice is public, platform-level data, but an
-- enterprise's answer is its own: row-level security shows it to that enterprise (app.enterprise_id) and
-- to the body on Maillage that is the notice's buyer (app.tenant_id = the notice's body_id), to nobody else.
-- When the buyer is a body on Maillage, the answer is also a maillage contact in that body's log, written
-- by the interest flow in the same transaction; nobody of the body made that contact, so such an entry
-- (kind 'interest') may have no buyer.
-- +goose Up
CREATE TABLE notice_interests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  notice_id uuid NOT NULL REFERENCES seao_notices (id) ON DELETE CASCADE,
  enterprise_id uuid NOT NULL REFERENCES enterprises (id),
  user_id uuid REFERENCES users (id),
  name text NOT NULL DEFAULT '' CONSTRAINT name_max_300 CHECK (char_length(name) <= 300),
  decision text NOT NULL CONSTRAINT decision_max_100 CHECK (char_length(decision) <= 100)
    CHECK (decision IN ('interested', 'declined')),
  reason text NOT NULL DEFAULT '' CONSTRAINT reason_max_2000 CHECK (char_length(reason) <= 2000),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (notice_id, enterprise_id)
);
CREATE INDEX notice_interests_enterprise_idx ON notice_interests (enterprise_id);
ALTER TABLE notice_interests ENABLE ROW LEVEL SECURITY;
ALTER TABLE notice_interests FORCE ROW LEVEL SECURITY;
CREATE POLICY own_notice_interest ON notice_interests
  USING (enterprise_id = (SELECT nullif(current_setting('app.enterprise_id', true), '')::uuid))
  WITH CHECK (enterprise_id = (SELECT nullif(current_setting('app.enterprise_id', true), '')::uuid));
CREATE POLICY buyer_reads_notice_interest ON notice_interests FOR SELECT USING (EXISTS (
  SELECT 1 FROM seao_notices n
   WHERE n.id = notice_interests.notice_id
     AND n.body_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid)));
GRANT SELECT, INSERT, UPDATE ON notice_interests TO maillage_app;

ALTER TABLE contact_log ALTER COLUMN buyer_id DROP NOT NULL;
ALTER TABLE contact_log ADD CONSTRAINT contact_log_buyer_check CHECK (buyer_id IS NOT NULL OR kind = 'interest');

-- +goose Down
DELETE FROM contact_log WHERE buyer_id IS NULL;
ALTER TABLE contact_log DROP CONSTRAINT contact_log_buyer_check;
ALTER TABLE contact_log ALTER COLUMN buyer_id SET NOT NULL;
DROP TABLE notice_interests;
