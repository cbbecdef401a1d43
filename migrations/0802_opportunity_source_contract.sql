-- A planned purchase proposed from a contract's end date names that contract (same tenant).
-- +goose Up
ALTER TABLE opportunities ADD FOREIGN KEY (tenant_id, source_contract_id) REFERENCES contracts (tenant_id, id);

-- +goose Down
ALTER TABLE opportunities DROP CONSTRAINT opportunities_tenant_id_source_contract_id_fkey;
