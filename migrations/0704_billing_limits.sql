-- Length limits and plausible dates on the billing and sign-up tables (the rule of migrations/0900_input_limits.sql:
-- every text column carries <column>_max_<N>, every date column <column>_plausible; app/database/limits_test.go).
-- +goose Up
ALTER TABLE billing_invoices
  ADD CONSTRAINT currency_max_100 CHECK (char_length(currency) <= 100),
  ADD CONSTRAINT hosted_url_max_2048 CHECK (char_length(hosted_url) <= 2048),
  ADD CONSTRAINT number_max_100 CHECK (char_length(number) <= 100),
  ADD CONSTRAINT pdf_url_max_2048 CHECK (char_length(pdf_url) <= 2048),
  ADD CONSTRAINT po_number_max_100 CHECK (char_length(po_number) <= 100),
  ADD CONSTRAINT status_max_100 CHECK (char_length(status) <= 100),
  ADD CONSTRAINT stripe_invoice_id_max_300 CHECK (char_length(stripe_invoice_id) <= 300);
ALTER TABLE billing_plans
  ADD CONSTRAINT code_max_100 CHECK (char_length(code) <= 100),
  ADD CONSTRAINT kind_max_100 CHECK (char_length(kind) <= 100),
  ADD CONSTRAINT valid_from_plausible CHECK (valid_from BETWEEN '1900-01-01' AND '2199-12-31'),
  ADD CONSTRAINT valid_to_plausible CHECK (valid_to BETWEEN '1900-01-01' AND '2199-12-31');
ALTER TABLE billing_quotes
  ADD CONSTRAINT number_max_100 CHECK (char_length(number) <= 100),
  ADD CONSTRAINT plan_code_max_100 CHECK (char_length(plan_code) <= 100),
  ADD CONSTRAINT po_number_max_100 CHECK (char_length(po_number) <= 100),
  ADD CONSTRAINT issued_on_plausible CHECK (issued_on BETWEEN '1900-01-01' AND '2199-12-31'),
  ADD CONSTRAINT valid_until_plausible CHECK (valid_until BETWEEN '1900-01-01' AND '2199-12-31');
ALTER TABLE billing_subscriptions
  ADD CONSTRAINT billing_email_max_300 CHECK (char_length(billing_email) <= 300),
  ADD CONSTRAINT billing_name_max_300 CHECK (char_length(billing_name) <= 300),
  ADD CONSTRAINT last_event_id_max_300 CHECK (char_length(last_event_id) <= 300),
  ADD CONSTRAINT plan_code_max_100 CHECK (char_length(plan_code) <= 100),
  ADD CONSTRAINT po_number_max_100 CHECK (char_length(po_number) <= 100),
  ADD CONSTRAINT status_max_100 CHECK (char_length(status) <= 100),
  ADD CONSTRAINT stripe_customer_id_max_300 CHECK (char_length(stripe_customer_id) <= 300),
  ADD CONSTRAINT stripe_subscription_id_max_300 CHECK (char_length(stripe_subscription_id) <= 300);
ALTER TABLE official_domains
  ADD CONSTRAINT body_kind_max_100 CHECK (char_length(body_kind) <= 100),
  ADD CONSTRAINT code_max_100 CHECK (char_length(code) <= 100),
  ADD CONSTRAINT domain_max_300 CHECK (char_length(domain) <= 300),
  ADD CONSTRAINT source_max_100 CHECK (char_length(source) <= 100);
ALTER TABLE signups
  ADD CONSTRAINT body_name_max_300 CHECK (char_length(body_name) <= 300),
  ADD CONSTRAINT confirm_hash_max_100 CHECK (char_length(confirm_hash) <= 100),
  ADD CONSTRAINT email_max_300 CHECK (char_length(email) <= 300),
  ADD CONSTRAINT identification_max_2048 CHECK (char_length(identification) <= 2048),
  ADD CONSTRAINT kind_max_100 CHECK (char_length(kind) <= 100),
  ADD CONSTRAINT lang_max_100 CHECK (char_length(lang) <= 100),
  ADD CONSTRAINT mrc_code_max_100 CHECK (char_length(mrc_code) <= 100),
  ADD CONSTRAINT municipality_code_max_100 CHECK (char_length(municipality_code) <= 100),
  ADD CONSTRAINT person_name_max_300 CHECK (char_length(person_name) <= 300),
  ADD CONSTRAINT person_title_max_300 CHECK (char_length(person_title) <= 300),
  ADD CONSTRAINT refusal_reason_max_5000 CHECK (char_length(refusal_reason) <= 5000),
  ADD CONSTRAINT status_max_100 CHECK (char_length(status) <= 100),
  ADD CONSTRAINT terms_version_max_100 CHECK (char_length(terms_version) <= 100);
ALTER TABLE stripe_events
  ADD CONSTRAINT id_max_300 CHECK (char_length(id) <= 300),
  ADD CONSTRAINT object_id_max_300 CHECK (char_length(object_id) <= 300),
  ADD CONSTRAINT outcome_max_100 CHECK (char_length(outcome) <= 100),
  ADD CONSTRAINT type_max_300 CHECK (char_length(type) <= 300);
ALTER TABLE stripe_refs
  ADD CONSTRAINT key_max_300 CHECK (char_length(key) <= 300),
  ADD CONSTRAINT stripe_id_max_300 CHECK (char_length(stripe_id) <= 300);
-- +goose Down
ALTER TABLE billing_invoices DROP CONSTRAINT currency_max_100, DROP CONSTRAINT hosted_url_max_2048, DROP CONSTRAINT number_max_100, DROP CONSTRAINT pdf_url_max_2048, DROP CONSTRAINT po_number_max_100, DROP CONSTRAINT status_max_100, DROP CONSTRAINT stripe_invoice_id_max_300;
ALTER TABLE billing_plans DROP CONSTRAINT code_max_100, DROP CONSTRAINT kind_max_100, DROP CONSTRAINT valid_from_plausible, DROP CONSTRAINT valid_to_plausible;
ALTER TABLE billing_quotes DROP CONSTRAINT number_max_100, DROP CONSTRAINT plan_code_max_100, DROP CONSTRAINT po_number_max_100, DROP CONSTRAINT issued_on_plausible, DROP CONSTRAINT valid_until_plausible;
ALTER TABLE billing_subscriptions DROP CONSTRAINT billing_email_max_300, DROP CONSTRAINT billing_name_max_300, DROP CONSTRAINT last_event_id_max_300, DROP CONSTRAINT plan_code_max_100, DROP CONSTRAINT po_number_max_100, DROP CONSTRAINT status_max_100, DROP CONSTRAINT stripe_customer_id_max_300, DROP CONSTRAINT stripe_subscription_id_max_300;
ALTER TABLE official_domains DROP CONSTRAINT body_kind_max_100, DROP CONSTRAINT code_max_100, DROP CONSTRAINT domain_max_300, DROP CONSTRAINT source_max_100;
ALTER TABLE signups DROP CONSTRAINT body_name_max_300, DROP CONSTRAINT confirm_hash_max_100, DROP CONSTRAINT email_max_300, DROP CONSTRAINT identification_max_2048, DROP CONSTRAINT kind_max_100, DROP CONSTRAINT lang_max_100, DROP CONSTRAINT mrc_code_max_100, DROP CONSTRAINT municipality_code_max_100, DROP CONSTRAINT person_name_max_300, DROP CONSTRAINT person_title_max_300, DROP CONSTRAINT refusal_reason_max_5000, DROP CONSTRAINT status_max_100, DROP CONSTRAINT terms_version_max_100;
ALTER TABLE stripe_events DROP CONSTRAINT id_max_300, DROP CONSTRAINT object_id_max_300, DROP CONSTRAINT outcome_max_100, DROP CONSTRAINT type_max_300;
ALTER TABLE stripe_refs DROP CONSTRAINT key_max_300, DROP CONSTRAINT stripe_id_max_300;
