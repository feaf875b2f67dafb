-- Intake and eligibility screening (issue 4, items 1–2). Each intake save
-- is a new row (version 1, 2, ...): the latest is the patient's current
-- intake, the rest is history. The screening result is stored with the
-- intake it was computed from. A clinician's override of a failed screen
-- is its own row, tied to that intake; a newer intake needs a new one.
-- Both tables are append-only.
CREATE TABLE intakes (
    id                  INTEGER PRIMARY KEY,
    clinic_id           INTEGER NOT NULL REFERENCES clinics(id),
    patient_id          INTEGER NOT NULL REFERENCES patients(id),
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
    UNIQUE (clinic_id, patient_id, version)
);
CREATE TRIGGER intakes_no_update BEFORE UPDATE ON intakes
BEGIN SELECT RAISE(ABORT, 'intakes is append-only'); END;
CREATE TRIGGER intakes_no_delete BEFORE DELETE ON intakes
BEGIN SELECT RAISE(ABORT, 'intakes is append-only'); END;

CREATE TABLE screening_overrides (
    id             INTEGER PRIMARY KEY,
    clinic_id      INTEGER NOT NULL REFERENCES clinics(id),
    patient_id     INTEGER NOT NULL REFERENCES patients(id),
    intake_id      INTEGER NOT NULL UNIQUE REFERENCES intakes(id),
    reason         TEXT NOT NULL,
    clinician_id   INTEGER REFERENCES users(id),
    clinician_name TEXT NOT NULL,
    created_at     TEXT NOT NULL
);
CREATE INDEX screening_overrides_patient ON screening_overrides (clinic_id, patient_id, id);
CREATE TRIGGER screening_overrides_no_update BEFORE UPDATE ON screening_overrides
BEGIN SELECT RAISE(ABORT, 'screening_overrides is append-only'); END;
CREATE TRIGGER screening_overrides_no_delete BEFORE DELETE ON screening_overrides
BEGIN SELECT RAISE(ABORT, 'screening_overrides is append-only'); END;
