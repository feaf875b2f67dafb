-- A therapist's caseload: the patients whose records they may open
-- (issue: the care team). An assignment ends rather than being deleted,
-- so who could see a record when stays on file.
CREATE TABLE caseloads (
    id           INTEGER PRIMARY KEY,
    clinic_id    INTEGER NOT NULL REFERENCES clinics(id),
    therapist_id INTEGER NOT NULL REFERENCES users(id),
    patient_id   INTEGER NOT NULL REFERENCES patients(id),
    assigned_by  INTEGER REFERENCES users(id),
    assigned_at  TEXT NOT NULL,
    ended_at     TEXT
);
CREATE INDEX caseloads_therapist ON caseloads (clinic_id, therapist_id, ended_at);
CREATE INDEX caseloads_patient ON caseloads (clinic_id, patient_id, ended_at);
