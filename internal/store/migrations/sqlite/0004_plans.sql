-- Treatment plans (issue 4 item 4). A plan is a series of versions: the
-- first version's root_id is NULL, amendments point root_id at it. A
-- signed version is never changed, apart from being marked superseded
-- when an amendment is signed.
CREATE TABLE treatment_plans (
    id                 INTEGER PRIMARY KEY,
    clinic_id          INTEGER NOT NULL REFERENCES clinics(id),
    patient_id         INTEGER NOT NULL REFERENCES patients(id),
    root_id            INTEGER REFERENCES treatment_plans(id),
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
);
CREATE INDEX treatment_plans_patient ON treatment_plans (clinic_id, patient_id, id);
CREATE UNIQUE INDEX treatment_plans_version ON treatment_plans (COALESCE(root_id, id), version);

CREATE TABLE plan_sessions (
    id               INTEGER PRIMARY KEY,
    clinic_id        INTEGER NOT NULL REFERENCES clinics(id),
    plan_id          INTEGER NOT NULL REFERENCES treatment_plans(id),
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
    UNIQUE (plan_id, number)
);
