-- Psychotherapy around the dose (issue 16): therapy appointments in
-- person or by video, and the count and timing of a course's therapy
-- sessions for the outcome analytics.
--
-- A video visit holds no chair or room: appointments.resource_id becomes
-- optional (NULL for a video visit), with the visit's join link or note.
-- SQLite cannot drop a NOT NULL: the table is rebuilt as 0029 rebuilt it
-- (the migration runs with foreign keys off and is checked before it
-- commits), its indexes made again.
CREATE TABLE appointments_new (
    id              INTEGER PRIMARY KEY,
    clinic_id       INTEGER NOT NULL REFERENCES clinics(id),
    patient_id      INTEGER NOT NULL,
    kind            TEXT NOT NULL,
    start_at        TEXT NOT NULL,
    end_at          TEXT NOT NULL,
    provider_end_at TEXT NOT NULL,
    resource_id     INTEGER,
    provider_id     INTEGER NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('booked', 'cancelled', 'attended')),
    plan_id         INTEGER,
    plan_session    INTEGER,
    reschedules     INTEGER NOT NULL DEFAULT 0,
    late_change     INTEGER NOT NULL DEFAULT 0,
    note            TEXT NOT NULL DEFAULT '',
    created_by      INTEGER REFERENCES users(id),
    created_at      TEXT NOT NULL,
    cancelled_at    TEXT,
    arrived_at      TEXT,
    video           INTEGER NOT NULL DEFAULT 0,
    join_link       TEXT NOT NULL DEFAULT '',
    CHECK ((video = 1) = (resource_id IS NULL)),
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
CREATE UNIQUE INDEX appointments_resource_start ON appointments (resource_id, start_at, clinic_id) WHERE status <> 'cancelled' AND resource_id IS NOT NULL;
CREATE UNIQUE INDEX appointments_plan_session ON appointments (plan_id, plan_session, clinic_id) WHERE status <> 'cancelled' AND plan_id IS NOT NULL;
CREATE UNIQUE INDEX appointments_id_clinic ON appointments (id, clinic_id);

-- The course's psychotherapy: how many therapy sessions were held for it
-- (signed therapy notes) and when the first was, beside the therapy flag.
ALTER TABLE courses ADD COLUMN therapy_sessions INTEGER NOT NULL DEFAULT 0;
ALTER TABLE courses ADD COLUMN therapy_first_at TEXT;
