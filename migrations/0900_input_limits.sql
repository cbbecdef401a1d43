-- Length limits on every text column, and plausible dates on every date column (issue 14).
-- The application refuses these values first (app/input: control characters and the longest value of a
-- request, input.MaxValue; domain validation per field); the database agrees, so that no route, import or
-- command, present or future, can store a 1 MB name. Constraints are named <column>_max_<N> and
-- <column>_plausible: app/database/errors.go turns a violation into a field error on <column>.
-- Limits: codes 100, names 300, addresses 2048, notes 5000, long texts 50,000 (app/input's constants).
-- NOT VALID: rows written before this migration are not re-checked (an upgrade never fails on old data);
-- every insert and update is. tenants/schema_test.go fails when a text column has no such constraint.
-- +goose Up
ALTER TABLE api_tokens
  ADD CONSTRAINT name_max_300 CHECK (char_length(name) <= 300) NOT VALID,
  ADD CONSTRAINT token_hash_max_100 CHECK (char_length(token_hash) <= 100) NOT VALID;
ALTER TABLE application_messages
  ADD CONSTRAINT action_max_100 CHECK (char_length(action) <= 100) NOT VALID,
  ADD CONSTRAINT author_role_max_100 CHECK (char_length(author_role) <= 100) NOT VALID,
  ADD CONSTRAINT author_max_300 CHECK (char_length(author) <= 300) NOT VALID,
  ADD CONSTRAINT body_max_5000 CHECK (char_length(body) <= 5000) NOT VALID,
  ADD CONSTRAINT from_state_max_100 CHECK (char_length(from_state) <= 100) NOT VALID,
  ADD CONSTRAINT to_state_max_100 CHECK (char_length(to_state) <= 100) NOT VALID;
ALTER TABLE applications
  ADD CONSTRAINT invite_email_max_300 CHECK (char_length(invite_email) <= 300) NOT VALID,
  ADD CONSTRAINT state_max_100 CHECK (char_length(state) <= 100) NOT VALID;
ALTER TABLE audit_log
  ADD CONSTRAINT actor_max_300 CHECK (char_length(actor) <= 300) NOT VALID,
  ADD CONSTRAINT action_max_100 CHECK (char_length(action) <= 100) NOT VALID,
  ADD CONSTRAINT object_type_max_100 CHECK (char_length(object_type) <= 100) NOT VALID,
  ADD CONSTRAINT object_id_max_300 CHECK (char_length(object_id) <= 300) NOT VALID,
  ADD CONSTRAINT request_id_max_100 CHECK (char_length(request_id) <= 100) NOT VALID;
ALTER TABLE auth_failures
  ADD CONSTRAINT endpoint_max_100 CHECK (char_length(endpoint) <= 100) NOT VALID,
  ADD CONSTRAINT reason_max_300 CHECK (char_length(reason) <= 300) NOT VALID,
  ADD CONSTRAINT issuer_key_max_100 CHECK (char_length(issuer_key) <= 100) NOT VALID,
  ADD CONSTRAINT tenant_slug_max_300 CHECK (char_length(tenant_slug) <= 300) NOT VALID,
  ADD CONSTRAINT ip_max_100 CHECK (char_length(ip) <= 100) NOT VALID,
  ADD CONSTRAINT user_agent_max_2048 CHECK (char_length(user_agent) <= 2048) NOT VALID;
ALTER TABLE catalogue_claims
  ADD CONSTRAINT neq_max_100 CHECK (char_length(neq) <= 100) NOT VALID,
  ADD CONSTRAINT message_max_5000 CHECK (char_length(message) <= 5000) NOT VALID,
  ADD CONSTRAINT status_max_100 CHECK (char_length(status) <= 100) NOT VALID,
  ADD CONSTRAINT reason_max_5000 CHECK (char_length(reason) <= 5000) NOT VALID;
ALTER TABLE catalogue_entries
  ADD CONSTRAINT neq_max_100 CHECK (char_length(neq) <= 100) NOT VALID,
  ADD CONSTRAINT name_max_300 CHECK (char_length(name) <= 300) NOT VALID,
  ADD CONSTRAINT name_key_max_100 CHECK (char_length(name_key) <= 100) NOT VALID,
  ADD CONSTRAINT other_names_max_5000 CHECK (cardinality(other_names) <= 1000 AND char_length(array_to_string(other_names, ' ')) <= 5000) NOT VALID,
  ADD CONSTRAINT legal_form_max_100 CHECK (char_length(legal_form) <= 100) NOT VALID,
  ADD CONSTRAINT ees_trust_max_100 CHECK (char_length(ees_trust) <= 100) NOT VALID,
  ADD CONSTRAINT ees_verified_by_max_300 CHECK (char_length(ees_verified_by) <= 300) NOT VALID,
  ADD CONSTRAINT street_max_300 CHECK (char_length(street) <= 300) NOT VALID,
  ADD CONSTRAINT municipality_code_max_100 CHECK (char_length(municipality_code) <= 100) NOT VALID,
  ADD CONSTRAINT mrc_code_max_100 CHECK (char_length(mrc_code) <= 100) NOT VALID,
  ADD CONSTRAINT postal_code_max_100 CHECK (char_length(postal_code) <= 100) NOT VALID,
  ADD CONSTRAINT sectors_max_5000 CHECK (cardinality(sectors) <= 1000 AND char_length(array_to_string(sectors, ' ')) <= 5000) NOT VALID,
  ADD CONSTRAINT unspsc_max_50000 CHECK (cardinality(unspsc) <= 1000 AND char_length(array_to_string(unspsc, ' ')) <= 50000) NOT VALID,
  ADD CONSTRAINT unspsc_segments_max_5000 CHECK (cardinality(unspsc_segments) <= 1000 AND char_length(array_to_string(unspsc_segments, ' ')) <= 5000) NOT VALID,
  ADD CONSTRAINT products_max_50000 CHECK (cardinality(products) <= 1000 AND char_length(array_to_string(products, ' ')) <= 50000) NOT VALID,
  ADD CONSTRAINT description_max_50000 CHECK (char_length(description) <= 50000) NOT VALID,
  ADD CONSTRAINT website_max_2048 CHECK (char_length(website) <= 2048) NOT VALID,
  ADD CONSTRAINT email_max_300 CHECK (char_length(email) <= 300) NOT VALID,
  ADD CONSTRAINT phone_max_100 CHECK (char_length(phone) <= 100) NOT VALID,
  ADD CONSTRAINT source_kind_max_100 CHECK (char_length(source_kind) <= 100) NOT VALID,
  ADD CONSTRAINT source_name_max_300 CHECK (char_length(source_name) <= 300) NOT VALID,
  ADD CONSTRAINT source_ref_max_300 CHECK (char_length(source_ref) <= 300) NOT VALID,
  ADD CONSTRAINT status_max_100 CHECK (char_length(status) <= 100) NOT VALID,
  ADD CONSTRAINT search_names_max_20000 CHECK (char_length(search_names) <= 20000) NOT VALID;
ALTER TABLE catalogue_history
  ADD CONSTRAINT actor_max_300 CHECK (char_length(actor) <= 300) NOT VALID,
  ADD CONSTRAINT action_max_100 CHECK (char_length(action) <= 100) NOT VALID;
ALTER TABLE catalogue_imports
  ADD CONSTRAINT source_name_max_300 CHECK (char_length(source_name) <= 300) NOT VALID,
  ADD CONSTRAINT file_name_max_300 CHECK (char_length(file_name) <= 300) NOT VALID,
  ADD CONSTRAINT file_sha256_max_100 CHECK (char_length(file_sha256) <= 100) NOT VALID,
  ADD CONSTRAINT status_max_100 CHECK (char_length(status) <= 100) NOT VALID,
  ADD CONSTRAINT default_form_max_100 CHECK (char_length(default_form) <= 100) NOT VALID,
  ADD CONSTRAINT file_encoding_max_100 CHECK (char_length(file_encoding) <= 100) NOT VALID;
ALTER TABLE catalogue_proposals
  ADD CONSTRAINT status_max_100 CHECK (char_length(status) <= 100) NOT VALID,
  ADD CONSTRAINT reason_max_5000 CHECK (char_length(reason) <= 5000) NOT VALID;
ALTER TABLE catalogue_sectors
  ADD CONSTRAINT code_max_100 CHECK (char_length(code) <= 100) NOT VALID,
  ADD CONSTRAINT name_fr_max_300 CHECK (char_length(name_fr) <= 300) NOT VALID,
  ADD CONSTRAINT name_en_max_300 CHECK (char_length(name_en) <= 300) NOT VALID;
ALTER TABLE contact_log
  ADD CONSTRAINT kind_max_100 CHECK (char_length(kind) <= 100) NOT VALID,
  ADD CONSTRAINT supplier_id_max_100 CHECK (char_length(supplier_id) <= 100) NOT VALID,
  ADD CONSTRAINT enterprise_name_max_300 CHECK (char_length(enterprise_name) <= 300) NOT VALID,
  ADD CONSTRAINT outcome_max_5000 CHECK (char_length(outcome) <= 5000) NOT VALID;
ALTER TABLE contract_amendments
  ADD CONSTRAINT reason_max_5000 CHECK (char_length(reason) <= 5000) NOT VALID;
ALTER TABLE contracts
  ADD CONSTRAINT supplier_name_max_300 CHECK (char_length(supplier_name) <= 300) NOT VALID,
  ADD CONSTRAINT supplier_neq_max_100 CHECK (char_length(supplier_neq) <= 100) NOT VALID,
  ADD CONSTRAINT supplier_legal_form_max_100 CHECK (char_length(supplier_legal_form) <= 100) NOT VALID,
  ADD CONSTRAINT object_max_5000 CHECK (char_length(object) <= 5000) NOT VALID,
  ADD CONSTRAINT category_max_100 CHECK (char_length(category) <= 100) NOT VALID,
  ADD CONSTRAINT nature_max_100 CHECK (char_length(nature) <= 100) NOT VALID,
  ADD CONSTRAINT procedure_max_100 CHECK (char_length(procedure) <= 100) NOT VALID,
  ADD CONSTRAINT status_max_100 CHECK (char_length(status) <= 100) NOT VALID,
  ADD CONSTRAINT seao_number_max_100 CHECK (char_length(seao_number) <= 100) NOT VALID,
  ADD CONSTRAINT seao_ocid_max_100 CHECK (char_length(seao_ocid) <= 100) NOT VALID,
  ADD CONSTRAINT seao_award_id_max_100 CHECK (char_length(seao_award_id) <= 100) NOT VALID,
  ADD CONSTRAINT source_max_100 CHECK (char_length(source) <= 100) NOT VALID;
ALTER TABLE declaration_commitments
  ADD CONSTRAINT key_max_100 CHECK (char_length(key) <= 100) NOT VALID,
  ADD CONSTRAINT text_fr_max_5000 CHECK (char_length(text_fr) <= 5000) NOT VALID,
  ADD CONSTRAINT text_en_max_5000 CHECK (char_length(text_en) <= 5000) NOT VALID,
  ADD CONSTRAINT status_max_100 CHECK (char_length(status) <= 100) NOT VALID,
  ADD CONSTRAINT evidence_max_5000 CHECK (char_length(evidence) <= 5000) NOT VALID;
ALTER TABLE declaration_files
  ADD CONSTRAINT name_max_300 CHECK (char_length(name) <= 300) NOT VALID,
  ADD CONSTRAINT content_type_max_100 CHECK (char_length(content_type) <= 100) NOT VALID,
  ADD CONSTRAINT blob_key_max_300 CHECK (char_length(blob_key) <= 300) NOT VALID;
ALTER TABLE declaration_target_history
  ADD CONSTRAINT key_max_100 CHECK (char_length(key) <= 100) NOT VALID,
  ADD CONSTRAINT kind_max_100 CHECK (char_length(kind) <= 100) NOT VALID;
ALTER TABLE declaration_targets
  ADD CONSTRAINT key_max_100 CHECK (char_length(key) <= 100) NOT VALID,
  ADD CONSTRAINT kind_max_100 CHECK (char_length(kind) <= 100) NOT VALID,
  ADD CONSTRAINT segment_max_100 CHECK (char_length(segment) <= 100) NOT VALID,
  ADD CONSTRAINT territory_level_max_100 CHECK (char_length(territory_level) <= 100) NOT VALID,
  ADD CONSTRAINT territory_code_max_100 CHECK (char_length(territory_code) <= 100) NOT VALID;
ALTER TABLE declarations
  ADD CONSTRAINT status_max_100 CHECK (char_length(status) <= 100) NOT VALID,
  ADD CONSTRAINT resolution_number_max_100 CHECK (char_length(resolution_number) <= 100) NOT VALID,
  ADD CONSTRAINT text_fr_max_50000 CHECK (char_length(text_fr) <= 50000) NOT VALID,
  ADD CONSTRAINT text_en_max_50000 CHECK (char_length(text_en) <= 50000) NOT VALID;
ALTER TABLE document_reminders
  ADD CONSTRAINT document_key_max_100 CHECK (char_length(document_key) <= 100) NOT VALID,
  ADD CONSTRAINT state_max_100 CHECK (char_length(state) <= 100) NOT VALID;
ALTER TABLE enterprise_documents
  ADD CONSTRAINT type_max_100 CHECK (char_length(type) <= 100) NOT VALID,
  ADD CONSTRAINT file_name_max_300 CHECK (char_length(file_name) <= 300) NOT VALID,
  ADD CONSTRAINT media_type_max_100 CHECK (char_length(media_type) <= 100) NOT VALID,
  ADD CONSTRAINT sha256_max_100 CHECK (char_length(sha256) <= 100) NOT VALID,
  ADD CONSTRAINT blob_key_max_300 CHECK (char_length(blob_key) <= 300) NOT VALID;
ALTER TABLE jobs
  ADD CONSTRAINT kind_max_100 CHECK (char_length(kind) <= 100) NOT VALID,
  ADD CONSTRAINT unique_key_max_300 CHECK (char_length(unique_key) <= 300) NOT VALID,
  ADD CONSTRAINT last_error_max_50000 CHECK (char_length(last_error) <= 50000) NOT VALID;
ALTER TABLE legal_values
  ADD CONSTRAINT version_max_100 CHECK (char_length(version) <= 100) NOT VALID,
  ADD CONSTRAINT key_max_100 CHECK (char_length(key) <= 100) NOT VALID,
  ADD CONSTRAINT kind_max_100 CHECK (char_length(kind) <= 100) NOT VALID,
  ADD CONSTRAINT text_value_max_5000 CHECK (char_length(text_value) <= 5000) NOT VALID,
  ADD CONSTRAINT citation_max_5000 CHECK (char_length(citation) <= 5000) NOT VALID,
  ADD CONSTRAINT note_max_5000 CHECK (char_length(note) <= 5000) NOT VALID;
ALTER TABLE login_attempts
  ADD CONSTRAINT state_hash_max_100 CHECK (char_length(state_hash) <= 100) NOT VALID,
  ADD CONSTRAINT binding_hash_max_100 CHECK (char_length(binding_hash) <= 100) NOT VALID,
  ADD CONSTRAINT nonce_max_300 CHECK (char_length(nonce) <= 300) NOT VALID,
  ADD CONSTRAINT verifier_max_300 CHECK (char_length(verifier) <= 300) NOT VALID,
  ADD CONSTRAINT issuer_key_max_100 CHECK (char_length(issuer_key) <= 100) NOT VALID,
  ADD CONSTRAINT tenant_slug_max_300 CHECK (char_length(tenant_slug) <= 300) NOT VALID,
  ADD CONSTRAINT return_to_max_2048 CHECK (char_length(return_to) <= 2048) NOT VALID;
ALTER TABLE mail_outbox
  ADD CONSTRAINT to_address_max_300 CHECK (char_length(to_address) <= 300) NOT VALID,
  ADD CONSTRAINT to_name_max_300 CHECK (char_length(to_name) <= 300) NOT VALID,
  ADD CONSTRAINT lang_max_100 CHECK (char_length(lang) <= 100) NOT VALID,
  ADD CONSTRAINT template_max_100 CHECK (char_length(template) <= 100) NOT VALID,
  ADD CONSTRAINT subject_max_600 CHECK (char_length(subject) <= 600) NOT VALID,
  ADD CONSTRAINT text_body_max_1000000 CHECK (char_length(text_body) <= 1000000) NOT VALID,
  ADD CONSTRAINT html_body_max_1000000 CHECK (char_length(html_body) <= 1000000) NOT VALID,
  ADD CONSTRAINT status_max_100 CHECK (char_length(status) <= 100) NOT VALID;
ALTER TABLE memberships
  ADD CONSTRAINT role_max_100 CHECK (char_length(role) <= 100) NOT VALID,
  ADD CONSTRAINT source_max_100 CHECK (char_length(source) <= 100) NOT VALID;
ALTER TABLE mrcs
  ADD CONSTRAINT code_max_100 CHECK (char_length(code) <= 100) NOT VALID,
  ADD CONSTRAINT name_max_300 CHECK (char_length(name) <= 300) NOT VALID;
ALTER TABLE municipalities
  ADD CONSTRAINT code_max_100 CHECK (char_length(code) <= 100) NOT VALID,
  ADD CONSTRAINT name_max_300 CHECK (char_length(name) <= 300) NOT VALID,
  ADD CONSTRAINT designation_max_300 CHECK (char_length(designation) <= 300) NOT VALID,
  ADD CONSTRAINT mrc_code_max_100 CHECK (char_length(mrc_code) <= 100) NOT VALID,
  ADD CONSTRAINT postal_code_max_100 CHECK (char_length(postal_code) <= 100) NOT VALID,
  ADD CONSTRAINT website_max_2048 CHECK (char_length(website) <= 2048) NOT VALID;
ALTER TABLE platform_audit_log
  ADD CONSTRAINT actor_max_300 CHECK (char_length(actor) <= 300) NOT VALID,
  ADD CONSTRAINT action_max_100 CHECK (char_length(action) <= 100) NOT VALID,
  ADD CONSTRAINT object_type_max_100 CHECK (char_length(object_type) <= 100) NOT VALID,
  ADD CONSTRAINT object_id_max_300 CHECK (char_length(object_id) <= 300) NOT VALID,
  ADD CONSTRAINT request_id_max_100 CHECK (char_length(request_id) <= 100) NOT VALID;
ALTER TABLE platform_roles
  ADD CONSTRAINT role_max_100 CHECK (char_length(role) <= 100) NOT VALID;
ALTER TABLE policy_versions
  ADD CONSTRAINT law_family_max_100 CHECK (char_length(law_family) <= 100) NOT VALID,
  ADD CONSTRAINT resolution_number_max_100 CHECK (char_length(resolution_number) <= 100) NOT VALID,
  ADD CONSTRAINT local_scope_max_100 CHECK (char_length(local_scope) <= 100) NOT VALID,
  ADD CONSTRAINT local_codes_max_5000 CHECK (cardinality(local_codes) <= 1000 AND char_length(array_to_string(local_codes, ' ')) <= 5000) NOT VALID,
  ADD CONSTRAINT local_mechanism_max_100 CHECK (char_length(local_mechanism) <= 100) NOT VALID;
ALTER TABLE purchase_advice
  ADD CONSTRAINT object_max_5000 CHECK (char_length(object) <= 5000) NOT VALID,
  ADD CONSTRAINT category_max_100 CHECK (char_length(category) <= 100) NOT VALID,
  ADD CONSTRAINT nature_max_100 CHECK (char_length(nature) <= 100) NOT VALID,
  ADD CONSTRAINT procedure_max_100 CHECK (char_length(procedure) <= 100) NOT VALID;
ALTER TABLE regions
  ADD CONSTRAINT name_max_300 CHECK (char_length(name) <= 300) NOT VALID;
ALTER TABLE register_settings
  ADD CONSTRAINT pull_status_max_100 CHECK (char_length(pull_status) <= 100) NOT VALID;
ALTER TABLE sessions
  ADD CONSTRAINT id_hash_max_100 CHECK (char_length(id_hash) <= 100) NOT VALID,
  ADD CONSTRAINT issuer_max_2048 CHECK (char_length(issuer) <= 2048) NOT VALID,
  ADD CONSTRAINT user_agent_max_2048 CHECK (char_length(user_agent) <= 2048) NOT VALID,
  ADD CONSTRAINT ip_max_100 CHECK (char_length(ip) <= 100) NOT VALID;
ALTER TABLE supplier_document_types
  ADD CONSTRAINT code_max_100 CHECK (char_length(code) <= 100) NOT VALID,
  ADD CONSTRAINT label_max_300 CHECK (char_length(label) <= 300) NOT VALID;
ALTER TABLE supplier_documents
  ADD CONSTRAINT type_max_100 CHECK (char_length(type) <= 100) NOT VALID,
  ADD CONSTRAINT rena_result_max_5000 CHECK (char_length(rena_result) <= 5000) NOT VALID,
  ADD CONSTRAINT file_name_max_300 CHECK (char_length(file_name) <= 300) NOT VALID,
  ADD CONSTRAINT media_type_max_100 CHECK (char_length(media_type) <= 100) NOT VALID,
  ADD CONSTRAINT sha256_max_100 CHECK (char_length(sha256) <= 100) NOT VALID,
  ADD CONSTRAINT blob_key_max_300 CHECK (char_length(blob_key) <= 300) NOT VALID,
  ADD CONSTRAINT uploaded_by_max_300 CHECK (char_length(uploaded_by) <= 300) NOT VALID;
ALTER TABLE supplier_status_history
  ADD CONSTRAINT from_status_max_100 CHECK (char_length(from_status) <= 100) NOT VALID,
  ADD CONSTRAINT to_status_max_100 CHECK (char_length(to_status) <= 100) NOT VALID,
  ADD CONSTRAINT action_max_100 CHECK (char_length(action) <= 100) NOT VALID,
  ADD CONSTRAINT reason_max_5000 CHECK (char_length(reason) <= 5000) NOT VALID,
  ADD CONSTRAINT actor_max_300 CHECK (char_length(actor) <= 300) NOT VALID;
ALTER TABLE suppliers
  ADD CONSTRAINT legal_name_max_300 CHECK (char_length(legal_name) <= 300) NOT VALID,
  ADD CONSTRAINT other_names_max_5000 CHECK (cardinality(other_names) <= 1000 AND char_length(array_to_string(other_names, ' ')) <= 5000) NOT VALID,
  ADD CONSTRAINT legal_form_max_100 CHECK (char_length(legal_form) <= 100) NOT VALID,
  ADD CONSTRAINT coop_kind_max_100 CHECK (char_length(coop_kind) <= 100) NOT VALID,
  ADD CONSTRAINT ees_criteria_max_5000 CHECK (cardinality(ees_criteria) <= 1000 AND char_length(array_to_string(ees_criteria, ' ')) <= 5000) NOT VALID,
  ADD CONSTRAINT ees_attestation_max_5000 CHECK (char_length(ees_attestation) <= 5000) NOT VALID,
  ADD CONSTRAINT ees_attested_by_max_300 CHECK (char_length(ees_attested_by) <= 300) NOT VALID,
  ADD CONSTRAINT street_max_300 CHECK (char_length(street) <= 300) NOT VALID,
  ADD CONSTRAINT municipality_code_max_100 CHECK (char_length(municipality_code) <= 100) NOT VALID,
  ADD CONSTRAINT postal_code_max_100 CHECK (char_length(postal_code) <= 100) NOT VALID,
  ADD CONSTRAINT mrc_code_max_100 CHECK (char_length(mrc_code) <= 100) NOT VALID,
  ADD CONSTRAINT regions_served_max_5000 CHECK (cardinality(regions_served) <= 1000 AND char_length(array_to_string(regions_served, ' ')) <= 5000) NOT VALID,
  ADD CONSTRAINT unspsc_max_50000 CHECK (cardinality(unspsc) <= 1000 AND char_length(array_to_string(unspsc, ' ')) <= 50000) NOT VALID,
  ADD CONSTRAINT products_services_max_50000 CHECK (char_length(products_services) <= 50000) NOT VALID,
  ADD CONSTRAINT website_max_2048 CHECK (char_length(website) <= 2048) NOT VALID,
  ADD CONSTRAINT portfolio_max_5000 CHECK (char_length(portfolio) <= 5000) NOT VALID,
  ADD CONSTRAINT status_max_100 CHECK (char_length(status) <= 100) NOT VALID,
  ADD CONSTRAINT status_reason_max_5000 CHECK (char_length(status_reason) <= 5000) NOT VALID,
  ADD CONSTRAINT search_text_max_200000 CHECK (char_length(search_text) <= 200000) NOT VALID,
  ADD CONSTRAINT search_name_max_300 CHECK (char_length(search_name) <= 300) NOT VALID;
ALTER TABLE tenant_identity_providers
  ADD CONSTRAINT issuer_url_max_2048 CHECK (char_length(issuer_url) <= 2048) NOT VALID,
  ADD CONSTRAINT client_id_max_300 CHECK (char_length(client_id) <= 300) NOT VALID,
  ADD CONSTRAINT client_secret_sealed_max_5000 CHECK (char_length(client_secret_sealed) <= 5000) NOT VALID,
  ADD CONSTRAINT entra_tenant_id_max_100 CHECK (char_length(entra_tenant_id) <= 100) NOT VALID;
ALTER TABLE tenant_role_rules
  ADD CONSTRAINT claim_max_300 CHECK (char_length(claim) <= 300) NOT VALID,
  ADD CONSTRAINT value_max_300 CHECK (char_length(value) <= 300) NOT VALID,
  ADD CONSTRAINT role_max_100 CHECK (char_length(role) <= 100) NOT VALID;
ALTER TABLE tenant_seao_buyers
  ADD CONSTRAINT buyer_id_max_100 CHECK (char_length(buyer_id) <= 100) NOT VALID;
ALTER TABLE tenants
  ADD CONSTRAINT slug_max_100 CHECK (char_length(slug) <= 100) NOT VALID,
  ADD CONSTRAINT name_max_300 CHECK (char_length(name) <= 300) NOT VALID,
  ADD CONSTRAINT kind_max_100 CHECK (char_length(kind) <= 100) NOT VALID,
  ADD CONSTRAINT municipality_code_max_100 CHECK (char_length(municipality_code) <= 100) NOT VALID,
  ADD CONSTRAINT status_max_100 CHECK (char_length(status) <= 100) NOT VALID;
ALTER TABLE unspsc_codes
  ADD CONSTRAINT code_max_100 CHECK (char_length(code) <= 100) NOT VALID,
  ADD CONSTRAINT level_max_100 CHECK (char_length(level) <= 100) NOT VALID,
  ADD CONSTRAINT segment_max_100 CHECK (char_length(segment) <= 100) NOT VALID,
  ADD CONSTRAINT title_en_max_600 CHECK (char_length(title_en) <= 600) NOT VALID,
  ADD CONSTRAINT title_fr_max_600 CHECK (char_length(title_fr) <= 600) NOT VALID;
ALTER TABLE users
  ADD CONSTRAINT email_max_300 CHECK (char_length(email) <= 300) NOT VALID,
  ADD CONSTRAINT name_max_300 CHECK (char_length(name) <= 300) NOT VALID,
  ADD CONSTRAINT issuer_max_2048 CHECK (char_length(issuer) <= 2048) NOT VALID,
  ADD CONSTRAINT subject_max_300 CHECK (char_length(subject) <= 300) NOT VALID,
  ADD CONSTRAINT locale_max_100 CHECK (char_length(locale) <= 100) NOT VALID;

ALTER TABLE catalogue_entries ADD CONSTRAINT last_verified_plausible CHECK (last_verified BETWEEN DATE '1900-01-01' AND DATE '2199-12-31') NOT VALID;
ALTER TABLE contact_log ADD CONSTRAINT contact_date_plausible CHECK (contact_date BETWEEN DATE '1900-01-01' AND DATE '2199-12-31') NOT VALID;
ALTER TABLE contract_amendments ADD CONSTRAINT amended_on_plausible CHECK (amended_on BETWEEN DATE '1900-01-01' AND DATE '2199-12-31') NOT VALID;
ALTER TABLE contracts ADD CONSTRAINT awarded_on_plausible CHECK (awarded_on BETWEEN DATE '1900-01-01' AND DATE '2199-12-31') NOT VALID;
ALTER TABLE contracts ADD CONSTRAINT starts_on_plausible CHECK (starts_on BETWEEN DATE '1900-01-01' AND DATE '2199-12-31') NOT VALID;
ALTER TABLE contracts ADD CONSTRAINT ends_on_plausible CHECK (ends_on BETWEEN DATE '1900-01-01' AND DATE '2199-12-31') NOT VALID;
ALTER TABLE declarations ADD CONSTRAINT resolution_date_plausible CHECK (resolution_date BETWEEN DATE '1900-01-01' AND DATE '2199-12-31') NOT VALID;
ALTER TABLE declarations ADD CONSTRAINT period_start_plausible CHECK (period_start BETWEEN DATE '1900-01-01' AND DATE '2199-12-31') NOT VALID;
ALTER TABLE declarations ADD CONSTRAINT period_end_plausible CHECK (period_end BETWEEN DATE '1900-01-01' AND DATE '2199-12-31') NOT VALID;
ALTER TABLE document_reminders ADD CONSTRAINT expires_on_plausible CHECK (expires_on BETWEEN DATE '1900-01-01' AND DATE '2199-12-31') NOT VALID;
ALTER TABLE enterprise_documents ADD CONSTRAINT issued_on_plausible CHECK (issued_on BETWEEN DATE '1900-01-01' AND DATE '2199-12-31') NOT VALID;
ALTER TABLE enterprise_documents ADD CONSTRAINT expires_on_plausible CHECK (expires_on BETWEEN DATE '1900-01-01' AND DATE '2199-12-31') NOT VALID;
ALTER TABLE legal_values ADD CONSTRAINT valid_from_plausible CHECK (valid_from BETWEEN DATE '1900-01-01' AND DATE '2199-12-31') NOT VALID;
ALTER TABLE legal_values ADD CONSTRAINT valid_to_plausible CHECK (valid_to BETWEEN DATE '1900-01-01' AND DATE '2199-12-31') NOT VALID;
ALTER TABLE policy_versions ADD CONSTRAINT valid_from_plausible CHECK (valid_from BETWEEN DATE '1900-01-01' AND DATE '2199-12-31') NOT VALID;
ALTER TABLE policy_versions ADD CONSTRAINT valid_to_plausible CHECK (valid_to BETWEEN DATE '1900-01-01' AND DATE '2199-12-31') NOT VALID;
ALTER TABLE policy_versions ADD CONSTRAINT resolution_date_plausible CHECK (resolution_date BETWEEN DATE '1900-01-01' AND DATE '2199-12-31') NOT VALID;
ALTER TABLE purchase_advice ADD CONSTRAINT planned_on_plausible CHECK (planned_on BETWEEN DATE '1900-01-01' AND DATE '2199-12-31') NOT VALID;
ALTER TABLE supplier_documents ADD CONSTRAINT issued_on_plausible CHECK (issued_on BETWEEN DATE '1900-01-01' AND DATE '2199-12-31') NOT VALID;
ALTER TABLE supplier_documents ADD CONSTRAINT expires_on_plausible CHECK (expires_on BETWEEN DATE '1900-01-01' AND DATE '2199-12-31') NOT VALID;

-- +goose Down
ALTER TABLE catalogue_entries DROP CONSTRAINT IF EXISTS last_verified_plausible;
ALTER TABLE contact_log DROP CONSTRAINT IF EXISTS contact_date_plausible;
ALTER TABLE contract_amendments DROP CONSTRAINT IF EXISTS amended_on_plausible;
ALTER TABLE contracts DROP CONSTRAINT IF EXISTS awarded_on_plausible;
ALTER TABLE contracts DROP CONSTRAINT IF EXISTS starts_on_plausible;
ALTER TABLE contracts DROP CONSTRAINT IF EXISTS ends_on_plausible;
ALTER TABLE declarations DROP CONSTRAINT IF EXISTS resolution_date_plausible;
ALTER TABLE declarations DROP CONSTRAINT IF EXISTS period_start_plausible;
ALTER TABLE declarations DROP CONSTRAINT IF EXISTS period_end_plausible;
ALTER TABLE document_reminders DROP CONSTRAINT IF EXISTS expires_on_plausible;
ALTER TABLE enterprise_documents DROP CONSTRAINT IF EXISTS issued_on_plausible;
ALTER TABLE enterprise_documents DROP CONSTRAINT IF EXISTS expires_on_plausible;
ALTER TABLE legal_values DROP CONSTRAINT IF EXISTS valid_from_plausible;
ALTER TABLE legal_values DROP CONSTRAINT IF EXISTS valid_to_plausible;
ALTER TABLE policy_versions DROP CONSTRAINT IF EXISTS valid_from_plausible;
ALTER TABLE policy_versions DROP CONSTRAINT IF EXISTS valid_to_plausible;
ALTER TABLE policy_versions DROP CONSTRAINT IF EXISTS resolution_date_plausible;
ALTER TABLE purchase_advice DROP CONSTRAINT IF EXISTS planned_on_plausible;
ALTER TABLE supplier_documents DROP CONSTRAINT IF EXISTS issued_on_plausible;
ALTER TABLE supplier_documents DROP CONSTRAINT IF EXISTS expires_on_plausible;
ALTER TABLE api_tokens DROP CONSTRAINT IF EXISTS name_max_300;
ALTER TABLE api_tokens DROP CONSTRAINT IF EXISTS token_hash_max_100;
ALTER TABLE application_messages DROP CONSTRAINT IF EXISTS action_max_100;
ALTER TABLE application_messages DROP CONSTRAINT IF EXISTS author_role_max_100;
ALTER TABLE application_messages DROP CONSTRAINT IF EXISTS author_max_300;
ALTER TABLE application_messages DROP CONSTRAINT IF EXISTS body_max_5000;
ALTER TABLE application_messages DROP CONSTRAINT IF EXISTS from_state_max_100;
ALTER TABLE application_messages DROP CONSTRAINT IF EXISTS to_state_max_100;
ALTER TABLE applications DROP CONSTRAINT IF EXISTS invite_email_max_300;
ALTER TABLE applications DROP CONSTRAINT IF EXISTS state_max_100;
ALTER TABLE audit_log DROP CONSTRAINT IF EXISTS actor_max_300;
ALTER TABLE audit_log DROP CONSTRAINT IF EXISTS action_max_100;
ALTER TABLE audit_log DROP CONSTRAINT IF EXISTS object_type_max_100;
ALTER TABLE audit_log DROP CONSTRAINT IF EXISTS object_id_max_300;
ALTER TABLE audit_log DROP CONSTRAINT IF EXISTS request_id_max_100;
ALTER TABLE auth_failures DROP CONSTRAINT IF EXISTS endpoint_max_100;
ALTER TABLE auth_failures DROP CONSTRAINT IF EXISTS reason_max_300;
ALTER TABLE auth_failures DROP CONSTRAINT IF EXISTS issuer_key_max_100;
ALTER TABLE auth_failures DROP CONSTRAINT IF EXISTS tenant_slug_max_300;
ALTER TABLE auth_failures DROP CONSTRAINT IF EXISTS ip_max_100;
ALTER TABLE auth_failures DROP CONSTRAINT IF EXISTS user_agent_max_2048;
ALTER TABLE catalogue_claims DROP CONSTRAINT IF EXISTS neq_max_100;
ALTER TABLE catalogue_claims DROP CONSTRAINT IF EXISTS message_max_5000;
ALTER TABLE catalogue_claims DROP CONSTRAINT IF EXISTS status_max_100;
ALTER TABLE catalogue_claims DROP CONSTRAINT IF EXISTS reason_max_5000;
ALTER TABLE catalogue_entries DROP CONSTRAINT IF EXISTS neq_max_100;
ALTER TABLE catalogue_entries DROP CONSTRAINT IF EXISTS name_max_300;
ALTER TABLE catalogue_entries DROP CONSTRAINT IF EXISTS name_key_max_100;
ALTER TABLE catalogue_entries DROP CONSTRAINT IF EXISTS other_names_max_5000;
ALTER TABLE catalogue_entries DROP CONSTRAINT IF EXISTS legal_form_max_100;
ALTER TABLE catalogue_entries DROP CONSTRAINT IF EXISTS ees_trust_max_100;
ALTER TABLE catalogue_entries DROP CONSTRAINT IF EXISTS ees_verified_by_max_300;
ALTER TABLE catalogue_entries DROP CONSTRAINT IF EXISTS street_max_300;
ALTER TABLE catalogue_entries DROP CONSTRAINT IF EXISTS municipality_code_max_100;
ALTER TABLE catalogue_entries DROP CONSTRAINT IF EXISTS mrc_code_max_100;
ALTER TABLE catalogue_entries DROP CONSTRAINT IF EXISTS postal_code_max_100;
ALTER TABLE catalogue_entries DROP CONSTRAINT IF EXISTS sectors_max_5000;
ALTER TABLE catalogue_entries DROP CONSTRAINT IF EXISTS unspsc_max_50000;
ALTER TABLE catalogue_entries DROP CONSTRAINT IF EXISTS unspsc_segments_max_5000;
ALTER TABLE catalogue_entries DROP CONSTRAINT IF EXISTS products_max_50000;
ALTER TABLE catalogue_entries DROP CONSTRAINT IF EXISTS description_max_50000;
ALTER TABLE catalogue_entries DROP CONSTRAINT IF EXISTS website_max_2048;
ALTER TABLE catalogue_entries DROP CONSTRAINT IF EXISTS email_max_300;
ALTER TABLE catalogue_entries DROP CONSTRAINT IF EXISTS phone_max_100;
ALTER TABLE catalogue_entries DROP CONSTRAINT IF EXISTS source_kind_max_100;
ALTER TABLE catalogue_entries DROP CONSTRAINT IF EXISTS source_name_max_300;
ALTER TABLE catalogue_entries DROP CONSTRAINT IF EXISTS source_ref_max_300;
ALTER TABLE catalogue_entries DROP CONSTRAINT IF EXISTS status_max_100;
ALTER TABLE catalogue_entries DROP CONSTRAINT IF EXISTS search_names_max_20000;
ALTER TABLE catalogue_history DROP CONSTRAINT IF EXISTS actor_max_300;
ALTER TABLE catalogue_history DROP CONSTRAINT IF EXISTS action_max_100;
ALTER TABLE catalogue_imports DROP CONSTRAINT IF EXISTS source_name_max_300;
ALTER TABLE catalogue_imports DROP CONSTRAINT IF EXISTS file_name_max_300;
ALTER TABLE catalogue_imports DROP CONSTRAINT IF EXISTS file_sha256_max_100;
ALTER TABLE catalogue_imports DROP CONSTRAINT IF EXISTS status_max_100;
ALTER TABLE catalogue_imports DROP CONSTRAINT IF EXISTS default_form_max_100;
ALTER TABLE catalogue_imports DROP CONSTRAINT IF EXISTS file_encoding_max_100;
ALTER TABLE catalogue_proposals DROP CONSTRAINT IF EXISTS status_max_100;
ALTER TABLE catalogue_proposals DROP CONSTRAINT IF EXISTS reason_max_5000;
ALTER TABLE catalogue_sectors DROP CONSTRAINT IF EXISTS code_max_100;
ALTER TABLE catalogue_sectors DROP CONSTRAINT IF EXISTS name_fr_max_300;
ALTER TABLE catalogue_sectors DROP CONSTRAINT IF EXISTS name_en_max_300;
ALTER TABLE contact_log DROP CONSTRAINT IF EXISTS kind_max_100;
ALTER TABLE contact_log DROP CONSTRAINT IF EXISTS supplier_id_max_100;
ALTER TABLE contact_log DROP CONSTRAINT IF EXISTS enterprise_name_max_300;
ALTER TABLE contact_log DROP CONSTRAINT IF EXISTS outcome_max_5000;
ALTER TABLE contract_amendments DROP CONSTRAINT IF EXISTS reason_max_5000;
ALTER TABLE contracts DROP CONSTRAINT IF EXISTS supplier_name_max_300;
ALTER TABLE contracts DROP CONSTRAINT IF EXISTS supplier_neq_max_100;
ALTER TABLE contracts DROP CONSTRAINT IF EXISTS supplier_legal_form_max_100;
ALTER TABLE contracts DROP CONSTRAINT IF EXISTS object_max_5000;
ALTER TABLE contracts DROP CONSTRAINT IF EXISTS category_max_100;
ALTER TABLE contracts DROP CONSTRAINT IF EXISTS nature_max_100;
ALTER TABLE contracts DROP CONSTRAINT IF EXISTS procedure_max_100;
ALTER TABLE contracts DROP CONSTRAINT IF EXISTS status_max_100;
ALTER TABLE contracts DROP CONSTRAINT IF EXISTS seao_number_max_100;
ALTER TABLE contracts DROP CONSTRAINT IF EXISTS seao_ocid_max_100;
ALTER TABLE contracts DROP CONSTRAINT IF EXISTS seao_award_id_max_100;
ALTER TABLE contracts DROP CONSTRAINT IF EXISTS source_max_100;
ALTER TABLE declaration_commitments DROP CONSTRAINT IF EXISTS key_max_100;
ALTER TABLE declaration_commitments DROP CONSTRAINT IF EXISTS text_fr_max_5000;
ALTER TABLE declaration_commitments DROP CONSTRAINT IF EXISTS text_en_max_5000;
ALTER TABLE declaration_commitments DROP CONSTRAINT IF EXISTS status_max_100;
ALTER TABLE declaration_commitments DROP CONSTRAINT IF EXISTS evidence_max_5000;
ALTER TABLE declaration_files DROP CONSTRAINT IF EXISTS name_max_300;
ALTER TABLE declaration_files DROP CONSTRAINT IF EXISTS content_type_max_100;
ALTER TABLE declaration_files DROP CONSTRAINT IF EXISTS blob_key_max_300;
ALTER TABLE declaration_target_history DROP CONSTRAINT IF EXISTS key_max_100;
ALTER TABLE declaration_target_history DROP CONSTRAINT IF EXISTS kind_max_100;
ALTER TABLE declaration_targets DROP CONSTRAINT IF EXISTS key_max_100;
ALTER TABLE declaration_targets DROP CONSTRAINT IF EXISTS kind_max_100;
ALTER TABLE declaration_targets DROP CONSTRAINT IF EXISTS segment_max_100;
ALTER TABLE declaration_targets DROP CONSTRAINT IF EXISTS territory_level_max_100;
ALTER TABLE declaration_targets DROP CONSTRAINT IF EXISTS territory_code_max_100;
ALTER TABLE declarations DROP CONSTRAINT IF EXISTS status_max_100;
ALTER TABLE declarations DROP CONSTRAINT IF EXISTS resolution_number_max_100;
ALTER TABLE declarations DROP CONSTRAINT IF EXISTS text_fr_max_50000;
ALTER TABLE declarations DROP CONSTRAINT IF EXISTS text_en_max_50000;
ALTER TABLE document_reminders DROP CONSTRAINT IF EXISTS document_key_max_100;
ALTER TABLE document_reminders DROP CONSTRAINT IF EXISTS state_max_100;
ALTER TABLE enterprise_documents DROP CONSTRAINT IF EXISTS type_max_100;
ALTER TABLE enterprise_documents DROP CONSTRAINT IF EXISTS file_name_max_300;
ALTER TABLE enterprise_documents DROP CONSTRAINT IF EXISTS media_type_max_100;
ALTER TABLE enterprise_documents DROP CONSTRAINT IF EXISTS sha256_max_100;
ALTER TABLE enterprise_documents DROP CONSTRAINT IF EXISTS blob_key_max_300;
ALTER TABLE jobs DROP CONSTRAINT IF EXISTS kind_max_100;
ALTER TABLE jobs DROP CONSTRAINT IF EXISTS unique_key_max_300;
ALTER TABLE jobs DROP CONSTRAINT IF EXISTS last_error_max_50000;
ALTER TABLE legal_values DROP CONSTRAINT IF EXISTS version_max_100;
ALTER TABLE legal_values DROP CONSTRAINT IF EXISTS key_max_100;
ALTER TABLE legal_values DROP CONSTRAINT IF EXISTS kind_max_100;
ALTER TABLE legal_values DROP CONSTRAINT IF EXISTS text_value_max_5000;
ALTER TABLE legal_values DROP CONSTRAINT IF EXISTS citation_max_5000;
ALTER TABLE legal_values DROP CONSTRAINT IF EXISTS note_max_5000;
ALTER TABLE login_attempts DROP CONSTRAINT IF EXISTS state_hash_max_100;
ALTER TABLE login_attempts DROP CONSTRAINT IF EXISTS binding_hash_max_100;
ALTER TABLE login_attempts DROP CONSTRAINT IF EXISTS nonce_max_300;
ALTER TABLE login_attempts DROP CONSTRAINT IF EXISTS verifier_max_300;
ALTER TABLE login_attempts DROP CONSTRAINT IF EXISTS issuer_key_max_100;
ALTER TABLE login_attempts DROP CONSTRAINT IF EXISTS tenant_slug_max_300;
ALTER TABLE login_attempts DROP CONSTRAINT IF EXISTS return_to_max_2048;
ALTER TABLE mail_outbox DROP CONSTRAINT IF EXISTS to_address_max_300;
ALTER TABLE mail_outbox DROP CONSTRAINT IF EXISTS to_name_max_300;
ALTER TABLE mail_outbox DROP CONSTRAINT IF EXISTS lang_max_100;
ALTER TABLE mail_outbox DROP CONSTRAINT IF EXISTS template_max_100;
ALTER TABLE mail_outbox DROP CONSTRAINT IF EXISTS subject_max_600;
ALTER TABLE mail_outbox DROP CONSTRAINT IF EXISTS text_body_max_1000000;
ALTER TABLE mail_outbox DROP CONSTRAINT IF EXISTS html_body_max_1000000;
ALTER TABLE mail_outbox DROP CONSTRAINT IF EXISTS status_max_100;
ALTER TABLE memberships DROP CONSTRAINT IF EXISTS role_max_100;
ALTER TABLE memberships DROP CONSTRAINT IF EXISTS source_max_100;
ALTER TABLE mrcs DROP CONSTRAINT IF EXISTS code_max_100;
ALTER TABLE mrcs DROP CONSTRAINT IF EXISTS name_max_300;
ALTER TABLE municipalities DROP CONSTRAINT IF EXISTS code_max_100;
ALTER TABLE municipalities DROP CONSTRAINT IF EXISTS name_max_300;
ALTER TABLE municipalities DROP CONSTRAINT IF EXISTS designation_max_300;
ALTER TABLE municipalities DROP CONSTRAINT IF EXISTS mrc_code_max_100;
ALTER TABLE municipalities DROP CONSTRAINT IF EXISTS postal_code_max_100;
ALTER TABLE municipalities DROP CONSTRAINT IF EXISTS website_max_2048;
ALTER TABLE platform_audit_log DROP CONSTRAINT IF EXISTS actor_max_300;
ALTER TABLE platform_audit_log DROP CONSTRAINT IF EXISTS action_max_100;
ALTER TABLE platform_audit_log DROP CONSTRAINT IF EXISTS object_type_max_100;
ALTER TABLE platform_audit_log DROP CONSTRAINT IF EXISTS object_id_max_300;
ALTER TABLE platform_audit_log DROP CONSTRAINT IF EXISTS request_id_max_100;
ALTER TABLE platform_roles DROP CONSTRAINT IF EXISTS role_max_100;
ALTER TABLE policy_versions DROP CONSTRAINT IF EXISTS law_family_max_100;
ALTER TABLE policy_versions DROP CONSTRAINT IF EXISTS resolution_number_max_100;
ALTER TABLE policy_versions DROP CONSTRAINT IF EXISTS local_scope_max_100;
ALTER TABLE policy_versions DROP CONSTRAINT IF EXISTS local_codes_max_5000;
ALTER TABLE policy_versions DROP CONSTRAINT IF EXISTS local_mechanism_max_100;
ALTER TABLE purchase_advice DROP CONSTRAINT IF EXISTS object_max_5000;
ALTER TABLE purchase_advice DROP CONSTRAINT IF EXISTS category_max_100;
ALTER TABLE purchase_advice DROP CONSTRAINT IF EXISTS nature_max_100;
ALTER TABLE purchase_advice DROP CONSTRAINT IF EXISTS procedure_max_100;
ALTER TABLE regions DROP CONSTRAINT IF EXISTS name_max_300;
ALTER TABLE register_settings DROP CONSTRAINT IF EXISTS pull_status_max_100;
ALTER TABLE sessions DROP CONSTRAINT IF EXISTS id_hash_max_100;
ALTER TABLE sessions DROP CONSTRAINT IF EXISTS issuer_max_2048;
ALTER TABLE sessions DROP CONSTRAINT IF EXISTS user_agent_max_2048;
ALTER TABLE sessions DROP CONSTRAINT IF EXISTS ip_max_100;
ALTER TABLE supplier_document_types DROP CONSTRAINT IF EXISTS code_max_100;
ALTER TABLE supplier_document_types DROP CONSTRAINT IF EXISTS label_max_300;
ALTER TABLE supplier_documents DROP CONSTRAINT IF EXISTS type_max_100;
ALTER TABLE supplier_documents DROP CONSTRAINT IF EXISTS rena_result_max_5000;
ALTER TABLE supplier_documents DROP CONSTRAINT IF EXISTS file_name_max_300;
ALTER TABLE supplier_documents DROP CONSTRAINT IF EXISTS media_type_max_100;
ALTER TABLE supplier_documents DROP CONSTRAINT IF EXISTS sha256_max_100;
ALTER TABLE supplier_documents DROP CONSTRAINT IF EXISTS blob_key_max_300;
ALTER TABLE supplier_documents DROP CONSTRAINT IF EXISTS uploaded_by_max_300;
ALTER TABLE supplier_status_history DROP CONSTRAINT IF EXISTS from_status_max_100;
ALTER TABLE supplier_status_history DROP CONSTRAINT IF EXISTS to_status_max_100;
ALTER TABLE supplier_status_history DROP CONSTRAINT IF EXISTS action_max_100;
ALTER TABLE supplier_status_history DROP CONSTRAINT IF EXISTS reason_max_5000;
ALTER TABLE supplier_status_history DROP CONSTRAINT IF EXISTS actor_max_300;
ALTER TABLE suppliers DROP CONSTRAINT IF EXISTS legal_name_max_300;
ALTER TABLE suppliers DROP CONSTRAINT IF EXISTS other_names_max_5000;
ALTER TABLE suppliers DROP CONSTRAINT IF EXISTS legal_form_max_100;
ALTER TABLE suppliers DROP CONSTRAINT IF EXISTS coop_kind_max_100;
ALTER TABLE suppliers DROP CONSTRAINT IF EXISTS ees_criteria_max_5000;
ALTER TABLE suppliers DROP CONSTRAINT IF EXISTS ees_attestation_max_5000;
ALTER TABLE suppliers DROP CONSTRAINT IF EXISTS ees_attested_by_max_300;
ALTER TABLE suppliers DROP CONSTRAINT IF EXISTS street_max_300;
ALTER TABLE suppliers DROP CONSTRAINT IF EXISTS municipality_code_max_100;
ALTER TABLE suppliers DROP CONSTRAINT IF EXISTS postal_code_max_100;
ALTER TABLE suppliers DROP CONSTRAINT IF EXISTS mrc_code_max_100;
ALTER TABLE suppliers DROP CONSTRAINT IF EXISTS regions_served_max_5000;
ALTER TABLE suppliers DROP CONSTRAINT IF EXISTS unspsc_max_50000;
ALTER TABLE suppliers DROP CONSTRAINT IF EXISTS products_services_max_50000;
ALTER TABLE suppliers DROP CONSTRAINT IF EXISTS website_max_2048;
ALTER TABLE suppliers DROP CONSTRAINT IF EXISTS portfolio_max_5000;
ALTER TABLE suppliers DROP CONSTRAINT IF EXISTS status_max_100;
ALTER TABLE suppliers DROP CONSTRAINT IF EXISTS status_reason_max_5000;
ALTER TABLE suppliers DROP CONSTRAINT IF EXISTS search_text_max_200000;
ALTER TABLE suppliers DROP CONSTRAINT IF EXISTS search_name_max_300;
ALTER TABLE tenant_identity_providers DROP CONSTRAINT IF EXISTS issuer_url_max_2048;
ALTER TABLE tenant_identity_providers DROP CONSTRAINT IF EXISTS client_id_max_300;
ALTER TABLE tenant_identity_providers DROP CONSTRAINT IF EXISTS client_secret_sealed_max_5000;
ALTER TABLE tenant_identity_providers DROP CONSTRAINT IF EXISTS entra_tenant_id_max_100;
ALTER TABLE tenant_role_rules DROP CONSTRAINT IF EXISTS claim_max_300;
ALTER TABLE tenant_role_rules DROP CONSTRAINT IF EXISTS value_max_300;
ALTER TABLE tenant_role_rules DROP CONSTRAINT IF EXISTS role_max_100;
ALTER TABLE tenant_seao_buyers DROP CONSTRAINT IF EXISTS buyer_id_max_100;
ALTER TABLE tenants DROP CONSTRAINT IF EXISTS slug_max_100;
ALTER TABLE tenants DROP CONSTRAINT IF EXISTS name_max_300;
ALTER TABLE tenants DROP CONSTRAINT IF EXISTS kind_max_100;
ALTER TABLE tenants DROP CONSTRAINT IF EXISTS municipality_code_max_100;
ALTER TABLE tenants DROP CONSTRAINT IF EXISTS status_max_100;
ALTER TABLE unspsc_codes DROP CONSTRAINT IF EXISTS code_max_100;
ALTER TABLE unspsc_codes DROP CONSTRAINT IF EXISTS level_max_100;
ALTER TABLE unspsc_codes DROP CONSTRAINT IF EXISTS segment_max_100;
ALTER TABLE unspsc_codes DROP CONSTRAINT IF EXISTS title_en_max_600;
ALTER TABLE unspsc_codes DROP CONSTRAINT IF EXISTS title_fr_max_600;
ALTER TABLE users DROP CONSTRAINT IF EXISTS email_max_300;
ALTER TABLE users DROP CONSTRAINT IF EXISTS name_max_300;
ALTER TABLE users DROP CONSTRAINT IF EXISTS issuer_max_2048;
ALTER TABLE users DROP CONSTRAINT IF EXISTS subject_max_300;
ALTER TABLE users DROP CONSTRAINT IF EXISTS locale_max_100;
