-- Foundation: clinics, accounts, sessions, API tokens, the audit trail and
-- the core clinical records. Times are UTC text in a fixed-width format
-- (2006-01-02T15:04:05.000000Z) so that they sort and compare as strings.
CREATE TABLE clinics (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    timezone    TEXT NOT NULL DEFAULT 'UTC',
    created_at  TEXT NOT NULL
);

CREATE TABLE patients (
    id           INTEGER PRIMARY KEY,
    clinic_id    INTEGER NOT NULL REFERENCES clinics(id),
    mrn          TEXT NOT NULL,
    given_name   TEXT NOT NULL,
    family_name  TEXT NOT NULL,
    sex          TEXT NOT NULL,
    birth_date   TEXT NOT NULL,
    email        TEXT NOT NULL DEFAULT '',
    phone        TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    UNIQUE (clinic_id, mrn)
);
CREATE INDEX patients_clinic_name ON patients (clinic_id, family_name, given_name);

CREATE TABLE patient_conditions (
    clinic_id   INTEGER NOT NULL REFERENCES clinics(id),
    patient_id  INTEGER NOT NULL REFERENCES patients(id),
    condition   TEXT NOT NULL,
    PRIMARY KEY (patient_id, condition)
);

CREATE TABLE users (
    id             INTEGER PRIMARY KEY,
    clinic_id      INTEGER NOT NULL REFERENCES clinics(id),
    email          TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    role           TEXT NOT NULL,
    password_hash  TEXT NOT NULL,
    totp_secret    TEXT NOT NULL DEFAULT '',
    totp_enabled   INTEGER NOT NULL DEFAULT 0,
    patient_id     INTEGER REFERENCES patients(id),
    disabled       INTEGER NOT NULL DEFAULT 0,
    created_at     TEXT NOT NULL
);

CREATE TABLE recovery_codes (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    code_hash  TEXT NOT NULL,
    used_at    TEXT
);
CREATE INDEX recovery_codes_user ON recovery_codes (user_id);

CREATE TABLE web_sessions (
    token_hash    TEXT PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users(id),
    csrf_token    TEXT NOT NULL,
    mfa_passed    INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL,
    last_seen_at  TEXT NOT NULL,
    expires_at    TEXT NOT NULL
);
CREATE INDEX web_sessions_user ON web_sessions (user_id);

CREATE TABLE api_tokens (
    id            INTEGER PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users(id),
    name          TEXT NOT NULL,
    token_hash    TEXT NOT NULL UNIQUE,
    created_at    TEXT NOT NULL,
    last_used_at  TEXT,
    revoked_at    TEXT
);

CREATE TABLE audit_log (
    id           INTEGER PRIMARY KEY,
    clinic_id    INTEGER NOT NULL REFERENCES clinics(id),
    at           TEXT NOT NULL,
    user_id      INTEGER,
    role         TEXT NOT NULL,
    action       TEXT NOT NULL,
    patient_id   INTEGER,
    record_type  TEXT NOT NULL DEFAULT '',
    record_id    INTEGER,
    address      TEXT NOT NULL DEFAULT '',
    request_id   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_clinic_at ON audit_log (clinic_id, at);
CREATE INDEX audit_log_patient ON audit_log (patient_id);
-- The audit trail is append-only: the database itself refuses changes.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

CREATE TABLE courses (
    id          INTEGER PRIMARY KEY,
    clinic_id   INTEGER NOT NULL REFERENCES clinics(id),
    patient_id  INTEGER NOT NULL REFERENCES patients(id),
    condition   TEXT NOT NULL,
    route       TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    therapy     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX courses_patient ON courses (patient_id, started_at);

CREATE TABLE administrations (
    id          INTEGER PRIMARY KEY,
    clinic_id   INTEGER NOT NULL REFERENCES clinics(id),
    course_id   INTEGER NOT NULL REFERENCES courses(id),
    patient_id  INTEGER NOT NULL REFERENCES patients(id),
    given_at    TEXT NOT NULL,
    route       TEXT NOT NULL,
    dose_mg     REAL NOT NULL,
    weight_kg   REAL NOT NULL
);
CREATE INDEX administrations_course ON administrations (course_id, given_at);

CREATE TABLE assessments (
    id          INTEGER PRIMARY KEY,
    clinic_id   INTEGER NOT NULL REFERENCES clinics(id),
    patient_id  INTEGER NOT NULL REFERENCES patients(id),
    instrument  TEXT NOT NULL,
    taken_at    TEXT NOT NULL,
    total       INTEGER NOT NULL,
    answers     TEXT NOT NULL DEFAULT '',
    source      TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX assessments_patient ON assessments (patient_id, instrument, taken_at);
