-- Contracts point into the register now that the suppliers table exists (0200). Deleting a supplier keeps
-- its contracts (the snapshot columns still name it) and only clears the link.
-- +goose Up
ALTER TABLE contracts ADD CONSTRAINT contracts_supplier_fkey
  FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id) ON DELETE SET NULL (supplier_id);
-- +goose Down
ALTER TABLE contracts DROP CONSTRAINT contracts_supplier_fkey;
