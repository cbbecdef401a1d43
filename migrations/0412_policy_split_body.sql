-- Policy versions: the window of the splitting check (months; 0 = the default of 12) and, for a body under
-- the LCOP, its kind (ministry, education, health), which decides its public-call thresholds.
-- +goose Up
ALTER TABLE policy_versions ADD COLUMN split_window_months int NOT NULL DEFAULT 0 CHECK (split_window_months BETWEEN 0 AND 60);
ALTER TABLE policy_versions ADD COLUMN body text NOT NULL DEFAULT '' CONSTRAINT body_max_100 CHECK (char_length(body) <= 100)
  CONSTRAINT body_kind CHECK (body IN ('', 'ministry', 'education', 'health'));
-- +goose Down
ALTER TABLE policy_versions DROP COLUMN body;
ALTER TABLE policy_versions DROP COLUMN split_window_months;
