-- The sign-up's default policy (resolution "Politique par défaut (à remplacer)", rules.PlaceholderResolution)
-- counts as "RGC not entered": answers are the law's alone and reference no version, and the body's own by-law
-- replaces (deletes) the placeholder. Answers saved under a placeholder before this release stop referencing it,
-- so it can be replaced; their saved text is unchanged.
-- +goose Up
ALTER TABLE purchase_advice NO FORCE ROW LEVEL SECURITY;
ALTER TABLE purchase_advice DISABLE ROW LEVEL SECURITY;
ALTER TABLE policy_versions NO FORCE ROW LEVEL SECURITY;
ALTER TABLE policy_versions DISABLE ROW LEVEL SECURITY;
UPDATE purchase_advice pa SET policy_version_id = NULL
  FROM policy_versions pv
  WHERE pv.tenant_id = pa.tenant_id AND pv.id = pa.policy_version_id AND pv.resolution_number = 'Politique par défaut (à remplacer)';
ALTER TABLE policy_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE policy_versions FORCE ROW LEVEL SECURITY;
ALTER TABLE purchase_advice ENABLE ROW LEVEL SECURITY;
ALTER TABLE purchase_advice FORCE ROW LEVEL SECURITY;
-- +goose Down
SELECT 1;
