-- Details staff keep right after registration (issue: patient records):
-- gender (apart from sex, neither defaulted), an emergency contact and
-- allergies. Every edit keeps a version: who, when, which fields, and the
-- patient as the edit left them.
ALTER TABLE patients ADD COLUMN gender TEXT NOT NULL DEFAULT '';
ALTER TABLE patients ADD COLUMN emergency_name TEXT NOT NULL DEFAULT '';
ALTER TABLE patients ADD COLUMN emergency_phone TEXT NOT NULL DEFAULT '';
ALTER TABLE patients ADD COLUMN allergies TEXT NOT NULL DEFAULT '';
CREATE TABLE patient_versions (
    id              INTEGER PRIMARY KEY,
    clinic_id       INTEGER NOT NULL REFERENCES clinics(id),
    patient_id      INTEGER NOT NULL REFERENCES patients(id),
    fields          TEXT NOT NULL,
    body            TEXT NOT NULL,
    changed_by      INTEGER REFERENCES users(id),
    changed_by_name TEXT NOT NULL,
    changed_at      TEXT NOT NULL
);
CREATE INDEX patient_versions_patient ON patient_versions (clinic_id, patient_id);
