-- The register lists names in reading order: by the folded name (accents and case removed, so that "École"
-- sorts with the E's), which the byte order of the database's default collation would not give.

-- +goose Up
CREATE INDEX suppliers_folded_name_idx ON suppliers (tenant_id, search_name, id);

-- +goose Down
DROP INDEX suppliers_folded_name_idx;
