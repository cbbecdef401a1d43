-- Documents that were superseded can be withdrawn (kept for the record, no longer shown to bodies nor counted
-- in a supplier's document state), or replaced by a newer one; an answer in an application's conversation
-- can carry one of the enterprise's documents.

-- +goose Up
ALTER TABLE enterprise_documents
  ADD COLUMN withdrawn_at timestamptz,
  ADD COLUMN replaced_by uuid REFERENCES enterprise_documents (id);
GRANT UPDATE (withdrawn_at, replaced_by) ON enterprise_documents TO maillage_app;

ALTER TABLE supplier_documents
  ADD COLUMN withdrawn_at timestamptz,
  ADD COLUMN replaced_by uuid;

ALTER TABLE application_messages
  ADD COLUMN document_id uuid REFERENCES enterprise_documents (id);

-- +goose Down
ALTER TABLE application_messages DROP COLUMN document_id;
ALTER TABLE supplier_documents DROP COLUMN replaced_by, DROP COLUMN withdrawn_at;
REVOKE UPDATE (withdrawn_at, replaced_by) ON enterprise_documents FROM maillage_app;
ALTER TABLE enterprise_documents DROP COLUMN replaced_by, DROP COLUMN withdrawn_at;
