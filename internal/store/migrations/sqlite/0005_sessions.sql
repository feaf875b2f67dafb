-- Treatment sessions in the room (issue 5): check-in with the pre-dose
-- checklist and baseline vital signs, the BP hold and its decision, the
-- dose given, timed vital signs with alerts, side effects, adverse
-- events, discharge and the Spravato REMS Patient Monitoring Form.
CREATE TABLE treatment_sessions (
    id                   INTEGER PRIMARY KEY,
    clinic_id            INTEGER NOT NULL REFERENCES clinics(id),
    patient_id           INTEGER NOT NULL REFERENCES patients(id),
    plan_id              INTEGER REFERENCES treatment_plans(id),
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
);
CREATE INDEX treatment_sessions_patient ON treatment_sessions (clinic_id, patient_id, id);
CREATE INDEX treatment_sessions_drug ON treatment_sessions (clinic_id, drug, checked_in_at);

CREATE TABLE session_doses (
    id                   INTEGER PRIMARY KEY,
    clinic_id            INTEGER NOT NULL REFERENCES clinics(id),
    session_id           INTEGER NOT NULL UNIQUE REFERENCES treatment_sessions(id),
    administration_id    INTEGER NOT NULL REFERENCES administrations(id),
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
    created_at           TEXT NOT NULL
);

CREATE TABLE session_vitals (
    id           INTEGER PRIMARY KEY,
    clinic_id    INTEGER NOT NULL REFERENCES clinics(id),
    session_id   INTEGER NOT NULL REFERENCES treatment_sessions(id),
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
    created_at   TEXT NOT NULL
);
CREATE INDEX session_vitals_session ON session_vitals (session_id, taken_at);

CREATE TABLE session_alerts (
    id           INTEGER PRIMARY KEY,
    clinic_id    INTEGER NOT NULL REFERENCES clinics(id),
    session_id   INTEGER NOT NULL REFERENCES treatment_sessions(id),
    vitals_id    INTEGER NOT NULL REFERENCES session_vitals(id),
    kind         TEXT NOT NULL,
    message      TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    ack_by       INTEGER REFERENCES users(id),
    ack_by_name  TEXT NOT NULL DEFAULT '',
    ack_at       TEXT,
    ack_action   TEXT NOT NULL DEFAULT '',
    ack_note     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX session_alerts_session ON session_alerts (session_id, id);

CREATE TABLE session_side_effects (
    id           INTEGER PRIMARY KEY,
    clinic_id    INTEGER NOT NULL REFERENCES clinics(id),
    session_id   INTEGER NOT NULL REFERENCES treatment_sessions(id),
    kind         TEXT NOT NULL CHECK (kind IN ('side-effect', 'adverse-event')),
    effect       TEXT NOT NULL,
    grade        TEXT NOT NULL,
    outcome      TEXT NOT NULL DEFAULT '',
    noted_at     TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    recorded_by  INTEGER REFERENCES users(id),
    recorded_by_name TEXT NOT NULL
);
CREATE INDEX session_side_effects_session ON session_side_effects (session_id, id);

CREATE TABLE rems_forms (
    session_id        INTEGER PRIMARY KEY REFERENCES treatment_sessions(id),
    clinic_id         INTEGER NOT NULL REFERENCES clinics(id),
    benzodiazepines   INTEGER,
    sedative_hypnotics INTEGER,
    psychostimulants  INTEGER,
    maois             INTEGER,
    ready_minutes     INTEGER,
    updated_at        TEXT NOT NULL,
    signed_by         INTEGER REFERENCES users(id),
    signed_by_name    TEXT NOT NULL DEFAULT '',
    signed_at         TEXT
);
