-- A schema ready to distribute by clinic (issue 17): the same rule as
-- PostgreSQL's 0029 (read its comment): every table that holds one
-- clinic's records has clinic_id in every unique key and in every foreign
-- key to another such table, mapped clinic_id to clinic_id, so the
-- database refuses a record that names another clinic's patient, session
-- or plan. users (a reference table) loses its foreign key to patients.
--
-- SQLite generates an id only as the rowid alias `id INTEGER PRIMARY KEY`,
-- so id stays the primary key here (the rowid is SQLite's row address,
-- unique by itself; Citus never sees SQLite), and a unique index on
-- (id, clinic_id) stands beside it where a composite foreign key names it.
--
-- SQLite cannot alter a constraint: each table whose constraints change is
-- rebuilt (create the new table, copy, drop the old, rename), its indexes
-- made again, and every trigger dropped first and made again last, as the
-- earlier migrations wrote them. The migration runs with foreign keys off
-- (migrate.go) and is checked with PRAGMA foreign_key_check before it
-- commits.

-- Triggers go first and come back last: a table rebuilt below must not
-- be named by another table's trigger while it is briefly missing.
DROP TRIGGER audit_log_no_update;
DROP TRIGGER audit_log_no_delete;
DROP TRIGGER treatment_sessions_locked_update;
DROP TRIGGER treatment_sessions_locked_delete;
DROP TRIGGER session_doses_locked_insert;
DROP TRIGGER session_doses_locked_update;
DROP TRIGGER session_doses_locked_delete;
DROP TRIGGER session_vitals_locked_insert;
DROP TRIGGER session_vitals_locked_update;
DROP TRIGGER session_vitals_locked_delete;
DROP TRIGGER session_alerts_locked_insert;
DROP TRIGGER session_alerts_locked_update;
DROP TRIGGER session_alerts_locked_delete;
DROP TRIGGER session_side_effects_locked_insert;
DROP TRIGGER session_side_effects_locked_update;
DROP TRIGGER session_side_effects_locked_delete;
DROP TRIGGER rems_forms_locked_insert;
DROP TRIGGER rems_forms_locked_update;
DROP TRIGGER rems_forms_locked_delete;
DROP TRIGGER session_addenda_no_update;
DROP TRIGGER session_addenda_no_delete;
DROP TRIGGER rems_enrolments_no_update;
DROP TRIGGER rems_enrolments_no_delete;
DROP TRIGGER intakes_no_update;
DROP TRIGGER intakes_no_delete;
DROP TRIGGER screening_overrides_no_update;
DROP TRIGGER screening_overrides_no_delete;
DROP TRIGGER ledger_containers_no_update;
DROP TRIGGER ledger_containers_no_delete;
DROP TRIGGER ledger_entries_no_update;
DROP TRIGGER ledger_entries_no_delete;
DROP TRIGGER protocol_templates_no_update;
DROP TRIGGER protocol_templates_no_delete;
DROP TRIGGER clinic_session_settings_no_update;
DROP TRIGGER clinic_session_settings_no_delete;
DROP TRIGGER audit_heads_forward;
DROP TRIGGER audit_heads_no_delete;
DROP TRIGGER clinic_settings_no_update;
DROP TRIGGER clinic_settings_no_delete;
DROP TRIGGER contact_preferences_no_update;
DROP TRIGGER contact_preferences_no_delete;
DROP TRIGGER messages_no_delete;
DROP TRIGGER messages_text_kept;
DROP TRIGGER messages_read_once;
DROP TRIGGER clinical_notes_locked;
DROP TRIGGER note_addenda_no_update;
DROP TRIGGER clinic_exports_no_update;
DROP TRIGGER clinic_exports_no_delete;

CREATE TABLE patient_conditions_new (
    clinic_id   INTEGER NOT NULL REFERENCES clinics(id),
    patient_id  INTEGER NOT NULL,
    condition   TEXT NOT NULL,
    PRIMARY KEY (patient_id, condition, clinic_id),
    FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id)
);
INSERT INTO patient_conditions_new (clinic_id, patient_id, condition)
    SELECT clinic_id, patient_id, condition FROM patient_conditions;
DROP TABLE patient_conditions;
ALTER TABLE patient_conditions_new RENAME TO patient_conditions;

CREATE TABLE users_new (
    id             INTEGER PRIMARY KEY,
    clinic_id      INTEGER NOT NULL REFERENCES clinics(id),
    email          TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    role           TEXT NOT NULL,
    password_hash  TEXT NOT NULL,
    totp_secret    TEXT NOT NULL DEFAULT '',
    totp_enabled   INTEGER NOT NULL DEFAULT 0,
    patient_id     INTEGER,
    disabled       INTEGER NOT NULL DEFAULT 0,
    created_at     TEXT NOT NULL
, totp_last_step INTEGER NOT NULL DEFAULT 0, org_admin INTEGER NOT NULL DEFAULT 0);
INSERT INTO users_new (id, clinic_id, email, name, role, password_hash, totp_secret, totp_enabled, patient_id, disabled, created_at, totp_last_step, org_admin)
    SELECT id, clinic_id, email, name, role, password_hash, totp_secret, totp_enabled, patient_id, disabled, created_at, totp_last_step, org_admin FROM users;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;

CREATE TABLE courses_new (
    id          INTEGER PRIMARY KEY,
    clinic_id   INTEGER NOT NULL REFERENCES clinics(id),
    patient_id  INTEGER NOT NULL,
    condition   TEXT NOT NULL,
    route       TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    therapy     INTEGER NOT NULL DEFAULT 0,
    FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id)
);
INSERT INTO courses_new (id, clinic_id, patient_id, condition, route, started_at, therapy)
    SELECT id, clinic_id, patient_id, condition, route, started_at, therapy FROM courses;
DROP TABLE courses;
ALTER TABLE courses_new RENAME TO courses;
CREATE INDEX courses_patient ON courses (patient_id, started_at);
CREATE INDEX courses_clinic_patient ON courses (clinic_id, patient_id, started_at);

CREATE TABLE administrations_new (
    id          INTEGER PRIMARY KEY,
    clinic_id   INTEGER NOT NULL REFERENCES clinics(id),
    course_id   INTEGER NOT NULL,
    patient_id  INTEGER NOT NULL,
    given_at    TEXT NOT NULL,
    route       TEXT NOT NULL,
    dose_mg     REAL NOT NULL,
    weight_kg   REAL NOT NULL,
    FOREIGN KEY (course_id, clinic_id) REFERENCES courses (id, clinic_id),
    FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id)
);
INSERT INTO administrations_new (id, clinic_id, course_id, patient_id, given_at, route, dose_mg, weight_kg)
    SELECT id, clinic_id, course_id, patient_id, given_at, route, dose_mg, weight_kg FROM administrations;
DROP TABLE administrations;
ALTER TABLE administrations_new RENAME TO administrations;
CREATE INDEX administrations_course ON administrations (course_id, given_at);
CREATE INDEX administrations_clinic_patient ON administrations (clinic_id, patient_id, given_at);

CREATE TABLE assessments_new (
    id          INTEGER PRIMARY KEY,
    clinic_id   INTEGER NOT NULL REFERENCES clinics(id),
    patient_id  INTEGER NOT NULL,
    instrument  TEXT NOT NULL,
    taken_at    TEXT NOT NULL,
    total       INTEGER NOT NULL,
    answers     TEXT NOT NULL DEFAULT '',
    source      TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id)
);
INSERT INTO assessments_new (id, clinic_id, patient_id, instrument, taken_at, total, answers, source, created_at)
    SELECT id, clinic_id, patient_id, instrument, taken_at, total, answers, source, created_at FROM assessments;
DROP TABLE assessments;
ALTER TABLE assessments_new RENAME TO assessments;
CREATE INDEX assessments_patient ON assessments (patient_id, instrument, taken_at);
CREATE INDEX assessments_clinic_instrument_patient ON assessments (clinic_id, instrument, patient_id, taken_at);

CREATE TABLE questionnaire_links_new (
    id             INTEGER PRIMARY KEY,
    clinic_id      INTEGER NOT NULL REFERENCES clinics(id),
    patient_id     INTEGER NOT NULL,
    course_id      INTEGER,
    instrument     TEXT NOT NULL,
    token_hash     TEXT NOT NULL,
    reason         TEXT NOT NULL DEFAULT '',
    schedule_key   TEXT,
    created_by     INTEGER REFERENCES users(id),
    created_at     TEXT NOT NULL,
    expires_at     TEXT NOT NULL,
    used_at        TEXT,
    assessment_id  INTEGER,
    UNIQUE (clinic_id, patient_id, schedule_key),
    FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id),
    FOREIGN KEY (course_id, clinic_id) REFERENCES courses (id, clinic_id),
    FOREIGN KEY (assessment_id, clinic_id) REFERENCES assessments (id, clinic_id),
    UNIQUE (token_hash, clinic_id)
);
INSERT INTO questionnaire_links_new (id, clinic_id, patient_id, course_id, instrument, token_hash, reason, schedule_key, created_by, created_at, expires_at, used_at, assessment_id)
    SELECT id, clinic_id, patient_id, course_id, instrument, token_hash, reason, schedule_key, created_by, created_at, expires_at, used_at, assessment_id FROM questionnaire_links;
DROP TABLE questionnaire_links;
ALTER TABLE questionnaire_links_new RENAME TO questionnaire_links;
CREATE INDEX questionnaire_links_patient ON questionnaire_links (clinic_id, patient_id, created_at);

CREATE TABLE outbox_new (
    id          INTEGER PRIMARY KEY,
    clinic_id   INTEGER NOT NULL REFERENCES clinics(id),
    patient_id  INTEGER NOT NULL,
    link_id     INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    channel     TEXT NOT NULL,
    recipient   TEXT NOT NULL,
    token       TEXT NOT NULL DEFAULT '',
    due_at      TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'pending',
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT NOT NULL DEFAULT '',
    sent_at     TEXT,
    created_at  TEXT NOT NULL,
    FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id),
    FOREIGN KEY (link_id, clinic_id) REFERENCES questionnaire_links (id, clinic_id)
);
INSERT INTO outbox_new (id, clinic_id, patient_id, link_id, kind, channel, recipient, token, due_at, status, attempts, last_error, sent_at, created_at)
    SELECT id, clinic_id, patient_id, link_id, kind, channel, recipient, token, due_at, status, attempts, last_error, sent_at, created_at FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (status, due_at);

CREATE TABLE idempotency_keys_new (
    id             INTEGER PRIMARY KEY,
    clinic_id      INTEGER NOT NULL REFERENCES clinics(id),
    user_id        INTEGER NOT NULL REFERENCES users(id),
    idem_key       TEXT NOT NULL,
    fingerprint    TEXT NOT NULL,
    assessment_id  INTEGER NOT NULL,
    created_at     TEXT NOT NULL,
    UNIQUE (user_id, idem_key, clinic_id),
    FOREIGN KEY (assessment_id, clinic_id) REFERENCES assessments (id, clinic_id)
);
INSERT INTO idempotency_keys_new (id, clinic_id, user_id, idem_key, fingerprint, assessment_id, created_at)
    SELECT id, clinic_id, user_id, idem_key, fingerprint, assessment_id, created_at FROM idempotency_keys;
DROP TABLE idempotency_keys;
ALTER TABLE idempotency_keys_new RENAME TO idempotency_keys;

CREATE TABLE treatment_plans_new (
    id                 INTEGER PRIMARY KEY,
    clinic_id          INTEGER NOT NULL REFERENCES clinics(id),
    patient_id         INTEGER NOT NULL,
    root_id            INTEGER,
    version            INTEGER NOT NULL,
    status             TEXT NOT NULL CHECK (status IN ('draft', 'signed', 'superseded')),
    template_id        TEXT NOT NULL,
    template_name      TEXT NOT NULL,
    template_source    TEXT NOT NULL,
    route              TEXT NOT NULL,
    weight_kg          REAL NOT NULL,
    age_years          INTEGER NOT NULL,
    start_date         TEXT NOT NULL,
    weekdays           TEXT NOT NULL,
    concentration_mg_per_ml REAL NOT NULL,
    diluent_ml         REAL NOT NULL,
    reason             TEXT NOT NULL,
    created_by         INTEGER REFERENCES users(id),
    created_by_name    TEXT NOT NULL,
    created_at         TEXT NOT NULL,
    signed_by          INTEGER REFERENCES users(id),
    signed_by_name     TEXT NOT NULL DEFAULT '',
    signed_at          TEXT
, template_json TEXT NOT NULL DEFAULT '',
    FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id),
    FOREIGN KEY (root_id, clinic_id) REFERENCES treatment_plans (id, clinic_id)
);
INSERT INTO treatment_plans_new (id, clinic_id, patient_id, root_id, version, status, template_id, template_name, template_source, route, weight_kg, age_years, start_date, weekdays, concentration_mg_per_ml, diluent_ml, reason, created_by, created_by_name, created_at, signed_by, signed_by_name, signed_at, template_json)
    SELECT id, clinic_id, patient_id, root_id, version, status, template_id, template_name, template_source, route, weight_kg, age_years, start_date, weekdays, concentration_mg_per_ml, diluent_ml, reason, created_by, created_by_name, created_at, signed_by, signed_by_name, signed_at, template_json FROM treatment_plans;
DROP TABLE treatment_plans;
ALTER TABLE treatment_plans_new RENAME TO treatment_plans;
CREATE INDEX treatment_plans_patient ON treatment_plans (clinic_id, patient_id, id);

CREATE TABLE plan_sessions_new (
    id               INTEGER PRIMARY KEY,
    clinic_id        INTEGER NOT NULL REFERENCES clinics(id),
    plan_id          INTEGER NOT NULL,
    number           INTEGER NOT NULL,
    phase            TEXT NOT NULL,
    planned_on       TEXT NOT NULL,
    route            TEXT NOT NULL,
    dose_mg          REAL NOT NULL,
    mg_per_kg        REAL NOT NULL,
    devices          INTEGER NOT NULL,
    duration_min     INTEGER NOT NULL,
    monitor_min      INTEGER NOT NULL,
    volume_ml        REAL NOT NULL,
    total_ml         REAL NOT NULL,
    rate_ml_per_hour REAL NOT NULL,
    steps            TEXT NOT NULL,
    UNIQUE (plan_id, number, clinic_id),
    FOREIGN KEY (plan_id, clinic_id) REFERENCES treatment_plans (id, clinic_id)
);
INSERT INTO plan_sessions_new (id, clinic_id, plan_id, number, phase, planned_on, route, dose_mg, mg_per_kg, devices, duration_min, monitor_min, volume_ml, total_ml, rate_ml_per_hour, steps)
    SELECT id, clinic_id, plan_id, number, phase, planned_on, route, dose_mg, mg_per_kg, devices, duration_min, monitor_min, volume_ml, total_ml, rate_ml_per_hour, steps FROM plan_sessions;
DROP TABLE plan_sessions;
ALTER TABLE plan_sessions_new RENAME TO plan_sessions;

CREATE TABLE treatment_sessions_new (
    id                   INTEGER PRIMARY KEY,
    clinic_id            INTEGER NOT NULL REFERENCES clinics(id),
    patient_id           INTEGER NOT NULL,
    plan_id              INTEGER,
    route                TEXT NOT NULL,
    drug                 TEXT NOT NULL CHECK (drug IN ('racemic', 'esketamine')),
    planned_dose_mg      REAL NOT NULL,
    ceiling_mg           REAL NOT NULL,
    weight_kg            REAL NOT NULL,
    age_years            INTEGER NOT NULL,
    status               TEXT NOT NULL CHECK (status IN ('ready', 'held', 'cancelled', 'dosed', 'discharged')),
    identity_confirmed   INTEGER NOT NULL,
    consent_current      INTEGER NOT NULL,
    plan_signed          INTEGER NOT NULL,
    nothing_by_mouth     INTEGER NOT NULL,
    responsible_adult    INTEGER NOT NULL,
    pregnancy            TEXT NOT NULL,
    base_systolic        INTEGER NOT NULL,
    base_diastolic       INTEGER NOT NULL,
    base_heart_rate      INTEGER NOT NULL,
    base_spo2            INTEGER NOT NULL,
    base_resp_rate       INTEGER NOT NULL,
    hold_reason          TEXT NOT NULL DEFAULT '',
    hold_decision        TEXT NOT NULL DEFAULT '',
    hold_decision_reason TEXT NOT NULL DEFAULT '',
    hold_decided_by      INTEGER REFERENCES users(id),
    hold_decided_by_name TEXT NOT NULL DEFAULT '',
    hold_decided_at      TEXT,
    checked_in_by        INTEGER REFERENCES users(id),
    checked_in_by_name   TEXT NOT NULL,
    checked_in_at        TEXT NOT NULL,
    alert_oriented       INTEGER NOT NULL DEFAULT 0,
    adult_present        INTEGER NOT NULL DEFAULT 0,
    discharge_instructions TEXT NOT NULL DEFAULT '',
    discharged_by        INTEGER REFERENCES users(id),
    discharged_by_name   TEXT NOT NULL DEFAULT '',
    discharged_at        TEXT
, signed_by INTEGER REFERENCES users(id), signed_by_name TEXT NOT NULL DEFAULT '', signed_at TEXT, appointment_id INTEGER, plan_session INTEGER NOT NULL DEFAULT 0, spacing_override TEXT NOT NULL DEFAULT '', spacing_override_by INTEGER REFERENCES users(id), spacing_override_by_name TEXT NOT NULL DEFAULT '',
    FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id),
    FOREIGN KEY (plan_id, clinic_id) REFERENCES treatment_plans (id, clinic_id),
    FOREIGN KEY (appointment_id, clinic_id) REFERENCES appointments (id, clinic_id)
);
INSERT INTO treatment_sessions_new (id, clinic_id, patient_id, plan_id, route, drug, planned_dose_mg, ceiling_mg, weight_kg, age_years, status, identity_confirmed, consent_current, plan_signed, nothing_by_mouth, responsible_adult, pregnancy, base_systolic, base_diastolic, base_heart_rate, base_spo2, base_resp_rate, hold_reason, hold_decision, hold_decision_reason, hold_decided_by, hold_decided_by_name, hold_decided_at, checked_in_by, checked_in_by_name, checked_in_at, alert_oriented, adult_present, discharge_instructions, discharged_by, discharged_by_name, discharged_at, signed_by, signed_by_name, signed_at, appointment_id, plan_session, spacing_override, spacing_override_by, spacing_override_by_name)
    SELECT id, clinic_id, patient_id, plan_id, route, drug, planned_dose_mg, ceiling_mg, weight_kg, age_years, status, identity_confirmed, consent_current, plan_signed, nothing_by_mouth, responsible_adult, pregnancy, base_systolic, base_diastolic, base_heart_rate, base_spo2, base_resp_rate, hold_reason, hold_decision, hold_decision_reason, hold_decided_by, hold_decided_by_name, hold_decided_at, checked_in_by, checked_in_by_name, checked_in_at, alert_oriented, adult_present, discharge_instructions, discharged_by, discharged_by_name, discharged_at, signed_by, signed_by_name, signed_at, appointment_id, plan_session, spacing_override, spacing_override_by, spacing_override_by_name FROM treatment_sessions;
DROP TABLE treatment_sessions;
ALTER TABLE treatment_sessions_new RENAME TO treatment_sessions;
CREATE INDEX treatment_sessions_patient ON treatment_sessions (clinic_id, patient_id, id);
CREATE INDEX treatment_sessions_drug ON treatment_sessions (clinic_id, drug, checked_in_at);
CREATE INDEX treatment_sessions_appointment ON treatment_sessions (clinic_id, appointment_id);

CREATE TABLE session_doses_new (
    id                   INTEGER PRIMARY KEY,
    clinic_id            INTEGER NOT NULL REFERENCES clinics(id),
    session_id           INTEGER NOT NULL,
    administration_id    INTEGER NOT NULL,
    drug                 TEXT NOT NULL,
    route                TEXT NOT NULL,
    dose_mg              REAL NOT NULL,
    mg_per_kg            REAL NOT NULL,
    concentration_mg_per_ml REAL NOT NULL,
    volume_ml            REAL NOT NULL,
    rate_ml_per_hour     REAL NOT NULL,
    duration_min         INTEGER NOT NULL,
    devices              INTEGER NOT NULL,
    lot_number           TEXT NOT NULL,
    lot_expiry           TEXT NOT NULL,
    started_at           TEXT NOT NULL,
    ended_at             TEXT NOT NULL,
    administered_by      INTEGER REFERENCES users(id),
    administered_by_name TEXT NOT NULL,
    created_at           TEXT NOT NULL,
    FOREIGN KEY (session_id, clinic_id) REFERENCES treatment_sessions (id, clinic_id),
    FOREIGN KEY (administration_id, clinic_id) REFERENCES administrations (id, clinic_id),
    UNIQUE (session_id, clinic_id)
);
INSERT INTO session_doses_new (id, clinic_id, session_id, administration_id, drug, route, dose_mg, mg_per_kg, concentration_mg_per_ml, volume_ml, rate_ml_per_hour, duration_min, devices, lot_number, lot_expiry, started_at, ended_at, administered_by, administered_by_name, created_at)
    SELECT id, clinic_id, session_id, administration_id, drug, route, dose_mg, mg_per_kg, concentration_mg_per_ml, volume_ml, rate_ml_per_hour, duration_min, devices, lot_number, lot_expiry, started_at, ended_at, administered_by, administered_by_name, created_at FROM session_doses;
DROP TABLE session_doses;
ALTER TABLE session_doses_new RENAME TO session_doses;

CREATE TABLE session_vitals_new (
    id           INTEGER PRIMARY KEY,
    clinic_id    INTEGER NOT NULL REFERENCES clinics(id),
    session_id   INTEGER NOT NULL,
    taken_at     TEXT NOT NULL,
    systolic     INTEGER NOT NULL,
    diastolic    INTEGER NOT NULL,
    heart_rate   INTEGER NOT NULL,
    spo2         INTEGER NOT NULL,
    resp_rate    INTEGER NOT NULL,
    sedation     INTEGER NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    recorded_by  INTEGER REFERENCES users(id),
    recorded_by_name TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    FOREIGN KEY (session_id, clinic_id) REFERENCES treatment_sessions (id, clinic_id)
);
INSERT INTO session_vitals_new (id, clinic_id, session_id, taken_at, systolic, diastolic, heart_rate, spo2, resp_rate, sedation, note, recorded_by, recorded_by_name, created_at)
    SELECT id, clinic_id, session_id, taken_at, systolic, diastolic, heart_rate, spo2, resp_rate, sedation, note, recorded_by, recorded_by_name, created_at FROM session_vitals;
DROP TABLE session_vitals;
ALTER TABLE session_vitals_new RENAME TO session_vitals;
CREATE INDEX session_vitals_session ON session_vitals (session_id, taken_at);

CREATE TABLE session_alerts_new (
    id           INTEGER PRIMARY KEY,
    clinic_id    INTEGER NOT NULL REFERENCES clinics(id),
    session_id   INTEGER NOT NULL,
    vitals_id    INTEGER NOT NULL,
    kind         TEXT NOT NULL,
    message      TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    ack_by       INTEGER REFERENCES users(id),
    ack_by_name  TEXT NOT NULL DEFAULT '',
    ack_at       TEXT,
    ack_action   TEXT NOT NULL DEFAULT '',
    ack_note     TEXT NOT NULL DEFAULT '',
    FOREIGN KEY (session_id, clinic_id) REFERENCES treatment_sessions (id, clinic_id),
    FOREIGN KEY (vitals_id, clinic_id) REFERENCES session_vitals (id, clinic_id)
);
INSERT INTO session_alerts_new (id, clinic_id, session_id, vitals_id, kind, message, created_at, ack_by, ack_by_name, ack_at, ack_action, ack_note)
    SELECT id, clinic_id, session_id, vitals_id, kind, message, created_at, ack_by, ack_by_name, ack_at, ack_action, ack_note FROM session_alerts;
DROP TABLE session_alerts;
ALTER TABLE session_alerts_new RENAME TO session_alerts;
CREATE INDEX session_alerts_session ON session_alerts (session_id, id);

CREATE TABLE session_side_effects_new (
    id           INTEGER PRIMARY KEY,
    clinic_id    INTEGER NOT NULL REFERENCES clinics(id),
    session_id   INTEGER NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('side-effect', 'adverse-event')),
    effect       TEXT NOT NULL,
    grade        TEXT NOT NULL,
    outcome      TEXT NOT NULL DEFAULT '',
    noted_at     TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    recorded_by  INTEGER REFERENCES users(id),
    recorded_by_name TEXT NOT NULL,
    FOREIGN KEY (session_id, clinic_id) REFERENCES treatment_sessions (id, clinic_id)
);
INSERT INTO session_side_effects_new (id, clinic_id, session_id, kind, effect, grade, outcome, noted_at, note, recorded_by, recorded_by_name)
    SELECT id, clinic_id, session_id, kind, effect, grade, outcome, noted_at, note, recorded_by, recorded_by_name FROM session_side_effects;
DROP TABLE session_side_effects;
ALTER TABLE session_side_effects_new RENAME TO session_side_effects;
CREATE INDEX session_side_effects_session ON session_side_effects (session_id, id);

CREATE TABLE rems_forms_new (
    session_id        INTEGER NOT NULL,
    clinic_id         INTEGER NOT NULL REFERENCES clinics(id),
    benzodiazepines   INTEGER,
    sedative_hypnotics INTEGER,
    psychostimulants  INTEGER,
    maois             INTEGER,
    ready_minutes     INTEGER,
    updated_at        TEXT NOT NULL,
    signed_by         INTEGER REFERENCES users(id),
    signed_by_name    TEXT NOT NULL DEFAULT '',
    signed_at         TEXT,
    PRIMARY KEY (session_id, clinic_id),
    FOREIGN KEY (session_id, clinic_id) REFERENCES treatment_sessions (id, clinic_id)
);
INSERT INTO rems_forms_new (session_id, clinic_id, benzodiazepines, sedative_hypnotics, psychostimulants, maois, ready_minutes, updated_at, signed_by, signed_by_name, signed_at)
    SELECT session_id, clinic_id, benzodiazepines, sedative_hypnotics, psychostimulants, maois, ready_minutes, updated_at, signed_by, signed_by_name, signed_at FROM rems_forms;
DROP TABLE rems_forms;
ALTER TABLE rems_forms_new RENAME TO rems_forms;

CREATE TABLE appointments_new (
    id              INTEGER PRIMARY KEY,
    clinic_id       INTEGER NOT NULL REFERENCES clinics(id),
    patient_id      INTEGER NOT NULL,
    kind            TEXT NOT NULL,
    start_at        TEXT NOT NULL,
    end_at          TEXT NOT NULL,
    provider_end_at TEXT NOT NULL,
    resource_id     INTEGER NOT NULL,
    provider_id     INTEGER NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('booked', 'cancelled', 'attended')),
    plan_id         INTEGER,
    plan_session    INTEGER,
    reschedules     INTEGER NOT NULL DEFAULT 0,
    late_change     INTEGER NOT NULL DEFAULT 0,
    note            TEXT NOT NULL DEFAULT '',
    created_by      INTEGER REFERENCES users(id),
    created_at      TEXT NOT NULL,
    cancelled_at    TEXT
, arrived_at TEXT,
    FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id),
    FOREIGN KEY (resource_id, clinic_id) REFERENCES booking_resources (id, clinic_id),
    FOREIGN KEY (provider_id, clinic_id) REFERENCES booking_providers (id, clinic_id),
    FOREIGN KEY (plan_id, clinic_id) REFERENCES treatment_plans (id, clinic_id)
);
INSERT INTO appointments_new (id, clinic_id, patient_id, kind, start_at, end_at, provider_end_at, resource_id, provider_id, status, plan_id, plan_session, reschedules, late_change, note, created_by, created_at, cancelled_at, arrived_at)
    SELECT id, clinic_id, patient_id, kind, start_at, end_at, provider_end_at, resource_id, provider_id, status, plan_id, plan_session, reschedules, late_change, note, created_by, created_at, cancelled_at, arrived_at FROM appointments;
DROP TABLE appointments;
ALTER TABLE appointments_new RENAME TO appointments;
CREATE INDEX appointments_time ON appointments (clinic_id, start_at);
CREATE INDEX appointments_patient ON appointments (clinic_id, patient_id, start_at);

CREATE TABLE booking_waitlist_new (
    id          INTEGER PRIMARY KEY,
    clinic_id   INTEGER NOT NULL REFERENCES clinics(id),
    patient_id  INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    added_at    TEXT NOT NULL,
    priority    INTEGER NOT NULL DEFAULT 0,
    earliest    TEXT,
    latest      TEXT,
    days        TEXT NOT NULL DEFAULT '',
    after_min   INTEGER NOT NULL DEFAULT 0,
    before_min  INTEGER NOT NULL DEFAULT 0,
    provider_id INTEGER,
    note        TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL CHECK (status IN ('waiting', 'booked', 'removed')),
    FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id),
    FOREIGN KEY (provider_id, clinic_id) REFERENCES booking_providers (id, clinic_id)
);
INSERT INTO booking_waitlist_new (id, clinic_id, patient_id, kind, added_at, priority, earliest, latest, days, after_min, before_min, provider_id, note, status)
    SELECT id, clinic_id, patient_id, kind, added_at, priority, earliest, latest, days, after_min, before_min, provider_id, note, status FROM booking_waitlist;
DROP TABLE booking_waitlist;
ALTER TABLE booking_waitlist_new RENAME TO booking_waitlist;
CREATE INDEX booking_waitlist_open ON booking_waitlist (clinic_id, status, added_at);

CREATE TABLE session_addenda_new (
    id           INTEGER PRIMARY KEY,
    clinic_id    INTEGER NOT NULL REFERENCES clinics(id),
    session_id   INTEGER NOT NULL,
    body         TEXT NOT NULL,
    author_id    INTEGER REFERENCES users(id),
    author_name  TEXT NOT NULL,
    author_role  TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    FOREIGN KEY (session_id, clinic_id) REFERENCES treatment_sessions (id, clinic_id)
);
INSERT INTO session_addenda_new (id, clinic_id, session_id, body, author_id, author_name, author_role, created_at)
    SELECT id, clinic_id, session_id, body, author_id, author_name, author_role, created_at FROM session_addenda;
DROP TABLE session_addenda;
ALTER TABLE session_addenda_new RENAME TO session_addenda;
CREATE INDEX session_addenda_session ON session_addenda (clinic_id, session_id, id);

CREATE TABLE rems_enrolments_new (
    id              INTEGER PRIMARY KEY,
    clinic_id       INTEGER NOT NULL REFERENCES clinics(id),
    patient_id      INTEGER NOT NULL,
    enrolled        INTEGER NOT NULL,
    enrolled_on     TEXT,
    rems_patient_id TEXT NOT NULL DEFAULT '',
    recorded_by     INTEGER REFERENCES users(id),
    recorded_by_name TEXT NOT NULL,
    recorded_at     TEXT NOT NULL,
    FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id)
);
INSERT INTO rems_enrolments_new (id, clinic_id, patient_id, enrolled, enrolled_on, rems_patient_id, recorded_by, recorded_by_name, recorded_at)
    SELECT id, clinic_id, patient_id, enrolled, enrolled_on, rems_patient_id, recorded_by, recorded_by_name, recorded_at FROM rems_enrolments;
DROP TABLE rems_enrolments;
ALTER TABLE rems_enrolments_new RENAME TO rems_enrolments;
CREATE INDEX rems_enrolments_patient ON rems_enrolments (clinic_id, patient_id, id);

CREATE TABLE intakes_new (
    id                  INTEGER PRIMARY KEY,
    clinic_id           INTEGER NOT NULL REFERENCES clinics(id),
    patient_id          INTEGER NOT NULL,
    version             INTEGER NOT NULL,
    weight_kg           REAL NOT NULL,
    height_cm           REAL NOT NULL,
    conditions          TEXT NOT NULL,   -- JSON array of condition codes
    medications         TEXT NOT NULL,   -- JSON array of names as entered
    aneurysm            INTEGER NOT NULL,
    avm                 INTEGER NOT NULL,
    intracerebral_bleed INTEGER NOT NULL,
    psychosis_active    INTEGER NOT NULL,
    psychosis_history   INTEGER NOT NULL,
    seizures            INTEGER NOT NULL,
    hyperthyroidism     INTEGER NOT NULL,
    substance_misuse    INTEGER NOT NULL,
    pregnant            TEXT NOT NULL,   -- yes, no or '' (unknown)
    systolic            INTEGER NOT NULL, -- 0: not recorded
    diastolic           INTEGER NOT NULL,
    heart_rate          INTEGER NOT NULL,
    consent_version     TEXT NOT NULL,
    consent_name        TEXT NOT NULL,
    consent_at          TEXT NOT NULL,
    source              TEXT NOT NULL,   -- staff or portal
    recorded_by         INTEGER REFERENCES users(id),
    recorded_by_name    TEXT NOT NULL,
    recorded_at         TEXT NOT NULL,
    eligible            INTEGER NOT NULL,
    findings            TEXT NOT NULL,   -- JSON array of {rule, severity, message, source}
    unrecognized        TEXT NOT NULL,   -- JSON array of medication names
    UNIQUE (clinic_id, patient_id, version),
    FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id)
);
INSERT INTO intakes_new (id, clinic_id, patient_id, version, weight_kg, height_cm, conditions, medications, aneurysm, avm, intracerebral_bleed, psychosis_active, psychosis_history, seizures, hyperthyroidism, substance_misuse, pregnant, systolic, diastolic, heart_rate, consent_version, consent_name, consent_at, source, recorded_by, recorded_by_name, recorded_at, eligible, findings, unrecognized)
    SELECT id, clinic_id, patient_id, version, weight_kg, height_cm, conditions, medications, aneurysm, avm, intracerebral_bleed, psychosis_active, psychosis_history, seizures, hyperthyroidism, substance_misuse, pregnant, systolic, diastolic, heart_rate, consent_version, consent_name, consent_at, source, recorded_by, recorded_by_name, recorded_at, eligible, findings, unrecognized FROM intakes;
DROP TABLE intakes;
ALTER TABLE intakes_new RENAME TO intakes;

CREATE TABLE screening_overrides_new (
    id             INTEGER PRIMARY KEY,
    clinic_id      INTEGER NOT NULL REFERENCES clinics(id),
    patient_id     INTEGER NOT NULL,
    intake_id      INTEGER NOT NULL,
    reason         TEXT NOT NULL,
    clinician_id   INTEGER REFERENCES users(id),
    clinician_name TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id),
    FOREIGN KEY (intake_id, clinic_id) REFERENCES intakes (id, clinic_id),
    UNIQUE (intake_id, clinic_id)
);
INSERT INTO screening_overrides_new (id, clinic_id, patient_id, intake_id, reason, clinician_id, clinician_name, created_at)
    SELECT id, clinic_id, patient_id, intake_id, reason, clinician_id, clinician_name, created_at FROM screening_overrides;
DROP TABLE screening_overrides;
ALTER TABLE screening_overrides_new RENAME TO screening_overrides;
CREATE INDEX screening_overrides_patient ON screening_overrides (clinic_id, patient_id, id);

CREATE TABLE ledger_entries_new (
    id                INTEGER PRIMARY KEY,
    clinic_id         INTEGER NOT NULL REFERENCES clinics(id),
    container_id      INTEGER NOT NULL,
    kind              TEXT NOT NULL,
    at                TEXT NOT NULL,
    actor_id          INTEGER REFERENCES users(id),
    corrects          INTEGER,
    administration_id INTEGER,
    patient_id        INTEGER,
    data              TEXT NOT NULL,
    created_at        TEXT NOT NULL,
    FOREIGN KEY (container_id, clinic_id) REFERENCES ledger_containers (id, clinic_id),
    FOREIGN KEY (corrects, clinic_id) REFERENCES ledger_entries (id, clinic_id),
    FOREIGN KEY (administration_id, clinic_id) REFERENCES administrations (id, clinic_id),
    FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id)
);
INSERT INTO ledger_entries_new (id, clinic_id, container_id, kind, at, actor_id, corrects, administration_id, patient_id, data, created_at)
    SELECT id, clinic_id, container_id, kind, at, actor_id, corrects, administration_id, patient_id, data, created_at FROM ledger_entries;
DROP TABLE ledger_entries;
ALTER TABLE ledger_entries_new RENAME TO ledger_entries;
CREATE INDEX ledger_entries_container ON ledger_entries (clinic_id, container_id, id);
CREATE INDEX ledger_entries_administration ON ledger_entries (administration_id);

CREATE TABLE appointment_reminders_new (
    id                INTEGER PRIMARY KEY,
    clinic_id         INTEGER NOT NULL REFERENCES clinics(id),
    patient_id        INTEGER NOT NULL,
    appointment_id    INTEGER NOT NULL,
    appointment_start TEXT NOT NULL,
    channel           TEXT NOT NULL,
    recipient         TEXT NOT NULL,
    due_at            TEXT NOT NULL,
    status            TEXT NOT NULL DEFAULT 'pending',
    attempts          INTEGER NOT NULL DEFAULT 0,
    last_error        TEXT NOT NULL DEFAULT '',
    sent_at           TEXT,
    created_at        TEXT NOT NULL,
    UNIQUE (clinic_id, appointment_id, appointment_start),
    FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id),
    FOREIGN KEY (appointment_id, clinic_id) REFERENCES appointments (id, clinic_id)
);
INSERT INTO appointment_reminders_new (id, clinic_id, patient_id, appointment_id, appointment_start, channel, recipient, due_at, status, attempts, last_error, sent_at, created_at)
    SELECT id, clinic_id, patient_id, appointment_id, appointment_start, channel, recipient, due_at, status, attempts, last_error, sent_at, created_at FROM appointment_reminders;
DROP TABLE appointment_reminders;
ALTER TABLE appointment_reminders_new RENAME TO appointment_reminders;
CREATE INDEX appointment_reminders_due ON appointment_reminders (status, due_at);
CREATE INDEX appointment_reminders_patient ON appointment_reminders (clinic_id, patient_id);

CREATE TABLE contact_preferences_new (
    id               INTEGER PRIMARY KEY,
    clinic_id        INTEGER NOT NULL REFERENCES clinics(id),
    patient_id       INTEGER NOT NULL,
    preference       TEXT NOT NULL CHECK (preference IN ('', 'email', 'sms', 'both', 'none')),
    source           TEXT NOT NULL,
    recorded_by      INTEGER REFERENCES users(id),
    recorded_by_name TEXT NOT NULL,
    recorded_at      TEXT NOT NULL,
    FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id)
);
INSERT INTO contact_preferences_new (id, clinic_id, patient_id, preference, source, recorded_by, recorded_by_name, recorded_at)
    SELECT id, clinic_id, patient_id, preference, source, recorded_by, recorded_by_name, recorded_at FROM contact_preferences;
DROP TABLE contact_preferences;
ALTER TABLE contact_preferences_new RENAME TO contact_preferences;
CREATE INDEX contact_preferences_patient ON contact_preferences (clinic_id, patient_id, id);

CREATE TABLE appointment_notices_new (
    id                INTEGER PRIMARY KEY,
    clinic_id         INTEGER NOT NULL REFERENCES clinics(id),
    patient_id        INTEGER NOT NULL,
    appointment_id    INTEGER NOT NULL,
    kind              TEXT NOT NULL CHECK (kind IN ('booked', 'moved', 'cancelled')),
    appointment_start TEXT NOT NULL,
    channel           TEXT NOT NULL,
    recipient         TEXT NOT NULL,
    due_at            TEXT NOT NULL,
    status            TEXT NOT NULL DEFAULT 'pending',
    attempts          INTEGER NOT NULL DEFAULT 0,
    last_error        TEXT NOT NULL DEFAULT '',
    sent_at           TEXT,
    created_at        TEXT NOT NULL,
    FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id),
    FOREIGN KEY (appointment_id, clinic_id) REFERENCES appointments (id, clinic_id)
);
INSERT INTO appointment_notices_new (id, clinic_id, patient_id, appointment_id, kind, appointment_start, channel, recipient, due_at, status, attempts, last_error, sent_at, created_at)
    SELECT id, clinic_id, patient_id, appointment_id, kind, appointment_start, channel, recipient, due_at, status, attempts, last_error, sent_at, created_at FROM appointment_notices;
DROP TABLE appointment_notices;
ALTER TABLE appointment_notices_new RENAME TO appointment_notices;
CREATE INDEX appointment_notices_due ON appointment_notices (status, due_at);
CREATE INDEX appointment_notices_patient ON appointment_notices (clinic_id, patient_id);

CREATE TABLE patient_versions_new (
    id              INTEGER PRIMARY KEY,
    clinic_id       INTEGER NOT NULL REFERENCES clinics(id),
    patient_id      INTEGER NOT NULL,
    fields          TEXT NOT NULL,
    body            TEXT NOT NULL,
    changed_by      INTEGER REFERENCES users(id),
    changed_by_name TEXT NOT NULL,
    changed_at      TEXT NOT NULL,
    FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id)
);
INSERT INTO patient_versions_new (id, clinic_id, patient_id, fields, body, changed_by, changed_by_name, changed_at)
    SELECT id, clinic_id, patient_id, fields, body, changed_by, changed_by_name, changed_at FROM patient_versions;
DROP TABLE patient_versions;
ALTER TABLE patient_versions_new RENAME TO patient_versions;
CREATE INDEX patient_versions_patient ON patient_versions (clinic_id, patient_id);

CREATE TABLE caseloads_new (
    id           INTEGER PRIMARY KEY,
    clinic_id    INTEGER NOT NULL REFERENCES clinics(id),
    therapist_id INTEGER NOT NULL REFERENCES users(id),
    patient_id   INTEGER NOT NULL,
    assigned_by  INTEGER REFERENCES users(id),
    assigned_at  TEXT NOT NULL,
    ended_at     TEXT,
    FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id)
);
INSERT INTO caseloads_new (id, clinic_id, therapist_id, patient_id, assigned_by, assigned_at, ended_at)
    SELECT id, clinic_id, therapist_id, patient_id, assigned_by, assigned_at, ended_at FROM caseloads;
DROP TABLE caseloads;
ALTER TABLE caseloads_new RENAME TO caseloads;
CREATE INDEX caseloads_therapist ON caseloads (clinic_id, therapist_id, ended_at);
CREATE INDEX caseloads_patient ON caseloads (clinic_id, patient_id, ended_at);

CREATE TABLE message_threads_new (
    id               INTEGER PRIMARY KEY,
    clinic_id        INTEGER NOT NULL REFERENCES clinics(id),
    patient_id       INTEGER NOT NULL,
    subject          TEXT NOT NULL DEFAULT '',
    assigned_to      INTEGER REFERENCES users(id),
    created_by       INTEGER REFERENCES users(id),
    created_at       TEXT NOT NULL,
    last_message_at  TEXT NOT NULL,
    FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id)
);
INSERT INTO message_threads_new (id, clinic_id, patient_id, subject, assigned_to, created_by, created_at, last_message_at)
    SELECT id, clinic_id, patient_id, subject, assigned_to, created_by, created_at, last_message_at FROM message_threads;
DROP TABLE message_threads;
ALTER TABLE message_threads_new RENAME TO message_threads;
CREATE INDEX message_threads_clinic ON message_threads (clinic_id, last_message_at);
CREATE INDEX message_threads_patient ON message_threads (clinic_id, patient_id, last_message_at);

CREATE TABLE messages_new (
    id          INTEGER PRIMARY KEY,
    clinic_id   INTEGER NOT NULL REFERENCES clinics(id),
    thread_id   INTEGER NOT NULL,
    patient_id  INTEGER NOT NULL,
    sender      TEXT NOT NULL CHECK (sender IN ('patient', 'staff')),
    author_id   INTEGER REFERENCES users(id),
    body        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    read_at     TEXT,
    read_by     INTEGER REFERENCES users(id),
    FOREIGN KEY (thread_id, clinic_id) REFERENCES message_threads (id, clinic_id),
    FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id)
);
INSERT INTO messages_new (id, clinic_id, thread_id, patient_id, sender, author_id, body, created_at, read_at, read_by)
    SELECT id, clinic_id, thread_id, patient_id, sender, author_id, body, created_at, read_at, read_by FROM messages;
DROP TABLE messages;
ALTER TABLE messages_new RENAME TO messages;
CREATE INDEX messages_thread ON messages (thread_id, id);
CREATE INDEX messages_unread ON messages (clinic_id, sender, read_at);

CREATE TABLE message_notices_new (
    id          INTEGER PRIMARY KEY,
    clinic_id   INTEGER NOT NULL REFERENCES clinics(id),
    patient_id  INTEGER NOT NULL,
    thread_id   INTEGER NOT NULL,
    channel     TEXT NOT NULL,
    recipient   TEXT NOT NULL,
    due_at      TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'pending',
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT NOT NULL DEFAULT '',
    sent_at     TEXT,
    created_at  TEXT NOT NULL,
    FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id),
    FOREIGN KEY (thread_id, clinic_id) REFERENCES message_threads (id, clinic_id)
);
INSERT INTO message_notices_new (id, clinic_id, patient_id, thread_id, channel, recipient, due_at, status, attempts, last_error, sent_at, created_at)
    SELECT id, clinic_id, patient_id, thread_id, channel, recipient, due_at, status, attempts, last_error, sent_at, created_at FROM message_notices;
DROP TABLE message_notices;
ALTER TABLE message_notices_new RENAME TO message_notices;
CREATE INDEX message_notices_due ON message_notices (status, due_at);
CREATE INDEX message_notices_patient ON message_notices (clinic_id, patient_id, status);

CREATE TABLE safety_alerts_new (
    id               INTEGER PRIMARY KEY,
    clinic_id        INTEGER NOT NULL REFERENCES clinics(id),
    patient_id       INTEGER NOT NULL,
    assessment_id    INTEGER,
    message_id       INTEGER,
    kind             TEXT NOT NULL,
    detail           TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    acknowledged_at  TEXT,
    acknowledged_by  INTEGER REFERENCES users(id),
    note             TEXT NOT NULL DEFAULT '',
    CHECK ((assessment_id IS NULL) <> (message_id IS NULL)),
    FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id),
    FOREIGN KEY (assessment_id, clinic_id) REFERENCES assessments (id, clinic_id),
    FOREIGN KEY (message_id, clinic_id) REFERENCES messages (id, clinic_id)
);
INSERT INTO safety_alerts_new (id, clinic_id, patient_id, assessment_id, message_id, kind, detail, created_at, acknowledged_at, acknowledged_by, note)
    SELECT id, clinic_id, patient_id, assessment_id, message_id, kind, detail, created_at, acknowledged_at, acknowledged_by, note FROM safety_alerts;
DROP TABLE safety_alerts;
ALTER TABLE safety_alerts_new RENAME TO safety_alerts;
CREATE INDEX safety_alerts_open ON safety_alerts (clinic_id, acknowledged_at, created_at);
CREATE INDEX safety_alerts_patient ON safety_alerts (patient_id, created_at);
CREATE INDEX safety_alerts_message ON safety_alerts (message_id);

CREATE TABLE clinical_notes_new (
    id            INTEGER PRIMARY KEY,
    clinic_id     INTEGER NOT NULL REFERENCES clinics(id),
    patient_id    INTEGER NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('therapy', 'progress', 'consultation')),
    session       TEXT NOT NULL DEFAULT '',
    intentions    TEXT NOT NULL DEFAULT '',
    themes        TEXT NOT NULL DEFAULT '',
    observations  TEXT NOT NULL DEFAULT '',
    plan          TEXT NOT NULL DEFAULT '',
    body          TEXT NOT NULL DEFAULT '',
    author_id     INTEGER NOT NULL REFERENCES users(id),
    author_name   TEXT NOT NULL,
    author_role   TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    signed_at     TEXT,
    FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id)
);
INSERT INTO clinical_notes_new (id, clinic_id, patient_id, kind, session, intentions, themes, observations, plan, body, author_id, author_name, author_role, created_at, updated_at, signed_at)
    SELECT id, clinic_id, patient_id, kind, session, intentions, themes, observations, plan, body, author_id, author_name, author_role, created_at, updated_at, signed_at FROM clinical_notes;
DROP TABLE clinical_notes;
ALTER TABLE clinical_notes_new RENAME TO clinical_notes;
CREATE INDEX clinical_notes_patient ON clinical_notes (clinic_id, patient_id);

CREATE TABLE note_addenda_new (
    id          INTEGER PRIMARY KEY,
    clinic_id   INTEGER NOT NULL REFERENCES clinics(id),
    note_id     INTEGER NOT NULL,
    body        TEXT NOT NULL,
    author_id   INTEGER NOT NULL REFERENCES users(id),
    author_name TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    FOREIGN KEY (note_id, clinic_id) REFERENCES clinical_notes (id, clinic_id)
);
INSERT INTO note_addenda_new (id, clinic_id, note_id, body, author_id, author_name, created_at)
    SELECT id, clinic_id, note_id, body, author_id, author_name, created_at FROM note_addenda;
DROP TABLE note_addenda;
ALTER TABLE note_addenda_new RENAME TO note_addenda;
CREATE INDEX note_addenda_note ON note_addenda (note_id);

-- Unique indexes that stand alone take clinic_id.
DROP INDEX IF EXISTS treatment_plans_version;
CREATE UNIQUE INDEX treatment_plans_version ON treatment_plans (COALESCE(root_id, id), version, clinic_id);
DROP INDEX IF EXISTS appointments_resource_start;
CREATE UNIQUE INDEX appointments_resource_start ON appointments (resource_id, start_at, clinic_id) WHERE status <> 'cancelled';
DROP INDEX IF EXISTS appointments_plan_session;
CREATE UNIQUE INDEX appointments_plan_session ON appointments (plan_id, plan_session, clinic_id) WHERE status <> 'cancelled' AND plan_id IS NOT NULL;

-- The key (id, clinic_id) beside the rowid id of each table that a
-- composite foreign key names.
CREATE UNIQUE INDEX patients_id_clinic ON patients (id, clinic_id);
CREATE UNIQUE INDEX courses_id_clinic ON courses (id, clinic_id);
CREATE UNIQUE INDEX administrations_id_clinic ON administrations (id, clinic_id);
CREATE UNIQUE INDEX assessments_id_clinic ON assessments (id, clinic_id);
CREATE UNIQUE INDEX questionnaire_links_id_clinic ON questionnaire_links (id, clinic_id);
CREATE UNIQUE INDEX treatment_plans_id_clinic ON treatment_plans (id, clinic_id);
CREATE UNIQUE INDEX treatment_sessions_id_clinic ON treatment_sessions (id, clinic_id);
CREATE UNIQUE INDEX session_vitals_id_clinic ON session_vitals (id, clinic_id);
CREATE UNIQUE INDEX booking_resources_id_clinic ON booking_resources (id, clinic_id);
CREATE UNIQUE INDEX booking_providers_id_clinic ON booking_providers (id, clinic_id);
CREATE UNIQUE INDEX appointments_id_clinic ON appointments (id, clinic_id);
CREATE UNIQUE INDEX intakes_id_clinic ON intakes (id, clinic_id);
CREATE UNIQUE INDEX ledger_containers_id_clinic ON ledger_containers (id, clinic_id);
CREATE UNIQUE INDEX ledger_entries_id_clinic ON ledger_entries (id, clinic_id);
CREATE UNIQUE INDEX message_threads_id_clinic ON message_threads (id, clinic_id);
CREATE UNIQUE INDEX messages_id_clinic ON messages (id, clinic_id);
CREATE UNIQUE INDEX clinical_notes_id_clinic ON clinical_notes (id, clinic_id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER treatment_sessions_locked_update BEFORE UPDATE ON treatment_sessions
WHEN OLD.signed_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'treatment session is signed and locked'); END;
CREATE TRIGGER treatment_sessions_locked_delete BEFORE DELETE ON treatment_sessions
WHEN OLD.signed_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'treatment session is signed and locked'); END;
CREATE TRIGGER session_doses_locked_insert BEFORE INSERT ON session_doses
WHEN EXISTS (SELECT 1 FROM treatment_sessions WHERE id = NEW.session_id AND signed_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'treatment session is signed and locked'); END;
CREATE TRIGGER session_doses_locked_update BEFORE UPDATE ON session_doses
WHEN EXISTS (SELECT 1 FROM treatment_sessions WHERE id = OLD.session_id AND signed_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'treatment session is signed and locked'); END;
CREATE TRIGGER session_doses_locked_delete BEFORE DELETE ON session_doses
WHEN EXISTS (SELECT 1 FROM treatment_sessions WHERE id = OLD.session_id AND signed_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'treatment session is signed and locked'); END;
CREATE TRIGGER session_vitals_locked_insert BEFORE INSERT ON session_vitals
WHEN EXISTS (SELECT 1 FROM treatment_sessions WHERE id = NEW.session_id AND signed_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'treatment session is signed and locked'); END;
CREATE TRIGGER session_vitals_locked_update BEFORE UPDATE ON session_vitals
WHEN EXISTS (SELECT 1 FROM treatment_sessions WHERE id = OLD.session_id AND signed_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'treatment session is signed and locked'); END;
CREATE TRIGGER session_vitals_locked_delete BEFORE DELETE ON session_vitals
WHEN EXISTS (SELECT 1 FROM treatment_sessions WHERE id = OLD.session_id AND signed_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'treatment session is signed and locked'); END;
CREATE TRIGGER session_alerts_locked_insert BEFORE INSERT ON session_alerts
WHEN EXISTS (SELECT 1 FROM treatment_sessions WHERE id = NEW.session_id AND signed_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'treatment session is signed and locked'); END;
CREATE TRIGGER session_alerts_locked_update BEFORE UPDATE ON session_alerts
WHEN EXISTS (SELECT 1 FROM treatment_sessions WHERE id = OLD.session_id AND signed_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'treatment session is signed and locked'); END;
CREATE TRIGGER session_alerts_locked_delete BEFORE DELETE ON session_alerts
WHEN EXISTS (SELECT 1 FROM treatment_sessions WHERE id = OLD.session_id AND signed_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'treatment session is signed and locked'); END;
CREATE TRIGGER session_side_effects_locked_insert BEFORE INSERT ON session_side_effects
WHEN EXISTS (SELECT 1 FROM treatment_sessions WHERE id = NEW.session_id AND signed_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'treatment session is signed and locked'); END;
CREATE TRIGGER session_side_effects_locked_update BEFORE UPDATE ON session_side_effects
WHEN EXISTS (SELECT 1 FROM treatment_sessions WHERE id = OLD.session_id AND signed_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'treatment session is signed and locked'); END;
CREATE TRIGGER session_side_effects_locked_delete BEFORE DELETE ON session_side_effects
WHEN EXISTS (SELECT 1 FROM treatment_sessions WHERE id = OLD.session_id AND signed_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'treatment session is signed and locked'); END;
CREATE TRIGGER rems_forms_locked_insert BEFORE INSERT ON rems_forms
WHEN EXISTS (SELECT 1 FROM treatment_sessions WHERE id = NEW.session_id AND signed_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'treatment session is signed and locked'); END;
CREATE TRIGGER rems_forms_locked_update BEFORE UPDATE ON rems_forms
WHEN EXISTS (SELECT 1 FROM treatment_sessions WHERE id = OLD.session_id AND signed_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'treatment session is signed and locked'); END;
CREATE TRIGGER rems_forms_locked_delete BEFORE DELETE ON rems_forms
WHEN EXISTS (SELECT 1 FROM treatment_sessions WHERE id = OLD.session_id AND signed_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'treatment session is signed and locked'); END;
CREATE TRIGGER session_addenda_no_update BEFORE UPDATE ON session_addenda
BEGIN SELECT RAISE(ABORT, 'session_addenda is append-only'); END;
CREATE TRIGGER session_addenda_no_delete BEFORE DELETE ON session_addenda
BEGIN SELECT RAISE(ABORT, 'session_addenda is append-only'); END;
CREATE TRIGGER rems_enrolments_no_update BEFORE UPDATE ON rems_enrolments
BEGIN SELECT RAISE(ABORT, 'rems_enrolments is append-only'); END;
CREATE TRIGGER rems_enrolments_no_delete BEFORE DELETE ON rems_enrolments
BEGIN SELECT RAISE(ABORT, 'rems_enrolments is append-only'); END;
CREATE TRIGGER intakes_no_update BEFORE UPDATE ON intakes
BEGIN SELECT RAISE(ABORT, 'intakes is append-only'); END;
CREATE TRIGGER intakes_no_delete BEFORE DELETE ON intakes
BEGIN SELECT RAISE(ABORT, 'intakes is append-only'); END;
CREATE TRIGGER screening_overrides_no_update BEFORE UPDATE ON screening_overrides
BEGIN SELECT RAISE(ABORT, 'screening_overrides is append-only'); END;
CREATE TRIGGER screening_overrides_no_delete BEFORE DELETE ON screening_overrides
BEGIN SELECT RAISE(ABORT, 'screening_overrides is append-only'); END;
CREATE TRIGGER ledger_containers_no_update BEFORE UPDATE ON ledger_containers
BEGIN SELECT RAISE(ABORT, 'ledger_containers is append-only'); END;
CREATE TRIGGER ledger_containers_no_delete BEFORE DELETE ON ledger_containers
BEGIN SELECT RAISE(ABORT, 'ledger_containers is append-only'); END;
CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
BEGIN SELECT RAISE(ABORT, 'ledger_entries is append-only'); END;
CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
BEGIN SELECT RAISE(ABORT, 'ledger_entries is append-only'); END;
CREATE TRIGGER protocol_templates_no_update BEFORE UPDATE ON protocol_templates
BEGIN SELECT RAISE(ABORT, 'protocol templates are append-only: save a new version'); END;
CREATE TRIGGER protocol_templates_no_delete BEFORE DELETE ON protocol_templates
BEGIN SELECT RAISE(ABORT, 'protocol templates are append-only: save a new version'); END;
CREATE TRIGGER clinic_session_settings_no_update BEFORE UPDATE ON clinic_session_settings
BEGIN SELECT RAISE(ABORT, 'session settings are append-only: save new ones'); END;
CREATE TRIGGER clinic_session_settings_no_delete BEFORE DELETE ON clinic_session_settings
BEGIN SELECT RAISE(ABORT, 'session settings are append-only: save new ones'); END;
CREATE TRIGGER audit_heads_forward BEFORE UPDATE ON audit_heads WHEN NEW.seq <> OLD.seq + 1 OR NEW.clinic_id <> OLD.clinic_id
BEGIN SELECT RAISE(ABORT, 'the audit head only moves one step forward'); END;
CREATE TRIGGER audit_heads_no_delete BEFORE DELETE ON audit_heads
BEGIN SELECT RAISE(ABORT, 'the audit head cannot be deleted'); END;
CREATE TRIGGER clinic_settings_no_update BEFORE UPDATE ON clinic_settings
BEGIN SELECT RAISE(ABORT, 'clinic settings are append-only: save new ones'); END;
CREATE TRIGGER clinic_settings_no_delete BEFORE DELETE ON clinic_settings
BEGIN SELECT RAISE(ABORT, 'clinic settings are append-only: save new ones'); END;
CREATE TRIGGER contact_preferences_no_update BEFORE UPDATE ON contact_preferences
BEGIN SELECT RAISE(ABORT, 'contact preferences are append-only: record a new one'); END;
CREATE TRIGGER contact_preferences_no_delete BEFORE DELETE ON contact_preferences
BEGIN SELECT RAISE(ABORT, 'contact preferences are append-only: record a new one'); END;
CREATE TRIGGER messages_no_delete BEFORE DELETE ON messages
BEGIN SELECT RAISE(ABORT, 'messages are kept'); END;
CREATE TRIGGER messages_text_kept BEFORE UPDATE OF clinic_id, thread_id, patient_id, sender, author_id, body, created_at ON messages
BEGIN SELECT RAISE(ABORT, 'a message is kept as written'); END;
CREATE TRIGGER messages_read_once BEFORE UPDATE OF read_at, read_by ON messages WHEN OLD.read_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a message is read once'); END;
CREATE TRIGGER clinical_notes_locked BEFORE UPDATE ON clinical_notes
WHEN OLD.signed_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a signed note cannot be changed'); END;
CREATE TRIGGER note_addenda_no_update BEFORE UPDATE ON note_addenda
BEGIN SELECT RAISE(ABORT, 'addenda cannot be changed'); END;
CREATE TRIGGER clinic_exports_no_update BEFORE UPDATE ON clinic_exports
BEGIN SELECT RAISE(ABORT, 'clinic_exports is append-only'); END;
CREATE TRIGGER clinic_exports_no_delete BEFORE DELETE ON clinic_exports
BEGIN SELECT RAISE(ABORT, 'clinic_exports is append-only'); END;
