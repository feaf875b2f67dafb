-- A schema ready to distribute by clinic (issue 17): every table that holds
-- one clinic's records ("distributed" in the store's
-- TestSchemaDistributableByClinic, which lists them and the reference
-- tables) has clinic_id in its primary key, in every unique constraint and
-- unique index, and in every foreign key to another distributed table,
-- which maps clinic_id to clinic_id. That is the rule Citus imposes on
-- co-located distributed tables, so a large group can run
-- create_distributed_table(..., 'clinic_id') on each (README) without a
-- schema change; it also lets the database itself refuse a record that
-- names another clinic's patient, session or plan.
--
-- clinic_id comes last in each key: id keeps being generated as before
-- and stays the leading column, so every existing lookup or join by id
-- alone is still an index probe; Citus needs the distribution column in
-- the key, not first.
--
-- users is a reference table (a person signs in before a clinic is chosen
-- and may work at several), and Citus refuses a foreign key from a
-- reference table to a distributed one: users.patient_id (a portal
-- account's patient) loses its foreign key; the service that makes a
-- portal account names a patient it has just read in that clinic.

-- 1. Foreign keys between distributed tables (and the one from a reference
--    table to a distributed one) go first: the keys they lean on change.
ALTER TABLE administrations DROP CONSTRAINT administrations_course_id_fkey;
ALTER TABLE administrations DROP CONSTRAINT administrations_patient_id_fkey;
ALTER TABLE appointment_notices DROP CONSTRAINT appointment_notices_appointment_id_fkey;
ALTER TABLE appointment_notices DROP CONSTRAINT appointment_notices_patient_id_fkey;
ALTER TABLE appointment_reminders DROP CONSTRAINT appointment_reminders_appointment_id_fkey;
ALTER TABLE appointment_reminders DROP CONSTRAINT appointment_reminders_patient_id_fkey;
ALTER TABLE appointments DROP CONSTRAINT appointments_patient_id_fkey;
ALTER TABLE appointments DROP CONSTRAINT appointments_plan_id_fkey;
ALTER TABLE appointments DROP CONSTRAINT appointments_provider_id_fkey;
ALTER TABLE appointments DROP CONSTRAINT appointments_resource_id_fkey;
ALTER TABLE assessments DROP CONSTRAINT assessments_patient_id_fkey;
ALTER TABLE booking_waitlist DROP CONSTRAINT booking_waitlist_patient_id_fkey;
ALTER TABLE booking_waitlist DROP CONSTRAINT booking_waitlist_provider_id_fkey;
ALTER TABLE caseloads DROP CONSTRAINT caseloads_patient_id_fkey;
ALTER TABLE clinical_notes DROP CONSTRAINT clinical_notes_patient_id_fkey;
ALTER TABLE contact_preferences DROP CONSTRAINT contact_preferences_patient_id_fkey;
ALTER TABLE courses DROP CONSTRAINT courses_patient_id_fkey;
ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_assessment_id_fkey;
ALTER TABLE intakes DROP CONSTRAINT intakes_patient_id_fkey;
ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_administration_id_fkey;
ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_container_id_fkey;
ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_corrects_fkey;
ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_patient_id_fkey;
ALTER TABLE message_notices DROP CONSTRAINT message_notices_patient_id_fkey;
ALTER TABLE message_notices DROP CONSTRAINT message_notices_thread_id_fkey;
ALTER TABLE message_threads DROP CONSTRAINT message_threads_patient_id_fkey;
ALTER TABLE messages DROP CONSTRAINT messages_patient_id_fkey;
ALTER TABLE messages DROP CONSTRAINT messages_thread_id_fkey;
ALTER TABLE note_addenda DROP CONSTRAINT note_addenda_note_id_fkey;
ALTER TABLE outbox DROP CONSTRAINT outbox_link_id_fkey;
ALTER TABLE outbox DROP CONSTRAINT outbox_patient_id_fkey;
ALTER TABLE patient_conditions DROP CONSTRAINT patient_conditions_patient_id_fkey;
ALTER TABLE patient_versions DROP CONSTRAINT patient_versions_patient_id_fkey;
ALTER TABLE plan_sessions DROP CONSTRAINT plan_sessions_plan_id_fkey;
ALTER TABLE questionnaire_links DROP CONSTRAINT questionnaire_links_assessment_id_fkey;
ALTER TABLE questionnaire_links DROP CONSTRAINT questionnaire_links_course_id_fkey;
ALTER TABLE questionnaire_links DROP CONSTRAINT questionnaire_links_patient_id_fkey;
ALTER TABLE rems_enrolments DROP CONSTRAINT rems_enrolments_patient_id_fkey;
ALTER TABLE rems_forms DROP CONSTRAINT rems_forms_session_id_fkey;
ALTER TABLE safety_alerts DROP CONSTRAINT safety_alerts_assessment_id_fkey;
ALTER TABLE safety_alerts DROP CONSTRAINT safety_alerts_message_id_fkey;
ALTER TABLE safety_alerts DROP CONSTRAINT safety_alerts_patient_id_fkey;
ALTER TABLE screening_overrides DROP CONSTRAINT screening_overrides_intake_id_fkey;
ALTER TABLE screening_overrides DROP CONSTRAINT screening_overrides_patient_id_fkey;
ALTER TABLE session_addenda DROP CONSTRAINT session_addenda_session_id_fkey;
ALTER TABLE session_alerts DROP CONSTRAINT session_alerts_session_id_fkey;
ALTER TABLE session_alerts DROP CONSTRAINT session_alerts_vitals_id_fkey;
ALTER TABLE session_doses DROP CONSTRAINT session_doses_administration_id_fkey;
ALTER TABLE session_doses DROP CONSTRAINT session_doses_session_id_fkey;
ALTER TABLE session_side_effects DROP CONSTRAINT session_side_effects_session_id_fkey;
ALTER TABLE session_vitals DROP CONSTRAINT session_vitals_session_id_fkey;
ALTER TABLE treatment_plans DROP CONSTRAINT treatment_plans_patient_id_fkey;
ALTER TABLE treatment_plans DROP CONSTRAINT treatment_plans_root_id_fkey;
ALTER TABLE treatment_sessions DROP CONSTRAINT treatment_sessions_appointment_id_fkey;
ALTER TABLE treatment_sessions DROP CONSTRAINT treatment_sessions_patient_id_fkey;
ALTER TABLE treatment_sessions DROP CONSTRAINT treatment_sessions_plan_id_fkey;
ALTER TABLE users DROP CONSTRAINT users_patient_id_fkey;

-- 2. Primary keys and unique constraints take clinic_id.
ALTER TABLE administrations DROP CONSTRAINT administrations_pkey;
ALTER TABLE appointment_notices DROP CONSTRAINT appointment_notices_pkey;
ALTER TABLE appointment_reminders DROP CONSTRAINT appointment_reminders_pkey;
ALTER TABLE appointments DROP CONSTRAINT appointments_pkey;
ALTER TABLE assessments DROP CONSTRAINT assessments_pkey;
ALTER TABLE audit_log DROP CONSTRAINT audit_log_pkey;
ALTER TABLE booking_providers DROP CONSTRAINT booking_providers_pkey;
ALTER TABLE booking_resources DROP CONSTRAINT booking_resources_pkey;
ALTER TABLE booking_waitlist DROP CONSTRAINT booking_waitlist_pkey;
ALTER TABLE caseloads DROP CONSTRAINT caseloads_pkey;
ALTER TABLE clinic_exports DROP CONSTRAINT clinic_exports_pkey;
ALTER TABLE clinic_session_settings DROP CONSTRAINT clinic_session_settings_pkey;
ALTER TABLE clinic_settings DROP CONSTRAINT clinic_settings_pkey;
ALTER TABLE clinical_notes DROP CONSTRAINT clinical_notes_pkey;
ALTER TABLE contact_preferences DROP CONSTRAINT contact_preferences_pkey;
ALTER TABLE courses DROP CONSTRAINT courses_pkey;
ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_pkey;
ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_user_id_idem_key_key;
ALTER TABLE intakes DROP CONSTRAINT intakes_pkey;
ALTER TABLE ledger_containers DROP CONSTRAINT ledger_containers_pkey;
ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_pkey;
ALTER TABLE message_notices DROP CONSTRAINT message_notices_pkey;
ALTER TABLE message_threads DROP CONSTRAINT message_threads_pkey;
ALTER TABLE messages DROP CONSTRAINT messages_pkey;
ALTER TABLE note_addenda DROP CONSTRAINT note_addenda_pkey;
ALTER TABLE outbox DROP CONSTRAINT outbox_pkey;
ALTER TABLE patient_conditions DROP CONSTRAINT patient_conditions_pkey;
ALTER TABLE patient_versions DROP CONSTRAINT patient_versions_pkey;
ALTER TABLE patients DROP CONSTRAINT patients_pkey;
ALTER TABLE plan_sessions DROP CONSTRAINT plan_sessions_pkey;
ALTER TABLE plan_sessions DROP CONSTRAINT plan_sessions_plan_id_number_key;
ALTER TABLE protocol_templates DROP CONSTRAINT protocol_templates_pkey;
ALTER TABLE questionnaire_links DROP CONSTRAINT questionnaire_links_pkey;
ALTER TABLE questionnaire_links DROP CONSTRAINT questionnaire_links_token_hash_key;
ALTER TABLE rems_enrolments DROP CONSTRAINT rems_enrolments_pkey;
ALTER TABLE rems_forms DROP CONSTRAINT rems_forms_pkey;
ALTER TABLE safety_alerts DROP CONSTRAINT safety_alerts_pkey;
ALTER TABLE screening_overrides DROP CONSTRAINT screening_overrides_pkey;
ALTER TABLE screening_overrides DROP CONSTRAINT screening_overrides_intake_id_key;
ALTER TABLE session_addenda DROP CONSTRAINT session_addenda_pkey;
ALTER TABLE session_alerts DROP CONSTRAINT session_alerts_pkey;
ALTER TABLE session_doses DROP CONSTRAINT session_doses_pkey;
ALTER TABLE session_doses DROP CONSTRAINT session_doses_session_id_key;
ALTER TABLE session_side_effects DROP CONSTRAINT session_side_effects_pkey;
ALTER TABLE session_vitals DROP CONSTRAINT session_vitals_pkey;
ALTER TABLE treatment_plans DROP CONSTRAINT treatment_plans_pkey;
ALTER TABLE treatment_sessions DROP CONSTRAINT treatment_sessions_pkey;
ALTER TABLE administrations ADD CONSTRAINT administrations_pkey PRIMARY KEY (id, clinic_id);
ALTER TABLE appointment_notices ADD CONSTRAINT appointment_notices_pkey PRIMARY KEY (id, clinic_id);
ALTER TABLE appointment_reminders ADD CONSTRAINT appointment_reminders_pkey PRIMARY KEY (id, clinic_id);
ALTER TABLE appointments ADD CONSTRAINT appointments_pkey PRIMARY KEY (id, clinic_id);
ALTER TABLE assessments ADD CONSTRAINT assessments_pkey PRIMARY KEY (id, clinic_id);
ALTER TABLE audit_log ADD CONSTRAINT audit_log_pkey PRIMARY KEY (id, clinic_id);
ALTER TABLE booking_providers ADD CONSTRAINT booking_providers_pkey PRIMARY KEY (id, clinic_id);
ALTER TABLE booking_resources ADD CONSTRAINT booking_resources_pkey PRIMARY KEY (id, clinic_id);
ALTER TABLE booking_waitlist ADD CONSTRAINT booking_waitlist_pkey PRIMARY KEY (id, clinic_id);
ALTER TABLE caseloads ADD CONSTRAINT caseloads_pkey PRIMARY KEY (id, clinic_id);
ALTER TABLE clinic_exports ADD CONSTRAINT clinic_exports_pkey PRIMARY KEY (id, clinic_id);
ALTER TABLE clinic_session_settings ADD CONSTRAINT clinic_session_settings_pkey PRIMARY KEY (id, clinic_id);
ALTER TABLE clinic_settings ADD CONSTRAINT clinic_settings_pkey PRIMARY KEY (id, clinic_id);
ALTER TABLE clinical_notes ADD CONSTRAINT clinical_notes_pkey PRIMARY KEY (id, clinic_id);
ALTER TABLE contact_preferences ADD CONSTRAINT contact_preferences_pkey PRIMARY KEY (id, clinic_id);
ALTER TABLE courses ADD CONSTRAINT courses_pkey PRIMARY KEY (id, clinic_id);
ALTER TABLE idempotency_keys ADD CONSTRAINT idempotency_keys_pkey PRIMARY KEY (id, clinic_id);
ALTER TABLE idempotency_keys ADD CONSTRAINT idempotency_keys_user_id_idem_key_key UNIQUE (user_id, idem_key, clinic_id);
ALTER TABLE intakes ADD CONSTRAINT intakes_pkey PRIMARY KEY (id, clinic_id);
ALTER TABLE ledger_containers ADD CONSTRAINT ledger_containers_pkey PRIMARY KEY (id, clinic_id);
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_pkey PRIMARY KEY (id, clinic_id);
ALTER TABLE message_notices ADD CONSTRAINT message_notices_pkey PRIMARY KEY (id, clinic_id);
ALTER TABLE message_threads ADD CONSTRAINT message_threads_pkey PRIMARY KEY (id, clinic_id);
ALTER TABLE messages ADD CONSTRAINT messages_pkey PRIMARY KEY (id, clinic_id);
ALTER TABLE note_addenda ADD CONSTRAINT note_addenda_pkey PRIMARY KEY (id, clinic_id);
ALTER TABLE outbox ADD CONSTRAINT outbox_pkey PRIMARY KEY (id, clinic_id);
ALTER TABLE patient_conditions ADD CONSTRAINT patient_conditions_pkey PRIMARY KEY (patient_id, condition, clinic_id);
ALTER TABLE patient_versions ADD CONSTRAINT patient_versions_pkey PRIMARY KEY (id, clinic_id);
ALTER TABLE patients ADD CONSTRAINT patients_pkey PRIMARY KEY (id, clinic_id);
ALTER TABLE plan_sessions ADD CONSTRAINT plan_sessions_pkey PRIMARY KEY (id, clinic_id);
ALTER TABLE plan_sessions ADD CONSTRAINT plan_sessions_plan_id_number_key UNIQUE (plan_id, number, clinic_id);
ALTER TABLE protocol_templates ADD CONSTRAINT protocol_templates_pkey PRIMARY KEY (id, clinic_id);
ALTER TABLE questionnaire_links ADD CONSTRAINT questionnaire_links_pkey PRIMARY KEY (id, clinic_id);
ALTER TABLE questionnaire_links ADD CONSTRAINT questionnaire_links_token_hash_key UNIQUE (token_hash, clinic_id);
ALTER TABLE rems_enrolments ADD CONSTRAINT rems_enrolments_pkey PRIMARY KEY (id, clinic_id);
ALTER TABLE rems_forms ADD CONSTRAINT rems_forms_pkey PRIMARY KEY (session_id, clinic_id);
ALTER TABLE safety_alerts ADD CONSTRAINT safety_alerts_pkey PRIMARY KEY (id, clinic_id);
ALTER TABLE screening_overrides ADD CONSTRAINT screening_overrides_pkey PRIMARY KEY (id, clinic_id);
ALTER TABLE screening_overrides ADD CONSTRAINT screening_overrides_intake_id_key UNIQUE (intake_id, clinic_id);
ALTER TABLE session_addenda ADD CONSTRAINT session_addenda_pkey PRIMARY KEY (id, clinic_id);
ALTER TABLE session_alerts ADD CONSTRAINT session_alerts_pkey PRIMARY KEY (id, clinic_id);
ALTER TABLE session_doses ADD CONSTRAINT session_doses_pkey PRIMARY KEY (id, clinic_id);
ALTER TABLE session_doses ADD CONSTRAINT session_doses_session_id_key UNIQUE (session_id, clinic_id);
ALTER TABLE session_side_effects ADD CONSTRAINT session_side_effects_pkey PRIMARY KEY (id, clinic_id);
ALTER TABLE session_vitals ADD CONSTRAINT session_vitals_pkey PRIMARY KEY (id, clinic_id);
ALTER TABLE treatment_plans ADD CONSTRAINT treatment_plans_pkey PRIMARY KEY (id, clinic_id);
ALTER TABLE treatment_sessions ADD CONSTRAINT treatment_sessions_pkey PRIMARY KEY (id, clinic_id);

-- 3. Foreign keys between distributed tables map clinic_id to clinic_id.
ALTER TABLE administrations ADD CONSTRAINT administrations_course_id_fkey FOREIGN KEY (course_id, clinic_id) REFERENCES courses (id, clinic_id);
ALTER TABLE administrations ADD CONSTRAINT administrations_patient_id_fkey FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id);
ALTER TABLE appointment_notices ADD CONSTRAINT appointment_notices_appointment_id_fkey FOREIGN KEY (appointment_id, clinic_id) REFERENCES appointments (id, clinic_id);
ALTER TABLE appointment_notices ADD CONSTRAINT appointment_notices_patient_id_fkey FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id);
ALTER TABLE appointment_reminders ADD CONSTRAINT appointment_reminders_appointment_id_fkey FOREIGN KEY (appointment_id, clinic_id) REFERENCES appointments (id, clinic_id);
ALTER TABLE appointment_reminders ADD CONSTRAINT appointment_reminders_patient_id_fkey FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id);
ALTER TABLE appointments ADD CONSTRAINT appointments_patient_id_fkey FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id);
ALTER TABLE appointments ADD CONSTRAINT appointments_plan_id_fkey FOREIGN KEY (plan_id, clinic_id) REFERENCES treatment_plans (id, clinic_id);
ALTER TABLE appointments ADD CONSTRAINT appointments_provider_id_fkey FOREIGN KEY (provider_id, clinic_id) REFERENCES booking_providers (id, clinic_id);
ALTER TABLE appointments ADD CONSTRAINT appointments_resource_id_fkey FOREIGN KEY (resource_id, clinic_id) REFERENCES booking_resources (id, clinic_id);
ALTER TABLE assessments ADD CONSTRAINT assessments_patient_id_fkey FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id);
ALTER TABLE booking_waitlist ADD CONSTRAINT booking_waitlist_patient_id_fkey FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id);
ALTER TABLE booking_waitlist ADD CONSTRAINT booking_waitlist_provider_id_fkey FOREIGN KEY (provider_id, clinic_id) REFERENCES booking_providers (id, clinic_id);
ALTER TABLE caseloads ADD CONSTRAINT caseloads_patient_id_fkey FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id);
ALTER TABLE clinical_notes ADD CONSTRAINT clinical_notes_patient_id_fkey FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id);
ALTER TABLE contact_preferences ADD CONSTRAINT contact_preferences_patient_id_fkey FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id);
ALTER TABLE courses ADD CONSTRAINT courses_patient_id_fkey FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id);
ALTER TABLE idempotency_keys ADD CONSTRAINT idempotency_keys_assessment_id_fkey FOREIGN KEY (assessment_id, clinic_id) REFERENCES assessments (id, clinic_id);
ALTER TABLE intakes ADD CONSTRAINT intakes_patient_id_fkey FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id);
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_administration_id_fkey FOREIGN KEY (administration_id, clinic_id) REFERENCES administrations (id, clinic_id);
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_container_id_fkey FOREIGN KEY (container_id, clinic_id) REFERENCES ledger_containers (id, clinic_id);
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_corrects_fkey FOREIGN KEY (corrects, clinic_id) REFERENCES ledger_entries (id, clinic_id);
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_patient_id_fkey FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id);
ALTER TABLE message_notices ADD CONSTRAINT message_notices_patient_id_fkey FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id);
ALTER TABLE message_notices ADD CONSTRAINT message_notices_thread_id_fkey FOREIGN KEY (thread_id, clinic_id) REFERENCES message_threads (id, clinic_id);
ALTER TABLE message_threads ADD CONSTRAINT message_threads_patient_id_fkey FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id);
ALTER TABLE messages ADD CONSTRAINT messages_patient_id_fkey FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id);
ALTER TABLE messages ADD CONSTRAINT messages_thread_id_fkey FOREIGN KEY (thread_id, clinic_id) REFERENCES message_threads (id, clinic_id);
ALTER TABLE note_addenda ADD CONSTRAINT note_addenda_note_id_fkey FOREIGN KEY (note_id, clinic_id) REFERENCES clinical_notes (id, clinic_id);
ALTER TABLE outbox ADD CONSTRAINT outbox_link_id_fkey FOREIGN KEY (link_id, clinic_id) REFERENCES questionnaire_links (id, clinic_id);
ALTER TABLE outbox ADD CONSTRAINT outbox_patient_id_fkey FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id);
ALTER TABLE patient_conditions ADD CONSTRAINT patient_conditions_patient_id_fkey FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id);
ALTER TABLE patient_versions ADD CONSTRAINT patient_versions_patient_id_fkey FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id);
ALTER TABLE plan_sessions ADD CONSTRAINT plan_sessions_plan_id_fkey FOREIGN KEY (plan_id, clinic_id) REFERENCES treatment_plans (id, clinic_id);
ALTER TABLE questionnaire_links ADD CONSTRAINT questionnaire_links_assessment_id_fkey FOREIGN KEY (assessment_id, clinic_id) REFERENCES assessments (id, clinic_id);
ALTER TABLE questionnaire_links ADD CONSTRAINT questionnaire_links_course_id_fkey FOREIGN KEY (course_id, clinic_id) REFERENCES courses (id, clinic_id);
ALTER TABLE questionnaire_links ADD CONSTRAINT questionnaire_links_patient_id_fkey FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id);
ALTER TABLE rems_enrolments ADD CONSTRAINT rems_enrolments_patient_id_fkey FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id);
ALTER TABLE rems_forms ADD CONSTRAINT rems_forms_session_id_fkey FOREIGN KEY (session_id, clinic_id) REFERENCES treatment_sessions (id, clinic_id);
ALTER TABLE safety_alerts ADD CONSTRAINT safety_alerts_assessment_id_fkey FOREIGN KEY (assessment_id, clinic_id) REFERENCES assessments (id, clinic_id);
ALTER TABLE safety_alerts ADD CONSTRAINT safety_alerts_message_id_fkey FOREIGN KEY (message_id, clinic_id) REFERENCES messages (id, clinic_id);
ALTER TABLE safety_alerts ADD CONSTRAINT safety_alerts_patient_id_fkey FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id);
ALTER TABLE screening_overrides ADD CONSTRAINT screening_overrides_intake_id_fkey FOREIGN KEY (intake_id, clinic_id) REFERENCES intakes (id, clinic_id);
ALTER TABLE screening_overrides ADD CONSTRAINT screening_overrides_patient_id_fkey FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id);
ALTER TABLE session_addenda ADD CONSTRAINT session_addenda_session_id_fkey FOREIGN KEY (session_id, clinic_id) REFERENCES treatment_sessions (id, clinic_id);
ALTER TABLE session_alerts ADD CONSTRAINT session_alerts_session_id_fkey FOREIGN KEY (session_id, clinic_id) REFERENCES treatment_sessions (id, clinic_id);
ALTER TABLE session_alerts ADD CONSTRAINT session_alerts_vitals_id_fkey FOREIGN KEY (vitals_id, clinic_id) REFERENCES session_vitals (id, clinic_id);
ALTER TABLE session_doses ADD CONSTRAINT session_doses_administration_id_fkey FOREIGN KEY (administration_id, clinic_id) REFERENCES administrations (id, clinic_id);
ALTER TABLE session_doses ADD CONSTRAINT session_doses_session_id_fkey FOREIGN KEY (session_id, clinic_id) REFERENCES treatment_sessions (id, clinic_id);
ALTER TABLE session_side_effects ADD CONSTRAINT session_side_effects_session_id_fkey FOREIGN KEY (session_id, clinic_id) REFERENCES treatment_sessions (id, clinic_id);
ALTER TABLE session_vitals ADD CONSTRAINT session_vitals_session_id_fkey FOREIGN KEY (session_id, clinic_id) REFERENCES treatment_sessions (id, clinic_id);
ALTER TABLE treatment_plans ADD CONSTRAINT treatment_plans_patient_id_fkey FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id);
ALTER TABLE treatment_plans ADD CONSTRAINT treatment_plans_root_id_fkey FOREIGN KEY (root_id, clinic_id) REFERENCES treatment_plans (id, clinic_id);
ALTER TABLE treatment_sessions ADD CONSTRAINT treatment_sessions_appointment_id_fkey FOREIGN KEY (appointment_id, clinic_id) REFERENCES appointments (id, clinic_id);
ALTER TABLE treatment_sessions ADD CONSTRAINT treatment_sessions_patient_id_fkey FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id);
ALTER TABLE treatment_sessions ADD CONSTRAINT treatment_sessions_plan_id_fkey FOREIGN KEY (plan_id, clinic_id) REFERENCES treatment_plans (id, clinic_id);

-- 4. Unique indexes that stand alone take clinic_id too.
DROP INDEX treatment_plans_version;
CREATE UNIQUE INDEX treatment_plans_version ON treatment_plans (COALESCE(root_id, id), version, clinic_id);
DROP INDEX appointments_resource_start;
CREATE UNIQUE INDEX appointments_resource_start ON appointments (resource_id, start_at, clinic_id) WHERE status <> 'cancelled';
DROP INDEX appointments_plan_session;
CREATE UNIQUE INDEX appointments_plan_session ON appointments (plan_id, plan_session, clinic_id) WHERE status <> 'cancelled' AND plan_id IS NOT NULL;
