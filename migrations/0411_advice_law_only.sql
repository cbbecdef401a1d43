-- Saved advice, 2026: an answer may rest on the law alone (no policy version in force on the date), and the
-- compared expense includes renewal options and net taxes. planned_on keeps its name but holds the decisive
-- date: the launch of the process (publication of the call, start of the gré-à-gré process). "Mes avis" lists
-- a person's answers.
-- +goose Up
ALTER TABLE purchase_advice ALTER COLUMN policy_version_id DROP NOT NULL;
ALTER TABLE purchase_advice ADD COLUMN award_on date CONSTRAINT award_on_plausible CHECK (award_on BETWEEN DATE '1900-01-01' AND DATE '2199-12-31')
  CONSTRAINT award_on_after_launch CHECK (award_on >= planned_on);
ALTER TABLE purchase_advice ADD COLUMN options_cents bigint NOT NULL DEFAULT 0 CHECK (options_cents BETWEEN 0 AND 100000000000);
ALTER TABLE purchase_advice ADD COLUMN expense_cents bigint CHECK (expense_cents >= 0);
ALTER TABLE purchase_advice ADD COLUMN law_only boolean NOT NULL DEFAULT false;
CREATE INDEX purchase_advice_author_idx ON purchase_advice (tenant_id, created_by, created_at DESC);
-- +goose Down
DROP INDEX purchase_advice_author_idx;
ALTER TABLE purchase_advice DROP COLUMN law_only;
ALTER TABLE purchase_advice DROP COLUMN expense_cents;
ALTER TABLE purchase_advice DROP COLUMN options_cents;
ALTER TABLE purchase_advice DROP COLUMN award_on;
DELETE FROM purchase_advice WHERE policy_version_id IS NULL;
ALTER TABLE purchase_advice ALTER COLUMN policy_version_id SET NOT NULL;
