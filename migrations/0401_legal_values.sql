-- Legal reference values: platform level (no tenant), versioned by effective period, each with its
-- citation and whether it was confirmed against a primary source. Read by every tenant's advisor;
-- changed only by platform_admin (the web layer checks the role; every change is in platform_audit_log).
-- Seeded from app/rules/legal_defaults.json (a test checks the seed equals rules.DefaultReference).
-- +goose Up
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE TABLE legal_values (
  version text PRIMARY KEY CHECK (length(btrim(version)) BETWEEN 1 AND 120),
  key text NOT NULL CHECK (key ~ '^[a-z0-9_]{1,80}$'),
  kind text NOT NULL CHECK (kind IN ('cents', 'percent', 'number', 'flag', 'text')),
  cents bigint CHECK (cents >= 0),
  percent bigint CHECK (percent >= 0),
  number bigint CHECK (number >= 0),
  text_value text NOT NULL DEFAULT '',
  valid_from date NOT NULL,
  valid_to date,
  citation text NOT NULL CHECK (length(btrim(citation)) BETWEEN 1 AND 1000),
  confirmed boolean NOT NULL DEFAULT false,
  note text NOT NULL DEFAULT '',
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES users (id),
  CHECK (valid_to IS NULL OR valid_to >= valid_from),
  CHECK (kind <> 'cents' OR cents IS NOT NULL),
  CHECK (kind <> 'percent' OR percent IS NOT NULL),
  CHECK (kind <> 'number' OR number IS NOT NULL),
  -- Two versions of one key never apply on the same day.
  EXCLUDE USING gist (key WITH =, daterange(valid_from, valid_to, '[]') WITH &&)
);
GRANT SELECT, INSERT, UPDATE, DELETE ON legal_values TO maillage_app;

INSERT INTO legal_values (version, key, kind, cents, percent, number, text_value, valid_from, valid_to, citation, confirmed, note) VALUES
('invitation_floor/2018-01-01', 'invitation_floor', 'cents', 2500000, NULL, NULL, '', DATE '2018-01-01', NULL, 'LCV art. 573.1; CM art. 936 (invitation écrite d''au moins 2 fournisseurs, 8 jours)', true, ''),
('tender_threshold/2018-01-01', 'tender_threshold', 'cents', 10110000, NULL, NULL, '', DATE '2018-01-01', DATE '2019-12-31', 'LCV art. 573; CM art. 935; Règlement sur le seuil de la dépense (RLRQ c. C-19, r. 5)', true, ''),
('tender_threshold/2020-01-01', 'tender_threshold', 'cents', 10570000, NULL, NULL, '', DATE '2020-01-01', DATE '2022-10-06', 'LCV art. 573; CM art. 935; Règlement sur le seuil de la dépense (RLRQ c. C-19, r. 5)', true, ''),
('tender_threshold/2022-10-07', 'tender_threshold', 'cents', 12120000, NULL, NULL, '', DATE '2022-10-07', DATE '2023-12-31', 'LCV art. 573; CM art. 935; Règlement sur le seuil de la dépense (RLRQ c. C-19, r. 5)', true, ''),
('tender_threshold/2024-01-01', 'tender_threshold', 'cents', 13380000, NULL, NULL, '', DATE '2024-01-01', DATE '2025-12-31', 'LCV art. 573; CM art. 935; seuil des accords de libéralisation révisé aux deux ans (2024-2025)', false, ''),
('tender_threshold/2026-01-01', 'tender_threshold', 'cents', 13380000, NULL, NULL, '', DATE '2026-01-01', DATE '2027-12-31', 'LCV art. 573; CM art. 935; seuil 2026-2027 non confirmé', false, '2024-2025 value carried forward until the 2026-2027 threshold is confirmed'),
('lcop_tender_threshold/2018-01-01', 'lcop_tender_threshold', 'cents', 10110000, NULL, NULL, '', DATE '2018-01-01', DATE '2019-12-31', 'LCOP art. 10; seuil minimal des accords intergouvernementaux (réseaux de la santé et de l''éducation)', false, ''),
('lcop_tender_threshold/2020-01-01', 'lcop_tender_threshold', 'cents', 10570000, NULL, NULL, '', DATE '2020-01-01', DATE '2022-10-06', 'LCOP art. 10; seuil minimal des accords intergouvernementaux (réseaux de la santé et de l''éducation)', false, ''),
('lcop_tender_threshold/2022-10-07', 'lcop_tender_threshold', 'cents', 12120000, NULL, NULL, '', DATE '2022-10-07', DATE '2023-12-31', 'LCOP art. 10; seuil minimal des accords intergouvernementaux (réseaux de la santé et de l''éducation)', false, ''),
('lcop_tender_threshold/2024-01-01', 'lcop_tender_threshold', 'cents', 13380000, NULL, NULL, '', DATE '2024-01-01', DATE '2027-12-31', 'LCOP art. 10; seuil minimal des accords intergouvernementaux', false, 'ministries have lower thresholds for goods; set the tenant''s own value here when known'),
('loi67_window/2021-06-25', 'loi67_window', 'flag', NULL, NULL, NULL, '', DATE '2021-06-25', DATE '2024-06-24', 'L.Q. 2021, c. 7, art. 124 (Loi 67): mesures favorisant les biens et services québécois dans le RGC, sous le seuil, pendant 3 ans', false, 'three years from 2021-06-25; an extension is unconfirmed'),
('local_preference_rgc/2018-01-01', 'local_preference_rgc', 'flag', NULL, NULL, NULL, '', DATE '2018-01-01', NULL, 'LCV art. 573.3.1.2; CM art. 938.1.2 (règlement de gestion contractuelle)', true, ''),
('rotation_rgc/2018-01-01', 'rotation_rgc', 'flag', NULL, NULL, NULL, '', DATE '2018-01-01', NULL, 'LCV art. 573.3.1.2; CM art. 938.1.2 (rotation des cocontractants, gré à gré de 25 000 $ au seuil)', true, ''),
('trade_agreements_no_preference/2018-01-01', 'trade_agreements_no_preference', 'flag', NULL, NULL, NULL, '', DATE '2018-01-01', NULL, 'Accords de libéralisation des marchés publics (ALEC, AECG): aucune préférence locale au-dessus du seuil', true, ''),
('lcop_quebec_value_preference_max/2022-06-02', 'lcop_quebec_value_preference_max', 'percent', NULL, 1000, NULL, '', DATE '2022-06-02', NULL, 'LCOP, modifiée par la Loi 12 (L.Q. 2022, c. 18): préférence à la valeur ajoutée québécoise, au plus 10 %', false, 'date of sanction used as start; in-force dates by regulation unconfirmed'),
('lcop_reserved_small_enterprise/2022-06-02', 'lcop_reserved_small_enterprise', 'number', NULL, NULL, 50, '', DATE '2022-06-02', NULL, 'LCOP, modifiée par la Loi 12 (L.Q. 2022, c. 18): appel réservé aux entreprises québécoises ou canadiennes de moins de 50 employés', false, ''),
('lcop_quebec_goods_requirement/2022-06-02', 'lcop_quebec_goods_requirement', 'flag', NULL, NULL, NULL, '', DATE '2022-06-02', NULL, 'LCOP art. 14.1 (L.Q. 2022, c. 18)', false, ''),
('lcop_ees_margin/2022-06-02', 'lcop_ees_margin', 'flag', NULL, NULL, NULL, '', DATE '2022-06-02', NULL, 'LCOP art. 14.11 (L.Q. 2022, c. 18): marge préférentielle aux entreprises d''économie sociale pour les acquisitions désignées', false, ''),
('lcv_573_3_nonprofit_services/2018-01-01', 'lcv_573_3_nonprofit_services', 'flag', NULL, NULL, NULL, '', DATE '2018-01-01', NULL, 'LCV art. 573.3, al. 1, par. 2.1; CM art. 938 (services fournis par un organisme à but non lucratif)', true, ''),
('lcv_573_3_solidarity_coop/2018-01-01', 'lcv_573_3_solidarity_coop', 'flag', NULL, NULL, NULL, '', DATE '2018-01-01', NULL, 'LCV art. 573.3, al. 1, par. 2.2; CM art. 938 (certaines coopératives de solidarité désignées)', true, ''),
('lcv_573_3_listed_services_nonprofit/2018-01-01', 'lcv_573_3_listed_services_nonprofit', 'flag', NULL, NULL, NULL, '', DATE '2018-01-01', NULL, 'LCV art. 573.3, al. 1, par. 2.3; CM art. 938 (services énumérés rendus par un organisme à but non lucratif)', true, ''),
('rena_check/2018-01-01', 'rena_check', 'flag', NULL, NULL, NULL, '', DATE '2018-01-01', NULL, 'Registre des entreprises non admissibles aux contrats publics (RENA), tenu par l''Autorité des marchés publics', true, ''),
('rq_attestation_threshold/2018-01-01', 'rq_attestation_threshold', 'cents', 2500000, NULL, NULL, '', DATE '2018-01-01', NULL, 'Attestation de Revenu Québec: contrats municipaux de construction de 25 000 $ ou plus; tout contrat LCOP de 25 000 $ ou plus', true, ''),
('rq_attestation_validity_months/2018-01-01', 'rq_attestation_validity_months', 'number', NULL, NULL, 3, '', DATE '2018-01-01', NULL, 'Attestation de Revenu Québec: valide jusqu''à la fin du troisième mois suivant sa délivrance', true, ''),
('amp_threshold_construction/2018-01-01', 'amp_threshold_construction', 'cents', 500000000, NULL, NULL, '', DATE '2018-01-01', NULL, 'Autorisation de l''Autorité des marchés publics: contrats de construction de 5 M$ ou plus (non exigible en deçà par une municipalité)', true, ''),
('amp_threshold_services/2018-01-01', 'amp_threshold_services', 'cents', 100000000, NULL, NULL, '', DATE '2018-01-01', NULL, 'Autorisation de l''Autorité des marchés publics: contrats de services de 1 M$ ou plus (non exigible en deçà par une municipalité)', true, ''),
('yearly_list_contract_floor/2018-01-01', 'yearly_list_contract_floor', 'cents', 200000, NULL, NULL, '', DATE '2018-01-01', NULL, 'LCV art. 477.6; CM art. 961.4 (contrats de plus de 2 000 $)', true, ''),
('yearly_list_supplier_total/2018-01-01', 'yearly_list_supplier_total', 'cents', 2500000, NULL, NULL, '', DATE '2018-01-01', NULL, 'LCV art. 477.6; CM art. 961.4 (cocontractant dont le total annuel dépasse 25 000 $)', true, '');

-- +goose Down
DROP TABLE legal_values;
